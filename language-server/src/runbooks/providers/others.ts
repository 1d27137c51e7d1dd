/**
 * AWS, Azure, Alibaba Cloud and Huawei Cloud: the order and values of providers.md §4.4, §5.5,
 * §6.4, §7.4, spelled per §8. Topo's facts for these consoles are API/Terraform names, not
 * checked against the console screens: every step carries the "not yet covered" marker.
 */
import type { InsideAddress, ProviderId, Site, TunnelEnd } from '../../model/types.js';
import { addressText } from '../../net/prefix.js';
import { getProfile } from '../../providers/index.js';
import { type Connection, connectionOf, connectionsOf, settingsOf } from '../../resolve/index.js';
import { type Ctx, cidrList, code, gwIp, peerGateways, pskProduces, pskValue, regionOf, routedNets, routingOf, step } from '../context.js';
import type { Field, Step, Txt } from '../types.js';
import { chosenNote, ikeVersionText, instanceRulesStep, phaseFields } from './common.js';

type Other = 'aws' | 'azure' | 'alibaba' | 'huawei';

function routingText(provider: ProviderId, end: TunnelEnd): string {
    const r = routingOf(end);
    if (provider === 'azure') return code(r === 'policy' ? 'Enable' : 'Disable'); // the field is "Use policy based traffic selector"
    if (provider === 'aws') return code(r === 'bgp' ? 'Dynamic (requires BGP)' : 'Static');
    const spelled = getProfile(provider).settingSpelling.routing[r];
    return code(spelled ?? r);
}

const bgpEnds = (site: Site) => site.ends.filter(e => routingOf(e) === 'bgp');
const insideText = (x: InsideAddress | undefined) => x && code(addressText(x.address));

/**
 * The BGP values of a provider's gateway (its ASN: written, else the provider's default, from
 * resolve's settings), for a site with BGP tunnels.
 */
function gatewayBgpFields(ctx: Ctx, site: Site, provider: Other): Field[] {
    const b = ctx.m.others.bgp, ends = bgpEnds(site);
    if (ends.length === 0) return [];
    const asn = settingsOf(ends[0]).asn;
    const asnValue: Txt = [asn.value === undefined ? b.asnUnset : asn.from === 'declared' ? code(asn.value) : b.asnDefault(asn.value)];
    if (provider === 'aws') return [{ label: b.aws.asn, value: asn.from === 'declared' ? [b.aws.customAsn, ' ', code(asn.value!)] : asnValue }];
    if (provider === 'azure') {
        const apipa = ends.map(e => insideText(settingsOf(e).inside.value)).filter((x): x is string => !!x);
        return [
            ...(site.gateways.length > 1 ? [{ label: b.azure.activeActive, value: [code('Enabled')] }] : []),
            { label: b.azure.configureBgp, value: [code('Enabled')] },
            { label: b.azure.asn, value: asnValue },
            { label: b.azure.apipa, value: [apipa.length ? [...new Set(apipa)].join(', ') : b.insideUnset] },
        ];
    }
    if (provider === 'huawei') return [{ label: b.huawei.asn, value: asnValue }];
    return []; // Alibaba: the ASN is per IPsec connection (BgpConfig.LocalAsn)
}

/** The BGP values of a customer (local network) gateway: the peer's ASN, for Azure its BGP address. */
function peerGatewayBgpFields(ctx: Ctx, ends: TunnelEnd[], provider: Other): Field[] {
    const b = ctx.m.others.bgp;
    const end = ends.find(e => routingOf(e) === 'bgp');
    if (!end) return [];
    const s = settingsOf(end);
    const asn: Txt = [s.peerAsn.value === undefined ? b.asnUnset : code(s.peerAsn.value)];
    if (provider === 'azure') return [
        { label: b.azure.lngBgp, value: [code('Yes')] },
        { label: b.azure.asn, value: asn },
        { label: b.azure.lngPeerIp, value: [insideText(s.peerInside.value) ?? b.insideUnset] },
    ];
    return [{ label: b[provider].cgwAsn, value: asn }];
}

