/**
 * `missing-route`: reachability in the spirit of Batfish's, on the resolved model. For every pair
 * of sites that must reach each other (same star, or joined by a tunnel), traffic A -> B and
 * B -> A is followed hop by hop (the direct tunnel, or spoke -> hub -> spoke) and the FIRST place
 * that drops it is reported:
 *   1. at the source site, when its provider's VPC route table needs an explicit route to the
 *      destination with the VPN gateway as next hop and the site declares none;
 *   2. at each hop's sending end: its `local` must cover the source network, its `remote` the
 *      destination network;
 *   3. at each hop's receiving end: its `remote` must cover the source, its `local` the destination.
 * Supernets are tolerated (a /16 selector covers a /24 site) and adjacent prefixes merge.
 * Only networks of one address family are paired (IPv4 with IPv4, IPv6 with IPv6).
 */
import { PrefixSet, type Prefix } from '../net/prefix.js';
import { coversWith, isStarSelector, selectorCoverage, starNets, starVersion } from '../model/selectors.js';
import type { Edit, Finding, Net, ProviderId, QuickFix, Site, SourceRef, Star, Topology, TunnelEnd } from '../model/types.js';
import { getProfile } from '../providers/index.js';
import { outcomeData } from './outcome.js';
import { caches } from '../util/cache-store.js';
import {
    amendSelector, endLabel, gapText, netTexts, NetworkView, otherEnd, rewriteEdit, selectorRef, setOf, texts, writtenSelector, type Hop, type Side,
} from './network.js';

/** Does a site of this provider need an explicit route-table entry? Provider data: `explicitRoute` (providers/). */
export function needsExplicitRoutes(provider: ProviderId | undefined): boolean {
    return provider !== undefined && getProfile(provider).explicitRoute?.needed === true;
}

export type Direction = { from: Site; to: Site };

/** Why traffic from -> to is dropped, or undefined if it is carried. */
export type Drop =
    | { kind: 'route'; from: Site; to: Site; hop: Hop; missing: Net[] }
    | { kind: 'selector'; from: Site; to: Site; hop: Hop; hopIndex: number; hops: number; end: TunnelEnd; side: Side; sending: boolean; missing: Net[]; of: Site }
    | { kind: 'no-path'; from: Site; to: Site };

const familyCache = caches.weak<readonly Net[], number>('reachability.families');

/** The address families of a list of networks: bit 1 IPv4, bit 2 IPv6. */
function families(nets: readonly Net[]): number {
    let f = familyCache.get(nets);
    if (f === undefined) {
        f = 0;
        for (const n of nets) f |= n.prefix.version === 4 ? 1 : 2;
        familyCache.set(nets, f);
    }
    return f;
}

/** Networks of `a` that have a counterpart of the same family in `b` (`a.networks` itself when all have). */
function paired(a: Site, b: Site): Net[] {
    const fa = families(a.networks), fb = families(b.networks);
    if ((fa & fb) === fa) return a.networks;
    return a.networks.filter(n => (fb & (n.prefix.version === 4 ? 1 : 2)) !== 0);
}

/** The networks of `nets` that the selector does not cover (undefined when it covers them all). */
function uncovered(end: TunnelEnd, side: Side, nets: Net[]): Net[] | undefined {
    const sel = selectorCoverage(end, side);
    let i = 0;
    while (i < nets.length && sel.covers(nets[i].prefix)) i++;
    if (i === nets.length) return undefined;
    return nets.filter(n => !sel.covers(n.prefix));
}

/**
 * Follows traffic from -> to and returns the first drop. Redundant tunnels joining the two sites
 * directly: the traffic is carried when any of them carries it (else the first one's drop).
 */
