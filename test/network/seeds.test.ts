/**
 * The two seeds as the examples write them: what Topo must say about the QingCloud guide's star
 * as printed (and not say about the corrected or three-line star), and about the Tencent <-> GCP
 * tunnel with and without its route.
 */
import { describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import type { LangiumDocument } from 'langium';
import { check, covered } from '../helpers.js';

const example = (name: string) => fs.readFileSync(path.join(__dirname, '../../examples', name), 'utf8');
const NETWORK_CODES = ['cidr-overlap', 'selector-self-overlap', 'selector-mismatch', 'missing-route'];

function lineOf(doc: LangiumDocument, d: Diagnostic): string {
    return doc.textDocument.getText().split('\n')[d.range.start.line];
}

const text = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
const mine = (doc: LangiumDocument) => (doc.diagnostics ?? []).filter(d => NETWORK_CODES.includes(String(d.code)));

describe('the QingCloud guide\'s star', () => {
    test('as printed: gd2-pek3 reports self-overlap, mismatch against pek3-gd2 and gd2 <-> sh1 in both directions', async () => {
        const doc = await check(example('qingcloud-star-as-printed.topo'));
        const found = mine(doc);
        // every network finding is on the gd2-pek3 line
        expect(found.map(d => lineOf(doc, d).split(/\s+/).slice(0, 2).join(' '))).toEqual(found.map(() => 'tunnel gd2-pek3'));

        const self = found.filter(d => d.code === 'selector-self-overlap');
        expect(self).toHaveLength(1);
        expect(covered(doc, self[0])).toBe('172.26.0.0/24');
        expect(text(self[0])).toContain("overlaps gd2's own network 172.26.0.0/24");
        expect(self[0].severity).toBe(1);

        const mismatch = found.filter(d => d.code === 'selector-mismatch');
        expect(mismatch).toHaveLength(1);
        expect(covered(doc, mismatch[0])).toBe('remote 192.168.0.0/24, 172.26.0.0/24');
        expect(text(mismatch[0])).toContain('local selector of tunnel end pek3-gd2 at pek3');
        expect(text(mismatch[0])).toContain('172.16.0.0/24 is missing and 172.26.0.0/24 is extra');
        const rel = mismatch[0].relatedInformation ?? [];
        expect(rel).toHaveLength(1);
        expect(doc.textDocument.getText(rel[0].location.range)).toBe('local 192.168.0.0/24, 172.16.0.0/24');

        // gd2 <-> sh1 in both directions, dropped by this one selector: one finding naming both
        const routes = found.filter(d => d.code === 'missing-route');
        expect(routes).toHaveLength(1);
        const route = text(routes[0]);
        expect(covered(doc, routes[0])).toBe('remote 192.168.0.0/24, 172.26.0.0/24');
        expect(route).toMatch(/^Traffic gd2 <-> sh1 is not carried in either direction/);
        // the sending hop and the receiving hop are told apart, each with its direction
        expect(route).toContain('gd2 -> sh1 is not sent by tunnel end gd2-pek3 at gd2 (hop 1 of 2, gd2 -> pek3)');
        expect(route).toContain('sh1 -> gd2 is not accepted by it (hop 2 of 2, pek3 -> gd2)');
        expect(route).toContain("lacks sh1's network 172.16.0.0/24");
        // nothing else is wrong with the file's networks
        expect(found).toHaveLength(3);
    });

    test('no message repeats another: each finding on the line says something different', async () => {
        const doc = await check(example('qingcloud-star-as-printed.topo'));
        const messages = mine(doc).map(text);
        expect(new Set(messages).size).toBe(messages.length);
        // only the self-overlap talks about gd2's own network as the cause
        expect(messages.filter(m => m.includes("gd2's own")).length).toBe(1);
    });

    test.each([
        ['with 172.16.0.0/24 in its place', 'qingcloud-star.topo'],
        ['with only the three site lines', 'qingcloud-star-short.topo'],
    ])('%s it is clean', async (_label, file) => {
        const doc = await check(example(file));
        expect((doc.diagnostics ?? []).filter(d => d.severity === 1 || d.severity === 2)).toEqual([]);
    });

    test('the corrected star differs from the printed one only on the gd2-pek3 line', () => {
        const printed = example('qingcloud-star-as-printed.topo').split('\n').filter(l => l.startsWith('tunnel'));
        const fixed = example('qingcloud-star.topo').split('\n').filter(l => l.startsWith('tunnel'));
        expect(printed.filter((l, i) => l !== fixed[i]).map(l => l.split(/\s+/)[1])).toEqual(['gd2-pek3']);
    });
});

describe('the Tencent <-> GCP tunnel', () => {
    const withRoute = example('tencent-gcp.topo');
    const withoutRoute = withRoute.replace(/\n\s*route 10\.170\.0\.0\/20 via tx-gcp/, '');

    test('the example has the route line (the test removes it)', () => {
        expect(withoutRoute).not.toBe(withRoute);
        expect(withoutRoute).not.toContain('route ');
    });

    test('without its route line: missing-route at tencent-hk', async () => {
        const doc = await check(withoutRoute);
        const found = mine(doc);
        expect(found.map(d => d.code)).toEqual(['missing-route']);
        const [d] = found;
        expect(d.severity).toBe(1);
        expect(covered(doc, d)).toBe('tencent-hk');
        expect(lineOf(doc, d)).toMatch(/^site tencent-hk /);
        expect(text(d)).toContain('Traffic tencent-hk -> gcp-hk');
        expect(text(d)).toContain('10.170.0.0/20');
        expect(text(d)).toContain('VPN gateway as next hop');
        expect(text(d)).not.toContain('TX_GCP_PSK');
    });

    test('with it: no missing-route, and no other network finding', async () => {
        const doc = await check(withRoute);
        expect(mine(doc)).toEqual([]);
    });
});
