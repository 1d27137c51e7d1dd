/**
 * Traffic selectors of tunnel ends.
 * - `selector-self-overlap`: an end's `remote` overlaps its own site's networks (traffic to its
 *   own network would be sent into the tunnel). Reported at the written selector element.
 * - `selector-mismatch`: two declared ends (`A -> B` and `B -> A`) that are not mirror images,
 *   per direction (A.local vs B.remote, A.remote vs B.local), compared as address sets (adjacent
 *   prefixes merge, so equivalent lists are not mismatches). Reported on the end that is wrong
 *   when that can be told (it overlaps its own site, or the other end is exactly what the
 *   contract derives), else on both; the fix makes this end the mirror of the other.
 */
import { PrefixSet, type Prefix } from '../net/prefix.js';
import type { Edit, Finding, QuickFix, Topology, TunnelEnd } from '../model/types.js';
import {
    endLabel, netTexts, NetworkView, opposite, rewriteEdit, selectorRef, setOf, texts, writtenSelector, type Side, type WrittenSelector,
} from './network.js';
import { outcomeData, selectorOutcome, tunnelOutcome } from './outcome.js';

export function analyseSelectors(topology: Topology): Finding[] {
    const view = new NetworkView(topology);
    const findings: Finding[] = [];
    for (const t of topology.tunnels) {
        for (const e of [t.a, t.b]) findings.push(...selfOverlap(e, view));
        if (t.kind === 'pair') findings.push(...mismatch(t.a, t.b, view));
    }
    return findings;
}

/** Route-based tunnels (static, bgp) commonly negotiate 0.0.0.0/0 / ::/0; that is not a self-overlap. */
function isCatchAll(p: Prefix, e: TunnelEnd): boolean {
    return p.length === 0 && (e.routing === 'static' || e.routing === 'bgp');
}

function selfOverlap(e: TunnelEnd, view: NetworkView): Finding[] {
    if (e.remoteOrigin === 'derived' || e.site.networks.length === 0) return [];
    const own = setOf(e.site.networks);
    const w = writtenSelector(e, 'remote');
    const findings: Finding[] = [];
    for (const n of e.remote) {
        if (!own.intersects(n.prefix) || isCatchAll(n.prefix, e)) continue;
        // the peer narrows the remote selector to what it has: what is installed may no longer overlap
        const outcome = selectorOutcome(tunnelOutcome(e.tunnel));
        const negotiated = outcome?.kind === 'narrowed' ? outcome.negotiated.find(x => x.end === e) : undefined;
        const narrowedAway = !!negotiated && !negotiated.remote.some(p => own.intersects(p));
        const hit = own.intersection(new PrefixSet([n.prefix]));
        const mirrored = e.remoteOrigin === 'mirrored';
        const where = mirrored && w ? ` (mirrored from the local selector of ${w.owner.name} at ${w.owner.site.name})` : '';
        const fix = w ? selfOverlapFix(e, w, view) : undefined;
        findings.push({
            code: 'selector-self-overlap', severity: narrowedAway ? 'warning' : 'error', outcome: outcomeData(e.tunnel),
            at: n.src ?? selectorRef(e, 'remote'),
            message: `The remote selector ${n.prefix.text} of ${endLabel(e)}${where} overlaps ${e.site.name}'s own network${hit.length > 1 ? 's' : ''} ${texts(hit)}: the remote side of the tunnel towards ${e.peer.name} must be ${e.peer.name}'s networks${e.peer.hub === e.peer && e.site.hub === e.peer ? ' (and the other spokes\')' : ''}, not ${e.site.name}'s.`
                + (narrowedAway ? ` Tunnel ${e.tunnel.name} ${outcome!.text}, so nothing of ${e.site.name} is sent into it.` : ''),
            related: [{ at: e.site.nameSrc, message: `Site ${e.site.name} has ${texts(hit)}.` }],
            fixes: fix ? [fix] : [],
        });
    }
    return findings;
}

/**
 * Drop every written element that overlaps the site's own networks and add what the contract
 * derives for the far side, if it is then missing (the guide's step 3: 172.26.0.0/24 -> 172.16.0.0/24).
 */
function selfOverlapFix(e: TunnelEnd, w: WrittenSelector, view: NetworkView): QuickFix | undefined {
    const own = setOf(e.site.networks);
    const kept = w.nets.map(n => n.prefix).filter(p => !own.intersects(p) || isCatchAll(p, e));
    const dropped = w.nets.map(n => n.prefix).filter(p => !kept.includes(p));
    const wanted = view.derivedLocal(e.peer, e.site).filter(p => !own.intersects(p));
    const added = new PrefixSet(wanted).minus(new PrefixSet(kept));
    const next = [...kept, ...added];
    if (next.length === 0) return undefined;
    return {
        title: `${added.length ? `Replace ${texts(dropped)} with ${texts(added)} in` : `Remove ${texts(dropped)} from`} the ${w.side} selector of ${w.owner.name}`,
        preferred: true,
        edits: [rewriteEdit(w, next)],
    };
}

