/** Small helpers for writing provider profiles as data. */
import type { AlgKind } from '../crypto/algorithms.js';
import type { PhaseCaps, PskRule, SpellingTable } from './types.js';

/** The accepted set of a phase = every algorithm the provider has a spelling for. */
export function capsFromSpelling(t: SpellingTable, prf: PhaseCaps['prf'] = 'from-integrity'): PhaseCaps {
    const keys = (k: AlgKind) => Object.keys(t[k] ?? {});
    return { encryption: keys('encryption'), integrity: keys('integrity'), prf: t.prf ? keys('prf') : prf, dh: keys('dh') };
}

/** `{modp1024: 'GROUP2', ...}` from group numbers and a spelling pattern. */
export function groups(spell: (n: number) => string, numbers: number[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const n of numbers) {
        const id = GROUP_ID[n];
        if (!id) throw new Error(`no canonical id for DH group ${n}`);
        out[id] = spell(n);
    }
    return out;
}

/** IANA DH group number -> canonical id (providers.md §8.3). */
export const GROUP_ID: Record<number, string> = {
    1: 'modp768', 2: 'modp1024', 5: 'modp1536', 14: 'modp2048', 15: 'modp3072', 16: 'modp4096', 17: 'modp6144',
    18: 'modp8192', 19: 'ecp256', 20: 'ecp384', 21: 'ecp521', 22: 'modp1024s160', 23: 'modp2048s224', 24: 'modp2048s256',
    25: 'ecp192', 26: 'ecp224', 27: 'ecp224bp', 28: 'ecp256bp', 29: 'ecp384bp', 30: 'ecp512bp', 31: 'curve25519', 32: 'curve448',
};

/** A PSK rule from a length range and a per-character test. */
export function pskRule(opts: {
    description: string;
    unconfirmed?: boolean;
    min?: number;
    max?: number;
    allowed?: (ch: string) => boolean;
    allowedText?: string;
    extra?: (key: string) => string[];
}): PskRule {
    return {
        description: opts.description,
        unconfirmed: !!opts.unconfirmed,
        check(key: string): string[] {
            const out: string[] = [];
            // one pass over the code points, without copying the key into an array (a key may be a megabyte being typed)
            let len = 0, badCount = 0;
            for (const c of key) {
                len++;
                if (opts.allowed && !opts.allowed(c)) badCount++;
            }
            if (opts.min !== undefined && len < opts.min) out.push(`it must be at least ${opts.min} characters long (it has ${len})`);
            if (opts.max !== undefined && len > opts.max) out.push(`it must be at most ${opts.max} characters long (it has ${len})`);
            if (opts.allowed) {
                const bad = { length: badCount };
                if (bad.length) out.push(`it may only contain ${opts.allowedText}; it has ${bad.length} other character${bad.length > 1 ? 's' : ''}`);
            }
            if (opts.extra) out.push(...opts.extra(key));
            return out;
        },
    };
}

export const isAsciiPrintableNoSpace = (c: string) => c > ' ' && c <= '~';
export const isAlnum = (c: string) => /^[A-Za-z0-9]$/.test(c);

/**
 * A provider fact as a diagnostic says it: without the research tags of the provider modules
 * (`[S-Q1]`, `[S-T1, seed 000 step 6]`, `(absence UNCONFIRMED)`). The sources stay in the
 * provider's hover (lsp/provider-summary.ts) and in the docs.
 */
export function factText(text: string): string {
    return text
        .replace(/\s*\[(?:S-[A-Z0-9]+|seed [^\],]*)(?:,\s*(?:S-[A-Z0-9]+|seed [^\],]*))*\]/g, '')
        .replace(/\s*\((?:absence )?UNCONFIRMED(?:, conservative)?\)/g, '')
        .replace(/\bUNCONFIRMED\b/g, 'not confirmed')
        .replace(/\s+([;,.])/g, '$1')
        .trim();
}
