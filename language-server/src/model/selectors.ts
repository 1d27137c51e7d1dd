/**
 * Traffic selectors without listing them. The end of a star's centre towards one spoke carries
 * the centre's networks plus every other spoke's (language.md "Derived tunnels"): with 10,000
 * spokes, listing them on every end would be 10^8 entries. The builder describes such a selector
 * (`DerivedSelector`); this module lists it lazily (`TunnelEnd.local` / `remote` are getters that
 * compute and keep the list on first read) and answers what analyses ask of a selector -- its
 * size, whether it covers a network -- from one address set per star, shared by all its ends.
 */
import { PrefixSet, type AddressRange, type Prefix } from '../net/prefix.js';
import type { DerivedSelector, Net, Site, Star, TunnelEnd } from './types.js';
import { caches } from '../util/cache-store.js';

type Side = 'local' | 'remote';

const ownLists = caches.weak<readonly Net[], Net[]>('selectors.ownLists');

/**
 * The networks a derived selector stands for, in the contract's order (own first, then the spokes).
 * A site's own list is shared by every end that derives it (and kept while the site's networks
 * are): treat it as read-only.
 */
export function listDerived(d: DerivedSelector): Net[] {
    if (!d.star) {
        let own = ownLists.get(d.site.networks);
        if (!own) ownLists.set(d.site.networks, own = d.site.networks.map(n => ({ prefix: n.prefix })));
        return own;
    }
    const out = d.site.networks.map(n => ({ prefix: n.prefix }));
    for (const s of d.star.spokes) if (s !== d.except) for (const n of s.networks) out.push({ prefix: n.prefix });
    return out;
}

const derivedOf = (e: TunnelEnd, side: Side): DerivedSelector | undefined => (side === 'local' ? e.localDerived : e.remoteDerived);

/** Per star: the address sets shared by all ends of its centre. */
export interface StarNets {
    /** The centre's and every spoke's networks. */
    all: PrefixSet;
    /** Every spoke's networks. */
    spokes: PrefixSet;
    /** How many networks the spokes have in all. */
    spokeCount: number;
    /** Spokes whose networks overlap another member's (the centre's or another spoke's). */
    entangled: Set<Site>;
    /** Each spoke's own networks as a set. */
    own(site: Site): PrefixSet;
}

/** What the address sets of a star are made of: every member's prefixes, members in order. */
interface StarContent {
    /** The prefixes of the centre, then of each spoke, each member's list closed by `undefined`. */
    prefixes: (Prefix | undefined)[];
    all: PrefixSet;
    spokes: PrefixSet;
    spokeCount: number;
    /** Entangled members by index in [hub, ...spokes]. */
    entangled: number[];
}

const starCache = caches.weak<Star, StarNets>('selectors.starNets');
const contentOf = caches.weak<Star, StarContent>('selectors.starContentOf');

/**
 * An object that stays the same while the star's members (centre first, spokes in order) have the
 * same prefixes: what every derived selector of the star is made of. For analyses' memos.
 */
export function starVersion(star: Star): object {
    starNets(star);
    return contentOf.get(star)!;
}
/** The last content per star centre (keyed by where the centre is written: kept per statement). */
const contentCache = caches.weak<object, StarContent>('selectors.starContent');

export function starNets(star: Star): StarNets {
    let s = starCache.get(star);
    if (!s) {
        const members = [star.hub, ...star.spokes];
        const content = starContent(star, members);
        contentOf.set(star, content);
        const entangled = new Set<Site>();
        for (const i of content.entangled) entangled.add(members[i]);
        starCache.set(star, s = {
            all: content.all, spokes: content.spokes, spokeCount: content.spokeCount, entangled,
            own: (site: Site) => setOfNets(site.networks),
        });
    }
    return s;
}

/** The star's content: the previous one when every member has the same prefixes (an edit elsewhere), else computed. */
function starContent(star: Star, members: Site[]): StarContent {
    const known = contentCache.get(star.hub.src);
    if (known) {
        const ps = known.prefixes;
        let k = 0, same = true;
        for (const m of members) {
            for (const n of m.networks) if (ps[k++] !== n.prefix) { same = false; break; }
            if (!same || ps[k++] !== undefined) { same = false; break; }
        }
        if (same && k === ps.length) return known;
    }
    const content = computeStarContent(star, members);
    contentCache.set(star.hub.src, content);
    return content;
}

function computeStarContent(star: Star, members: Site[]): StarContent {
    const prefixes: (Prefix | undefined)[] = [];
    const entries: { site: number; p: Prefix }[] = [];
    members.forEach((m, i) => {
        for (const n of m.networks) { entries.push({ site: i, p: n.prefix }); prefixes.push(n.prefix); }
        prefixes.push(undefined);
    });
    entries.sort((x, y) => x.p.version - y.p.version || (x.p.first < y.p.first ? -1 : x.p.first > y.p.first ? 1 : 0));
    // Sweep: the open range reaching furthest, and the furthest one of another site.
    const entangled = new Set<number>();
    let version = 0;
    let best: { site: number; last: bigint } | undefined;
    let other: { site: number; last: bigint } | undefined;
    for (const { site, p } of entries) {
        if (p.version !== version) { version = p.version; best = other = undefined; }
        const hit = best && best.site !== site && best.last >= p.first ? best : other && other.site !== site && other.last >= p.first ? other : undefined;
        if (hit) { entangled.add(site); entangled.add(hit.site); }
        if (!best || p.last > best.last) {
            if (best && best.site !== site) other = best;
            best = { site, last: p.last };
        } else if (site !== best.site && (!other || p.last > other.last)) {
            other = { site, last: p.last };
        }
    }
    entangled.delete(0); // a spoke overlapping the centre is in the set; the centre's own ends are not star selectors
    const spokeEntries = entries.filter(e => e.site !== 0);
    return {
        prefixes,
        all: new PrefixSet(entries.map(e => e.p)),
        spokes: new PrefixSet(spokeEntries.map(e => e.p)),
        spokeCount: spokeEntries.length,
        entangled: [...entangled],
    };
}

