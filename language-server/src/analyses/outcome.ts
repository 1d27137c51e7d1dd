/**
 * The verdict on a tunnel: what IPsec will really do with the two ends' settings, not just
 * whether they differ. One of
 * - `up`: it comes up from either end, survives its rekeys and carries what it is configured for;
 * - `down`: it does not come up, and why (the IKE notification a gateway logs:
 *   NO_PROPOSAL_CHOSEN, AUTHENTICATION_FAILED, TS_UNACCEPTABLE, INVALID_ID_INFORMATION, or
 *   different IKE versions);
 * - `narrowed`: it comes up, negotiating narrower selectors than an end is configured with
 *   (what is lost, if anything, is for the reachability traces to say: `missing-route`);
 * - `until-rekey`: it comes up and fails at the first rekey of phase 1 or phase 2;
 * - `one-way`: it works only when a given end initiates.
 *
 * Derived once per tunnel from the effective settings of both ends and the providers'
 * negotiation behaviour (providers/*.ts `behaviour`, with sources); where a provider's behaviour
 * is not known, the verdict is the cautious one and says so. The crypto and selector analyses
 * take their severity and wording from it, and the hover shows it.
 *
 * Checked against real strongSwan 5.9.8 by the generated cases of `npm run test:netns`.
 */
import { suitesOf, parseProposal, suiteKey, type Phase, type Suite } from '../crypto/proposal.js';
import { cryptoOf, ikeOf, settingsOf } from '../resolve/settings.js';
import { contains, PrefixSet, type Prefix } from '../net/prefix.js';
import { setOfNets } from '../model/selectors.js';
import type { IkeVersion, Tunnel, TunnelEnd } from '../model/types.js';
import { getProfile, providerLabel } from '../providers/index.js';
import { caches } from '../util/cache-store.js';

export type DownReason = 'NO_PROPOSAL_CHOSEN' | 'AUTHENTICATION_FAILED' | 'TS_UNACCEPTABLE' | 'INVALID_ID_INFORMATION' | 'IKE version';

/** Per end (a, b): the local and remote selectors IKE negotiates. */
export type Negotiated = { end: TunnelEnd; local: Prefix[]; remote: Prefix[] }[];

/** What the selectors alone do when the outcome is decided by something else (the crypto): narrowed to what. */
export interface Narrowing { text: string; negotiated: Negotiated }

export type TunnelOutcome = (
    | { kind: 'up' }
    | { kind: 'down'; why: DownReason; phase: 'IKE_SA' | 'CHILD_SA' }
    | { kind: 'narrowed'; negotiated: Negotiated }
    | { kind: 'until-rekey'; phase: 'IKE_SA' | 'CHILD_SA' }
    | { kind: 'one-way'; initiator: TunnelEnd; why: DownReason }
) & { text: string; caveats: string[]; narrowing?: Narrowing };

export type OutcomeKind = TunnelOutcome['kind'];

const memo = caches.weak<Tunnel, TunnelOutcome>('outcome.tunnel');

/** The verdict on a tunnel (kept per tunnel object: the model is rebuilt on every change). */
export function tunnelOutcome(t: Tunnel): TunnelOutcome {
    let o = memo.get(t);
    if (!o) {
        o = computeOutcome(t);
        memo.set(t, o);
    }
    return o;
}

/**
 * What the selectors do, for the selector findings: narrowed (to what; also when the crypto decides
 * the outcome), or fail (the outcome's text, when its reason is a selector's); undefined when the
 * selectors play no part in the outcome.
 */
export function selectorOutcome(o: TunnelOutcome): ({ kind: 'narrowed' } & Narrowing) | { kind: 'fails'; text: string } | undefined {
    if (o.kind === 'narrowed') return { kind: 'narrowed', text: o.text, negotiated: o.negotiated };
    if ((o.kind === 'down' || o.kind === 'one-way') && (o.why === 'TS_UNACCEPTABLE' || o.why === 'INVALID_ID_INFORMATION')) return { kind: 'fails', text: o.text };
    if (o.narrowing) return { kind: 'narrowed', ...o.narrowing };
    return undefined;
}

/** "does not come up (NO_PROPOSAL_CHOSEN in phase 2)" and the like: the outcome as a phrase. */
export function outcomePhrase(o: TunnelOutcome): string {
    return o.text;
}

