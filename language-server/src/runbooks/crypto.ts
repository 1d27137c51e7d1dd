/**
 * The crypto of a tunnel end as a runbook shows it (from resolve/settings.ts, the one place that
 * decides it) and how each provider spells its elements.
 */
import { type Suite, formatProposal, parseProposal } from '../crypto/proposal.js';
import type { IkeVersion, ProviderId, TunnelEnd } from '../model/types.js';
import { getProfile, spell } from '../providers/index.js';
import { cryptoOf } from '../resolve/index.js';

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

/** The end's effective crypto, or undefined when the ends share no suite. */
export function endCrypto(end: TunnelEnd): TunnelCrypto | undefined {
    const c = cryptoOf(end);
    if (!c) return undefined;
    const canon = (texts: string[], phase: 'ike' | 'esp') => texts.map(text => {
        const p = parseProposal(text, phase);
        return p.ok ? formatProposal(p.proposal) : text;
    });
    return {
        ike: c.ike.value,
        ikeProposals: canon(c.ikeProposals.value, 'ike'),
        espProposals: canon(c.espProposals.value, 'esp'),
        ikeSuite: c.ikeSuite,
        espSuite: c.espSuite,
        chosen: c.chosen,
    };
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
