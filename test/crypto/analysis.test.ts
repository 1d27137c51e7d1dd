import { describe, expect, it } from 'vitest';
import { analyseCrypto } from '../../language-server/src/analyses/crypto.js';
import { isWeak } from '../../language-server/src/crypto/algorithms.js';
import { strongestCommon } from '../../language-server/src/resolve/negotiate.js';
import { cryptoOf } from '../../language-server/src/resolve/index.js';
import type { Tunnel } from '../../language-server/src/model/types.js';
import { elements, proposal } from '../../language-server/src/crypto/proposal.js';
import type { Finding } from '../../language-server/src/model/types.js';

/** Both ends' crypto in short: version, proposals, whether Topo chose them, and where each came from. */
const crypto = (t: Tunnel) => [t.a, t.b].map(e => {
    const c = cryptoOf(e);
    return c && { ike: c.ike.value, ikeProposals: c.ikeProposals.value, espProposals: c.espProposals.value, chosen: c.chosen, from: [c.ike.from, c.ikeProposals.from, c.espProposals.from] };
});
import { derived, pair, site, tencentGcpSeed, topology, tunnel } from './fixtures.js';

const errors = (fs: Finding[]) => fs.filter(f => f.severity === 'error');
const withCode = (fs: Finding[], code: string) => fs.filter(f => f.code === code);

describe('the Tencent <-> GCP seed', () => {
    const { t, topo } = tencentGcpSeed();
    const findings = analyseCrypto(topo);
    const best = strongestCommon('tencent', 'gcp')!;

    it('has no errors', () => {
        expect(errors(findings)).toEqual([]);
    });

    it('warns that GCP IKEv1 allows only this suite and names a stronger IKEv2 suite', () => {
        const weak = withCode(findings, 'weak-crypto');
        // one finding per root cause (the IKEv1 suite), the details in its related information
        expect(weak.length).toBe(1);
        expect(weak[0].message).toMatch(/weak crypto \(IKEv1, .*\)/);
        expect(weak[0].related?.map(r => r.message).join(' ')).toMatch(/RFC 9395.*Weak phase 1 \(ike-proposal\).*Weak phase 2 \(esp-proposal\)/s);
        for (const f of weak) {
            expect(f.severity).toBe('warning');
            expect(f.message).toContain('tx-gcp');
            expect(f.message).toContain('tencent-hk');
            expect(f.message).toContain('gcp-hk');
            // the first line names the cause and the way out in short; the full names and suites in the related information
            expect(f.message).toContain('(tencent-hk, Tencent Cloud <-> gcp-hk, GCP Classic VPN)');
            expect(f.message).toContain(`weak crypto (IKEv1, sha1, modp1024; GCP Classic VPN's only IKEv1 suite); both accept ike v2 with ${best.ikeProposal} / ${best.espProposal}`);
            expect(f.message.length).toBeLessThanOrEqual(220);
            const related = f.related!.map(r => r.message);
            expect(related).toContain('Google Cloud VPN (Classic VPN) allows only this suite with IKEv1 (ike aes128-sha1-modp1024, esp aes128-sha1-modp1024).');
            expect(related.join(' ')).toContain(`ike v2, ike-proposal ${best.ikeProposal}, esp-proposal ${best.espProposal} (the quick fix writes it)`);
        }
        // the suggested suite is really stronger: nothing weak in it
        const suggested = [...elements(proposal(best.ikeProposal, 'ike')), ...elements(proposal(best.espProposal, 'esp'))];
        expect(suggested.filter(isWeak)).toEqual([]);
        // the warning at `ike v1`, related information at `ike v1`, `ike-proposal`, `esp-proposal`
        const src = t.a.source!;
        expect(weak[0].at).toBe(src.ikeSrc);
        expect(weak[0].related!.map(r => r.at)).toEqual([src.ikeSrc, src.ikeProposalSrc, src.espProposalSrc, src.ikeSrc, src.ikeSrc]);
        expect(weak[0].related![1].message).toMatch(/sha1.*weak.*modp1024.*weak/);
    });

    it('offers a quick fix writing ike v2 and the strongest common proposals over the existing properties', () => {
        const fix = withCode(findings, 'weak-crypto')[0].fixes![0];
        const src = t.a.source!;
        expect(fix.edits).toEqual(expect.arrayContaining([
            { uri: src.ikeSrc!.uri, range: src.ikeSrc!.range, newText: 'ike v2' },
            { uri: src.ikeProposalSrc!.uri, range: src.ikeProposalSrc!.range, newText: `ike-proposal ${best.ikeProposal}` },
            { uri: src.espProposalSrc!.uri, range: src.espProposalSrc!.range, newText: `esp-proposal ${best.espProposal}` },
        ]));
        expect(fix.edits).toHaveLength(3);
    });

    it('resolves to the declared crypto at both ends', () => {
        const declared = { ike: 1, ikeProposals: ['aes128-sha1-modp1024'], espProposals: ['aes128-sha1-modp1024'], chosen: false, from: ['declared', 'declared', 'declared'] };
        expect(crypto(t)).toEqual([declared, declared]);
    });

    it('is clean of weak-crypto after applying the suggested suite', () => {
        const fixed = tencentGcpSeed({ ike: 2, ikeProposal: [best.ikeProposal], espProposal: [best.espProposal] });
        const fs = analyseCrypto(fixed.topo);
        expect(fs.filter(f => f.severity !== 'hint')).toEqual([]);
    });
});

