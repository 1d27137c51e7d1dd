import { describe, expect, test } from 'vitest';
import { check, covered, SHORT_STAR } from '../helpers.js';

const star = (hubProvider: string, spokes = 2) => [
    `site h < provider ${hubProvider} cidr 10.0.0.0/24 > hub h`,
    ...Array.from({ length: spokes }, (_, i) => `site s${i} < provider strongswan cidr 10.${i + 1}.0.0/24 > hub h`),
].join('\n');

describe('hub capability', () => {
    test('a GCP Cloud VPN gateway cannot be the centre of a star with two spokes', async () => {
        const doc = await check(star('gcp'));
        const d = doc.diagnostics!.find(x => x.code === 'hub-unsupported')!;
        expect(d.severity).toBe(1);
        expect(covered(doc, d)).toBe('h');
        expect(d.message).toContain('Site h is the centre of a star, but GCP does not route between its own tunnels: the 1 spoke-to-spoke path through it will not work');
        // the provider's own words (Network Connectivity Center) in the related information
        expect(d.relatedInformation?.[0].message).toMatch(/^Google Cloud VPN: .*Network Connectivity Center/);
    });

    test('Tencent can only partly: a warning', async () => {
        const doc = await check(star('tencent', 3));
        const d = doc.diagnostics!.find(x => x.code === 'hub-unsupported')!;
        expect(d.severity).toBe(2);
        expect(d.message).toContain('3 spoke-to-spoke paths');
    });

    test('QingCloud (the guide\'s hub) and strongSwan can; one spoke needs no transit', async () => {
        for (const text of [SHORT_STAR, star('strongswan'), star('gcp', 1)]) {
            const doc = await check(text);
            expect(doc.diagnostics!.map(x => x.code)).not.toContain('hub-unsupported');
        }
    });
});