const spokeCounts = caches.weak<Star, number>('selectors.spokeCounts');

/** How many networks the spokes of `star` have in all (without building its address sets). */
function spokeCount(star: Star): number {
    let n = spokeCounts.get(star);
    if (n === undefined) {
        n = 0;
        for (const s of star.spokes) n += s.networks.length;
        spokeCounts.set(star, n);
    }
    return n;
}

/** How many networks `e[side]` lists, without listing a derived one. */
export function selectorSize(e: TunnelEnd, side: Side): number {
    const d = derivedOf(e, side);
    if (!d) return e[side].length;
    if (!d.star) return d.site.networks.length;
    return d.site.networks.length + spokeCount(d.star) - (d.except?.networks.length ?? 0);
}

/** The first `n` networks `e[side]` lists, without listing a derived one. */
export function selectorHead(e: TunnelEnd, side: Side, n: number): Net[] {
    const d = derivedOf(e, side);
    if (!d?.star) return e[side].slice(0, n);
    const out: Net[] = [];
    const take = (site: Site) => { for (const x of site.networks) { if (out.length >= n) return; out.push({ prefix: x.prefix }); } };
    take(d.site);
    for (const s of d.star.spokes) {
        if (out.length >= n) break;
        if (s !== d.except) take(s);
    }
    return out;
}

/** What analyses ask of a selector's address set. */
export interface Coverage {
    /** Every address of `p` is in the selector. */
    covers(p: Prefix | AddressRange): boolean;
}

const setCache = caches.weak<readonly Net[], PrefixSet>('selectors.setOfNets');

/** The address set of a list of networks (kept per list: lists are not changed once built). */
export function setOfNets(nets: readonly Net[]): PrefixSet {
    let s = setCache.get(nets);
    if (!s) setCache.set(nets, s = new PrefixSet(nets.map(n => n.prefix)));
    return s;
}

const coverageCache = caches.weak<TunnelEnd, { local?: Coverage; remote?: Coverage }>('selectors.coverage');

/**
 * The address set of `e[side]`. For the end of a star's centre towards spoke X (derived), it is
 * "every member's networks but X's": answered from the star's shared set when X's networks
 * overlap no other member's, else from the listed selector.
 */
export function selectorCoverage(e: TunnelEnd, side: Side): Coverage {
    let c = coverageCache.get(e);
    if (!c) coverageCache.set(e, c = {});
    const known = c[side];
    if (known) return known;
    const d = derivedOf(e, side);
    let made: Coverage;
    if (d?.star && d.site === d.star.hub && d.except && !starNets(d.star).entangled.has(d.except)) {
        const sn = starNets(d.star);
        const except = sn.own(d.except);
        made = { covers: p => sn.all.covers(p) && !except.intersects(p) };
    } else {
        made = setOfNets(e[side]);
    }
    c[side] = made;
    return made;
}

/** Is `e[side]` the derived selector of the centre of `star` towards `spoke`? */
export function isStarSelector(e: TunnelEnd, side: Side, star: Star, spoke: Site): boolean {
    const d = derivedOf(e, side);
    return d?.star === star && d.site === star.hub && d.except === spoke;
}

/**
 * Does `set` together with `allowed` cover every address of `target`? Counts addresses of
 * `target` inside the ranges of `set` and `allowed` (binary search per range), so it costs
 * O(r log t) for r ranges of the (small) selector and t of the (large) target, not O(t).
 */
export function coversWith(set: PrefixSet, allowed: PrefixSet, target: PrefixSet): boolean {
    const union = new PrefixSet([...set.ranges, ...allowed.ranges]);
    return measureInside(target, union) === measure(target);
}

const measureCache = caches.weak<PrefixSet, { total: bigint; cum: bigint[] }>('selectors.prefixSums');

function prefixSums(s: PrefixSet): { total: bigint; cum: bigint[] } {
    let m = measureCache.get(s);
    if (!m) {
        const cum: bigint[] = [0n];
        for (const r of s.ranges) cum.push(cum[cum.length - 1] + (r.last - r.first + 1n));
        m = { total: cum[cum.length - 1], cum };
        measureCache.set(s, m);
    }
    return m;
}

function measure(s: PrefixSet): bigint {
    return prefixSums(s).total;
}

/** The number of addresses of `target` inside `within` (ranges of one family never mix). */
function measureInside(target: PrefixSet, within: PrefixSet): bigint {
    const t = target.ranges;
    const { cum } = prefixSums(target);
    let sum = 0n;
    for (const w of within.ranges) {
        // first target range that ends at or after w.first (same family), last that starts at or before w.last
        let lo = 0, hi = t.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            const r = t[mid];
            if (r.version < w.version || (r.version === w.version && r.last < w.first)) lo = mid + 1; else hi = mid;
        }
        const i = lo;
        lo = i; hi = t.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            const r = t[mid];
            if (r.version < w.version || (r.version === w.version && r.first <= w.last)) lo = mid + 1; else hi = mid;
        }
        const j = lo; // exclusive
        if (j <= i) continue;
        sum += cum[j] - cum[i];
        const a = t[i], b = t[j - 1];
        if (a.first < w.first) sum -= w.first - a.first;
        if (b.last > w.last) sum -= b.last - w.last;
    }
    return sum;
}