const label = (e: TunnelEnd) => providerLabel(e.site.provider);

function narrowsAt(e: TunnelEnd, v: IkeVersion): boolean | 'unknown' {
    return getProfile(e.site.provider).behaviour?.narrows[v] ?? 'unknown';
}

/** The suites an end offers in a phase: its effective proposals (resolve/: declared, mirrored or chosen). */
function offered(e: TunnelEnd, phase: Phase): Suite[] | undefined {
    const c = cryptoOf(e);
    if (!c) return undefined;
    return (phase === 'ike' ? c.ikeProposals : c.espProposals).value.flatMap(text => {
        const r = parseProposal(text, phase);
        return r.ok ? suitesOf(r.proposal) : [];
    });
}

const withoutDh = (s: Suite) => suiteKey({ ...s, dh: undefined });

/** The phase 1 suite when `i` initiates: the responder picks the first of its own list that `i` offers. */
function ikeSuite(i: TunnelEnd, r: TunnelEnd): Suite | undefined {
    const I = offered(i, 'ike'), R = offered(r, 'ike');
    if (!I || !R) return undefined;
    const ki = new Set(I.map(suiteKey));
    return R.find(s => ki.has(suiteKey(s)));
}

/**
 * The PFS group of the quick modes `i` starts (strongSwan 5.9.8 quick_mode.c build_i): the first
 * group any of its esp-proposals lists (child_cfg get_algorithm skips proposals without one);
 * phase 1's group instead when some proposal lists it; none only when no proposal has a group.
 * It then offers only the proposals with that group.
 */
function quickModeGroup(i: TunnelEnd, r: TunnelEnd): string | undefined {
    const esp = offered(i, 'esp') ?? [];
    const first = esp.find(s => s.dh)?.dh?.id;
    if (!first) return undefined;
    const p1 = ikeSuite(i, r)?.dh?.id;
    return p1 && esp.some(s => s.dh?.id === p1) ? p1 : first;
}

/** IKEv1: does a quick mode started by `i` find a proposal `r` accepts? */
function quickModeWorks(i: TunnelEnd, r: TunnelEnd): boolean {
    const I = offered(i, 'esp'), R = offered(r, 'esp');
    if (!I || !R) return true;
    const g = quickModeGroup(i, r);
    const kr = new Set(R.map(suiteKey));
    return I.filter(s => s.dh?.id === g).some(s => kr.has(suiteKey(s)));
}

function computeOutcome(t: Tunnel): TunnelOutcome {
    const sel: { v?: Partial } = {};
    const o = decide(t, sel);
    // selectors that narrow while the crypto decides the outcome: the selector findings still say to what
    if (sel.v?.kind === 'narrowed' && o !== sel.v) o.narrowing = { text: sel.v.text, negotiated: sel.v.negotiated };
    return o;
}