describe('proposal support', () => {
    it('ike v2 with esp-proposal aes256-sha256 (no PFS) towards GCP reports that GCP requires PFS', () => {
        const lin = site('linux', undefined, ['192.168.10.0/24']);
        const gcp = site('gcp-tw', 'gcp', ['10.140.0.0/20']);
        const t = tunnel('to-gcp', lin, gcp, { ike: 2, ikeProposal: ['aes256-sha256-modp2048'], espProposal: ['aes256-sha256'], routing: 'static' });
        const fs = analyseCrypto(topology([lin, gcp], [t]));
        const pfs = errors(fs).filter(f => /requires PFS/.test(f.message));
        expect(pfs).toHaveLength(1);
        expect(pfs[0].code).toBe('proposal-unsupported');
        expect(pfs[0].message).toMatch(/Google Cloud VPN \(Classic VPN\) at gcp-tw requires PFS with IKEv2, but esp-proposal aes256-sha256 names no DH group/);
        expect(pfs[0].at).toBe(t.a.source!.espProposalSrc);
        // the self-managed end does not require PFS
        expect(errors(fs).filter(f => f.message.includes('at linux'))).toEqual([]);
        // weak: no PFS
        expect(withCode(fs, 'weak-crypto').some(f => /no PFS/.test(f.message))).toBe(true);
    });

    it('ike-proposal 3des-md5-modp768 towards AWS: one finding naming each element AWS lacks', () => {
        const lin = site('dc', 'strongswan', ['192.168.0.0/24']);
        const aws = site('aws-fra', 'aws', ['10.1.0.0/16']);
        const t = tunnel('dc-aws', lin, aws, { ike: 2, ikeProposal: ['3des-md5-modp768'], espProposal: ['aes128-sha256-modp2048'] });
        const fs = analyseCrypto(topology([lin, aws], [t]));
        const unsupported = withCode(fs, 'proposal-unsupported');
        expect(unsupported).toHaveLength(1);
        expect(unsupported[0].message).toMatch(/does not offer 3des \(.*\), md5 \(.*\), modp768 \(.*\) in/);
        for (const f of unsupported) {
            expect(f.severity).toBe('error');
            expect(f.message).toMatch(/AWS Site-to-Site VPN at aws-fra/);
            expect(f.message).toMatch(/phase 1 \(ike-proposal\)/);
            expect(f.at).toBe(t.a.source!.ikeProposalSrc);
            expect(f.fixes?.[0].edits.find(e => e.range === t.a.source!.ikeProposalSrc!.range)?.newText).toBe(`ike-proposal ${strongestCommon('strongswan', 'aws')!.ikeProposal}`);
        }
        // 3DES, MD5 and group 1 are also graded
        const weak = withCode(fs, 'weak-crypto').find(f => f.at === t.a.source!.ikeProposalSrc)!;
        expect(weak.message).toMatch(/weak crypto \(3des, md5, modp768\)/);
        const why = weak.related!.map(r => r.message).join(' ');
        expect(why).toMatch(/3des: weak/);
        expect(why).toMatch(/md5: broken/);
        expect(why).toMatch(/modp768: broken/);
    });

    it('reports unknown tokens as proposal-invalid', () => {
        const a = site('a', 'strongswan', ['10.0.0.0/24']), b = site('b', 'strongswan', ['10.0.1.0/24']);
        const t = tunnel('ab', a, b, { ikeProposal: ['aes128-sha256-group14'], espProposal: ['aes128-sha256-modp2048'] });
        const fs = withCode(analyseCrypto(topology([a, b], [t])), 'proposal-invalid');
        expect(fs).toHaveLength(1);
        expect(fs[0].message).toMatch(/did you mean 'modp2048'/);
    });

    it('says that IKEv1 has no AEAD in phase 1', () => {
        const a = site('a', 'huawei', ['10.0.0.0/24']), b = site('b', 'aws', ['10.0.1.0/24']);
        const t = tunnel('ab', a, b, { ike: 1, ikeProposal: ['aes256gcm16-prfsha384-ecp384'], espProposal: ['aes256gcm16-ecp384'] });
        const fs = withCode(analyseCrypto(topology([a, b], [t])), 'proposal-unsupported');
        expect(fs.length).toBeGreaterThan(0);
        expect(fs.every(f => /IKEv1 has no AEAD/.test(f.message) || /prfsha384/.test(f.message))).toBe(true);
    });
});