export function traceTraffic(view: NetworkView, from: Site, to: Site): Drop | undefined {
    const srcs = paired(from, to), dsts = paired(to, from);
    if (srcs.length === 0 || dsts.length === 0) return undefined;
    const path = view.path(from, to);
    if (!path) return { kind: 'no-path', from, to };
    const drop = traceHops(from, to, path, srcs, dsts);
    if (!drop || path.length !== 1) return drop;
    for (const e of view.endsTo(from, to)) {
        if (e === path[0].send) continue;
        if (!traceHops(from, to, [{ send: e, recv: otherEnd(e) }], srcs, dsts)) return undefined;
    }
    return drop;
}

function traceHops(from: Site, to: Site, path: Hop[], srcs: Net[], dsts: Net[]): Drop | undefined {
    const first = path[0];
    if (needsExplicitRoutes(from.provider) && first.send.routing !== 'bgp') {
        const routed = new PrefixSet(from.routes.filter(r => r.via === first.send.tunnel).map(r => r.destination.prefix));
        const missing = dsts.filter(d => !routed.covers(d.prefix));
        if (missing.length) return { kind: 'route', from, to, hop: first, missing };
    }
    for (let i = 0; i < path.length; i++) {
        const hop = path[i];
        let missing: Net[] | undefined;
        if ((missing = uncovered(hop.send, 'local', srcs))) return { kind: 'selector', from, to, hop, hopIndex: i, hops: path.length, end: hop.send, side: 'local', sending: true, missing, of: from };
        if ((missing = uncovered(hop.send, 'remote', dsts))) return { kind: 'selector', from, to, hop, hopIndex: i, hops: path.length, end: hop.send, side: 'remote', sending: true, missing, of: to };
        if ((missing = uncovered(hop.recv, 'remote', srcs))) return { kind: 'selector', from, to, hop, hopIndex: i, hops: path.length, end: hop.recv, side: 'remote', sending: false, missing, of: from };
        if ((missing = uncovered(hop.recv, 'local', dsts))) return { kind: 'selector', from, to, hop, hopIndex: i, hops: path.length, end: hop.recv, side: 'local', sending: false, missing, of: to };
    }
    return undefined;
}

export function analyseReachability(topology: Topology): Finding[] {
    const view = new NetworkView(topology);
    const findings: Finding[] = [];
    for (const [a, b] of pairsToTrace(view)) {
        const memo = carriedBefore(view, a, b);
        if (memo === true) continue;
        const there = traceTraffic(view, a, b), back = traceTraffic(view, b, a);
        if (memo) {
            if (!there && !back) carriedPairs.set(memo.anchor, memo.deps, true);
            else carriedPairs.delete(memo.anchor);
        }
        if (there && back && sameCause(there, back)) {
            findings.push(reportBoth(there as SelectorDrop, back as SelectorDrop));
            continue;
        }
        if (there) findings.push(report(there));
        if (back) findings.push(report(back));
    }
    return findings;
}

/**
 * Pairs joined by a tunnel whose traffic was carried both ways in an earlier run, kept while
 * everything the two traces read is the same: keyed by the tunnel's first statement's source
 * (derived tunnels: the spoke's site), which the model builder keeps per AST node. Only the
 * verdict "carried" is kept; a pair with a drop is traced (and reported) again.
 */
const carriedPairs = caches.memo<object, true>('reachability.carriedPairs');
const scratch: unknown[] = [];

/** What `traceTraffic` reads of a selector: its list, or how it is derived. */
function pushSelector(out: unknown[], e: TunnelEnd, side: Side): void {
    const d = side === 'local' ? e.localDerived : e.remoteDerived;
    const o = side === 'local' ? e.localOrigin : e.remoteOrigin;
    if (o !== 'derived' || !d) { out.push(o, e[side]); return; }
    out.push(o, d.site.networks, d.star ? starVersion(d.star) : undefined, d.except?.networks, d.star ? d.site === d.star.hub : undefined);
}

function pushRoutes(out: unknown[], site: Site, via: TunnelEnd): void {
    out.push(site.routes.length);
    for (const r of site.routes) out.push(r.destination.prefix, r.via === via.tunnel);
}