function decide(t: Tunnel, out: { v?: Partial }): TunnelOutcome {
    const { a, b } = t;
    const caveats: string[] = [];
    const va = ikeOf(a), vb = ikeOf(b);
    const v = va ?? vb;
    if (va && vb && va !== vb) {
        // the responder has no configuration for the initiator's IKE version: strongSwan answers NO_PROPOSAL_CHOSEN (measured)
        return { kind: 'down', why: 'NO_PROPOSAL_CHOSEN', phase: 'IKE_SA', caveats, text: `does not come up (NO_PROPOSAL_CHOSEN): ${a.site.name} speaks IKEv${va} and ${b.site.name} IKEv${vb}` };
    }
    if (!v) return { kind: 'down', why: 'IKE version', phase: 'IKE_SA', caveats, text: 'does not come up: the two ends share no IKE version' };
    // strongSwan 5.9.8 checks in this order: phase 1 (IKE_SA_INIT / main mode proposals, then
    // authentication), then per CHILD_SA / quick mode the traffic selectors (child_create.c build_r,
    // quick_mode.c process_r: no matching config -> TS_UNACCEPTABLE / INVALID_ID_INFORMATION), and
    // only then the ESP proposals (NO_PROPOSAL_CHOSEN)
    const phase1 = cryptoVerdict(t, v, caveats, 'ike');
    if (phase1.kind === 'down') return phase1;
    // the keys are used only after the phase 1 proposals are agreed (IKE_AUTH, main mode messages 5-6)
    if (a.psk?.kind === 'literal' && b.psk?.kind === 'literal' && a.psk.value !== b.psk.value) {
        return { kind: 'down', why: 'AUTHENTICATION_FAILED', phase: 'IKE_SA', caveats, text: `does not come up (AUTHENTICATION_FAILED): the pre-shared keys of ${a.site.name} and ${b.site.name} differ` };
    }
    // only two separately written ends can differ: mirrored and derived ends are mirror images
    const sel: Partial = t.kind !== 'pair' ? { kind: 'fine' } : v === 1 ? selectorsIkev1(t, caveats) : selectorsIkev2(t, v, caveats);
    out.v = sel;
    if (sel.kind === 'down') return sel;
    const crypto = cryptoVerdict(t, v, caveats, 'esp');
    if (crypto.kind === 'down') return crypto;
    // who can initiate: both, unless the quick modes (IKEv1 PFS) or the selectors (IKEv1 pairs) of one end fail;
    // an end's quick modes fail on their selectors first, and those that pass them on their proposals
    const parts = [sel, crypto].filter((x): x is OneWay => x.kind === 'initiates');
    const fails = [0, 1].map(i => parts.filter(x => !x.works[i] && !(x === crypto && sel.kind === 'initiates' && sel.allFail?.[i])));
    const works = fails.map(f => f.length === 0);
    const whys = (i: number) => [...new Set(fails[i].map(x => x.why))].join(' and ');
    if (!works[0] && !works[1]) {
        const same = whys(0) === whys(1);
        const head = same ? whys(0) : `${whys(0)} when ${a.site.name} initiates, ${whys(1)} when ${b.site.name} initiates`;
        return { kind: 'down', why: fails[0][0].why, phase: 'CHILD_SA', caveats, text: `does not come up (${head}): ${parts.map(x => x.reason).join('; ')}` };
    }
    if (works[0] !== works[1]) {
        const ok = works[0] ? a : b;
        const bad = works[0] ? 1 : 0;
        return { kind: 'one-way', initiator: ok, why: fails[bad][0].why, caveats, text: `works only when ${ok.site.name} initiates: ${fails[bad].map(x => x.reason).join('; ')}` };
    }
    if (crypto.kind === 'until-rekey') return crypto;
    if (sel.kind === 'narrowed') return sel;
    return { kind: 'up', caveats, text: 'comes up from either end' };
}

/** An end whose initiations fail (internal: combined into `one-way` or `down`). */
interface OneWay { kind: 'initiates'; works: boolean[]; why: DownReason; reason: string; /** Per end: every one of its quick modes fails (on its selectors). */ allFail?: boolean[] }
type Partial = TunnelOutcome | OneWay | { kind: 'fine' };

