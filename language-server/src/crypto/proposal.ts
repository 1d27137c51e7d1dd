/**
 * strongSwan proposal syntax ([S-W2] docs.strongswan.org/docs/latest/config/proposals.html,
 * providers.md §8): `enc-integ[-prf]-dh` for IKE, `enc-integ[-dh]` for ESP (a DH group in ESP
 * means PFS). An AEAD cipher takes no integrity algorithm: IKE `aes256gcm16-prfsha384-ecp384`
 * (an integrity keyword in an AEAD IKE proposal is read as the PRF, so `aes256gcm16-sha384-ecp384`
 * means the same), ESP `aes256gcm16-ecp384`. Several algorithms of one kind may be listed
 * (`aes128-aes256-sha256-modp2048`): any combination is offered.
 */
import { type Algorithm, type AlgKind, findAlgorithm, fromKeyword, prfForIntegrity } from './algorithms.js';
import { caches } from '../util/cache-store.js';

export type Phase = 'ike' | 'esp';

export const PHASE_LABEL: Record<Phase, string> = { ike: 'phase 1 (ike-proposal)', esp: 'phase 2 (esp-proposal)' };

export interface Proposal {
    phase: Phase;
    encryption: Algorithm[];
    /** Empty for AEAD ciphers. */
    integrity: Algorithm[];
    /** IKE only. As written; use {@link effectivePrfs} for the PRFs actually offered. */
    prf: Algorithm[];
    /** IKE: the DH group(s); ESP: the PFS group(s), empty = no PFS. */
    dh: Algorithm[];
    /** ESP `esn` / `noesn` tokens, kept for formatting. */
    esn: string[];
    /** The text as written. */
    text: string;
}

export type ParseProposalResult =
    | { ok: true; proposal: Proposal }
    | { ok: false; errors: string[] };

/** One concrete transform combination (what IKE actually negotiates). */
export interface Suite {
    encryption: Algorithm;
    integrity?: Algorithm;
    prf?: Algorithm;
    dh?: Algorithm;
}

/** Parsed proposals by phase and text: the same few texts repeat over every tunnel of a topology. */
const parsed = caches.bounded<string, ParseProposalResult>('proposal.parsed', 10_000);

/** Parses a proposal; results are shared, so treat them as read-only. */
export function parseProposal(text: string, phase: Phase): ParseProposalResult {
    const key = `${phase}\u0000${text}`;
    return parsed.getOr(key, () => parseProposalUncached(text, phase));
}

function parseProposalUncached(text: string, phase: Phase): ParseProposalResult {
    const errors: string[] = [];
    const p: Proposal = { phase, encryption: [], integrity: [], prf: [], dh: [], esn: [], text };
    const trimmed = text.trim().replace(/!$/, '');
    if (trimmed === '') return { ok: false, errors: ['the proposal is empty'] };
    for (const token of trimmed.split('-')) {
        if (token === '') {
            errors.push(`'${text}' has an empty part (two '-' in a row or a '-' at an end)`);
            continue;
        }
        const lower = token.toLowerCase();
        if (lower === 'esn' || lower === 'noesn') {
            if (phase === 'ike') errors.push(`'${token}' (extended sequence numbers) only belongs in an esp-proposal`);
            else p.esn.push(lower);
            continue;
        }
        const alg = fromKeyword(token);
        if (!alg) {
            const guess = findAlgorithm(token);
            errors.push(guess && guess.keywords.length > 0
                ? `'${token}' is not a strongSwan keyword; did you mean '${guess.keywords[0]}' (${guess.name})?`
                : `unknown algorithm '${token}' in '${text}'`);
            continue;
        }
        if (alg.kind === 'prf' && phase === 'esp') {
            errors.push(`'${token}' is a PRF; PRFs only belong in an ike-proposal`);
            continue;
        }
        listFor(p, alg.kind).push(alg);
    }
    if (errors.length) return { ok: false, errors };

    const aead = p.encryption.filter(a => a.aead);
    if (p.encryption.length === 0) errors.push(`'${text}' names no encryption algorithm`);
    if (aead.length > 0 && aead.length < p.encryption.length) {
        errors.push(`'${text}' mixes AEAD (${aead.map(a => a.id).join(', ')}) and non-AEAD ciphers in one proposal; write them as two proposals`);
    }
    const isAead = aead.length > 0 && aead.length === p.encryption.length;
    if (isAead && p.integrity.length > 0) {
        if (phase === 'ike') {
            // strongSwan reads an integrity keyword in an AEAD IKE proposal as the PRF [S-W2]
            if (p.prf.length === 0) p.prf = p.integrity.map(i => prfForIntegrity(i)).filter((x): x is Algorithm => !!x);
            p.integrity = [];
        } else {
            errors.push(`'${text}': the AEAD cipher ${aead[0].id} needs no integrity algorithm in ESP; remove ${p.integrity.map(a => a.id).join(', ')}`);
        }
    }
    if (!isAead && p.encryption.length > 0 && p.integrity.length === 0) {
        errors.push(`'${text}' names no integrity algorithm (needed with ${p.encryption[0].id}, which is not AEAD)`);
    }
    if (phase === 'ike') {
        if (p.dh.length === 0) errors.push(`'${text}' names no DH group; an ike-proposal needs one (e.g. ecp384 or modp2048)`);
        if (isAead && p.prf.length === 0) errors.push(`'${text}' uses AEAD ${aead[0].id} and names no PRF (e.g. prfsha384)`);
        if (p.encryption.some(a => a.id === 'null')) errors.push(`'${text}': NULL encryption is not allowed for IKE`);
    }
    if (errors.length) return { ok: false, errors };
    return { ok: true, proposal: p };
}

