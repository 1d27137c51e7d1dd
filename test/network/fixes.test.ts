/**
 * Every quick fix of the network analyses, through Langium's code-action test helper on the real
 * services: the diagnostic has exactly one fix, applying it gives the expected text, the
 * diagnostic is gone, and the fixed file is re-validated clean.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { clearDocuments, testCodeAction } from 'langium/test';
import type { Diagnostic } from 'vscode-languageserver';
import { createTopoServices } from '../../language-server/src/topo-module.js';
import type { QuickFix } from '../../language-server/src/model/types.js';
import { CORRECTED_STAR, GUIDE_STAR, TENCENT_GCP } from '../helpers.js';

const { shared, Topo: services } = createTopoServices(EmptyFileSystem);
const NETWORK_CODES = ['cidr-overlap', 'selector-self-overlap', 'selector-mismatch', 'missing-route'];

let disposers: (() => Promise<void>)[] = [];
beforeEach(async () => { await clearDocuments(shared); });
afterEach(async () => {
    for (const d of disposers) await d();
    disposers = [];
});

let n = 0;
async function validate(text: string): Promise<LangiumDocument> {
    await clearDocuments(shared);
    const doc = shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(`file:///fixed/${++n}.topo`));
    shared.workspace.LangiumDocuments.addDocument(doc);
    await shared.workspace.DocumentBuilder.build([doc], { validation: true });
    return doc;
}

/** Applies the code action of `code` with the helper, then re-validates the result on its own. */
async function fixes(input: string, code: string, output: string): Promise<{ title: string; fixed: Diagnostic[] }> {
    const result = await testCodeAction(services)(input, code, output);
    disposers.push(result.dispose);
    const title = result.action?.title ?? '';
    const fixed = await validate(output);
    return { title, fixed: fixed.diagnostics ?? [] };
}

const errorsAndWarnings = (ds: Diagnostic[]) => ds.filter(d => d.severity === 1 || d.severity === 2).map(d => `${d.code}: ${d.message}`);
const network = (ds: Diagnostic[]) => ds.filter(d => NETWORK_CODES.includes(String(d.code))).map(d => `${d.code}: ${d.message}`);

describe('the guide\'s gd2-pek3 line: each of its findings fixes the whole line', () => {
    test.each([
        ['selector-self-overlap', 'Replace 172.26.0.0/24 with 172.16.0.0/24 in the remote selector of gd2-pek3'],
        ['selector-mismatch', 'Make gd2-pek3 the mirror of pek3-gd2'],
        ['missing-route', "Add 172.16.0.0/24 to the remote selector of gd2-pek3 (and drop gd2's own 172.26.0.0/24)"],
    ])('%s', async (code, title) => {
        const r = await fixes(GUIDE_STAR, code, CORRECTED_STAR);
        expect(r.title).toBe(title);
        expect(errorsAndWarnings(r.fixed)).toEqual([]);
    });
});

describe('selector-self-overlap', () => {
    test('removes the site\'s own network from a <-> remote', async () => {
        const before = 'site a < cidr 10.0.0.0/24 >\nsite b < cidr 10.1.0.0/24 >\ntunnel ab a <-> b < local 10.0.0.0/24 remote 10.1.0.0/24, 10.0.0.0/24 >\n';
        const after = 'site a < cidr 10.0.0.0/24 >\nsite b < cidr 10.1.0.0/24 >\ntunnel ab a <-> b < local 10.0.0.0/24 remote 10.1.0.0/24 >\n';
        const r = await fixes(before, 'selector-self-overlap', after);
        expect(r.title).toBe('Remove 10.0.0.0/24 from the remote selector of ab');
        expect(errorsAndWarnings(r.fixed)).toEqual([]);
    });

    test('a local that claims the peer\'s network (mirrored into the peer\'s remote) is fixed where it is written', async () => {
        const before = 'site a < cidr 10.0.0.0/24 >\nsite b < cidr 10.1.0.0/24 >\ntunnel ab a -> b < local 10.0.0.0/24, 10.1.0.0/24 >\n';
        const after = 'site a < cidr 10.0.0.0/24 >\nsite b < cidr 10.1.0.0/24 >\ntunnel ab a -> b < local 10.0.0.0/24 >\n';
        const r = await fixes(before, 'selector-self-overlap', after);
        expect(r.title).toBe('Remove 10.1.0.0/24 from the local selector of ab');
        expect(errorsAndWarnings(r.fixed)).toEqual([]);
    });
});

describe('selector-mismatch', () => {
    test('makes the end that is wrong the mirror of the other end', async () => {
        const before = 'site a < cidr 10.0.0.0/24 >\nsite b < cidr 10.1.0.0/24 >\ntunnel ab a -> b < local 10.0.0.0/25 remote 10.1.0.0/24 >\ntunnel ba b -> a < local 10.1.0.0/24 remote 10.0.0.0/24 >\n';
        const after = 'site a < cidr 10.0.0.0/24 >\nsite b < cidr 10.1.0.0/24 >\ntunnel ab a -> b < local 10.0.0.0/24 remote 10.1.0.0/24 >\ntunnel ba b -> a < local 10.1.0.0/24 remote 10.0.0.0/24 >\n';
        const r = await fixes(before, 'selector-mismatch', after);
        expect(r.title).toBe('Make ab the mirror of ba');
        expect(errorsAndWarnings(r.fixed)).toEqual([]);
    });
});

