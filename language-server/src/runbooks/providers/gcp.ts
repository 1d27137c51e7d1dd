/**
 * Google Cloud VPN console (Hybrid Connectivity → VPN): Classic VPN for `policy`/`static`
 * routing (seed 000: reserve the static IP, create the gateway without tunnels, add the tunnel
 * once the peer's tunnel exists), HA VPN with a Cloud Router for `bgp` (providers.md §1.5).
 */
import type { InsideAddress, Net, Site, TunnelEnd } from '../../model/types.js';
import { addressText } from '../../net/prefix.js';
import { settingsOf } from '../../resolve/index.js';
import { endCrypto, spellSuite } from '../crypto.js';
import { type Ctx, cidrList, code, shellWord, gatewayAddress, gwIp, plainCidrs, pskProduces, pskValue, pskVariable, regionOf, endRoutedNets, routedNets, routingOf, step } from '../context.js';
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

/** GCP's external VPN gateway redundancy type for a peer with 1, 2 or 4 interfaces. */
export const REDUNDANCY: Record<number, string> = { 1: 'SINGLE_IP_INTERNALLY_REDUNDANT', 2: 'TWO_IPS_REDUNDANCY', 4: 'FOUR_IPS_REDUNDANCY' };

/** One interface of a peer (external) VPN gateway: the peer's address, known or not, and the first tunnel end that uses it. */
export interface GcpHaPeerInterface { id: number; address?: string; end: TunnelEnd }
export interface GcpHaPeer { peer: Site; name: string; interfaces: GcpHaPeerInterface[]; redundancy?: string }
export interface GcpHaTunnel {
    end: TunnelEnd;
    /** The HA VPN gateway interface (0 or 1): the position of the end's gateway among the site's `gateway` addresses, else 0. */
    vpnInterface: number;
    peer: GcpHaPeer;
    peerInterface: number;
    asn?: number;
    peerAsn?: number;
    inside?: InsideAddress;
    peerInside?: InsideAddress;
}

/**
 * How a site's BGP tunnel ends map onto HA VPN, from resolve's settings (the runbook and the
 * cloud adapter both read this): which gateway interface each tunnel uses, the peer VPN gateway
 * of each peer with one interface per distinct peer address (its redundancy type from their
 * number), the Cloud Router's ASN, each BGP session's ASNs and inside addresses.
 */
export function gcpHaLayout(site: Site): { asn?: number; peers: GcpHaPeer[]; tunnels: GcpHaTunnel[] } {
    const ends = site.ends.filter(e => settingsOf(e).routing.value === 'bgp');
    const peers: GcpHaPeer[] = [];
    const tunnels: GcpHaTunnel[] = [];
    const own = site.gateways.map(addressText);
    for (const end of ends) {
        const s = settingsOf(end);
        let peer = peers.find(p => p.peer === end.peer);
        if (!peer) {
            peer = { peer: end.peer, name: gcpNames.peerGateway(end.peer), interfaces: [] };
            // interfaces in the order of the peer's gateway addresses, then unknown ones
            const theirs = end.peer.gateways.map(addressText);
            const addrs: { address?: string; end: TunnelEnd }[] = [];
            for (const e of ends.filter(x => x.peer === end.peer)) {
                const a = settingsOf(e).peerGateway.value;
                const address = a ? addressText(a) : undefined;
                if (!addrs.some(x => x.address === address)) addrs.push({ address, end: e });
            }
            addrs.sort((x, y) => rank(theirs, x.address) - rank(theirs, y.address));
            peer.interfaces = addrs.map((x, id) => ({ id, ...x }));
            peer.redundancy = REDUNDANCY[addrs.length];
            peers.push(peer);
        }
        const gw = s.gateway.value;
        const i = gw ? own.indexOf(addressText(gw)) : -1;
        const pa = s.peerGateway.value;
        tunnels.push({
            end, vpnInterface: i === 1 ? 1 : 0, peer, peerInterface: Math.max(0, peer.interfaces.findIndex(x => x.address === (pa ? addressText(pa) : undefined))),
            asn: s.asn.value, peerAsn: s.peerAsn.value, inside: s.inside.value, peerInside: s.peerInside.value,
        });
    }
    return { asn: ends.length ? settingsOf(ends[0]).asn.value : undefined, peers, tunnels };
}

/** The networks traffic into a tunnel end goes to (context.ts endRoutedNets): what the Classic routes and the console's remote ranges say. */
export const gcpRoutedNets = endRoutedNets;

/** The networks the firewall rule lets in: every end's routed networks (gcpRoutedNets). */
export function gcpFirewallSources(site: Site): Net[] {
    return routedNets(site);
}

function rank(list: string[], a: string | undefined): number {
    const i = a === undefined ? -1 : list.indexOf(a);
    return i < 0 ? list.length : i;
}

