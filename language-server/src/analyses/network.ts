/**
 * Shared views of the resolved model for the network analyses (overlaps, selectors,
 * reachability) and their hover text: intended reachability, the path traffic takes between two
 * sites, where a selector's value is written, and edits of selector properties.
 * Pure functions of the model (no Langium).
 */
import { PrefixSet, type Prefix } from '../net/prefix.js';
import { setOfNets } from '../model/selectors.js';
import type { Edit, Net, Site, SourceRef, Star, Topology, TunnelEnd } from '../model/types.js';
import { otherEnd } from '../resolve/index.js';
export { otherEnd };

export type Side = 'local' | 'remote';

export const opposite = (s: Side): Side => (s === 'local' ? 'remote' : 'local');

export const texts = (ps: readonly { text: string }[]): string => ps.map(p => p.text).join(', ') || '(none)';
export const netTexts = (ns: readonly Net[]): string => texts(ns.map(n => n.prefix));

/**
 * The part of `whole` that `present` does not cover, in the shorter words: `10.20.128.0/17 of
 * 10.20.0.0/16`, or `10.55.0.0/16 except 10.55.8.0/24` where listing the gap would take 8 prefixes.
 */
export function gapText(whole: Prefix, present: PrefixSet): string {
    const gap = new PrefixSet([whole]).minus(present);
    if (gap.length === 1 && gap[0].text === whole.text) return whole.text;
    const kept = new PrefixSet([whole]).intersection(present);
    return kept.length < gap.length ? `${whole.text} except ${texts(kept)}` : `${texts(gap)} of ${whole.text}`;
}

export function origin(e: TunnelEnd, side: Side) {
    return side === 'local' ? e.localOrigin : e.remoteOrigin;
}

/** "tunnel end gd2-pek3 at gd2" */
export function endLabel(e: TunnelEnd): string {
    return `tunnel end ${e.name} at ${e.site.name}`;
}

/** A selector property as written in the file: whose statement holds it, and its networks. */
export interface WrittenSelector {
    /** The end whose statement holds the text (for a mirrored value: the other end). */
    owner: TunnelEnd;
    side: Side;
    src: SourceRef;
    nets: Net[];
}

/**
 * Where the effective `side` selector of `e` is written: its own property when declared, the
 * other end's opposite property when mirrored; undefined when derived from the sites.
 */
export function writtenSelector(e: TunnelEnd, side: Side): WrittenSelector | undefined {
    const o = origin(e, side);
    if (o === 'declared') {
        const src = side === 'local' ? e.source?.localSrc : e.source?.remoteSrc;
        return src ? { owner: e, side, src, nets: e[side] } : undefined;
    }
    if (o === 'mirrored') {
        const other = otherEnd(e);
        const s = opposite(side);
        const src = s === 'local' ? other.source?.localSrc : other.source?.remoteSrc;
        return src ? { owner: other, side: s, src, nets: other[s] } : undefined;
    }
    return undefined;
}

/** The best place to point at for the `side` selector of `e`. */
export function selectorRef(e: TunnelEnd, side: Side): SourceRef {
    return writtenSelector(e, side)?.src ?? statementRef(e);
}

/** The statement of an end, or of its tunnel's other end, or else the site (derived tunnels). */
export function statementRef(e: TunnelEnd): SourceRef {
    if (e.source) return e.source.nameSrc;
    const o = otherEnd(e);
    return o.source?.nameSrc ?? e.site.nameSrc;
}

/** Rewrites a written selector property: `side a, b, c`. */
export function rewriteEdit(w: WrittenSelector, prefixes: readonly Prefix[]): Edit {
    return { uri: w.src.uri, range: w.src.range, newText: `${w.side} ${prefixes.map(p => p.text).join(', ')}` };
}

/**
 * The new value of a written selector when `add` is added and, for a `remote` selector, the
 * elements that lie wholly inside the owner's own networks are dropped. Written order is kept.
 */
export function amendSelector(w: WrittenSelector, add: readonly Prefix[]): { value: Prefix[]; dropped: Prefix[] } {
    const own = setOf(w.owner.site.networks);
    const kept: Prefix[] = [];
    const dropped: Prefix[] = [];
    for (const n of w.nets) {
        if (w.side === 'remote' && own.covers(n.prefix)) dropped.push(n.prefix);
        else kept.push(n.prefix);
    }
    const have = new PrefixSet(kept);
    for (const p of add) if (!have.covers(p) && !kept.some(k => k.text === p.text)) kept.push(p);
    return { value: kept, dropped };
}

/** The address set of a list of networks (cached per list: the model is immutable while analysed). */
export const setOf = setOfNets;

/** One hop of a path: traffic leaves `send.site` through `send` and arrives at `recv.site` through `recv`. */
export interface Hop { send: TunnelEnd; recv: TunnelEnd }