/** A BGP tunnel's own values: inside /30 and addresses where the provider sets them per connection. */
function connectionBgpFields(ctx: Ctx, end: TunnelEnd, provider: Other): Field[] {
    if (routingOf(end) !== 'bgp') return [];
    const b = ctx.m.others.bgp, s = settingsOf(end);
    const inside = s.inside.value;
    const cidr: Txt = [inside ? code(inside.network.text) : b.insideUnset];
    if (provider === 'aws') return [{ label: b.aws.insideCidr, value: [inside ? code(inside.network.text) : b.aws.insideAuto] }];
    if (provider === 'azure') return [{ label: b.azure.enableBgp, value: [code('Enabled')] }];
    if (provider === 'alibaba') return [
        { label: b.alibaba.enableBgp, value: [code('on')] },
        { label: b.alibaba.tunnelCidr, value: cidr },
        { label: b.alibaba.localBgpIp, value: [insideText(inside) ?? b.insideUnset] },
        { label: b.alibaba.localAsn, value: [s.asn.value === undefined ? b.asnUnset : code(s.asn.value)] },
    ];
    return [
        { label: b.huawei.localAddress, value: [inside ? code(inside.text) : b.insideUnset] },
        { label: b.huawei.peerAddress, value: [s.peerInside.value ? code(s.peerInside.value.text) : b.insideUnset] },
    ];
}

/**
 * DPD where the console has the field (providers/: `dpd`, with sources): the written value, else the
 * provider's default. AWS: per tunnel (DPD timeout); Azure: per connection; Huawei: the interval;
 * Alibaba: on/off only.
 */
function dpdFields(ctx: Ctx, end: TunnelEnd, provider: Other, label?: string): Field[] {
    const rule = getProfile(provider).dpd;
    const d = settingsOf(end).dpd.value;
    if (!rule || (!rule.settable && !rule.canDisable)) return [];
    const l = label ?? ctx.m.others.dpd[provider];
    if (!rule.settable) return [{ label: l, value: [code(d === 'off' ? 'off' : 'on')] }];
    if (d === undefined) return [];
    return [{ label: l, value: [d === 'off' ? code('off') : code(d.delay)] }];
}