/** What the proposals of one phase do: phase 1 (`ike`) before the selectors, phase 2 (`esp`) after them. */
function cryptoVerdict(t: Tunnel, v: IkeVersion, caveats: string[], only: Phase): Partial {
    const { a, b } = t;
    let result: Partial = { kind: 'fine' };
    const noSuite = [a, b].find(e => settingsOf(e).crypto.state === 'no-common-suite');
    if (noSuite && only === 'ike') return { kind: 'down', why: 'NO_PROPOSAL_CHOSEN', phase: 'IKE_SA', caveats, text: `does not come up (NO_PROPOSAL_CHOSEN): ${label(a)} and ${label(b)} share no suite with IKEv${v}` };
    for (const phase of [only]) {
        const A = offered(a, phase), B = offered(b, phase);
        if (!A || !B) continue;
        const kb = new Set(B.map(suiteKey));
        const shared = A.filter(s => kb.has(suiteKey(s)));
        if (phase === 'ike') {
            if (shared.length === 0) return { kind: 'down', why: 'NO_PROPOSAL_CHOSEN', phase: 'IKE_SA', caveats, text: `does not come up (NO_PROPOSAL_CHOSEN in phase 1): the ike-proposals of ${a.site.name} and ${b.site.name} share no suite` };
            continue;
        }
        const kbNoDh = new Set(B.map(withoutDh));
        if (!A.some(s => kbNoDh.has(withoutDh(s)))) return { kind: 'down', why: 'NO_PROPOSAL_CHOSEN', phase: 'CHILD_SA', caveats, text: `does not come up (NO_PROPOSAL_CHOSEN in phase 2): the esp-proposals of ${a.site.name} and ${b.site.name} share no suite` };
        const pfs = (x: Suite[]) => [...new Set(x.map(s => s.dh?.id ?? 'no PFS'))].join(', ');
        const groups = `${a.site.name} has ${pfs(A)}, ${b.site.name} has ${pfs(B)}`;
        if (v === 1) {
            // IKEv1 negotiates PFS in every quick mode, and strongSwan's initiator offers only the
            // proposals with one group: phase 1's when it lists it, else its first proposal's
            const works = [quickModeWorks(a, b), quickModeWorks(b, a)];
            if (!works[0] && !works[1]) return { kind: 'down', why: 'NO_PROPOSAL_CHOSEN', phase: 'CHILD_SA', caveats, text: `does not come up (NO_PROPOSAL_CHOSEN in phase 2): the PFS groups differ (${groups}), and IKEv1 negotiates PFS in every quick mode` };
            if (works[0] !== works[1]) {
                const ok = works[0] ? a : b, bad = ok === a ? b : a;
                result = { kind: 'initiates', works, why: 'NO_PROPOSAL_CHOSEN', reason: `the quick modes ${bad.site.name} starts offer only its esp-proposals with PFS group ${quickModeGroup(bad, ok) ?? 'none'}, which ${ok.site.name} does not accept (NO_PROPOSAL_CHOSEN; ${groups})` };
            }
            continue;
        }
        if (shared.length === 0) {
            const rekey = [a, b].map(e => getProfile(e.site.provider).behaviour?.pfsMismatchAtRekey ?? 'unknown');
            const unknown = [...new Set([a, b].filter((_, i) => rekey[i] === 'unknown').map(label))];
            if (unknown.length) caveats.push(`what ${unknown.join(' and ')} do${unknown.length === 1 ? 'es' : ''} at a CHILD_SA rekey with a PFS group ${unknown.length === 1 ? 'it does' : 'they do'} not accept is not documented; Topo assumes the rekey fails`);
            result = { kind: 'until-rekey', phase: 'CHILD_SA', caveats, text: `comes up, then fails at the first CHILD_SA rekey (no acceptable KEY_EXCHANGE_METHOD): the PFS groups differ (${groups}); IKEv2 sets up the first CHILD_SA without a key exchange, so it shows only at the rekey` };
        }
    }
    return result;
}

const show = (ps: readonly Prefix[]) => ps.map(p => p.text).join(', ');
const intersect = (x: Prefix, y: Prefix): Prefix | undefined => (contains(x, y) ? y : contains(y, x) ? x : undefined);

/** IKEv2: one CHILD_SA with every selector; a narrowing responder answers with the intersection. */
function selectorsIkev2(t: Tunnel, v: IkeVersion, caveats: string[]): Partial {
    const { a, b } = t;
    const aL = setOfNets(a.local), aR = setOfNets(a.remote), bL = setOfNets(b.local), bR = setOfNets(b.remote);
    if (aL.equals(bR) && aR.equals(bL)) return { kind: 'fine' };
    const L = new PrefixSet(aL.intersection(bR)), R = new PrefixSet(aR.intersection(bL));
    if (L.isEmpty || R.isEmpty) {
        return { kind: 'down', why: 'TS_UNACCEPTABLE', phase: 'CHILD_SA', caveats,
            text: `does not come up (TS_UNACCEPTABLE): the ${L.isEmpty ? `local selector of ${a.site.name} and the remote selector of ${b.site.name}` : `remote selector of ${a.site.name} and the local selector of ${b.site.name}`} have no address in common` };
    }
    const down = notNarrowing(t, v, caveats, 'TS_UNACCEPTABLE');
    if (down) return down;
    return {
        kind: 'narrowed', caveats,
        negotiated: [{ end: a, local: L.toPrefixes(), remote: R.toPrefixes() }, { end: b, local: R.toPrefixes(), remote: L.toPrefixes() }],
        text: `comes up narrowed to ${show(L.toPrefixes())} (${a.site.name}) <-> ${show(R.toPrefixes())} (${b.site.name})`,
    };
}