describe('mismatch between separately declared ends', () => {
    const a = site('pek3', 'qingcloud', ['192.168.0.0/24']);
    const b = site('dc', 'strongswan', ['172.16.0.0/24']);

    it('names the phase and the differing algorithm', () => {
        const t = pair('pek3-dc', a, b,
            { ikeProposal: ['aes128-sha256-modp2048'], espProposal: ['aes128-sha256-modp2048'] },
            { ikeProposal: ['aes256-sha256-modp2048'], espProposal: ['aes128-sha256-modp2048'] });
        const fs = withCode(analyseCrypto(topology([a, b], [t])), 'proposal-mismatch');
        expect(fs).toHaveLength(1);
        expect(fs[0].message).toMatch(/phase 1 \(ike-proposal\).*share none: encryption: pek3 has aes128, dc has aes256/);
        expect(fs[0].at).toBe(t.b.source!.ikeProposalSrc);
        expect(fs[0].related?.[0].at).toBe(t.a.source!.statement);
        // the fix writes the same suite into both statements
        const edits = fs[0].fixes![0].edits;
        expect(edits.filter(e => e.newText.startsWith('ike-proposal')).map(e => e.range))
            .toEqual([t.a.source!.ikeProposalSrc!.range, t.b.source!.ikeProposalSrc!.range]);
    });

    it('counts a PFS difference as a mismatch', () => {
        const t = pair('pek3-dc', a, b,
            { ikeProposal: ['aes128-sha256-modp2048'], espProposal: ['aes128-sha256-modp2048'] },
            { ikeProposal: ['aes128-sha256-modp2048'], espProposal: ['aes128-sha256'] });
        const fs = withCode(analyseCrypto(topology([a, b], [t])), 'proposal-mismatch');
        expect(fs).toHaveLength(1);
        expect(fs[0].message).toMatch(/phase 2 \(esp-proposal\).*PFS group: pek3 has modp2048, dc has no PFS/);
    });

    it('lists that differ but share a suite: a warning (IKE negotiates the shared one, as real strongSwan does)', () => {
        const t = pair('pek3-dc', a, b,
            { ikeProposal: ['aes256-sha256-modp2048', 'aes128-sha256-modp2048'], espProposal: ['aes128-sha256-modp2048'] },
            { ikeProposal: ['aes128-sha256-modp2048'], espProposal: ['aes128-sha256-modp2048'] });
        const fs = withCode(analyseCrypto(topology([a, b], [t])), 'proposal-mismatch');
        expect(fs.map(f => f.severity)).toEqual(['warning']);
        expect(fs[0].message).toMatch(/phase 1 \(ike-proposal\) proposals; IKE will negotiate one of the 1 suite both list/);
    });

    it('reports different IKE versions', () => {
        const t = pair('pek3-dc', a, b, { ike: 1 }, { ike: 2 });
        const fs = withCode(analyseCrypto(topology([a, b], [t])), 'proposal-mismatch');
        expect(fs.map(f => f.message).join()).toMatch(/different IKE versions \(pek3: ike v1, dc: ike v2\)/);
    });
});

