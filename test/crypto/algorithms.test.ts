import { describe, expect, it } from 'vitest';
import { ALGORITHMS, findAlgorithm, fromKeyword } from '../../language-server/src/crypto/algorithms.js';
import { effectivePrfs, formatProposal, parseProposal, proposal } from '../../language-server/src/crypto/proposal.js';

describe('canonical algorithm model', () => {
    it('maps AES-CBC-128, AES128, aes, aes128 and aes-128 to the same algorithm (IANA 12, 128-bit key)', () => {
        const ids = ['AES-CBC-128', 'AES128', 'aes', 'aes128', 'aes-128'].map(s => findAlgorithm(s, 'encryption'));
        for (const a of ids) {
            expect(a?.id).toBe('aes128');
            expect(a?.iana).toBe(12);
            expect(a?.keyLength).toBe(128);
        }
    });

    it('maps every provider spelling of AES-256-GCM-16 to ENCR_AES_GCM_16 with a 256-bit key', () => {
        for (const s of ['AES-GCM-16-256', 'AES256-GCM-16', 'GCMAES256', 'AES256GCM128', 'aes-256-gcm-16', 'aes256gcm16', 'aes256gcm128']) {
            const a = findAlgorithm(s, 'encryption');
            expect(a, s).toBeDefined();
            expect([a!.id, a!.iana, a!.keyLength, a!.aead]).toEqual(['aes256gcm16', 20, 256, true]);
        }
    });

    it('maps provider spellings of DH group 2 to modp1024 (IANA 2) only when asked for a DH group', () => {
        for (const s of ['Group-2', 'GROUP2', 'DH-GROUP2', 'group2', 'DHGroup2', 'PFS2', '2', 'modp1024']) {
            expect(findAlgorithm(s, 'dh')?.id, s).toBe('modp1024');
        }
        expect(findAlgorithm('2', 'encryption')).toBeUndefined();
        expect(findAlgorithm('SHA', 'integrity')?.id).toBe('sha1');
        expect(findAlgorithm('HMAC-SHA2-256-128', 'integrity')?.id).toBe('sha256');
        expect(findAlgorithm('SHA2-256', 'integrity')?.id).toBe('sha256');
    });

    it('has one entry per IANA transform and key length, and each strongSwan keyword once', () => {
        const keys = ALGORITHMS.filter(a => a.iana !== undefined).map(a => `${a.kind}/${a.iana}/${a.keyLength ?? 0}`);
        expect(new Set(keys).size).toBe(keys.length);
        const kws = ALGORITHMS.flatMap(a => a.keywords);
        expect(new Set(kws).size).toBe(kws.length);
    });

    it('grades per RFC 8247 / 8221 / 9395 with a reason', () => {
        const grade = (id: string) => fromKeyword(id)!.grade;
        expect(['des', 'null', 'md5', 'prfmd5', 'modp768'].map(grade)).toEqual(['broken', 'broken', 'broken', 'broken', 'broken']);
        expect(['3des', 'sha1', 'prfsha1', 'modp1024', 'modp1536', 'modp1024s160'].map(grade)).toEqual(Array(6).fill('weak'));
        expect(['aes128', 'aes256', 'sha256', 'modp2048', 'modp2048s256'].map(grade)).toEqual(Array(5).fill('acceptable'));
        expect(['aes256gcm16', 'chacha20poly1305', 'ecp384', 'curve25519', 'modp3072', 'prfsha384'].map(grade)).toEqual(Array(6).fill('strong'));
        for (const a of ALGORITHMS) expect(a.reason.length, a.id).toBeGreaterThan(5);
    });
});

describe('strongSwan proposals', () => {
    it('parses an IKE proposal and derives the PRF from the integrity algorithm', () => {
        const p = proposal('aes128-sha1-modp1024', 'ike');
        expect(p.encryption.map(a => a.id)).toEqual(['aes128']);
        expect(p.integrity.map(a => a.id)).toEqual(['sha1']);
        expect(effectivePrfs(p).map(a => a.id)).toEqual(['prfsha1']);
        expect(p.dh.map(a => a.id)).toEqual(['modp1024']);
        expect(formatProposal(p)).toBe('aes128-sha1-modp1024');
    });

    it('reads aliases and upper case and formats back to canonical keywords', () => {
        expect(formatProposal(proposal('AES-SHA-MODP2048', 'ike'))).toBe('aes128-sha1-modp2048');
        expect(formatProposal(proposal('aes128gcm128-prfsha256-x25519', 'ike'))).toBe('aes128gcm16-prfsha256-curve25519');
    });

    it('parses AEAD IKE proposals; an integrity keyword there means the PRF', () => {
        const p = proposal('aes256gcm16-prfsha384-ecp384', 'ike');
        expect(p.integrity).toEqual([]);
        expect(p.prf.map(a => a.id)).toEqual(['prfsha384']);
        expect(formatProposal(p)).toBe('aes256gcm16-prfsha384-ecp384');
        expect(formatProposal(proposal('aes256gcm16-sha384-ecp384', 'ike'))).toBe('aes256gcm16-prfsha384-ecp384');
    });

    it('reads the DH group of an ESP proposal as PFS and accepts AEAD ESP without integrity or PFS', () => {
        expect(proposal('aes128-sha256-modp2048', 'esp').dh.map(a => a.id)).toEqual(['modp2048']);
        const gcm = proposal('aes256gcm16', 'esp');
        expect([gcm.integrity.length, gcm.dh.length]).toEqual([0, 0]);
        expect(formatProposal(gcm)).toBe('aes256gcm16');
        expect(formatProposal(proposal('aes128-sha256-modp2048-esn', 'esp'))).toBe('aes128-sha256-modp2048-esn');
    });

    it('keeps lists of several algorithms of one kind', () => {
        const p = proposal('aes128-aes256-sha256-sha1-ecp256-modp2048', 'ike');
        expect(p.encryption.length * p.integrity.length * p.dh.length).toBe(8);
        expect(formatProposal(p)).toBe('aes128-aes256-sha256-sha1-ecp256-modp2048');
    });

    it('reports unknown tokens by name, with a suggestion for provider spellings', () => {
        const bad = parseProposal('aes128-foo-modp1024', 'ike');
        expect(bad.ok).toBe(false);
        if (!bad.ok) expect(bad.errors.join()).toMatch(/unknown algorithm 'foo'/);
        const group = parseProposal('aes128-sha256-group14', 'ike');
        expect(group.ok ? '' : group.errors.join()).toMatch(/'group14' is not a strongSwan keyword; did you mean 'modp2048'/);
    });

    it('rejects structurally wrong proposals with a reason', () => {
        const err = (text: string, phase: 'ike' | 'esp') => {
            const r = parseProposal(text, phase);
            return r.ok ? 'parsed' : r.errors.join('; ');
        };
        expect(err('aes128-sha256', 'ike')).toMatch(/no DH group/);
        expect(err('aes128-modp2048', 'ike')).toMatch(/no integrity/);
        expect(err('aes256gcm16-sha256', 'esp')).toMatch(/needs no integrity/);
        expect(err('aes128-aes256gcm16-sha256-modp2048', 'ike')).toMatch(/mixes AEAD/);
        expect(err('aes128-sha256-prfsha256', 'esp')).toMatch(/PRF/);
        expect(err('aes128--sha1', 'esp')).toMatch(/empty part/);
    });
});
