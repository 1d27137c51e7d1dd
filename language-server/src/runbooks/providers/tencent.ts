/**
 * Tencent Cloud VPN gateway console (私有网络控制台 → VPN 连接): VPN网关, 对端网关, VPN通道, then the
 * VPC route table (providers.md §2.5; seed 000). Values in the API spelling (`AES-CBC-128`, `SHA`,
 * `GROUP2`, `DH-GROUP2`) with what the console shows next to them (`AES-128`, `SHA1`, `DH2`).
 */
import type { Site, TunnelEnd } from '../../model/types.js';
import { getProfile } from '../../providers/index.js';
import { addressText } from '../../net/prefix.js';
import { settingsOf } from '../../resolve/index.js';
import { type Ctx, cidrList, code, gwIp, tunnelTo, peersOf, pskProduces, pskValue, regionOf, routedNets, routingOf, step } from '../context.js';
import type { Field, Step } from '../types.js';
import { type Display, chosenNote, ikeVersionText, instanceRulesStep, phaseFields } from './common.js';

export const tencentNames = {
    gateway: (s: Site) => `${s.name}-vpngw`,
    customerGateway: (peer: Site) => `${peer.name}-cgw`,
};

/** What the Tencent console shows for an API value (the console's own labels, cf. seed 000). */
const display: Display = (v, kind) => {
    if (kind === 'encryption') {
        const m = /^AES-CBC-(\d+)$/.exec(v);
        if (m) return `AES-${m[1]}`;
        if (v === '3DES-CBC') return '3DES';
        if (v === 'DES-CBC') return 'DES';
    }
    if (kind === 'integrity' && v === 'SHA') return 'SHA1';
    if (kind === 'dh') {
        const m = /^GROUP(\d+)$/.exec(v);
        if (m) return `DH${m[1]}`;
    }
    if (kind === 'pfs' && v === 'NULL') return 'disable';
    return undefined;
};

export function tencentSteps(ctx: Ctx, site: Site): Step[] {
    const m = ctx.m, t = m.tencent;
    const gw = tencentNames.gateway(site);
    const steps: Step[] = [];

    steps.push(step({
        key: `tencent:gw:${site.name}`, phase: 'gateway', site, provider: 'tencent',
        title: t.createGw, console: t.gwPath,
        blocks: [{
            kind: 'fields', fields: [
                { label: t.gwName, value: [code(gw)] },
                { label: t.region, value: [regionOf(ctx, site)] },
                { label: t.network, value: [t.networkValue(site.name, cidrList(ctx, site.networks))] },
                { label: t.gwType, value: [t.gwTypeValue] },
                { label: t.bandwidth, value: [t.bandwidthValue] },
                ...bgpAsnField(ctx, site.ends.find(e => routingOf(e) === 'bgp'), 'asn'),
            ],
        }],
        notes: [[site.gateway ? m.expectAddress(gwIp(ctx, site) as string) : t.noteIp]],
        troubleshooting: [[t.tsGw]],
        produces: { [`gwip:${site.name}`]: n => t.gwIpIn(n) },
    }));

    for (const peer of peersOf(site)) {
        steps.push(step({
            key: `tencent:cgw:${site.name}:${peer.name}`, phase: 'peer', site, provider: 'tencent',
            title: t.createCgw(peer.name), console: t.cgwPath,
            blocks: [{
                kind: 'fields', fields: [
                    { label: t.cgwName, value: [code(tencentNames.customerGateway(peer))] },
                    { label: t.cgwIp, value: [gwIp(ctx, peer, tunnelTo(site, peer))] },
                    ...bgpAsnField(ctx, site.ends.find(e => e.peer === peer && routingOf(e) === 'bgp'), 'peerAsn'),
                ],
            }],
            troubleshooting: [[t.tsCgw]],
        }));
    }

    for (const end of site.ends) steps.push(tunnelStep(ctx, site, end));

    const dests = routedNets(site);
    const declared = site.routes.filter(r => r.via && (r.via.a.site === site || r.via.b.site === site));
    const destinations = [...declared.map(r => r.destination), ...dests.filter(d => !declared.some(r => r.destination.prefix.text === d.prefix.text))];
    const statics = site.ends.filter(e => routingOf(e) === 'static');
    const blocks: Step['blocks'] = [];
    for (const d of destinations) {
        blocks.push({
            kind: 'fields', heading: t.routeHeading(d.prefix.text), fields: [
                { label: t.routeDest, value: [code(d.prefix.text)] },
                { label: t.nextHopType, value: [t.nextHopTypeValue] },
                { label: t.nextHop, value: [`${t.nextHopValue} ${code(gw)}`] },
            ],
        });
    }
    for (const e of statics) {
        blocks.push({
            kind: 'fields', heading: t.gwRouteHeading(e.name), fields: e.remote.map(r => ({
                label: t.routeDest, value: [`${code(r.prefix.text)} → ${t.nextHopTunnel} ${code(e.name)}`],
            })),
        });
    }
    if (destinations.length > 0) {
        steps.push(step({
            key: `tencent:routes:${site.name}`, phase: 'routes', site, provider: 'tencent',
            title: t.updateRoutes, console: t.routesPath, blocks,
            troubleshooting: [[t.tsRoutes]],
            uncovered: site.ends.some(e => routingOf(e) === 'bgp') ? [t.bgpUncovered] : [],
        }));
    }
    const rules = instanceRulesStep(ctx, site, 'tencent');
    if (rules) steps.push(rules);
    return steps;
}