describe('missing-route', () => {
    test('adds the missing network to the selector that drops the traffic', async () => {
        const before = 'site a < cidr 2001:db8:a::/48, 2001:db8:aa::/48 >\nsite b < cidr 2001:db8:b::/48 >\ntunnel ab a -> b < local 2001:db8:a::/48 remote 2001:db8:b::/48 >\n';
        const after = 'site a < cidr 2001:db8:a::/48, 2001:db8:aa::/48 >\nsite b < cidr 2001:db8:b::/48 >\ntunnel ab a -> b < local 2001:db8:a::/48, 2001:db8:aa::/48 remote 2001:db8:b::/48 >\n';
        const r = await fixes(before, 'missing-route', after);
        expect(r.title).toBe('Add 2001:db8:aa::/48 to the local selector of ab');
        expect(errorsAndWarnings(r.fixed)).toEqual([]);
    });

    test('a hub tunnel\'s local that forgets the other spoke gets it', async () => {
        const star = 'site h < cidr 10.0.0.0/24 > hub h\nsite s1 < cidr 10.1.0.0/24 > hub h\nsite s2 < cidr 10.2.0.0/24 > hub h\n';
        const r = await fixes(`${star}tunnel h-s1 h <-> s1 < local 10.0.0.0/24 remote 10.1.0.0/24 >\n`, 'missing-route',
            `${star}tunnel h-s1 h <-> s1 < local 10.0.0.0/24, 10.2.0.0/24 remote 10.1.0.0/24 >\n`);
        expect(r.title).toBe('Add 10.2.0.0/24 to the local selector of h-s1');
        expect(errorsAndWarnings(r.fixed)).toEqual([]);
    });

    test('Tencent: adds the route via the tunnel to the site (the seed\'s step 6)', async () => {
        const without = TENCENT_GCP.replace(/\n\s*route 10\.170\.0\.0\/20 via tx-gcp >/, ' >');
        const fixed = without.replace('cidr 10.0.0.0/16 >', 'cidr 10.0.0.0/16 route 10.170.0.0/20 via tx-gcp >');
        expect(fixed).not.toBe(without);
        const r = await fixes(without, 'missing-route', fixed);
        expect(r.title).toBe('Add route 10.170.0.0/20 via tx-gcp to site tencent-hk');
        // the seed's crypto is weak (warnings of the crypto analysis); no error and no network finding is left
        expect(r.fixed.filter(d => d.severity === 1)).toEqual([]);
        expect(network(r.fixed)).toEqual([]);
    });

    test('Tencent: a `>` right after the last network still gets a separating space', async () => {
        const before = 'site tx < provider tencent cidr 10.0.0.0/16>\nsite b < provider strongswan cidr 10.1.0.0/24 >\ntunnel t tx <-> b < psk env K >\n';
        const after = before.replace('10.0.0.0/16>', '10.0.0.0/16 route 10.1.0.0/24 via t >');
        const r = await fixes(before, 'missing-route', after);
        expect(r.title).toBe('Add route 10.1.0.0/24 via t to site tx');
        expect(errorsAndWarnings(r.fixed)).toEqual([]);
    });

    test('Tencent as the second of two -> statements: the route names the statement written at the Tencent site', async () => {
        const tail = '\nsite b < provider strongswan cidr 10.1.0.0/24 >\ntunnel b-tx b -> tx < psk env K >\ntunnel tx-b tx -> b < psk env K >\n';
        const r = await fixes(`site tx < provider tencent cidr 10.0.0.0/16 >${tail}`, 'missing-route',
            `site tx < provider tencent cidr 10.0.0.0/16 route 10.1.0.0/24 via tx-b >${tail}`);
        expect(r.title).toBe('Add route 10.1.0.0/24 via tx-b to site tx');
        expect(errorsAndWarnings(r.fixed)).toEqual([]);
    });

    test('Tencent spoke of a derived star: no route fix (the tunnel has no name), and the message says so', async () => {
        const doc = await validate('site h < provider qingcloud cidr 10.0.0.0/24 > hub h\nsite tx < provider tencent cidr 10.1.0.0/24 > hub h\n');
        const found = (doc.diagnostics ?? []).filter(d => d.code === 'missing-route');
        expect(found).toHaveLength(1);
        expect(found[0].message).toContain('derived from hub h and has no name in the file');
        expect((found[0].data as { fixes: QuickFix[] }).fixes).toEqual([]);
        // declaring it, as the message suggests, makes the route fix possible
        const declared = await validate('site h < provider qingcloud cidr 10.0.0.0/24 > hub h\nsite tx < provider tencent cidr 10.1.0.0/24 > hub h\ntunnel h-tx h <-> tx\n');
        const again = (declared.diagnostics ?? []).filter(d => d.code === 'missing-route');
        expect((again[0].data as { fixes: QuickFix[] }).fixes.map(f => f.title)).toEqual(['Add route 10.0.0.0/24 via h-tx to site tx']);
    });
});
