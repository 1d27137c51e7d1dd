/**
 * Thin adapter over ../crypto and ../providers (owned by the crypto engineer; not edited here):
 * the suite a tunnel negotiates and how each provider spells its elements.
 */
import { resolveCrypto } from '../crypto/negotiate.js';
import { type Suite, formatProposal, parseProposal, suitesOf } from '../crypto/proposal.js';
import type { IkeVersion, ProviderId, Tunnel } from '../model/types.js';
import { getProfile, spell } from '../providers/index.js';

export interface TunnelCrypto {
    ike: IkeVersion;
    /** strongSwan texts as declared or chosen (canonical form where they parse). */
    ikeProposals: string[];
    espProposals: string[];
    /** The first concrete suite of the first proposal: what a console with one value per field gets. */
    ikeSuite?: Suite;
    espSuite?: Suite;
    chosen: boolean;
}

const cache = new WeakMap<Tunnel, TunnelCrypto | null>();

export function tunnelCrypto(t: Tunnel): TunnelCrypto | undefined {
    const hit = cache.get(t);
    if (hit !== undefined) return hit ?? undefined;
    const r = resolveCrypto(t);
    let out: TunnelCrypto | undefined;
    if (r) {
        const first = (texts: string[], phase: 'ike' | 'esp') => {
            for (const text of texts) {
                const p = parseProposal(text, phase);
                if (p.ok) return suitesOf(p.proposal)[0];
            }
            return undefined;
        };
        const canon = (texts: string[], phase: 'ike' | 'esp') => texts.map(text => {
            const p = parseProposal(text, phase);
            return p.ok ? formatProposal(p.proposal) : text;
        });
        out = {
            ike: r.ike,
            ikeProposals: canon(r.ikeProposals, 'ike'),
            espProposals: canon(r.espProposals, 'esp'),
            ikeSuite: first(r.ikeProposals, 'ike'),
            espSuite: first(r.espProposals, 'esp'),
            chosen: r.chosen,
        };
    }
    cache.set(t, out ?? null);
    return out;
}

export interface Spelled {
    encryption?: string;
    integrity?: string;
    prf?: string;
    /** IKE: DH group; ESP: PFS group (undefined = no PFS). */
    dh?: string;
    /** Canonical ids the provider has no spelling for (not offered). */
    missing: string[];
}

/** A suite in a provider's own spelling (providers/*.ts spelling tables). */
export function spellSuite(provider: ProviderId | undefined, phase: 'ike' | 'esp', s: Suite): Spelled {
    const out: Spelled = { missing: [] };
    const one = (kind: 'encryption' | 'integrity' | 'prf' | 'dh') => {
        const a = s[kind];
        if (!a) return undefined;
        const text = spell(provider, phase, kind, a);
        if (text === undefined) out.missing.push(a.id);
        return text;
    };
    out.encryption = one('encryption');
    out.integrity = one('integrity');
    if (phase === 'ike') out.prf = one('prf');
    out.dh = one('dh');
    return out;
}

export interface LifetimeChoice { seconds: number; fixed: boolean }

/**
 * The lifetime to set at `own` for a tunnel towards `peer`: the provider's fixed value, else the
 * lower of its default and the peer's fixed (or default) value, within the provider's range
 * (an IKEv1 responder may reject a longer proposal than it would choose itself).
 */
export function lifetime(own: ProviderId | undefined, peer: ProviderId | undefined, ike: IkeVersion, phase: 'ike' | 'esp'): LifetimeChoice | undefined {
    const mine = getProfile(own).versions[ike]?.lifetimes[phase];
    if (!mine) return undefined;
    if (mine.fixed !== undefined) return { seconds: mine.fixed, fixed: true };
    const theirs = getProfile(peer).versions[ike]?.lifetimes[phase];
    const candidates = [mine.default, theirs?.fixed ?? theirs?.default].filter((x): x is number => typeof x === 'number');
    if (candidates.length === 0) return undefined;
    let v = Math.min(...candidates);
    if (mine.min !== undefined) v = Math.max(v, mine.min);
    if (mine.max !== undefined) v = Math.min(v, mine.max);
    return { seconds: v, fixed: false };
}