describe('tunnels without proposals', () => {
    it('resolves to the strongest common suite and offers to write it (inside < >)', () => {
        const a = site('aws-1', 'aws', ['10.1.0.0/16']), b = site('az-1', 'azure', ['10.2.0.0/16']);
        const t = tunnel('aws-az', a, b, { routing: 'bgp' });
        const best = strongestCommon('aws', 'azure')!;
        const chosen = { ike: 2, ikeProposals: [best.ikeProposal], espProposals: [best.espProposal], chosen: true };
        expect(crypto(t)).toEqual([{ ...chosen, from: ['chosen', 'chosen', 'chosen'] }, { ...chosen, from: ['chosen', 'chosen', 'chosen'] }]);
        const fs = analyseCrypto(topology([a, b], [t]));
        expect(fs.map(f => f.code)).toEqual(['proposal-chosen']);
        expect(fs[0].severity).toBe('hint');
        expect(fs[0].message).toContain(best.ikeProposal);
        expect(fs[0].fixes![0].edits).toEqual([{
            uri: t.a.source!.propertiesEnd.uri, range: t.a.source!.propertiesEnd.range,
            newText: ` ike v2 ike-proposal ${best.ikeProposal} esp-proposal ${best.espProposal} `,
        }]);
    });

    it('inserts a property list when the statement has none', () => {
        const a = site('a', 'huawei', ['10.1.0.0/16']), b = site('b', 'alibaba', ['10.2.0.0/16']);
        const t = tunnel('ab', a, b, { noPropertyList: true });
        const fix = analyseCrypto(topology([a, b], [t]))[0].fixes![0];
        expect(fix.edits[0].newText).toMatch(/^ < ike v2 ike-proposal \S+ esp-proposal \S+ >$/);
    });

    it('keeps derived hub tunnels quiet when the providers agree, and resolves their crypto', () => {
        const hub = site('pek3', 'qingcloud', ['192.168.0.0/24']), sh1 = site('sh1', 'qingcloud', ['172.16.0.0/24']);
        const t = derived(hub, sh1);
        expect(analyseCrypto(topology([hub, sh1], [t]))).toEqual([]);
        // QingCloud's dialog sets the IKE version (IKE 版本): Topo chooses the highest both offer, IKEv2
        const c = crypto(t);
        expect(c[0]).toEqual(c[1]);
        expect(c[0]).toMatchObject({ ike: 2, ikeProposals: [strongestCommon('qingcloud', 'qingcloud', 2)!.ikeProposal], from: ['chosen', 'chosen', 'chosen'] });
    });
});

describe('pre-shared keys', () => {
    const KEY = '0penSesame+';
    const a = site('dc', 'strongswan', ['192.168.0.0/24']);
    const b = site('aws-fra', 'aws', ['10.1.0.0/16']);
    const t = tunnel('dc-aws', a, b, { ikeProposal: ['aes256-sha256-modp2048'], espProposal: ['aes256-sha256-modp2048'], psk: { literal: KEY } });
    const fs = analyseCrypto(topology([a, b], [t]));

    it('warns about a literal key with a fix to read it from the environment', () => {
        const lit = withCode(fs, 'psk-literal');
        expect(lit).toHaveLength(1);
        expect(lit[0].severity).toBe('warning');
        expect(lit[0].at).toBe(t.a.psk!.src);
        expect(lit[0].fixes![0].edits[0].newText).toBe('psk env TOPO_PSK_DC_AWS');
    });

    it('reports the AWS rule the key breaks, at the AWS end only', () => {
        const pol = withCode(fs, 'psk-policy');
        expect(pol).toHaveLength(1);
        expect(pol[0].severity).toBe('error');
        expect(pol[0].message).toMatch(/AWS Site-to-Site VPN at aws-fra/);
        expect(pol[0].message).toMatch(/must not start with `0`/);
        expect(pol[0].message).toMatch(/letters, digits, `.` and `_`/);
    });

    it('reports different literal keys of two ends without printing them', () => {
        const x = site('x', 'strongswan', ['10.9.0.0/24']), y = site('y', 'strongswan', ['10.8.0.0/24']);
        const keys = ['Alpha_Key_0123456789abc', 'Bravo_Key_0123456789abc'];
        const p = pair('xy', x, y, { psk: { literal: keys[0] } }, { psk: { literal: keys[1] } });
        const out = analyseCrypto(topology([x, y], [p]));
        const mm = withCode(out, 'psk-mismatch');
        expect(mm).toHaveLength(1);
        expect(mm[0].at).toBe(p.b.psk!.src);
        for (const f of out) for (const k of keys) expect(f.message).not.toContain(k);
        expect(withCode(analyseCrypto(topology([x, y], [pair('xy', x, y, { psk: { literal: keys[0] } }, { psk: { literal: keys[0] } })])), 'psk-mismatch')).toEqual([]);
    });

    it('never prints the key in any message', () => {
        for (const f of fs) expect(f.message).not.toContain(KEY);
        expect(withCode(fs, 'weak-crypto').some(f => /11 characters/.test(f.message))).toBe(true);
    });
});

