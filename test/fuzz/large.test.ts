/**
 * Large and deeply broken inputs: each is analysed as far as the limits allow
 * (language-server/src/services/parser/limits.ts), with a too-large warning where Topo stopped, and
 * never crashes. Also measures where Langium's unguarded parser overflows the stack.
 */
import { EmptyFileSystem, createLangiumParser } from 'langium';
import { describe, expect, test } from 'vitest';
import { createTopoServices } from '../../language-server/src/topo-module.js';
import { MAX_CHARS, MAX_SYNTAX_ERRORS } from '../../language-server/src/services/parser/limits.js';
import { FuzzHarness } from './harness.js';
import { exampleTexts } from './generators.js';

const MB = 1024 * 1024;
/**
 * Idle, every input here is done within 1 s (most within 0.5 s; the log prints each). A loaded
 * machine (CI beside other jobs) doubles that for the megabyte inputs, so they get 2 s here.
 */
const MEGABYTE_BUDGET_MS = 2000;
const fill = (unit: string, chars: number) => unit.repeat(Math.ceil(chars / unit.length));
const example = exampleTexts().find(e => e.name === 'tencent-gcp.topo')!.text;

/** Deterministic odd characters (control characters, unicode, lone surrogates, NUL). */
function oddCharacters(n: number): string {
    const pool = ['\u0000', '\u0007', '\u001b', '\u007f', 'é', '日', '🙂', '\u202e', '\ufeff', '\ud800', '<', '>', '"', ',', ' ', 'a', '1', '.', '/'];
    let seed = 7, out = '';
    while (out.length < n) { seed = (seed * 1103515245 + 12345) >>> 0; out += pool[seed % pool.length]; }
    return out;
}

export const LARGE_INPUTS: { name: string; text: () => string; tooLarge: boolean; budgetMs: number }[] = [
    { name: 'an empty file', text: () => '', tooLarge: false, budgetMs: MEGABYTE_BUDGET_MS },
    { name: 'a 1 MB line: one word', text: () => `site ${'a'.repeat(MB)} < >`, tooLarge: false, budgetMs: MEGABYTE_BUDGET_MS },
    { name: 'a 1 MB line: a comment', text: () => `${example}// ${'x'.repeat(MB)}\n`, tooLarge: false, budgetMs: MEGABYTE_BUDGET_MS },
    { name: 'a 1 MB line: a psk literal', text: () => example.replace('psk env TX_GCP_PSK', `psk "Pk${'k'.repeat(MB)}"`), tooLarge: false, budgetMs: MEGABYTE_BUDGET_MS },
    { name: 'a 1 MB line: a huge number in an address', text: () => `site a < cidr 10.0.0.${'9'.repeat(MB)}/24 >`, tooLarge: false, budgetMs: MEGABYTE_BUDGET_MS },
    { name: 'a 1 MB line: odd characters', text: () => oddCharacters(MB), tooLarge: false, budgetMs: MEGABYTE_BUDGET_MS },
    { name: '50,000 nested <', text: () => '<'.repeat(50_000), tooLarge: false, budgetMs: MEGABYTE_BUDGET_MS },
    { name: 'a site with 50,000 nested <', text: () => `site a ${'< '.repeat(50_000)}`, tooLarge: false, budgetMs: MEGABYTE_BUDGET_MS },
    { name: 'a broken megabyte: junk between statements', text: () => fill(', site a < >\n', MB), tooLarge: true, budgetMs: MEGABYTE_BUDGET_MS },
    { name: 'a broken megabyte: the example with every line cut short', text: () => fill(example.split('\n').map(l => l.slice(0, Math.ceil(l.length / 2))).join('\n'), MB), tooLarge: true, budgetMs: MEGABYTE_BUDGET_MS },
    { name: 'a broken megabyte in one property list', text: () => `site a < ${fill('cidr , ', MB)}>`, tooLarge: true, budgetMs: MEGABYTE_BUDGET_MS },
    { name: `more than ${MAX_CHARS / 1e6} M characters`, text: () => fill('// a comment line that is long enough to make the file large\n', MAX_CHARS + MB) + 'site a < >', tooLarge: true, budgetMs: 1500 },
];

describe('large and broken inputs degrade gracefully', () => {
    const harness = new FuzzHarness();
    const slowest = { ms: 0, name: '' };

    for (const input of LARGE_INPUTS) {
        test(input.name, async () => {
            const text = input.text();
            let o = await harness.run([text], { light: true, budgetMs: input.budgetMs });
            if (o.failures.some(f => f.startsWith('took '))) o = await harness.run([text], { light: true, budgetMs: input.budgetMs });
            if (o.ms > slowest.ms) Object.assign(slowest, { ms: o.ms, name: input.name });
            console.log(`${input.name}: ${(text.length / MB).toFixed(2)} MB, ${Math.round(o.ms)} ms, ${o.diagnostics} diagnostics`, JSON.stringify(Object.fromEntries(Object.entries(o.phases).filter(([, v]) => v > 50).map(([k, v]) => [k, Math.round(v)]))));
            expect(o.failures).toEqual([]);
            const doc = harness.shared.workspace.LangiumDocuments.all.toArray()[0];
            const tooLarge = (doc.diagnostics ?? []).filter(d => d.code === 'too-large');
            expect(tooLarge.length).toBe(input.tooLarge ? 1 : 0);
            if (input.tooLarge) {
                expect(tooLarge[0].severity).toBe(2);
                expect(tooLarge[0].message).toMatch(/too broken|too large|analysed only/);
            }
            expect((doc.diagnostics ?? []).filter(d => d.code === 'syntax-error').length).toBeLessThanOrEqual(MAX_SYNTAX_ERRORS * 2 + 1);
        }, 30_000);
    }

    test('without the limits, Langium\'s parser overflows the stack on 52 KB of junk between statements', () => {
        const { Topo } = createTopoServices(EmptyFileSystem);
        const plain = createLangiumParser(Topo);
        const junk = fill(', site a < >\n', 4000 * 13);
        expect(() => plain.parse(junk)).toThrow(/call stack/);
        const guarded = Topo.parser.LangiumParser.parse(junk);
        expect(guarded.parserErrors.length).toBeLessThanOrEqual(MAX_SYNTAX_ERRORS + 1);
    }, 30_000);
});