/**
 * Is this written value what the far end should mirror? It covers what the contract derives for
 * that side and claims none of the receiving site's own networks.
 */
function plausible(value: PrefixSet, expected: Prefix[], notOf: TunnelEnd['site']): boolean {
    return value.coversAll(new PrefixSet(expected)) && !notOf.networks.some(n => value.intersects(n.prefix));
}

function mismatch(a: TunnelEnd, b: TunnelEnd, view: NetworkView): Finding[] {
    const findings: Finding[] = [];
    // Direction 1: a.local vs b.remote (a's side); direction 2: b.local vs a.remote (b's side).
    for (const [x, y] of [[a, b], [b, a]] as const) {
        if (x.localOrigin !== 'declared' || y.remoteOrigin !== 'declared') continue;
        const xs = setOf(x.local), ys = setOf(y.remote);
        if (xs.equals(ys)) continue;
        const expected = view.derivedLocal(x.site, y.site);
        // Both values describe x's side: neither may claim y's own networks.
        const xOk = plausible(xs, expected, y.site);
        const yOk = plausible(ys, expected, y.site);
        // what IKE does with the difference: narrowing to the common part is a warning (a lost
        // address is for missing-route to report), a tunnel that does not come up is an error
        const full = tunnelOutcome(a.tunnel);
        const outcome = selectorOutcome(full);
        const narrowed = outcome?.kind === 'narrowed';
        const consequence = outcome ? ` Tunnel ${a.tunnel.name} ${outcome.text}${full.caveats.length ? ` (${full.caveats.join('; ')})` : ''}.` : '';
        const report: [TunnelEnd, Side][] = xOk && !yOk ? [[y, 'remote']] : yOk && !xOk ? [[x, 'local']] : [[x, 'local'], [y, 'remote']];
        for (const [end, side] of report) {
            const other = end === x ? y : x;
            const otherSide = opposite(side);
            const mine = setOf(end[side]), theirs = setOf(other[otherSide]);
            const missing = theirs.minus(mine), extra = mine.minus(theirs);
            // a superset (or subset) leaves many small prefixes over: name the two values instead
            const wider = !missing.length && extra.length > 2 ? 'wider' : !extra.length && missing.length > 2 ? 'narrower' : undefined;
            const diff = wider ? ''
                : [
                    missing.length ? `${texts(missing)} ${missing.length === 1 ? 'is' : 'are'} missing` : '',
                    extra.length ? `${texts(extra)} ${extra.length === 1 ? 'is' : 'are'} extra` : '',
                ].filter(Boolean).join(' and ');
            const fix = mirrorFix(end, other);
            findings.push({
                code: 'selector-mismatch', severity: narrowed ? 'warning' : 'error', at: selectorRef(end, side), outcome: outcomeData(a.tunnel),
                message: wider
                    ? `The ${side} selector of ${endLabel(end)} (${netTexts(end[side])}) is ${wider} than the ${otherSide} selector of ${endLabel(other)} (${netTexts(other[otherSide])}), not its mirror.${consequence}`
                    : `The ${side} selector of ${endLabel(end)} (${netTexts(end[side])}) is not the mirror of the ${otherSide} selector of ${endLabel(other)} (${netTexts(other[otherSide])}): ${diff}.${consequence}`,
                related: [{ at: selectorRef(other, otherSide), message: `The ${otherSide} selector of ${other.name} at ${other.site.name}.` }],
                fixes: fix ? [fix] : [],
            });
        }
    }
    return findings;
}

/** "Make this end the mirror of <other>": rewrite this end's written local/remote. */
function mirrorFix(end: TunnelEnd, other: TunnelEnd): QuickFix | undefined {
    const edits: Edit[] = [];
    for (const side of ['local', 'remote'] as const) {
        if ((side === 'local' ? end.localOrigin : end.remoteOrigin) !== 'declared') continue;
        const w = writtenSelector(end, side);
        const want = other[opposite(side)];
        if (!w || setOf(end[side]).equals(setOf(want))) continue;
        edits.push(rewriteEdit(w, want.map(n => n.prefix)));
    }
    return edits.length ? { title: `Make ${end.name} the mirror of ${other.name}`, preferred: true, edits } : undefined;
}
