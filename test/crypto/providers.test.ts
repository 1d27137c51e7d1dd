import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AlgKind, findAlgorithm, hasAlgorithm, isWeak } from '../../language-server/src/crypto/algorithms.js';
import { acceptableProposals, strongestCommon } from '../../language-server/src/resolve/negotiate.js';
import { type Phase, elements, effectivePrfs, proposal } from '../../language-server/src/crypto/proposal.js';
import { providerSummaryMarkdown } from '../../language-server/src/lsp/provider-summary.js';
import { type IkeVersion, PROVIDER_IDS, type ProviderId } from '../../language-server/src/model/types.js';
import { PROFILES, accepted, getProfile, spell } from '../../language-server/src/providers/index.js';

const KINDS: AlgKind[] = ['encryption', 'integrity', 'prf', 'dh'];

/** Does provider `p` accept every element of proposal `text` in `phase` with IKE `v` (and its PFS rule)? */
function acceptsProposal(p: ProviderId, v: IkeVersion, phase: Phase, text: string): string[] {
    const prop = proposal(text, phase);
    const missing = [...elements(prop), ...effectivePrfs(prop)]
        .filter(a => !accepted(p, v, phase, a.kind).includes(a.id)).map(a => a.id);
    if (phase === 'esp' && prop.dh.length === 0 && getProfile(p).versions[v]?.pfs === 'required') missing.push('no PFS');
    return missing;
}

describe('provider profiles', () => {
    it('has one profile per provider id, and a site without provider is strongSwan', () => {
        expect(Object.keys(PROFILES).sort()).toEqual([...PROVIDER_IDS].sort());
        expect(getProfile(undefined).id).toBe('strongswan');
    });

    it.each(PROVIDER_IDS)('%s cites every source of its `sources` field in the module code', id => {
        const p = PROFILES[id];
        expect(p.sources.length).toBeGreaterThan(0);
        expect(p.factsDate).not.toBe('');
        const code = readFileSync(new URL(`../../language-server/src/providers/${id}.ts`, import.meta.url), 'utf8');
        const comments = code.split('\n').filter(l => /^\s*(\*|\/\/|\/\*)|\/\/ /.test(l)).join('\n');
        for (const s of p.sources) expect(comments, `${id} ${s.id}`).toContain(s.id);
    });

    it.each(PROVIDER_IDS)('%s: every accepted algorithm exists and its spelling resolves back to it', id => {
        const p = PROFILES[id];
        for (const v of p.ikeVersions) {
            for (const phase of ['ike', 'esp'] as const) {
                for (const kind of KINDS) {
                    for (const alg of accepted(id, v, phase, kind)) {
                        expect(hasAlgorithm(alg), `${id} ${alg}`).toBe(true);
                        const spelled = spell(id, phase, kind, alg);
                        expect(spelled, `${id} ${phase} ${kind} ${alg}`).toBeDefined();
                        if (kind !== 'prf' || p.spelling[phase].prf) {
                            expect(findAlgorithm(spelled!, kind)?.id, `${id} spells ${alg} as ${spelled}`).toBe(alg);
                        }
                    }
                }
            }
        }
    });

    it('spells algorithms the way each console does', () => {
        expect(['encryption', 'integrity', 'dh'].map(k => spell('tencent', 'ike', k as AlgKind, k === 'encryption' ? 'aes128' : k === 'integrity' ? 'sha1' : 'modp1024')))
            .toEqual(['AES-CBC-128', 'SHA', 'GROUP2']);
        expect(spell('tencent', 'esp', 'dh', 'modp1024')).toBe('DH-GROUP2');
        expect(spell('tencent', 'esp', 'integrity', 'sha1')).toBe('SHA1');
        expect([spell('gcp', 'ike', 'encryption', 'AES128'), spell('gcp', 'ike', 'integrity', 'sha1'), spell('gcp', 'ike', 'dh', 'Group 2')])
            .toEqual(['AES-CBC-128', 'HMAC-SHA1-96', 'Group-2']);
        expect([spell('aws', 'ike', 'encryption', 'aes'), spell('aws', 'ike', 'integrity', 'sha1'), spell('aws', 'ike', 'dh', 'modp1024')])
            .toEqual(['AES128', 'SHA1', '2']);
        expect(spell('aws', 'ike', 'prf', 'prfsha384')).toBe('SHA2-384'); // the integrity setting selects the PRF
        expect(spell('azure', 'esp', 'dh', 'modp2048')).toBe('PFS2048');
        expect(spell('huawei', 'ike', 'encryption', 'aes256gcm16')).toBe('aes-256-gcm-16');
        expect(spell('alibaba', 'ike', 'encryption', 'aes128')).toBe('aes');
        expect(spell('aws', 'ike', 'encryption', '3des')).toBeUndefined();
        expect(spell('gcp', 'esp', 'encryption', '3des')).toBeUndefined(); // no 3DES in GCP phase 2
    });

    it('models GCP IKEv1 as the single fixed suite and IKEv2 with PFS required', () => {
        const v1 = getProfile('gcp').versions[1]!;
        expect(KINDS.map(k => accepted('gcp', 1, 'ike', k))).toEqual([['aes128'], ['sha1'], ['prfsha1'], ['modp1024']]);
        expect(v1.fixedSuite?.ike).toBe('aes128-sha1-modp1024');
        expect(getProfile('gcp').versions[2]!.pfs).toBe('required');
        expect(getProfile('gcp').versions[2]!.lifetimes.ike.fixed).toBe(36000);
        expect(getProfile('gcp').productByRouting?.bgp).toBe('HA VPN');
    });

    it('excludes AEAD from IKEv1 phase 1 for every provider', () => {
        for (const id of PROVIDER_IDS) {
            expect(accepted(id, 1, 'ike', 'encryption').filter(e => e.includes('gcm') || e.includes('ccm') || e.includes('chacha')), id).toEqual([]);
        }
    });

    it('records routing modes, selector limits and hub capability', () => {
        expect(getProfile('qingcloud').routing).toEqual(['policy']);
        expect(getProfile('gcp').selectors).toMatchObject({ childSas: 'one', ikev1FirstCidrOnly: true });
        expect(getProfile('aws').selectors).toMatchObject({ childSas: 'one', maxCidrsPerSide: 1 });
        expect(getProfile('tencent').selectors.childSas).toBe('one-per-pair');
        expect(getProfile('gcp').hub.capable).toBe('no');
        expect(getProfile('qingcloud').hub.capable).toBe('yes');
    });

    it('marks UNCONFIRMED facts', () => {
        for (const id of ['gcp', 'tencent', 'huawei'] as const) expect(getProfile(id).psk.unconfirmed, id).toBe(true);
        expect(getProfile('aws').psk.unconfirmed).toBe(false);
        for (const id of ['gcp', 'tencent', 'qingcloud', 'alibaba', 'huawei', 'azure', 'aws'] as const) {
            expect(getProfile(id).notes.some(n => n.unconfirmed), id).toBe(true);
        }
    });
});

