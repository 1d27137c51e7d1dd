/**
 * What two providers can negotiate: the IKE versions both offer, the strongest suite both accept
 * and the list of proposals both accept (for completion). Which of these a tunnel end uses is
 * decided in one place, resolve/settings.ts.
 *
 * "Strongest" = the suite whose weakest element has the best grade (providers.md §10.3), then by
 * the per-kind preference of ./algorithms.ts (encryption, integrity, PRF, DH in that order).
 */
import type { IkeVersion, ProviderId } from '../model/types.js';
import { accepted, getProfile } from '../providers/index.js';
import { type Algorithm, GRADE_ORDER, algorithm, prfForIntegrity } from '../crypto/algorithms.js';
import { type Phase, type Suite, formatSuite } from '../crypto/proposal.js';
import { caches } from '../util/cache-store.js';

/** IKE versions both ends offer, IKEv2 first. */
export function commonIkeVersions(a: ProviderId | undefined, b: ProviderId | undefined): IkeVersion[] {
    const vb = getProfile(b).ikeVersions;
    return getProfile(a).ikeVersions.filter(v => vb.includes(v)).sort((x, y) => y - x);
}

function common(a: ProviderId | undefined, b: ProviderId | undefined, ike: IkeVersion, phase: Phase, kind: 'encryption' | 'integrity' | 'prf' | 'dh'): Algorithm[] {
    const sb = new Set(accepted(b, ike, phase, kind));
    return accepted(a, ike, phase, kind).filter(x => sb.has(x)).map(algorithm);
}

function pfsRequired(p: ProviderId | undefined, ike: IkeVersion): boolean {
    return getProfile(p).versions[ike]?.pfs === 'required';
}

/** A missing element (AEAD integrity) scores as strong; a missing PFS group as weak (providers.md §10.3: no PFS = weak). */
const NONE_STRONG = { grade: 'strong', rank: 100 } as const;
const NO_PFS = { grade: 'weak', rank: 0 } as const;
type Scored = { grade: keyof typeof GRADE_ORDER; rank: number };

function score(s: Suite, phase: Phase): number[] {
    const parts: Scored[] = [
        s.encryption,
        s.integrity ?? NONE_STRONG,
        phase === 'ike' ? (s.prf ?? NONE_STRONG) : NONE_STRONG,
        s.dh ?? NO_PFS,
    ];
    const minGrade = Math.min(...parts.map(p => GRADE_ORDER[p.grade]));
    return [minGrade, ...parts.flatMap(p => [GRADE_ORDER[p.grade], p.rank])];
}

function compareScores(x: number[], y: number[]): number {
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return y[i] - x[i];
    return 0;
}

/**
 * Every suite both ends accept in a phase (one per encryption x integrity x DH; the PRF is the one
 * derived from the integrity algorithm when both accept it, else the best common PRF), strongest first.
 */
function commonSuites(a: ProviderId | undefined, b: ProviderId | undefined, phase: Phase, ike: IkeVersion): Suite[] {
    // profiles are static data: compute each pair once (completion and inlay hints ask on every keystroke)
    const key = `${a ?? 'strongswan'}|${b ?? 'strongswan'}|${phase}|${ike}`;
    return suiteCache.getOr(key, () => computeCommonSuites(a, b, phase, ike));
}

// keyed by two provider ids, a phase and a version: a few hundred keys at most
const suiteCache = caches.bounded<string, Suite[]>('negotiate.commonSuites', 1024);

function computeCommonSuites(a: ProviderId | undefined, b: ProviderId | undefined, phase: Phase, ike: IkeVersion): Suite[] {
    if (!getProfile(a).versions[ike] || !getProfile(b).versions[ike]) return [];
    const encs = common(a, b, ike, phase, 'encryption');
    const integs = common(a, b, ike, phase, 'integrity');
    const prfs = phase === 'ike' ? common(a, b, ike, phase, 'prf').sort((x, y) => compareScores([GRADE_ORDER[x.grade], x.rank], [GRADE_ORDER[y.grade], y.rank])) : [];
    const dhs: (Algorithm | undefined)[] = common(a, b, ike, phase, 'dh');
    if (phase === 'esp' && !pfsRequired(a, ike) && !pfsRequired(b, ike)) dhs.push(undefined);
    if (phase === 'ike' && dhs.length === 0) return [];

    const out: Suite[] = [];
    for (const e of encs) {
        const integOptions: (Algorithm | undefined)[] = e.aead ? [undefined] : integs;
        for (const i of integOptions) {
            let prf: Algorithm | undefined;
            if (phase === 'ike') {
                const derived = i ? prfForIntegrity(i) : undefined;
                prf = derived && prfs.includes(derived) ? derived : prfs[0];
                if (!prf) continue;
            }
            for (const d of dhs) out.push({ encryption: e, integrity: i, prf, dh: d });
        }
    }
    return out
        .map(s => ({ s, k: score(s, phase) }))
        .sort((x, y) => compareScores(x.k, y.k))
        .map(x => x.s);
}

/**
 * The strongest suite both ends accept, as strongSwan proposals. Without `ike`, IKEv2 when both
 * offer it. Undefined when the ends share no IKE version or no suite in a phase.
 */
type Strongest = { ike: IkeVersion; ikeProposal: string; espProposal: string };
/** Per (provider, provider, version): the answer depends on the profiles only, and is asked for every tunnel. */
const strongestCache = caches.bounded<string, Strongest | undefined>('negotiate.strongest', 1024);

export function strongestCommon(
    a: ProviderId | undefined,
    b: ProviderId | undefined,
    ike?: IkeVersion,
): Strongest | undefined {
    return strongestCache.getOr(`${a}|${b}|${ike}`, () => computeStrongest(a, b, ike));
}

function computeStrongest(a: ProviderId | undefined, b: ProviderId | undefined, ike?: IkeVersion): Strongest | undefined {
    const versions = commonIkeVersions(a, b).filter(v => ike === undefined || v === ike);
    for (const v of versions) {
        const ikeSuite = commonSuites(a, b, 'ike', v)[0];
        const espSuites = commonSuites(a, b, 'esp', v);
        // prefer the PFS group of phase 1 when it is among the best (QingCloud: PFS group presumably = DH group)
        const best = espSuites[0];
        const same = best && ikeSuite && espSuites.find(s => s.encryption === best.encryption && s.integrity === best.integrity && s.dh === ikeSuite.dh);
        const espSuite = same && compareScores(score(same, 'esp'), score(best, 'esp')) === 0 ? same : best;
        if (ikeSuite && espSuite) return { ike: v, ikeProposal: formatSuite(ikeSuite, 'ike'), espProposal: formatSuite(espSuite, 'esp') };
    }
    return undefined;
}

/** Proposals both ends accept in a phase, strongest first (for completion after `ike-proposal` / `esp-proposal`). */
export function acceptableProposals(a: ProviderId | undefined, b: ProviderId | undefined, phase: 'ike' | 'esp', ike: IkeVersion, limit?: number): string[] {
    const texts = [...new Set(commonSuites(a, b, phase, ike).map(s => formatSuite(s, phase)))];
    return limit === undefined ? texts : texts.slice(0, limit);
}