/** A peer that does not narrow (or may not): selectors that are not mirror images do not come up. */
function notNarrowing(t: Tunnel, v: IkeVersion, caveats: string[], why: DownReason): TunnelOutcome | undefined {
    const ends = [t.a, t.b].filter(e => narrowsAt(e, v) !== true);
    if (!ends.length) return undefined;
    const unknown = [...new Set(ends.filter(e => narrowsAt(e, v) === 'unknown').map(label))];
    if (unknown.length) caveats.push(`whether ${unknown.join(' and ')} narrow${unknown.length === 1 ? 's' : ''} traffic selectors with IKEv${v} is not documented; Topo assumes ${unknown.length === 1 ? 'it does' : 'they do'} not`);
    return { kind: 'down', why, phase: 'CHILD_SA', caveats,
        text: `does not come up (${why}): the selectors are not mirror images and ${[...new Set(ends.map(label))].join(' and ')} ${ends.length === 1 ? 'does' : 'do'} not narrow them with IKEv${v}` };
}

/**
 * IKEv1: one CHILD_SA per local/remote pair (one selector each side). A quick mode for the pair
 * (l, r) finds the responder's pair (l', r') that matches it best (equal selectors before
 * overlapping ones) and is narrowed to the common part; with none it fails (INVALID_ID_INFORMATION). An end initiates successfully when
 * every one of its pairs finds one.
 */
function selectorsIkev1(t: Tunnel, caveats: string[]): Partial {
    const { a, b } = t;
    const pairs = (e: TunnelEnd) => e.local.flatMap(l => e.remote.map(r => [l.prefix, r.prefix] as const));
    const narrowedPairs: string[] = [];
    const failing: string[][] = [];
    // what both ends' configurations would carry, seen from a: (a's side, b's side)
    const agreed: (readonly [Prefix, Prefix])[] = [];
    for (const [l, r] of pairs(a)) for (const [l2, r2] of pairs(b)) {
        const x = intersect(l, r2), y = intersect(r, l2);
        if (x && y && !agreed.some(([p, q]) => p.text === x.text && q.text === y.text)) agreed.push([x, y]);
    }
    const agreedFrom = (i: TunnelEnd) => (i === a ? agreed : agreed.map(([x, y]) => [y, x] as const));
    const negotiatedOf = new Map<TunnelEnd, { local: Prefix[]; remote: Prefix[] }>();
    const works = [a, b].map(i => {
        const r = i === a ? b : a;
        const fails: string[] = [];
        const got = { local: [] as Prefix[], remote: [] as Prefix[] };
        for (const [l, rr] of pairs(i)) {
            // the responder's best pair (peer_cfg.c select_child_cfg: 5 per side for an equal
            // selector, 1 for an overlapping one; the first of equal scores)
            let hit: [Prefix, Prefix] | undefined;
            let best = 0;
            for (const [l2, r2] of pairs(r)) {
                const x = intersect(l, r2), y = intersect(rr, l2);
                if (!x || !y) continue;
                const score = (l.text === r2.text ? 5 : 1) + (rr.text === l2.text ? 5 : 1);
                if (score > best) { best = score; hit = [x, y]; }
            }
            if (!hit) { fails.push(`${l.text} <-> ${rr.text}`); continue; }
            got.local.push(hit[0]); got.remote.push(hit[1]);
            if (hit[0].text !== l.text || hit[1].text !== rr.text) narrowedPairs.push(`${i.site.name}: ${l.text} <-> ${rr.text} to ${hit[0].text} <-> ${hit[1].text}`);
        }
        // a quick mode is narrowed to one pair of the responder: what both ends would carry
        // but no SA of this initiator covers is lost whenever this end initiates
        const carried = got.local.map((l, k) => [l, got.remote[k]] as const);
        for (const [x, y] of agreedFrom(i)) {
            if (!carried.some(([p, q]) => contains(p, x) && contains(q, y))) fails.push(`${x.text} <-> ${y.text} (not carried: its quick modes are narrowed to other pairs of ${r.site.name})`);
        }
        negotiatedOf.set(i, got);
        failing.push(fails);
        return fails.length === 0;
    });
    if (!works[0] && !works[1] && failing.every((f, i) => f.filter(x => !x.includes('not carried')).length === pairs(i === 0 ? a : b).length)) {
        return { kind: 'down', why: 'INVALID_ID_INFORMATION', phase: 'CHILD_SA', caveats, text: `does not come up (INVALID_ID_INFORMATION): no local/remote pair of ${a.site.name} overlaps one of ${b.site.name}` };
    }
    if (!works[0] || !works[1] || narrowedPairs.length) {
        const down = notNarrowing(t, 1, caveats, 'INVALID_ID_INFORMATION');
        if (down) return down;
    }
    if (works[0] !== works[1] || (!works[0] && !works[1])) {
        const reason = [a, b].map((e, i) => (failing[i].length ? `when ${e.site.name} initiates, ${failing[i].map(f => (f.includes('not carried') ? f : `its pair ${f} finds no pair of ${(e === a ? b : a).site.name} (INVALID_ID_INFORMATION)`)).join('; ')}` : '')).filter(Boolean).join('; ');
        const allFail = [a, b].map((e, i) => failing[i].filter(x => !x.includes('not carried')).length === pairs(e).length);
        return { kind: 'initiates', works, why: 'INVALID_ID_INFORMATION', reason, allFail };
    }
    if (!narrowedPairs.length) return { kind: 'fine' };
    const ga = negotiatedOf.get(a)!, gb = negotiatedOf.get(b)!;
    return {
        kind: 'narrowed', caveats,
        negotiated: [{ end: a, local: ga.local, remote: ga.remote }, { end: b, local: gb.local, remote: gb.remote }],
        text: `comes up narrowed (IKEv1, one CHILD_SA per pair): ${narrowedPairs.join('; ')}`,
    };
}