describe('PSK rules (never echo the key)', () => {
    const check = (id: ProviderId, key: string) => {
        const broken = getProfile(id).psk.check(key);
        for (const msg of broken) expect(msg).not.toContain(key);
        return broken;
    };

    it('AWS: 8-64 of letters, digits, . and _, not starting with 0', () => {
        expect(check('aws', 'Abc.def_123')).toEqual([]);
        expect(check('aws', '0bcdefgh12').join()).toMatch(/must not start with `0`/);
        expect(check('aws', 'short').join()).toMatch(/at least 8/);
        expect(check('aws', 'a'.repeat(65)).join()).toMatch(/at most 64/);
        expect(check('aws', 'abc+def/ghi=').join()).toMatch(/letters, digits, `.` and `_`/);
    });

    it('Azure: no space, - or ~; Alibaba: 1-100, no space', () => {
        expect(check('azure', 'abc-def')).toHaveLength(1);
        expect(check('azure', 'abc+def/ghi=')).toEqual([]);
        expect(check('alibaba', 'has space')).toHaveLength(1);
        expect(check('alibaba', 'x'.repeat(101)).join()).toMatch(/at most 100/);
    });

    it('Huawei: at least 3 of 4 character classes; QingCloud: no `|`', () => {
        expect(check('huawei', 'abcdefgh12').join()).toMatch(/3 of 4/);
        expect(check('huawei', 'Abcdefgh12')).toEqual([]);
        expect(check('qingcloud', 'any string | with pipe')).toHaveLength(1);
        expect(check('qingcloud', 'any string at all')).toEqual([]);
    });
});