/**
 * Lookups over one topology: tunnel ends by site pair, stars by hub, intended reachability and
 * paths. Build once per analysis run.
 */
export class NetworkView {
    private readonly starOf = new Map<Site, Star>();

    constructor(readonly topology: Topology) {
        for (const s of topology.stars) this.starOf.set(s.hub, s);
    }

    /**
     * The end at `site` of the tunnel towards `peer`, if one joins them: the first in tunnel
     * order. Looked up in the shorter of the two sites' lists of ends (a star's centre has one
     * end per spoke, a spoke one or two), so no index of every end is built per run.
     */
    endTo(site: Site, peer: Site): TunnelEnd | undefined {
        if (site.ends.length > peer.ends.length) {
            for (const e of peer.ends) {
                if (e.peer !== site) continue;
                const o = otherEnd(e);
                if (o.site === site && o.peer === peer) return o;
                break;
            }
        }
        for (const e of site.ends) if (e.peer === peer) return e;
        return undefined;
    }

    /** Every end at `site` of a tunnel towards `peer`: redundant tunnels (distinct gateway pairs) give several. */
    endsTo(site: Site, peer: Site): TunnelEnd[] {
        const small = site.ends.length <= peer.ends.length;
        const out: TunnelEnd[] = [];
        for (const e of small ? site.ends : peer.ends) {
            if (small ? e.peer === peer : e.peer === site) out.push(small ? e : otherEnd(e));
        }
        return out;
    }

    star(hub: Site | undefined): Star | undefined {
        return hub ? this.starOf.get(hub) : undefined;
    }

    /** Same star (spoke to spoke through the hub), or joined by a tunnel: the contract's intended reachability. */
    mustReach(a: Site, b: Site): boolean {
        if (a === b) return false;
        if (a.hub && a.hub === b.hub) return true;
        return this.endTo(a, b) !== undefined;
    }

    /** Why a and b must reach each other, for messages. */
    reason(a: Site, b: Site): string {
        const e = this.endTo(a, b);
        if (e) return `they are joined by tunnel ${e.tunnel.kind === 'derived' ? `${e.tunnel.name} (derived from hub ${e.tunnel.a.site.name})` : e.tunnel.name}`;
        if (a.hub && a.hub === b.hub) return `they are in the star of ${a.hub.name}`;
        return 'they are not meant to reach each other';
    }

    /** Every unordered pair of sites that must reach each other, each once. */
    intendedPairs(): [Site, Site][] {
        const seen = new Map<Site, Set<Site>>();
        const out: [Site, Site][] = [];
        const add = (a: Site, b: Site) => {
            if (a === b) return;
            if (seen.get(a)?.has(b) || seen.get(b)?.has(a)) return;
            let s = seen.get(a);
            if (!s) seen.set(a, s = new Set());
            s.add(b);
            out.push([a, b]);
        };
        for (const t of this.topology.tunnels) add(t.a.site, t.b.site);
        for (const star of this.topology.stars) {
            const members = [star.hub, ...star.spokes];
            for (let i = 0; i < members.length; i++) for (let j = i + 1; j < members.length; j++) add(members[i], members[j]);
        }
        return out;
    }

    /** Sites `site` must reach, in a stable order: tunnel peers, then its star. */
    peersOf(site: Site): Site[] {
        const out = new Set<Site>(site.ends.map(e => e.peer));
        const star = this.star(site.hub);
        if (star) for (const s of [star.hub, ...star.spokes]) if (s !== site) out.add(s);
        return [...out];
    }

    /** The hops traffic from `from` to `to` takes: a direct tunnel, else spoke -> hub -> spoke. */
    path(from: Site, to: Site): Hop[] | undefined {
        const direct = this.endTo(from, to);
        if (direct) return [{ send: direct, recv: otherEnd(direct) }];
        const hub = from.hub;
        if (!hub || hub !== to.hub || hub === from || hub === to) return undefined;
        const first = this.endTo(from, hub);
        const second = this.endTo(hub, to);
        if (!first || !second) return undefined;
        return [{ send: first, recv: otherEnd(first) }, { send: second, recv: otherEnd(second) }];
    }

    /**
     * The networks the contract derives for the `local` side of `site`'s end towards `peer`: its
     * own, and at the centre of a star towards one of its spokes also every other spoke's.
     */
    derivedLocal(site: Site, peer: Site): Prefix[] {
        const own = site.networks.map(n => n.prefix);
        const star = this.starOf.get(site);
        if (!star || peer.hub !== site || peer === site) return own;
        return [...own, ...star.spokes.filter(s => s !== peer).flatMap(s => s.networks.map(n => n.prefix))];
    }
}
