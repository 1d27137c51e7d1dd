/**
 * docs/language.md is the users' language reference. Its examples are checked here, so the page
 * cannot drift from the language: every ```topo block parses, every diagnostic code Topo has is
 * documented under its own heading, and the example under that heading produces that code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { DIAGNOSTIC_CODES } from '../../language-server/src/diagnostic-codes.js';
import { check, codes } from '../helpers.js';

const doc = fs.readFileSync(path.join(__dirname, '../../docs/language.md'), 'utf8');

/** The ```topo blocks of the page, each with the `### heading` it stands under. */
function blocks(): { heading: string; text: string }[] {
    const out: { heading: string; text: string }[] = [];
    let heading = '';
    const lines = doc.split('\n');
    for (let i = 0; i < lines.length; i++) {
        const h = /^#{2,3} (.*)$/.exec(lines[i]);
        if (h) heading = h[1];
        if (lines[i] === '```topo') {
            const end = lines.indexOf('```', i + 1);
            out.push({ heading, text: lines.slice(i + 1, end).join('\n') });
            i = end;
        }
    }
    return out;
}

/** Codes without an example yet: a failed analysis, a file past the parser's limits, an IKE version every current profile offers, and the redundancy checks (multi-address gateways). */
const NO_EXAMPLE = ['internal-error', 'too-large', 'ike-version-unsupported', 'redundant-mismatch', 'redundancy-missing', 'name-collision', 'name-too-long', 'psk-encoding', 'psk-env-credential', 'string-control'];

describe('docs/language.md', () => {
    const all = blocks();
    const diagnosticExamples = new Map(all.filter(b => /^`[a-z0-9-]+`$/.test(b.heading) && b.heading.slice(1, -1) in DIAGNOSTIC_CODES)
        .map(b => [b.heading.slice(1, -1), b.text]));

    test('documents every diagnostic code under its own heading', () => {
        const headings = [...doc.matchAll(/^### `([a-z0-9-]+)`$/gm)].map(m => m[1]);
        expect(headings.filter(h => h in DIAGNOSTIC_CODES).sort()).toEqual(Object.keys(DIAGNOSTIC_CODES).sort());
    });

    test('has an example for every code but the ones no small file shows', () => {
        expect([...diagnosticExamples.keys()].sort()).toEqual(Object.keys(DIAGNOSTIC_CODES).filter(c => !NO_EXAMPLE.includes(c)).sort());
    });

    test.each([...diagnosticExamples])('the example of %s produces it', async (code, text) => {
        expect(codes(await check(text))).toContain(code);
    });

    test.each(all.filter(b => !diagnosticExamples.has(b.heading.slice(1, -1))).map(b => [b.heading, b.text]))(
        'the example under "%s" has no error', async (_heading, text) => {
            const d = await check(text);
            expect((d.diagnostics ?? []).filter(x => x.severity === 1).map(x => `${x.code}: ${x.message}`)).toEqual([]);
        });

    test('names every keyword of the grammar', () => {
        const grammar = fs.readFileSync(path.join(__dirname, '../../language-server/src/grammar/topo.langium'), 'utf8');
        const keywords = new Set([...grammar.matchAll(/'([a-z][a-z0-9-]*)'/g)].map(m => m[1]));
        expect([...keywords].filter(k => !doc.includes(`\`${k}`) && !new RegExp(`\\b${k} `).test(doc))).toEqual([]);
    });
});