describe('negotiation across all provider pairs', () => {
    const pairs = PROVIDER_IDS.flatMap((a, i) => PROVIDER_IDS.slice(i).map(b => [a, b] as const));

    it('chooses, for every pair and IKE version, a suite both profiles accept (and reports pairs with nothing in common)', () => {
        const nothingInCommon: string[] = [];
        for (const [a, b] of pairs) {
            for (const v of [2, 1] as const) {
                const best = strongestCommon(a, b, v);
                if (!best) {
                    nothingInCommon.push(`${a}-${b} IKEv${v}`);
                    continue;
                }
                expect(best.ike).toBe(v);
                for (const p of [a, b]) {
                    expect(acceptsProposal(p, v, 'ike', best.ikeProposal), `${a}-${b} v${v} ${p} ike ${best.ikeProposal}`).toEqual([]);
                    expect(acceptsProposal(p, v, 'esp', best.espProposal), `${a}-${b} v${v} ${p} esp ${best.espProposal}`).toEqual([]);
                }
            }
        }
        expect(nothingInCommon).toEqual([]);
    });

    it('prefers IKEv2 and never picks a weak element with IKEv2', () => {
        for (const [a, b] of pairs) {
            const best = strongestCommon(a, b)!;
            expect(best.ike, `${a}-${b}`).toBe(2);
            const weak = [...elements(proposal(best.ikeProposal, 'ike')), ...elements(proposal(best.espProposal, 'esp'))].filter(isWeak);
            expect(weak.map(w => w.id), `${a}-${b}`).toEqual([]);
            expect(proposal(best.espProposal, 'esp').dh.length, `${a}-${b} uses PFS`).toBe(1);
        }
    });

    it('matches the intersections worked out in providers.md §9.2 where they are forced', () => {
        // GCP IKEv1: only one suite
        expect(strongestCommon('tencent', 'gcp', 1)).toEqual({ ike: 1, ikeProposal: 'aes128-sha1-modp1024', espProposal: 'aes128-sha1-modp1024' });
        // Tencent has no GCM (conservative: 4.0 gateways only) and no SHA-384/512 in ESP: aes256-sha256-ecp384
        expect(strongestCommon('gcp', 'tencent')?.espProposal).toBe('aes256-sha256-ecp384');
        // Alibaba has no ECP groups and only 1/2/5/14: group 14 is the best common group
        expect(proposal(strongestCommon('gcp', 'alibaba')!.ikeProposal, 'ike').dh[0].id).toBe('modp2048');
        // QingCloud: AES-128 and SHA-256 only (conservative reading), no ECP
        expect(strongestCommon('gcp', 'qingcloud')!.ikeProposal).toMatch(/^aes128-sha256-modp/);
        // Azure has no group 15/16/21 and QingCloud no ECP: 14 (or 24)
        expect(proposal(strongestCommon('azure', 'qingcloud')!.espProposal, 'esp').dh[0].id).toBe('modp2048');
        expect(strongestCommon('aws', 'azure')!.ikeProposal).toBe('aes256gcm16-prfsha384-ecp384');
    });

    it('offers for completion only proposals both ends accept, strongest first', () => {
        expect(acceptableProposals('gcp', 'tencent', 'ike', 1)).toEqual(['aes128-sha1-modp1024']);
        for (const [a, b] of [['aws', 'azure'], ['gcp', 'qingcloud'], ['tencent', 'alibaba']] as const) {
            for (const phase of ['ike', 'esp'] as const) {
                const list = acceptableProposals(a, b, phase, 2);
                expect(list.length).toBeGreaterThan(1);
                const best = strongestCommon(a, b, 2)!;
                expect(list[0]).toBe(phase === 'ike' ? best.ikeProposal : best.espProposal);
                for (const text of list) {
                    expect(acceptsProposal(a, 2, phase, text), `${a} ${text}`).toEqual([]);
                    expect(acceptsProposal(b, 2, phase, text), `${b} ${text}`).toEqual([]);
                }
            }
        }
        expect(acceptableProposals('aws', 'strongswan', 'ike', 2).some(p => p.includes('3des'))).toBe(false);
    });
});

describe('capability summary', () => {
    it('summarises IKE versions, strongest suite, PFS, lifetimes, PSK rule, routing, hub and sources', () => {
        const md = providerSummaryMarkdown('gcp');
        expect(md).toMatch(/IKEv1/);
        expect(md).toContain('aes128-sha1-modp1024');
        expect(md).toContain(strongestCommon('gcp', 'gcp')!.ikeProposal);
        expect(md).toMatch(/PFS.*required/i);
        expect(md).toContain('36000');
        expect(md).toMatch(/HA VPN/);
        expect(md).toContain('S-G1');
        expect(md).toMatch(/UNCONFIRMED/);
        for (const id of PROVIDER_IDS) expect(providerSummaryMarkdown(id)).toContain(PROFILES[id].displayName);
    });
});
