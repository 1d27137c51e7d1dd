/**
 * Values Topo can suggest for the BGP, lifetime and identity properties, from the providers' data
 * (providers/) and the ends' effective settings (resolve/). One home for what completion offers
 * and what the quick fixes of asn-missing, asn-same and lifetime-mismatch write.
 */
import type { IkeVersion, Site, Topology, TunnelEnd } from '../model/types.js';
import { getProfile } from '../providers/index.js';
import type { AsnRange, Lifetime } from '../providers/types.js';
import { addressText, contains, makePrefix, overlaps, prefix, type Prefix } from '../net/prefix.js';
import { asnOf, otherEnd, settingsOf } from '../resolve/index.js';
import { caches } from '../util/cache-store.js';

const inRanges = (n: number, rs: AsnRange[] | undefined) => !!rs?.some(r => n >= r.from && n <= r.to);

/** The ASN a site has: written, else its provider's default (undefined: none). */
export function siteAsn(site: Site): number | undefined {
    return asnOf(site).value;
}

/** How many sites of the topology have each ASN: counted once per topology, not once per site that asks. */
const asnCounts = caches.weak<Topology, Map<number, number>>('suggest.asnCounts');
function usedAsns(topology: Topology): Map<number, number> {
    let counts = asnCounts.get(topology);
    if (!counts) {
        asnCounts.set(topology, counts = new Map());
        for (const s of topology.sites) { const n = siteAsn(s); if (n !== undefined) counts.set(n, (counts.get(n) ?? 0) + 1); }
    }
    return counts;
}

/** Whether the site's provider and its BGP peers' providers take `n` for this site. */
export function asnAcceptable(site: Site, n: number): boolean {
    const rules = getProfile(site.provider).bgp;
    if (inRanges(n, rules?.asnReserved)) return false;
    if (rules?.asnAllowed && !inRanges(n, rules.asnAllowed.filter(r => !r.why))) return false;
    return !site.ends.some(e => inRanges(n, getProfile(e.peer.provider).bgp?.peerAsnReserved));
}

/** Private ASNs (RFC 6996) this site may take that no other site of the topology has, lowest first. */
export function freeAsns(topology: Topology, site: Site, count = 3): number[] {
    // the ASNs of the other sites: every site's, less this site's own once
    const counts = usedAsns(topology);
    const own = topology.siteByName.get(site.name) === site ? siteAsn(site) : undefined;
    const usedBy = (n: number) => (counts.get(n) ?? 0) - (n === own ? 1 : 0);
    const used = { size: counts.size - (own !== undefined && counts.get(own) === 1 ? 1 : 0), has: (n: number) => usedBy(n) > 0 };
    const out: number[] = [];
    const ranges: [number, number][] = [[64512, 65534], [4200000000, 4294967294]];
    for (const [from, to] of ranges) {
        // bounded: at most `used.size + count` candidates per range are ever looked at past the reserved ones
        for (let n = from; n <= to && out.length < count && n - from < used.size + 2000; n++) {
            if (!used.has(n) && asnAcceptable(site, n)) out.push(n);
        }
        if (out.length >= count) break;
    }
    return out;
}

function lifetimeRule(e: TunnelEnd, ike: IkeVersion | undefined, phase: 'ike' | 'esp'): Lifetime | undefined {
    return ike ? getProfile(e.site.provider).versions[ike]?.lifetimes[phase] : undefined;
}

/** Whether the provider of `e` can be set to `v` seconds (unknown rules accept it). */
export function lifetimeAccepted(e: TunnelEnd, ike: IkeVersion | undefined, phase: 'ike' | 'esp', v: number): boolean {
    const l = lifetimeRule(e, ike, phase);
    if (!l) return true;
    if (l.fixed !== undefined) return v === l.fixed;
    return (l.min === undefined || v >= l.min) && (l.max === undefined || v <= l.max);
}

/**
 * Lifetimes (seconds) both ends of a tunnel can use, each with why: a provider's fixed value, else
 * the providers' defaults that the other end accepts too.
 */
export function lifetimeChoices(end: TunnelEnd, phase: 'ike' | 'esp'): { value: number; why: string }[] {
    const o = otherEnd(end);
    const ike = settingsOf(end).crypto.ike?.value;
    const out: { value: number; why: string }[] = [];
    for (const e of [end, o]) {
        const l = lifetimeRule(e, ike, phase);
        const v = l?.fixed ?? l?.default;
        if (v === undefined || out.some(x => x.value === v)) continue;
        if (!lifetimeAccepted(end, ike, phase, v) || !lifetimeAccepted(o, ike, phase, v)) continue;
        out.push({ value: v, why: `${getProfile(e.site.provider).displayName}'s ${l!.fixed !== undefined ? 'fixed value' : 'default'}` });
    }
    return out;
}

/**
 * BGP inside addresses for the statement of `end` (`local`: its first site's, `remote`: the
 * second's): the other address of a /30 the statement's other side already has, else the first free
 * /30 inside both providers' ranges (Azure's APIPA range, AWS's 169.254.0.0/16 less its reserved /30s)
 * that no BGP tunnel of the topology uses; `.1` for the first site, `.2` for the second.
 */
export function insideChoices(topology: Topology, end: TunnelEnd, side: 'local' | 'remote'): { label: string; detail: string }[] {
    const s = settingsOf(end);
    const other = side === 'local' ? s.peerInside.value : s.inside.value;
    if (other && other.network.version === 4 && other.network.length === 30) {
        const mine = other.address.first === other.network.first + 1n ? other.network.first + 2n : other.network.first + 1n;
        return [{ label: `${addressText(makePrefix(4, mine, 32))}/30`, detail: `the other address of ${other.network.text}` }];
    }
    const rulesA = getProfile(end.site.provider).bgp?.inside.v4, rulesB = getProfile(end.peer.provider).bgp?.inside.v4;
    // the ranges both providers take, within 169.254.0.0/16 (a self-managed gateway takes any)
    const narrow = (xs: Prefix[], ys: Prefix[]) => xs.flatMap(x => ys.flatMap(y => (contains(x, y) ? [y] : contains(y, x) ? [x] : [])));
    const ll = [prefix('169.254.0.0/16')];
    const within = narrow(narrow(ll, (rulesA?.within ?? ['169.254.0.0/16']).map(prefix)), (rulesB?.within ?? ['169.254.0.0/16']).map(prefix));
    const reserved = [...(rulesA?.reserved ?? []), ...(rulesB?.reserved ?? [])].map(prefix);
    const used: Prefix[] = [];
    for (const t of topology.tunnels) for (const e of [t.a, t.b]) { const x = settingsOf(e).inside.value; if (x) used.push(x.network); }
    for (const w of within) {
        // bounded: at most 4096 /30s of each range are looked at
        for (let n = w.first, i = 0; n + 3n <= w.last && i < 4096; n += 4n, i++) {
            const net = makePrefix(4, n, 30);
            if (reserved.some(r => overlaps(r, net)) || used.some(u => overlaps(u, net))) continue;
            const a = side === 'local' ? n + 1n : n + 2n;
            return [{ label: `${addressText(makePrefix(4, a, 32))}/30`, detail: `a free /30 (${net.text}) in ${within.map(p => p.text).join(', ')}, no other tunnel uses it` }];
        }
    }
    return [];
}