export function otherSteps(ctx: Ctx, site: Site, provider: Other): Step[] {
    const m = ctx.m, o = m.others[provider], c = m.others.common;
    const steps: Step[] = [];
    const base = (key: string) => `${provider}:${key}:${site.name}`;
    const uncovered = [c.uncovered];
    const net = o.networkValue(site.name, cidrList(ctx, site.networks));
    const gateways = peerGateways(site);
    const cgwOf = (end: TunnelEnd) => gateways.find(g => g.ends.includes(end))!.name;
    const gwExtra = provider === 'aws' && bgpEnds(site).length ? [] : o.gwExtra;

    steps.push(step({
        key: base('gw'), phase: 'gateway', site, provider, title: o.createGw, console: o.gwPath,
        blocks: [{
            kind: 'fields', fields: [
                { label: o.name, value: [code(`${site.name}-vpngw`)] },
                { label: o.network, value: [net] },
                { label: o.region, value: [regionOf(ctx, site)] },
                ...gwExtra.map(([label, value]) => ({ label, value: [value] })),
                ...gatewayBgpFields(ctx, site, provider),
            ],
        }],
        notes: provider === 'aws' ? [] : [[o.gwIpNote]],
        uncovered,
        produces: provider === 'aws' ? {} : { [`gwip:${site.name}`]: n => o.gwIpIn(n) },
    }));

    for (const { peer, name, ends } of gateways) {
        const fields: Field[] = [
            { label: o.name, value: [code(name)] },
            { label: o.cgwIp, value: [gwIp(ctx, peer, ends[0].tunnel)] },
        ];
        if (provider === 'azure' && !ends.some(e => routingOf(e) === 'bgp')) {
            // route-based: the peer's networks; with BGP Azure learns them (the BGP peer address below is enough)
            const seen = new Set<string>();
            const space = ends.flatMap(e => routingOf(e) === 'policy' ? e.remote : e.peer.networks).filter(n => !seen.has(n.prefix.text) && !!seen.add(n.prefix.text));
            fields.push({ label: 'Address space', value: [cidrList(ctx, space)] });
        }
        fields.push(...peerGatewayBgpFields(ctx, ends, provider));
        steps.push(step({
            key: base(`cgw:${name}`), phase: 'peer', site, provider, title: o.createCgw(name === `${peer.name}-cgw` ? peer.name : `${peer.name} (${name})`), console: o.cgwPath,
            blocks: [{ kind: 'fields', fields }], uncovered,
        }));
    }

    // AWS: one Site-to-Site VPN connection per customer gateway carries tunnels 1 and 2 (resolve/connections.ts)
    if (provider === 'aws') for (const connection of connectionsOf(site)) if (connection.ends.length > 1) steps.push(awsConnectionStep(ctx, connection, cgwOf(connection.ends[0]), uncovered));
    const single = (end: TunnelEnd) => provider !== 'aws' || (connectionOf(end)?.connection.ends.length ?? 1) === 1;

    for (const end of site.ends.filter(single)) {
        const labels = o.crypto;
        const basic: Field[] = [
            { label: o.name, value: [code(end.name)] },
            { label: o.gateway, value: [code(`${site.name}-vpngw`)] },
            { label: o.cgw, value: [code(cgwOf(end))] },
            { label: o.routing, value: [routingText(provider, end)] },
            // AWS names the sides from the customer gateway: Local IPv4 network CIDR = the peer's networks
            { label: o.local, value: [cidrList(ctx, provider === 'aws' ? end.remote : end.local)] },
            { label: o.remote, value: [cidrList(ctx, provider === 'aws' ? end.local : end.remote)] },
            { label: o.psk, value: pskValue(ctx, end) },
            { label: o.ikeVersion, value: [ikeVersionText(ctx, end)] },
            ...connectionBgpFields(ctx, end, provider),
            ...dpdFields(ctx, end, provider, provider === 'aws' ? m.others.aws.tunnel.dpd(1) : undefined),
        ];
        const ike = phaseFields(ctx, end, 'ike', { encryption: labels.ikeEnc, integrity: labels.ikeInteg, dh: labels.ikeDh, lifetime: labels.ikeLife });
        const esp = phaseFields(ctx, end, 'esp', { encryption: labels.espEnc, integrity: labels.espInteg, dh: labels.pfs, lifetime: labels.espLife });
        const notes = [...chosenNote(ctx, end)];
        if (provider === 'aws' && (end.local.length > 1 || end.remote.length > 1)) notes.push([m.others.aws.oneCidr]);
        if (provider === 'aws') notes.push([m.others.aws.twoTunnels]);
        steps.push(step({
            key: base(`conn:${end.name}`), phase: provider === 'aws' ? 'connect' : 'tunnel', site, provider,
            title: o.createConn(end.name, end.peer.name), console: o.connPath,
            blocks: [
                { kind: 'fields', fields: basic },
                { kind: 'fields', heading: o.ikeHeading, fields: ike },
                { kind: 'fields', heading: o.ipsecHeading, fields: esp },
            ],
            notes,
            troubleshooting: [[m.tsKey], [m.tsProposal], [m.tsSelectors]],
            uncovered,
            produces: {
                ...pskProduces(ctx, end),
                ...(provider === 'aws' ? { [`gwip:${site.name}@${end.tunnel.name}`]: (n: number) => m.others.aws.outsideIpIn(n, 1) } : {}),
            },
        }));
    }

    const remote = routedNets(site);
    if (remote.length > 0) {
        steps.push(step({
            key: base('routes'), phase: 'routes', site, provider, title: o.routes, console: o.routesPath,
            blocks: [{ kind: 'fields', fields: [{ label: o.routeDest, value: [cidrList(ctx, remote)] }, { label: o.nextHop, value: [o.nextHopValue] }] }],
            troubleshooting: [[m.tsRoute]],
            uncovered,
        }));
    }
    const rules = instanceRulesStep(ctx, site, provider, uncovered);
    if (rules) steps.push(rules);
    return steps;
}