export function gcpSteps(ctx: Ctx, site: Site): Step[] {
    const m = ctx.m, g = m.gcp;
    const steps: Step[] = [];
    const classic = site.ends.filter(e => routingOf(e) !== 'bgp');
    const ha = site.ends.filter(e => routingOf(e) === 'bgp');
    const haTunnels = new Map<TunnelEnd, GcpHaTunnel>();

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
        const layout = gcpHaLayout(site);
        for (const peer of layout.peers) {
            steps.push(step({
                key: `gcp:peergw:${site.name}:${peer.peer.name}`, phase: 'peer', site, provider: 'gcp',
                title: g.createPeerGw(peer.peer.name), console: g.peerGwPath,
                blocks: [{
                    kind: 'fields', fields: [
                        { label: 'Name', value: [code(peer.name)] },
                        { label: 'Peer VPN gateway interfaces', value: [code(['one interface', 'two interfaces', 'three interfaces', 'four interfaces'][peer.interfaces.length - 1] ?? `${peer.interfaces.length} interfaces`)] },
                        ...peer.interfaces.map(x => ({ label: `Interface ${x.id} IP address`, value: [gwIp(ctx, peer.peer, x.end.tunnel)] })),
                    ],
                }],
            }));
        }
        const asnKnown = layout.asn !== undefined;
        steps.push(step({
            key: `gcp:router:${site.name}`, phase: 'peer', site, provider: 'gcp',
            title: g.createRouter, console: g.routerPath,
            blocks: [{
                kind: 'fields', fields: [
                    { label: 'Name', value: [code(gcpNames.router(site))] },
                    { label: 'Network', value: [g.networkValue(site.name, cidrList(ctx, site.networks))] },
                    { label: 'Region', value: [regionOf(ctx, site)] },
                    { label: 'Google ASN', value: [asnKnown ? code(layout.asn!) : g.asnValue] },
                ],
            }],
            uncovered: asnKnown ? [] : [g.asnUncovered],
        }));
        for (const t of layout.tunnels) haTunnels.set(t.end, t);
    }

    for (const end of site.ends) steps.push(routingOf(end) === 'bgp' ? haTunnelStep(ctx, site, end, haTunnels.get(end)!) : classicTunnelStep(ctx, site, end));

    const remote = gcpFirewallSources(site);
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

function cryptoBlock(ctx: Ctx, site: Site, end: TunnelEnd, gateway: string, ha?: GcpHaTunnel): { notes: Txt[]; blocks: Step['blocks'] } {
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
        ...(routingOf(end) === 'bgp' ? [`  --peer-external-gateway=${gcpNames.peerGateway(end.peer)} --peer-external-gateway-interface=${ha?.peerInterface ?? 0} --interface=${ha?.vpnInterface ?? 0} --router=${gcpNames.router(site)} \\`] : [`  --peer-address=${gatewayAddress(end.peer) ?? 'PEER_IP'} \\`]),
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
        { label: 'Remote network IP range', value: [cidrList(ctx, gcpRoutedNets(end))] },
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

function haTunnelStep(ctx: Ctx, site: Site, end: TunnelEnd, ha: GcpHaTunnel): Step {
    const m = ctx.m, g = m.gcp;
    const fields: Field[] = [
        { label: 'Peer VPN gateway', value: [code(ha.peer.name)] },
        { label: 'High availability', value: [code('Create a single VPN tunnel')] },
        { label: 'VPN gateway interface', value: [code(ha.vpnInterface)] },
        { label: 'Peer VPN gateway interface', value: [code(ha.peerInterface)] },
        { label: 'Cloud Router', value: [code(gcpNames.router(site))] },
        { label: 'Name', value: [code(end.name)] },
        { label: 'IKE version', value: [ikeVersionText(ctx, end)] },
        { label: 'IKE pre-shared key', value: pskValue(ctx, end) },
    ];
    const bgp: Field[] = [
        { label: 'Peer ASN', value: [ha.peerAsn !== undefined ? code(ha.peerAsn) : g.peerAsnValue] },
        { label: 'Cloud Router BGP IPv4 address', value: [ha.inside ? code(addressText(ha.inside.address)) : g.bgpIpValue] },
        { label: 'BGP peer IPv4 address', value: [ha.peerInside ? code(addressText(ha.peerInside.address)) : g.bgpIpValue] },
    ];
    const covered = ha.asn !== undefined && ha.peerAsn !== undefined && !!ha.inside && !!ha.peerInside;
    const crypto = cryptoBlock(ctx, site, end, gcpNames.haGateway(site), ha);
    return step({
        key: `gcp:hatunnel:${site.name}:${end.name}`, phase: 'tunnel', site, provider: 'gcp',
        title: g.addTunnel(end.name, end.peer.name), console: g.haTunnelPath,
        blocks: [{ kind: 'fields', fields }, { kind: 'fields', heading: g.bgpHeading, fields: bgp }, ...crypto.blocks],
        notes: crypto.notes,
        troubleshooting: [[g.tsNoIncoming], [m.tsKey], [m.tsProposal], [g.tsBgp]],
        uncovered: covered ? [] : [g.asnUncovered],
        produces: pskProduces(ctx, end),
    });
}
