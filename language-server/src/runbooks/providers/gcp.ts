/**
 * Google Cloud VPN console (Hybrid Connectivity → VPN): Classic VPN for `policy`/`static`
 * routing (seed 000: reserve the static IP, create the gateway without tunnels, add the tunnel
 * once the peer's tunnel exists), HA VPN with a Cloud Router for `bgp` (providers.md §1.5).
 */
import type { Site, TunnelEnd } from '../../model/types.js';
import { endCrypto, spellSuite } from '../crypto.js';
import { type Ctx, cidrList, code, shellWord, gatewayAddress, gwIp, tunnelTo, peersOf, plainCidrs, pskProduces, pskValue, pskVariable, regionOf, remoteNets, routingOf, step } from '../context.js';
import type { Field, Step, Txt } from '../types.js';
import { chosenNote, ikeVersionText } from './common.js';

export const gcpNames = {
    gateway: (s: Site) => `${s.name}-vpn-gw`,
    address: (s: Site) => `${s.name}-vpn-ip`,
    haGateway: (s: Site) => `${s.name}-ha-vpn-gw`,
    peerGateway: (p: Site) => `${p.name}-peer-gw`,
    router: (s: Site) => `${s.name}-router`,
    firewall: (s: Site) => `${s.name}-allow-vpn`,
};

export function gcpSteps(ctx: Ctx, site: Site): Step[] {
    const m = ctx.m, g = m.gcp;
    const steps: Step[] = [];
    const classic = site.ends.filter(e => routingOf(e) !== 'bgp');
    const ha = site.ends.filter(e => routingOf(e) === 'bgp');

    if (classic.length > 0 || site.ends.length === 0) {
        steps.push(step({
            key: `gcp:gw:${site.name}`, phase: 'gateway', site, provider: 'gcp',
            title: g.createGw, console: g.gwPath,
            blocks: [{
                kind: 'fields', fields: [
                    { label: 'VPN options', value: [code('Classic VPN')] },
                    { label: 'Name', value: [code(gcpNames.gateway(site))] },
                    { label: 'Network', value: [g.networkValue(site.name, cidrList(ctx, site.networks))] },
                    { label: 'Region', value: [regionOf(ctx, site)] },
                    { label: 'IP address', value: [site.gateway ? g.existingIp(gwIp(ctx, site) as string) : g.reserveIp(code(gcpNames.address(site)))] },
                    { label: 'Tunnels', value: [g.deleteTunnels] },
                ],
            }],
            notes: [[g.forwardingRules]],
            troubleshooting: [[g.tsGw]],
            produces: { [`gwip:${site.name}`]: n => g.reservedIn(n) },
        }));
    }
    if (ha.length > 0) {
        steps.push(step({
            key: `gcp:hagw:${site.name}`, phase: 'gateway', site, provider: 'gcp',
            title: g.createHaGw, console: g.haGwPath,
            blocks: [{
                kind: 'fields', fields: [
                    { label: 'VPN gateway name', value: [code(gcpNames.haGateway(site))] },
                    { label: 'Network', value: [g.networkValue(site.name, cidrList(ctx, site.networks))] },
                    { label: 'Region', value: [regionOf(ctx, site)] },
                    { label: 'VPN tunnel inner IP stack type', value: [code('IPv4 (single-stack)')] },
                ],
            }],
            notes: [[g.haNoteIp]],
            troubleshooting: [[g.tsGw]],
            produces: classic.length > 0 ? {} : { [`gwip:${site.name}`]: n => g.haIpIn(n) },
        }));
        for (const peer of peersOf(site).filter(p => ha.some(e => e.peer === p))) {
            steps.push(step({
                key: `gcp:peergw:${site.name}:${peer.name}`, phase: 'peer', site, provider: 'gcp',
                title: g.createPeerGw(peer.name), console: g.peerGwPath,
                blocks: [{
                    kind: 'fields', fields: [
                        { label: 'Name', value: [code(gcpNames.peerGateway(peer))] },
                        { label: 'Peer VPN gateway interfaces', value: [code('one interface')] },
                        { label: 'Interface 0 IP address', value: [gwIp(ctx, peer, tunnelTo(site, peer))] },
                    ],
                }],
            }));
        }
        steps.push(step({
            key: `gcp:router:${site.name}`, phase: 'peer', site, provider: 'gcp',
            title: g.createRouter, console: g.routerPath,
            blocks: [{
                kind: 'fields', fields: [
                    { label: 'Name', value: [code(gcpNames.router(site))] },
                    { label: 'Network', value: [g.networkValue(site.name, cidrList(ctx, site.networks))] },
                    { label: 'Region', value: [regionOf(ctx, site)] },
                    { label: 'Google ASN', value: [g.asnValue] },
                ],
            }],
            uncovered: [g.asnUncovered],
        }));
    }

    for (const end of site.ends) steps.push(routingOf(end) === 'bgp' ? haTunnelStep(ctx, site, end) : classicTunnelStep(ctx, site, end));

    const remote = remoteNets(site);
    if (remote.length > 0) {
        steps.push(step({
            key: `gcp:fw:${site.name}`, phase: 'routes', site, provider: 'gcp',
            title: g.firewall, console: g.firewallPath,
            blocks: [{
                kind: 'fields', fields: [
                    { label: 'Name', value: [code(gcpNames.firewall(site))] },
                    { label: 'Network', value: [g.networkValue(site.name, cidrList(ctx, site.networks))] },
                    { label: 'Direction of traffic', value: [code('Ingress')] },
                    { label: 'Action on match', value: [code('Allow')] },
                    { label: 'Targets', value: [code('All instances in the network')] },
                    { label: 'Source IPv4 ranges', value: [cidrList(ctx, remote)] },
                    { label: 'Protocols and ports', value: [g.protocolsValue] },
                ],
            }],
            notes: [[g.routesAuto]],
            troubleshooting: [[g.tsFirewall]],
        }));
    }
    return steps;
}

