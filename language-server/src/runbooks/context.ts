/** What every provider's step builder needs: the topology, the messages, and value helpers. */
import { addressText } from '../net/prefix.js';
import type { Net, ProviderId, RoutingMode, Site, Topology, Tunnel, TunnelEnd } from '../model/types.js';
import { implicitPskVariable, otherEnd, settingsOf } from '../resolve/index.js';
export { otherEnd };
import type { Msgs } from './messages.js';
import type { Lang, Piece, Step, Txt } from './types.js';

export interface Ctx {
    topology: Topology;
    m: Msgs;
    lang: Lang;
    /** Position of each site in the file (steps of one phase follow it). */
    siteRank: Map<Site, number>;
}

export function createCtx(topology: Topology, m: Msgs, lang: Lang): Ctx {
    return { topology, m, lang, siteRank: new Map(topology.sites.map((s, i) => [s, i])) };
}

export const code = (s: string | number) => `\`${s}\``;

/** A value as one word of a POSIX shell command: as is when it is plain, else in single quotes. */
export function shellWord(value: string): string {
    return /^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function providerOf(site: Site): ProviderId {
    return site.provider ?? 'strongswan';
}

/** `10.0.0.0/16`, `172.16.0.0/24` in backticks, joined the language's way. */
export function cidrList(ctx: Ctx, nets: Net[]): string {
    if (nets.length === 0) return ctx.m.none;
    return nets.map(n => code(n.prefix.text)).join(ctx.m.listSep);
}

export function plainCidrs(nets: Net[], sep = ','): string {
    return nets.map(n => n.prefix.text).join(sep);
}

export function gatewayAddress(site: Site): string | undefined {
    return site.gateway ? addressText(site.gateway) : undefined;
}

/**
 * The site's public gateway address, or a reference to the step that produces it: the address
 * for tunnel `via` where a provider has one per connection (AWS), else the site's.
 */
export function gwIp(ctx: Ctx, site: Site, via?: Tunnel): Piece {
    // a redundant tunnel uses its own gateway address of the site (resolve/: written, else the site's first)
    const end = via ? (via.a.site === site ? via.a : via.b.site === site ? via.b : undefined) : undefined;
    const own = end ? settingsOf(end).gateway.value : undefined;
    const a = own ? addressText(own) : gatewayAddress(site);
    if (a) return code(a);
    const keys = via ? [`gwip:${site.name}@${via.name}`, `gwip:${site.name}`] : [`gwip:${site.name}`];
    return { ref: keys, fallback: ctx.m.gatewayUnknown(site.name) };
}

/** The tunnel between a site and a peer (the first one), for per-connection addresses. */
export function tunnelTo(site: Site, peer: Site): Tunnel | undefined {
    return site.ends.find(e => e.peer === peer)?.tunnel;
}

export function regionOf(ctx: Ctx, site: Site): string {
    return site.region ? code(site.region) : ctx.m.regionUnset;
}

export function routingOf(end: TunnelEnd): RoutingMode {
    return settingsOf(end).routing.value;
}

/** The end configured first (its site comes first in the file). */
export function firstEnd(ctx: Ctx, t: Tunnel): TunnelEnd {
    return (ctx.siteRank.get(t.b.site) ?? 0) < (ctx.siteRank.get(t.a.site) ?? 0) ? t.b : t.a;
}

/** A shell variable name for the key of a tunnel that has no `psk env` (never the key itself). */
export function pskVariable(end: TunnelEnd): string {
    const psk = settingsOf(end).psk.value;
    return psk.kind === 'env' ? psk.variable : implicitPskVariable(end.tunnel.name);
}

/**
 * Where the pre-shared key comes from. Never the key: `psk env VAR` -> "the value of $VAR",
 * a literal -> "the key written in the file (not shown)", none -> generate it at the first end.
 */
export function pskValue(ctx: Ctx, end: TunnelEnd): Txt {
    const psk = settingsOf(end).psk;
    const m = ctx.m;
    if (psk.value.kind === 'env' && !psk.value.implicit) return [m.pskEnv(psk.value.variable)];
    if (psk.value.kind === 'literal') return [m.pskLiteral];
    if (firstEnd(ctx, end.tunnel) === end) return [m.pskGenerate];
    return [{ ref: `psk:${end.tunnel.name}`, fallback: m.pskGenerate }];
}

/** `produces` entry for the step where a key is generated (tunnels without a `psk`). */
export function pskProduces(ctx: Ctx, end: TunnelEnd): Record<string, (n: number) => string> {
    if (settingsOf(end).psk.from !== 'default' || firstEnd(ctx, end.tunnel) !== end) return {};
    return { [`psk:${end.tunnel.name}`]: n => ctx.m.pskGeneratedIn(n, end.tunnel.name) };
}

export function step(s: Omit<Step, 'notes' | 'troubleshooting' | 'uncovered' | 'blocks'> & Partial<Pick<Step, 'notes' | 'troubleshooting' | 'uncovered' | 'blocks'>>): Step {
    return { blocks: [], notes: [], troubleshooting: [], uncovered: [], ...s };
}

/** Distinct peers of a site's tunnel ends, in order. */
export function peersOf(site: Site): Site[] {
    const out: Site[] = [];
    for (const e of site.ends) if (!out.includes(e.peer)) out.push(e.peer);
    return out;
}

/**
 * What the site's routes and firewall rules lead to: per end, the remote selector of a policy-based
 * tunnel, else (route-based or BGP, selectors any <-> any) the peer site's networks (what its routes
 * or BGP announcements lead to), never 0.0.0.0/0.
 */
export function routedNets(site: Site): Net[] {
    const seen = new Set<string>();
    const out: Net[] = [];
    for (const e of site.ends) {
        for (const n of endRoutedNets(e)) if (!seen.has(n.prefix.text)) { seen.add(n.prefix.text); out.push(n); }
    }
    return out;
}

/**
 * What one tunnel end's routes lead to: a policy-based end's remote selectors; a route-based or
 * BGP end's written remote selectors (other than any), else the peer site's networks. Never
 * 0.0.0.0/0: a default route into the tunnel would take the VPC's internet traffic with it.
 */
export function endRoutedNets(e: TunnelEnd): Net[] {
    const s = settingsOf(e);
    if (s.routing.value === 'policy') return e.remote;
    const written = s.remote.from === 'declared' || s.remote.from === 'mirrored' ? e.remote.filter(n => n.prefix.length > 0) : [];
    return written.length ? written : e.peer.networks;
}

/** A site's customer gateways towards one peer: one per peer gateway address its tunnels use (AWS's, Azure's redundant tunnels). */
export interface PeerGateway { peer: Site; name: string; ends: TunnelEnd[] }

export function peerGateways(site: Site): PeerGateway[] {
    const out: PeerGateway[] = [];
    for (const peer of peersOf(site)) {
        const groups = new Map<string, TunnelEnd[]>();
        for (const e of site.ends) {
            if (e.peer !== peer) continue;
            const a = settingsOf(e).peerGateway.value;
            const key = a ? addressText(a) : '';
            groups.set(key, [...(groups.get(key) ?? []), e]);
        }
        const list = [...groups.values()];
        list.forEach((ends, i) => out.push({ peer, ends, name: list.length === 1 ? `${peer.name}-cgw` : `${peer.name}-cgw-${i + 1}` }));
    }
    return out;
}

/** Every network the site reaches through its tunnels (the far sides of its selectors). */
export function remoteNets(site: Site): Net[] {
    const seen = new Set<string>();
    const out: Net[] = [];
    for (const e of site.ends) for (const n of e.remote) if (!seen.has(n.prefix.text)) { seen.add(n.prefix.text); out.push(n); }
    return out;
}