/** Selectors of one end, as text. */
export interface EndSelectors { site: string; local: string[]; remote: string[] }

/**
 * The outcome of a tunnel as data, for the machine outputs (`topo check --format json`, SARIF
 * result properties): the same verdict as the messages and the hover, structured.
 */
export interface OutcomeData {
    tunnel: string;
    kind: OutcomeKind;
    /** The verdict in words, as the messages and the hover give it. */
    text: string;
    /** down / one-way: the IKE notification (or 'IKE version'). */
    reason?: DownReason;
    /** down: the exchange that fails (IKE_SA: phase 1 or authentication; CHILD_SA: phase 2). */
    phase?: 'IKE_SA' | 'CHILD_SA';
    /** one-way: the site whose end must initiate. */
    initiator?: string;
    /** until-rekey: when it fails. */
    failsAt?: 'first IKE_SA rekey' | 'first CHILD_SA rekey';
    /** narrowed (also when the crypto decides the kind): the selectors each end negotiates (IKEv1: over all its pairs) ... */
    negotiated?: EndSelectors[];
    /** ... and what each end is configured with but does not negotiate (the addresses lost). */
    lost?: EndSelectors[];
    /** What is not documented about a provider, and the cautious assumption taken. */
    caveats: string[];
}

const dataMemo = caches.weak<Tunnel, OutcomeData>('outcome.data');

export function outcomeData(t: Tunnel): OutcomeData {
    let d = dataMemo.get(t);
    if (d) return d;
    const o = tunnelOutcome(t);
    d = { tunnel: t.name, kind: o.kind, text: o.text, caveats: o.caveats };
    if (o.kind === 'down') Object.assign(d, { reason: o.why, phase: o.phase });
    if (o.kind === 'one-way') Object.assign(d, { reason: o.why, initiator: o.initiator.site.name });
    if (o.kind === 'until-rekey') d.failsAt = `first ${o.phase} rekey`;
    const n = selectorOutcome(o);
    if (n?.kind === 'narrowed') {
        const texts = (ps: Prefix[]) => [...new Set(ps.map(p => p.text))];
        d.negotiated = n.negotiated.map(x => ({ site: x.end.site.name, local: texts(x.local), remote: texts(x.remote) }));
        d.lost = n.negotiated.map(x => ({
            site: x.end.site.name,
            local: setOfNets(x.end.local).minus(new PrefixSet(x.local)).map(p => p.text),
            remote: setOfNets(x.end.remote).minus(new PrefixSet(x.remote)).map(p => p.text),
        }));
    }
    dataMemo.set(t, d);
    return d;
}