function cryptoBlock(ctx: Ctx, site: Site, end: TunnelEnd, gateway: string): { notes: Txt[]; blocks: Step['blocks'] } {
    const g = ctx.m.gcp;
    const c = endCrypto(end);
    if (!c) return { notes: [[ctx.m.noCommonSuiteNote(end.tunnel.name)]], blocks: [] };
    if (c.ike === 1) {
        return { notes: [[g.ikev1Fixed], ...chosenNote(ctx, end)], blocks: [] };
    }
    const ike = c.ikeSuite ? spellSuite('gcp', 'ike', c.ikeSuite) : undefined;
    const esp = c.espSuite ? spellSuite('gcp', 'esp', c.espSuite) : undefined;
    const flags = [
        `gcloud compute vpn-tunnels create ${end.name} \\`,
        `  ${shellWord(`--region=${site.region ?? 'REGION'}`)} \\`,
        `  --${routingOf(end) === 'bgp' ? 'vpn-gateway' : 'target-vpn-gateway'}=${gateway} \\`,
        ...(routingOf(end) === 'bgp' ? [`  --peer-external-gateway=${gcpNames.peerGateway(end.peer)} --peer-external-gateway-interface=0 --interface=0 --router=${gcpNames.router(site)} \\`] : [`  --peer-address=${gatewayAddress(end.peer) ?? 'PEER_IP'} \\`]),
        `  --ike-version=2 \\`,
        `  --shared-secret="$${pskVariable(end)}" \\`,
        ...(routingOf(end) === 'policy' ? [`  --local-traffic-selector=${plainCidrs(end.local)} \\`, `  --remote-traffic-selector=${plainCidrs(end.remote)} \\`] : []),
        ...(ike ? [
            `  --phase1-encryption=${ike.encryption ?? '?'} \\`,
            ...(ike.integrity ? [`  --phase1-integrity=${ike.integrity} \\`] : []),
            ...(ike.prf ? [`  --phase1-prf=${ike.prf} \\`] : []),
            `  --phase1-dh=${ike.dh ?? '?'} \\`,
        ] : []),
        ...(esp ? [
            `  --phase2-encryption=${esp.encryption ?? '?'} \\`,
            ...(esp.integrity ? [`  --phase2-integrity=${esp.integrity} \\`] : []),
            `  --phase2-pfs=${esp.dh ?? '?'}`,
        ] : []),
    ];
    const last = flags.length - 1;
    flags[last] = flags[last].replace(/ \\$/, '');
    const caption: Txt = [g.gcloudCaption];
    if (!end.peer.gateway && routingOf(end) !== 'bgp') caption.push(' ', g.peerIpPlaceholder, ' ', gwIp(ctx, end.peer, end.tunnel), '.');
    const missing = [...(ike?.missing ?? []), ...(esp?.missing ?? [])];
    const notes: Txt[] = [[g.ikev2Ciphers(ike ? [ike.encryption, ike.integrity, ike.prf, ike.dh].filter(Boolean).map(x => code(x!)).join(' / ') : '?',
        esp ? [esp.encryption, esp.integrity, esp.dh].filter(Boolean).map(x => code(x!)).join(' / ') : '?')], ...chosenNote(ctx, end)];
    if (missing.length) notes.push([ctx.m.notOffered(missing.join(', '))]);
    return { notes, blocks: [{ kind: 'code', lang: 'sh', text: flags.join('\n'), caption }] };
}