function listFor(p: Proposal, kind: AlgKind): Algorithm[] {
    switch (kind) {
        case 'encryption': return p.encryption;
        case 'integrity': return p.integrity;
        case 'prf': return p.prf;
        case 'dh': return p.dh;
    }
}

/** The PRFs an IKE proposal offers: as written, or derived from its integrity algorithms. */
export function effectivePrfs(p: Proposal): Algorithm[] {
    if (p.phase !== 'ike') return [];
    if (p.prf.length > 0) return p.prf;
    return unique(p.integrity.map(i => prfForIntegrity(i)).filter((x): x is Algorithm => !!x));
}

/** Every algorithm element of the proposal, with the PRF as effectively offered (for support checks). */
export function elements(p: Proposal): Algorithm[] {
    return unique([...p.encryption, ...p.integrity, ...(p.phase === 'ike' ? p.prf : []), ...p.dh]);
}

/** Canonical strongSwan text; the PRF is omitted when it equals the one derived from the integrity algorithms. */
export function formatProposal(p: Proposal): string {
    const parts = [...p.encryption.map(a => a.id), ...p.integrity.map(a => a.id)];
    if (p.phase === 'ike' && p.prf.length > 0) {
        const derived = unique(p.integrity.map(i => prfForIntegrity(i)).filter((x): x is Algorithm => !!x));
        const same = derived.length === p.prf.length && derived.every(d => p.prf.includes(d));
        if (!same || p.integrity.length === 0) parts.push(...p.prf.map(a => a.id));
    }
    parts.push(...p.dh.map(a => a.id), ...p.esn);
    return parts.join('-');
}

/** Formats one concrete suite as a proposal. */
export function formatSuite(s: Suite, phase: Phase): string {
    return formatProposal({
        phase, encryption: [s.encryption], integrity: s.integrity ? [s.integrity] : [],
        prf: phase === 'ike' && s.prf ? [s.prf] : [], dh: s.dh ? [s.dh] : [], esn: [], text: '',
    });
}

/** Parses or throws (tests and data). */
export function proposal(text: string, phase: Phase): Proposal {
    const r = parseProposal(text, phase);
    if (!r.ok) throw new Error(r.errors.join('; '));
    return r.proposal;
}

/** All concrete suites a proposal offers (the cross product of its lists). */
export function suitesOf(p: Proposal): Suite[] {
    const out: Suite[] = [];
    const integ: (Algorithm | undefined)[] = p.integrity.length ? p.integrity : [undefined];
    const dh: (Algorithm | undefined)[] = p.dh.length ? p.dh : [undefined];
    for (const e of p.encryption) {
        for (const i of integ) {
            const prfs: (Algorithm | undefined)[] = p.phase !== 'ike' ? [undefined]
                : p.prf.length ? p.prf : [i ? prfForIntegrity(i) : undefined];
            for (const f of prfs) for (const d of dh) out.push({ encryption: e, integrity: i, prf: f, dh: d });
        }
    }
    return out;
}

export function suiteKey(s: Suite): string {
    return [s.encryption.id, s.integrity?.id ?? '', s.prf?.id ?? '', s.dh?.id ?? ''].join('/');
}

function unique<T>(xs: T[]): T[] {
    return [...new Set(xs)];
}