/**
 * For a pair joined directly by one tunnel: `true` when it was carried both ways before and
 * nothing the traces read changed; else where to keep the verdict of this run.
 */
function carriedBefore(view: NetworkView, a: Site, b: Site): true | { anchor: object; deps: unknown[] } | undefined {
    const e = view.endTo(a, b);
    if (!e) return undefined;
    const f = otherEnd(e);
    if (f.site !== b || view.endTo(b, a) !== f) return undefined;
    const t = e.tunnel;
    const anchor: object = t.kind === 'derived' ? t.b.site.src : (t.a.source ?? t.a.site.src);
    const deps = scratch;
    deps.length = 0;
    deps.push(a.src, b.src, a.networks, b.networks, a.provider, b.provider, e.routing, f.routing);
    for (const x of [e, f]) { pushSelector(deps, x, 'local'); pushSelector(deps, x, 'remote'); }
    if (needsExplicitRoutes(a.provider)) pushRoutes(deps, a, e);
    if (needsExplicitRoutes(b.provider)) pushRoutes(deps, b, f);
    if (carriedPairs.get(anchor, deps)) return true;
    return { anchor, deps };
}

/**
 * The pairs of `view.intendedPairs()`, in its order, less the pairs of two spokes of one star
 * that `carriedSpokes` proves are carried both ways: a star of n clean spokes costs O(n), not
 * the n^2/2 traces of every spoke pair (10,000 spokes: 5 * 10^7).
 */
export function* pairsToTrace(view: NetworkView): Generator<[Site, Site]> {
    const seen = new Map<Site, Set<Site>>();
    const add = (a: Site, b: Site): boolean => {
        if (a === b || seen.get(a)?.has(b) || seen.get(b)?.has(a)) return false;
        let s = seen.get(a);
        if (!s) seen.set(a, s = new Set());
        s.add(b);
        return true;
    };
    for (const t of view.topology.tunnels) if (add(t.a.site, t.b.site)) yield [t.a.site, t.b.site];
    for (const star of view.topology.stars) {
        const members = [star.hub, ...star.spokes];
        const carried = carriedSpokes(view, star);
        const others = members.map((_, i) => i).filter(i => !carried.has(members[i]));
        for (let i = 0; i < members.length; i++) {
            if (carried.has(members[i])) {
                // only the members not proven carried (`others` is sorted: start after i)
                let k = 0, hi = others.length;
                while (k < hi) { const mid = (k + hi) >> 1; if (others[mid] <= i) k = mid + 1; else hi = mid; }
                for (; k < others.length; k++) if (add(members[i], members[others[k]])) yield [members[i], members[others[k]]];
            } else {
                for (let j = i + 1; j < members.length; j++) if (add(members[i], members[j])) yield [members[i], members[j]];
            }
        }
    }
}

/**
 * Spokes X of `star` for which traffic X -> B and B -> X through the centre is carried for every
 * other such spoke B (traceTraffic finds no drop): what each hop checks splits into conditions on
 * X alone and on B alone, so X is proven once against all spokes' networks at the same time:
 * its end and the centre's end towards it cover X's networks on X's side and every other spoke's
 * on the far side, and its routes (where the provider needs them) cover every other spoke.
 * Spokes whose networks overlap another member's, and stars that mix address families, are left
 * to the pair-by-pair trace.
 */