describe('routing modes', () => {
    it('reports bgp on QingCloud (towards GCP HA VPN) at the routing property', () => {
        const q = site('pek3', 'qingcloud', ['192.168.0.0/24']), g = site('gcp', 'gcp', ['10.170.0.0/20']);
        const t = tunnel('q-g', q, g, { routing: 'bgp' });
        const fs = withCode(analyseCrypto(topology([q, g], [t])), 'routing-unsupported');
        expect(fs).toHaveLength(1);
        expect(fs[0].message).toMatch(/QingCloud at pek3 does not support routing bgp, only policy; with this peer use GCP Classic VPN/);
        expect(fs[0].related?.[0].message).toMatch(/^QingCloud VPC IPsec: policy-based only/);
        expect(fs[0].at).toBe(t.a.source!.routingSrc);
    });

    it('reports GCP HA VPN (bgp) against a peer end without BGP', () => {
        const g = site('gcp', 'gcp', ['10.170.0.0/20']), d = site('dc', 'strongswan', ['192.168.0.0/24']);
        const t = pair('g-d', g, d, { routing: 'bgp' }, { routing: 'static' });
        const fs = withCode(analyseCrypto(topology([g, d], [t])), 'routing-unsupported');
        expect(fs).toHaveLength(1);
        expect(fs[0].message).toContain('routing bgp at gcp but static at dc; BGP needs both ends (or GCP Classic VPN: policy or static)');
        expect(fs[0].related?.map(r => r.message)).toContain('GCP HA VPN carries only BGP tunnels; Classic VPN carries routing policy or static.');
        expect(fs[0].at).toBe(t.b.source!.routingSrc);
    });
});

describe('selector limits', () => {
    it('several selectors in one IKEv1 child towards GCP: an error (only the first is carried), not with IKEv2, not route-based', () => {
        const d = site('dc', 'strongswan', ['192.168.0.0/24', '192.168.1.0/24']), g = site('gcp', 'gcp', ['10.170.0.0/20']);
        const v1 = tunnel('d-g', d, g, { ike: 1, local: ['192.168.0.0/24', '192.168.1.0/24'], ikeProposal: ['aes128-sha1-modp1024'], espProposal: ['aes128-sha1-modp1024'] });
        const fs = withCode(analyseCrypto(topology([d, g], [v1])), 'ikev1-multiple-selectors');
        expect(fs.length).toBeGreaterThan(0);
        expect(fs[0].severity).toBe('error');
        expect(fs[0].message).toMatch(/with IKEv1, GCP uses only the first local selector at dc \(192\.168\.0\.0\/24\): 192\.168\.1\.0\/24 is not carried/);
        expect(fs[0].message).toMatch(/\(dc, strongSwan <-> gcp, GCP\)/);
        expect(fs.some(f => f.at === v1.a.source!.localSrc)).toBe(true);
        const v2 = tunnel('d-g', d, g, { ike: 2, local: ['192.168.0.0/24', '192.168.1.0/24'] });
        expect(withCode(analyseCrypto(topology([d, g], [v2])), 'ikev1-multiple-selectors')).toEqual([]);
        const routed = tunnel('d-g', d, g, { ike: 1, routing: 'static', local: ['0.0.0.0/0'], remote: ['0.0.0.0/0'] });
        expect(withCode(analyseCrypto(topology([d, g], [routed])), 'ikev1-multiple-selectors')).toEqual([]);
    });

    it('warns when an AWS end has more than one CIDR per side, and about Tencent SPD pairs against GCP single child SA', () => {
        const d = site('dc', 'strongswan', ['192.168.0.0/24', '192.168.1.0/24']), aws = site('aws', 'aws', ['10.1.0.0/16']);
        const t = tunnel('d-a', d, aws, { routing: 'policy' });
        expect(withCode(analyseCrypto(topology([d, aws], [t])), 'selector-sa-limit').map(f => f.message).join()).toMatch(/AWS.*1 CIDR per side/);
        const tx = site('tx', 'tencent', ['10.0.0.0/16', '10.5.0.0/16']), g = site('g', 'gcp', ['10.170.0.0/20']);
        const t2 = tunnel('tx-g', tx, g, { routing: 'policy' });
        expect(withCode(analyseCrypto(topology([tx, g], [t2])), 'selector-sa-limit').map(f => f.message).join()).toMatch(/Tencent Cloud at tx negotiates one SA per pair \(2 pairs\), GCP Classic VPN at g accepts one/);
    });
});
