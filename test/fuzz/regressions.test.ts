/**
 * Every input the fuzzer found a bug with, run through every service again (test/fuzz/regressions/*.json:
 * what broke, where it was fixed, the input, and what must hold besides the general invariants).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { FuzzHarness } from './harness.js';
import { ROOT } from './generators.js';

type Piece = string | { prefix?: string; repeat: string; times: number; suffix?: string };

export interface Regression {
    finding: string;
    fixed: string;
    input: Piece[];
    expect: { codes?: string[]; absentCodes?: string[]; maxMessageLength?: number; budgetMs?: number };
}

const DIR = path.join(ROOT, 'test/fuzz/regressions');

export function loadRegressions(): { name: string; reg: Regression; texts: string[] }[] {
    return fs.readdirSync(DIR).filter(f => f.endsWith('.json')).sort().map(f => {
        const reg = JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as Regression;
        const texts = reg.input.map(p => (typeof p === 'string' ? p : (p.prefix ?? '') + p.repeat.repeat(p.times) + (p.suffix ?? '')));
        return { name: f.replace(/\.json$/, ''), reg, texts };
    });
}

describe('fuzz regressions', () => {
    const harness = new FuzzHarness();
    beforeAll(async () => { await harness.run(['site warm < cidr 10.0.0.0/24 >']); });

    for (const { name, reg, texts } of loadRegressions()) {
        test(name, async () => {
            const outcome = await harness.run(texts, { applyFixes: 3 });
            expect(outcome.failures, reg.finding).toEqual([]);
            const docs = harness.shared.workspace.LangiumDocuments.all.toArray();
            const diagnostics = docs.flatMap(d => d.diagnostics ?? []);
            const codes = new Set(diagnostics.map(d => String(d.code)));
            for (const c of reg.expect.codes ?? []) expect(codes, `expected a ${c} diagnostic`).toContain(c);
            for (const c of reg.expect.absentCodes ?? []) expect(codes, `expected no ${c} diagnostic`).not.toContain(c);
            if (reg.expect.maxMessageLength !== undefined) {
                for (const d of diagnostics) expect(String(d.message).length).toBeLessThanOrEqual(reg.expect.maxMessageLength);
            }
            expect(outcome.ms).toBeLessThan(reg.expect.budgetMs ?? 5000);
        });
    }
});