function carriedSpokes(view: NetworkView, star: Star): Set<Site> {
    const out = new Set<Site>();
    const hub = star.hub;
    const version = starVersion(star);
    let mixed = mixedFamilies.get(version);
    if (mixed === undefined) {
        const families = new Set([hub, ...star.spokes].filter(s => s.networks.length > 0)
            .map(s => [...new Set(s.networks.map(n => n.prefix.version))].sort().join()));
        mixedFamilies.set(version, mixed = families.size > 1);
    }
    if (mixed) return out;
    const sn = starNets(star);
    for (const x of star.spokes) {
        if (x.networks.length === 0) { out.add(x); continue; } // nothing to carry: no drop either way
        if (sn.entangled.has(x)) continue;
        const ex = view.endTo(x, hub), hx = view.endTo(hub, x);
        if (!ex || !hx) continue;
        // the same spoke, star, ends and routes as when it was proven carried before: still carried
        const deps = scratch;
        deps.length = 0;
        deps.push(version, x.networks, x.provider, ex.routing, hx.routing);
        for (const e of [ex, hx]) { pushSelector(deps, e, 'local'); pushSelector(deps, e, 'remote'); }
        if (needsExplicitRoutes(x.provider)) pushRoutes(deps, x, ex);
        if (carriedSpokeMemo.get(x.src, deps)) { out.add(x); continue; }
        carriedSpokeMemo.delete(x.src);
        const own = sn.own(x);
        const coversOwn = (e: TunnelEnd, side: Side) => { const c = selectorCoverage(e, side); return x.networks.every(n => c.covers(n.prefix)); };
        const coversSpokes = (e: TunnelEnd, side: Side) => isStarSelector(e, side, star, x) || coversWith(setOf(e[side]), own, sn.spokes);
        if (!coversOwn(ex, 'local') || !coversOwn(hx, 'remote') || !coversSpokes(ex, 'remote') || !coversSpokes(hx, 'local')) continue;
        if (needsExplicitRoutes(x.provider) && ex.routing !== 'bgp') {
            const routed = new PrefixSet(x.routes.filter(r => r.via === ex.tunnel).map(r => r.destination.prefix));
            if (!coversWith(routed, own, sn.spokes)) continue;
        }
        carriedSpokeMemo.set(x.src, deps, true);
        out.add(x);
    }
    return out;
}

/** Stars (by content) whose members mix address families. */
const mixedFamilies = caches.weak<object, boolean>('reachability.mixedFamilies');
/** Spokes (by where they are written) proven carried, with what the proof read (see carriedPairs). */
const carriedSpokeMemo = caches.memo<object, true>('reachability.carriedSpokes');

type SelectorDrop = Extract<Drop, { kind: 'selector' }>;

const sameRef = (x: SourceRef, y: SourceRef) => x.uri === y.uri
    && x.range.start.line === y.range.start.line && x.range.start.character === y.range.start.character
    && x.range.end.line === y.range.end.line && x.range.end.character === y.range.end.character;

/**
 * Both directions dropped by one written selector for want of the same networks (the guide's
 * gd2-pek3 remote drops gd2 -> sh1 when sending and sh1 -> gd2 when receiving): one finding that
 * names both directions, rather than two that repeat each other.
 */
function sameCause(x: Drop, y: Drop): boolean {
    if (x.kind !== 'selector' || y.kind !== 'selector') return false;
    const wx = writtenSelector(x.end, x.side), wy = writtenSelector(y.end, y.side);
    if (!wx || !wy || !sameRef(wx.src, wy.src)) return false;
    return texts(x.missing.map(n => n.prefix)) === texts(y.missing.map(n => n.prefix));
}

function hopText(d: SelectorDrop): string {
    const hop = `${d.hop.send.site.name} -> ${d.hop.recv.site.name}`;
    return d.hops > 1 ? `hop ${d.hopIndex + 1} of ${d.hops}, ${hop}` : `hop ${hop}`;
}

