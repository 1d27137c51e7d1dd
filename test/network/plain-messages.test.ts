/**
 * Messages without internal tags (issue 13): a diagnostic that quotes a provider fact says it
 * without the research tags of the provider modules ([S-Q1], UNCONFIRMED); the sources stay in
 * the provider's hover.
 */
import { describe, expect, test } from 'vitest';
import { providerSummaryMarkdown } from '../../language-server/src/lsp/provider-summary.js';
import { factText } from '../../language-server/src/providers/index.js';
import { checkTexts } from '../helpers.js';

// each line quotes a provider fact: routing (QingCloud bgp), key rules (AWS, Huawei), selectors per side (AWS), hub (GCP, Tencent)
const TEXT = `
site q1 < provider qingcloud cidr 10.1.0.0/16 >
site q2 < provider qingcloud cidr 10.2.0.0/16 >
tunnel qq q1 <-> q2 < routing bgp >
site a1 < provider aws cidr 10.3.0.0/16, 10.4.0.0/16 >
site h1 < provider huawei cidr 10.5.0.0/16 >
tunnel ah a1 <-> h1 < psk "0short" routing static >
site g1 < provider gcp cidr 10.6.0.0/16 > hub g1
site g2 < provider gcp cidr 10.7.0.0/16 > hub g1
site g3 < provider gcp cidr 10.8.0.0/16 > hub g1
site t1 < provider tencent cidr 10.9.0.0/16 > hub t1
site t2 < provider tencent cidr 10.10.0.0/16 > hub t1
site t3 < provider tencent cidr 10.11.0.0/16 > hub t1
site w1 < provider aws cidr 10.12.0.0/16 gateway 198.51.100.12 >
site s1 < provider strongswan cidr 10.13.0.0/16 gateway 203.0.113.13 >
tunnel ws w1 <-> s1 < psk env WS_PSK >
site c6 < provider gcp cidr 10.14.0.0/16, fd00:14::/48 gateway 198.51.100.14 >
site s6 < provider strongswan cidr 10.15.0.0/16, fd00:15::/48 gateway 203.0.113.15 >
tunnel cs c6 <-> s6 < psk env CS_PSK >
`;

describe('diagnostics quote provider facts without research tags', () => {
    test('routing, key rules, selector limits and hubs', async () => {
        const [doc] = await checkTexts(TEXT);
        // the related messages too: redundancy-missing (AWS's maintenance note) and
        // ipv6-unsupported (GCP Classic VPN's selector rule) quote provider data there
        const messages = (doc.diagnostics ?? []).flatMap(d => [String(d.message), ...(d.relatedInformation ?? []).map(r => r.message)]);
        const codes = new Set((doc.diagnostics ?? []).map(d => String(d.code)));
        for (const code of ['routing-unsupported', 'psk-policy', 'hub-unsupported', 'redundancy-missing', 'ipv6-unsupported']) expect(codes).toContain(code);
        expect(messages.find(m => m.includes('for maintenance'))).toBeDefined();
        for (const m of messages) {
            expect(m).not.toMatch(/\[S-[A-Z0-9]+/);
            expect(m).not.toMatch(/\bseed \d+/);
            expect(m).not.toContain('UNCONFIRMED');
        }
        expect(messages.find(m => m.includes('QingCloud VPC IPsec:'))).toContain('no BGP for IPsec');
    });

    test('the hover on a provider keeps the sources', () => {
        expect(providerSummaryMarkdown('qingcloud')).toContain('S-Q1');
    });

    test('factText drops tags and keeps the fact', () => {
        expect(factText('policy-based only; no BGP for IPsec (absence UNCONFIRMED) [S-Q1]')).toBe('policy-based only; no BGP for IPsec');
        expect(factText('a route table entry [S-T1, seed 000 step 6]')).toBe('a route table entry');
        expect(factText('any string [S-Q1]; Topo rejects `|`')).toBe('any string; Topo rejects `|`');
        expect(factText('maximum count UNCONFIRMED [S-L1]')).toBe('maximum count not confirmed');
    });
});