/**
 * One AWS Site-to-Site VPN connection with both its tunnels [S-A1]: the connection's own values
 * (gateways, routing, the CIDRs it negotiates) once, then each tunnel's options (pre-shared key,
 * inside CIDR, IKE version, phase 1 and 2) under "Tunnel 1 options" / "Tunnel 2 options".
 */
function awsConnectionStep(ctx: Ctx, connection: Connection, cgw: string, uncovered: string[]): Step {
    const m = ctx.m, o = m.others.aws, a = o.tunnel, labels = o.crypto;
    const { site, peer, ends } = connection;
    const first = ends[0];
    const name = connection.name;
    const blocks: Step['blocks'] = [{
        kind: 'fields', fields: [
            { label: o.name, value: [code(name)] },
            { label: o.gateway, value: [code(`${site.name}-vpngw`)] },
            { label: o.cgw, value: [code(cgw)] },
            { label: o.routing, value: [routingText('aws', first)] },
            // AWS names the sides from the customer gateway: Local IPv4 network CIDR = the peer's networks
            { label: o.local, value: [cidrList(ctx, first.remote)] },
            { label: o.remote, value: [cidrList(ctx, first.local)] },
        ],
    }];
    const notes: Txt[] = [];
    const chosen = new Map<string, { tunnels: string[]; note: Txt }>();
    const produces: Step['produces'] = {};
    ends.forEach((end, i) => {
        const n = i + 1;
        const own = settingsOf(end).gateway.value;
        const inside = settingsOf(end).inside.value;
        blocks.push(
            {
                kind: 'fields', heading: a.heading(n, end.tunnel.name, own ? addressText(own) : undefined), fields: [
                    { label: a.psk(n), value: pskValue(ctx, end) },
                    ...(routingOf(end) === 'bgp' ? [{ label: a.insideCidr(n), value: [inside ? code(inside.network.text) : m.others.bgp.aws.insideAuto] }] : []),
                    { label: o.ikeVersion, value: [ikeVersionText(ctx, end)] },
                    ...dpdFields(ctx, end, 'aws', a.dpd(n)),
                ],
            },
            { kind: 'fields', heading: a.phase1(n), fields: phaseFields(ctx, end, 'ike', { encryption: labels.ikeEnc, integrity: labels.ikeInteg, dh: labels.ikeDh, lifetime: labels.ikeLife }) },
            { kind: 'fields', heading: a.phase2(n), fields: phaseFields(ctx, end, 'esp', { encryption: labels.espEnc, integrity: labels.espInteg, dh: labels.pfs, lifetime: labels.espLife }) },
        );
        for (const note of chosenNote(ctx, end)) {
            // the same note for both tunnels is given once, naming both
            const text = note.map(x => (typeof x === 'string' ? x : JSON.stringify(x))).join('');
            const seen = chosen.get(text);
            if (seen) seen.tunnels.push(end.tunnel.name); else chosen.set(text, { tunnels: [end.tunnel.name], note });
        }
        Object.assign(produces, pskProduces(ctx, end), { [`gwip:${site.name}@${end.tunnel.name}`]: (step: number) => o.outsideIpIn(step, n) });
    });
    for (const { tunnels, note } of chosen.values()) notes.push([`${tunnels.join(', ')}: `, ...note]);
    if (first.local.length > 1 || first.remote.length > 1) notes.push([o.oneCidr]);
    notes.push([a.note(ends.map(e => e.tunnel.name))]);
    return step({
        key: `aws:conn:${site.name}:${ends.map(e => e.name).join('+')}`, phase: 'connect', site, provider: 'aws',
        title: a.title(name, ends.map(e => e.tunnel.name), peer.name), console: a.path,
        blocks, notes,
        troubleshooting: [[m.tsKey], [m.tsProposal], [m.tsSelectors]],
        uncovered, produces,
    });
}