function reportBoth(first: SelectorDrop, second: SelectorDrop): Finding {
    // Tell the dropped send before the dropped receipt.
    const [x, y] = !first.sending && second.sending ? [second, first] : [first, second];
    const sel = setOf(x.end[x.side]);
    // the hop is named only where it is not the traffic's own direct path
    const direct = (d: SelectorDrop) => d.hops === 1 && d.hop.send.site === d.from && d.hop.recv.site === d.to;
    const clause = (d: SelectorDrop, first: boolean) => `${d.from.name} -> ${d.to.name} is not ${d.sending ? 'sent' : 'accepted'} by ${first || d.end !== x.end ? endLabel(d.end) : 'it'}${direct(d) ? '' : ` (${hopText(d)})`}`;
    const fix = selectorFix(x.end, x.side, x.missing.map(n => n.prefix));
    return {
        code: 'missing-route', severity: 'error', at: selectorRef(x.end, x.side), outcome: outcomeData(x.end.tunnel),
        message: `Traffic ${x.from.name} <-> ${x.to.name} is not carried in either direction: ${clause(x, true)}, and ${clause(y, false)}: its ${x.side} selector (${netTexts(x.end[x.side])}${originNote(x.end, x.side)}) lacks ${x.of.name}'s network ${x.missing.map(n => lacking(n, sel)).join(', ')}.`,
        related: [
            { at: x.of.nameSrc, message: `Site ${x.of.name} has ${texts(x.of.networks.map(n => n.prefix))}.` },
            { at: statementOf(otherEnd(x.end)), message: `The other end of the hop: ${otherEnd(x.end).name} at ${otherEnd(x.end).site.name}.` },
        ],
        fixes: fix ? [fix] : [],
    };
}

/** The part of `n` a selector lacks, for the message (`172.16.0.128/25 of 172.16.0.0/24`). */
function lacking(n: Net, sel: PrefixSet): string {
    return gapText(n.prefix, sel);
}

function report(d: Drop): Finding {
    const traffic = `Traffic ${d.from.name} -> ${d.to.name}`;
    if (d.kind === 'no-path') {
        return {
            code: 'missing-route', severity: 'error', at: d.from.nameSrc,
            message: `${traffic} has no path: no tunnel joins ${d.from.name} and ${d.to.name}, and they do not share a star centre.`,
        };
    }
    if (d.kind === 'route') {
        const tunnel = d.hop.send.tunnel;
        const provider = getProfile(d.from.provider).explicitRoute?.company ?? d.from.provider;
        // A route names a tunnel statement: for a `->` pair, the one written at this site.
        const viaName = tunnel.kind === 'pair' ? d.hop.send.name : tunnel.name;
        // routes via this tunnel that cover part of the missing networks: name the part left out
        const routed = new PrefixSet(d.from.routes.filter(r => r.via === tunnel).map(r => r.destination.prefix));
        const partial = d.missing.some(n => routed.intersects(n.prefix));
        const toAdd = partial ? new PrefixSet(d.missing.map(n => n.prefix)).minus(routed) : d.missing.map(n => n.prefix);
        const routes = toAdd.map(p => `route ${p.text} via ${viaName}`);
        const declared = tunnel.kind !== 'derived';
        const fixes: QuickFix[] = declared ? [{ title: `Add ${routes.join(', ')} to site ${d.from.name}`, preferred: true, edits: [insertRoutes(d.from, routes)] }] : [];
        const elsewhere = d.from.routes.filter(r => r.via !== tunnel && d.missing.some(n => r.destination.prefix.version === n.prefix.version && r.destination.prefix.first <= n.prefix.last && n.prefix.first <= r.destination.prefix.last));
        return {
            code: 'missing-route', severity: 'error', at: d.from.nameSrc,
            message: partial
                ? `${traffic} is not carried: the routes of ${d.from.name} via ${viaName} leave out ${d.missing.filter(n => !routed.covers(n.prefix)).map(n => gapText(n.prefix, routed)).join(', ')} of ${d.to.name}'s network${d.missing.length > 1 ? 's' : ''} (${provider} routes with the VPN gateway as next hop).`
                : `${traffic} is not carried: ${provider} route tables need a route to ${d.to.name}'s network${d.missing.length > 1 ? 's' : ''} ${texts(d.missing.map(n => n.prefix))} with the VPN gateway as next hop (tunnel ${viaName}), and site ${d.from.name} declares none${elsewhere.length ? ` (its route ${elsewhere.map(r => `${r.destination.prefix.text} via ${r.viaName}`).join(', ')} does not lead to ${d.to.name})` : ''}.${declared ? '' : ` The tunnel ${tunnel.name} is derived from hub ${tunnel.a.site.name} and has no name in the file: declare it (tunnel ${tunnel.name} ${tunnel.a.site.name} <-> ${tunnel.b.site.name}) to route via it.`}`,
            related: [
                { at: d.to.nameSrc, message: `Site ${d.to.name} is declared here.` },
                ...(declared ? [{ at: statementOf(d.hop.send), message: `Tunnel ${tunnel.name} is declared here.` }] : []),
            ],
            fixes,
        };
    }
    const { end, side, sending, missing, of } = d;
    const sel = setOf(end[side]);
    const hop = `${d.hop.send.site.name} -> ${d.hop.recv.site.name}`;
    const role = of === d.from ? 'source' : 'destination';
    const at = selectorRef(end, side);
    const fix = selectorFix(end, side, missing.map(n => n.prefix));
    const via = d.hops > 1 ? ` (hop ${d.hopIndex + 1} of ${d.hops}, through hub ${d.hop.send.site === d.from ? d.hop.recv.site.name : d.hop.send.site.name})` : '';
    return {
        code: 'missing-route', severity: 'error', at,
        message: `${traffic} is not carried: on the hop ${hop}${via}, ${endLabel(end)} does not ${sending ? 'send' : 'accept'} it, because its ${side} selector (${netTexts(end[side])}${originNote(end, side)}) lacks ${of.name}'s ${role} network ${missing.map(n => lacking(n, sel)).join(', ')}.`,
        related: [
            { at: of.nameSrc, message: `Site ${of.name} has ${texts(of.networks.map(n => n.prefix))}.` },
            { at: statementOf(otherEnd(end)), message: `The other end of the hop: ${otherEnd(end).name} at ${otherEnd(end).site.name}.` },
        ],
        fixes: fix ? [fix] : [],
    };
}