/** The gateway's (`asn`) or the customer gateway's (`peerAsn`) BgpAsn for a BGP tunnel [S-T1], from resolve's settings. */
function bgpAsnField(ctx: Ctx, end: TunnelEnd | undefined, which: 'asn' | 'peerAsn'): Field[] {
    if (!end) return [];
    const b = ctx.m.others.bgp, asn = settingsOf(end)[which];
    const value = asn.value === undefined ? b.asnUnset : asn.from === 'declared' ? code(asn.value) : b.asnDefault(asn.value);
    return [{ label: ctx.m.tencent.bgpAsn, value: [value] }];
}

function tunnelStep(ctx: Ctx, site: Site, end: TunnelEnd): Step {
    const m = ctx.m, t = m.tencent;
    const routing = routingOf(end);
    const profile = getProfile('tencent');
    const ikeNum = settingsOf(end).crypto.ike?.value; // resolve's IKE version (written, else chosen)
    const basic: Field[] = [
        { label: t.tunnelName, value: [code(end.name)] },
        { label: t.region, value: [regionOf(ctx, site)] },
        { label: t.gwKind, value: [t.gwKindValue] },
        { label: t.vpc, value: [t.networkValue(site.name, cidrList(ctx, site.networks))] },
        { label: t.vpnGw, value: [code(tencentNames.gateway(site))] },
        { label: t.peerGw, value: [code(tencentNames.customerGateway(end.peer)), m.open, gwIp(ctx, end.peer, end.tunnel), m.close] },
        { label: t.psk, value: pskValue(ctx, end) },
        { label: t.mode, value: [t.modeValue[routing]] },
    ];
    const spd: Field[] = routing === 'policy' ? [
        { label: t.localCidr, value: [cidrList(ctx, end.local)] },
        { label: t.remoteCidr, value: [cidrList(ctx, end.remote)] },
    ] : [];
    const c = phaseFields(ctx, end, 'ike', { encryption: t.encryption, integrity: t.integrity, dh: t.dhGroup, lifetime: t.ikeLifetime }, display);
    const ike: Field[] = [
        { label: t.ikeVersion, value: [ikeVersionText(ctx, end)] },
        { label: t.authMethod, value: [t.authMethodValue] },
        ...c.slice(0, 2), // one field only when the ends share no suite
        ...(ikeNum !== 2 ? [{ label: t.exchangeMode, value: [code('main')] }] : []),
        { label: t.localId, value: ['IP Address: ', gwIp(ctx, site)] },
        { label: t.remoteId, value: ['IP Address: ', gwIp(ctx, end.peer, end.tunnel)] },
        ...c.slice(2),
    ];
    const e = phaseFields(ctx, end, 'esp', { encryption: t.encryption, integrity: t.integrity, dh: 'PFS', lifetime: t.ipsecLifetime }, display);
    const ipsec: Field[] = [
        ...e.slice(0, 2),
        { label: t.encapsulation, value: [code('Tunnel')] },
        { label: t.protocol, value: [code('ESP')] },
        ...e.slice(2),
    ];
    const blocks: Step['blocks'] = [
        { kind: 'fields', heading: t.basicHeading, fields: basic },
    ];
    if (spd.length) blocks.push({ kind: 'fields', heading: t.spdHeading, fields: spd });
    if (routing === 'bgp') {
        // BgpConfig { TunnelCidr, LocalBgpIp, RemoteBgpIp } [S-T1], from resolve's inside addresses
        const s = settingsOf(end), inside = s.inside.value, peer = s.peerInside.value;
        blocks.push({
            kind: 'fields', heading: t.bgpHeading, fields: [
                { label: t.tunnelCidr, value: [inside ? code(inside.network.text) : m.others.bgp.insideUnset] },
                { label: t.localBgpIp, value: [inside ? code(addressText(inside.address)) : m.others.bgp.insideUnset] },
                { label: t.remoteBgpIp, value: [peer ? code(addressText(peer.address)) : m.others.bgp.insideUnset] },
            ],
        });
    }
    blocks.push({ kind: 'fields', heading: t.ikeHeading, fields: ike }, { kind: 'fields', heading: t.ipsecHeading, fields: ipsec });
    const notes = [...chosenNote(ctx, end)];
    if (routing === 'policy' && end.local.length > 1) notes.push([t.spdSeveral]);
    if (profile.settingSpelling.routing[routing] === undefined) notes.push([m.routingUnsupported(routing)]);
    return step({
        key: `tencent:tunnel:${site.name}:${end.name}`, phase: 'tunnel', site, provider: 'tencent',
        title: t.createTunnel(end.name, end.peer.name), console: t.tunnelPath, blocks, notes,
        troubleshooting: [[t.tsTunnelDown], [m.tsKey], [m.tsProposal], [m.tsSelectors]],
        produces: pskProduces(ctx, end),
    });
}