function classicTunnelStep(ctx: Ctx, site: Site, end: TunnelEnd): Step {
    const m = ctx.m, g = m.gcp;
    const routing = routingOf(end);
    const fields: Field[] = [
        { label: 'Name', value: [code(end.name)] },
        { label: 'Remote peer IP address', value: [gwIp(ctx, end.peer, end.tunnel)] },
        { label: 'IKE version', value: [ikeVersionText(ctx, end)] },
        { label: 'IKE pre-shared key', value: pskValue(ctx, end) },
        { label: 'Routing options', value: [code(routing === 'policy' ? 'Policy-based' : 'Route-based')] },
        { label: 'Remote network IP range', value: [cidrList(ctx, end.remote)] },
    ];
    if (routing === 'policy') fields.push({ label: 'Local subnetwork IP range', value: [cidrList(ctx, end.local)] });
    const crypto = cryptoBlock(ctx, site, end, gcpNames.gateway(site));
    const notes = [...crypto.notes];
    const c = endCrypto(end);
    if (c?.ike === 1 && (end.local.length > 1 || end.remote.length > 1)) notes.push([g.ikev1OneCidr]);
    return step({
        key: `gcp:tunnel:${site.name}:${end.name}`, phase: 'tunnel', site, provider: 'gcp',
        title: g.addTunnel(end.name, end.peer.name), console: g.tunnelPath(gcpNames.gateway(site)),
        blocks: [{ kind: 'fields', fields }, ...crypto.blocks], notes: [...notes, [g.statusNote]],
        troubleshooting: [[g.tsNoIncoming], [m.tsKey], [m.tsProposal], [m.tsSelectors]],
        produces: pskProduces(ctx, end),
    });
}

function haTunnelStep(ctx: Ctx, site: Site, end: TunnelEnd): Step {
    const m = ctx.m, g = m.gcp;
    const fields: Field[] = [
        { label: 'Peer VPN gateway', value: [code(gcpNames.peerGateway(end.peer))] },
        { label: 'High availability', value: [code('Create a single VPN tunnel')] },
        { label: 'Cloud Router', value: [code(gcpNames.router(site))] },
        { label: 'Name', value: [code(end.name)] },
        { label: 'IKE version', value: [ikeVersionText(ctx, end)] },
        { label: 'IKE pre-shared key', value: pskValue(ctx, end) },
    ];
    const bgp: Field[] = [
        { label: 'Peer ASN', value: [g.peerAsnValue] },
        { label: 'Cloud Router BGP IPv4 address', value: [g.bgpIpValue] },
        { label: 'BGP peer IPv4 address', value: [g.bgpIpValue] },
    ];
    const crypto = cryptoBlock(ctx, site, end, gcpNames.haGateway(site));
    return step({
        key: `gcp:hatunnel:${site.name}:${end.name}`, phase: 'tunnel', site, provider: 'gcp',
        title: g.addTunnel(end.name, end.peer.name), console: g.haTunnelPath,
        blocks: [{ kind: 'fields', fields }, { kind: 'fields', heading: g.bgpHeading, fields: bgp }, ...crypto.blocks],
        notes: crypto.notes,
        troubleshooting: [[g.tsNoIncoming], [m.tsKey], [m.tsProposal], [g.tsBgp]],
        uncovered: [g.asnUncovered],
        produces: pskProduces(ctx, end),
    });
}