function originNote(e: TunnelEnd, side: Side): string {
    const o = side === 'local' ? e.localOrigin : e.remoteOrigin;
    if (o === 'declared') return '';
    if (o === 'mirrored') return `, mirrored from ${otherEnd(e).name}`;
    return ', derived';
}

function statementOf(e: TunnelEnd): SourceRef {
    return e.source?.nameSrc ?? otherEnd(e).source?.nameSrc ?? e.site.nameSrc;
}

/** Adds the missing networks to the written selector (dropping the site's own networks from a `remote`). */
function selectorFix(end: TunnelEnd, side: Side, add: Prefix[]): QuickFix | undefined {
    const w = writtenSelector(end, side);
    if (!w) return undefined;
    const { value, dropped } = amendSelector(w, add);
    return {
        title: `Add ${texts(add)} to the ${w.side} selector of ${w.owner.name}${dropped.length ? ` (and drop ${w.owner.site.name}'s own ${texts(dropped)})` : ''}`,
        preferred: true,
        edits: [rewriteEdit(w, value)],
    };
}

/** `route CIDR via TUNNEL` lines inserted before the closing `>` of the site's properties. */
function insertRoutes(site: Site, routes: string[]): Edit {
    const at = site.propertiesEnd;
    const pos = at.range.start;
    const ends = [...site.networks.map(n => n.src), ...site.routes.map(r => r.src), site.providerSrc, site.gatewaySrc]
        .filter((r): r is SourceRef => r !== undefined && r.uri === at.uri);
    const touching = ends.some(r => r.range.end.line === pos.line && r.range.end.character === pos.character);
    return { uri: at.uri, range: { start: pos, end: pos }, newText: `${touching ? ' ' : ''}${routes.join(' ')} ` };
}
