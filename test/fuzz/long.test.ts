/**
 * One shard of the long fuzz run (`npm run fuzz -- --runs N`, see run.mjs): skipped unless
 * TOPO_FUZZ_RUNS is set. Writes its figures to TOPO_FUZZ_REPORT (JSON).
 */
import * as fs from 'node:fs';
import fc from 'fast-check';
import { describe, test } from 'vitest';
import { BUDGET_MS, FuzzHarness } from './harness.js';
import { exampleTexts, inputArb } from './generators.js';

const RUNS = Number(process.env.TOPO_FUZZ_RUNS ?? 0);
const SEED = Number(process.env.TOPO_FUZZ_SEED ?? 1);
const SHARD = Number(process.env.TOPO_FUZZ_SHARD ?? 0);
const SHARDS = Number(process.env.TOPO_FUZZ_SHARDS ?? 1);
const REPORT = process.env.TOPO_FUZZ_REPORT;

describe.skipIf(!RUNS)('fuzz: long run', () => {
    test(`shard ${SHARD + 1}/${SHARDS}: ${RUNS} inputs, seed ${SEED}`, async () => {
        const harness = new FuzzHarness();
        const t0 = performance.now();
        const stats = { shard: SHARD, seed: SEED, inputs: 0, truncations: 0, failures: [] as string[], slowestMs: 0, slowest: '', wallMs: 0 };
        const save = () => { stats.wallMs = performance.now() - t0; if (REPORT) fs.writeFileSync(REPORT, JSON.stringify(stats, null, 1)); };
        for (const e of exampleTexts()) await harness.run([e.text]);
        // every example typed from its first character (this shard's share of the offsets)
        for (const e of exampleTexts()) {
            for (let i = SHARD; i <= e.text.length; i += SHARDS) {
                const o = await harness.run([e.text.slice(0, i)], { typing: true, budgetMs: BUDGET_MS });
                stats.truncations++;
                if (o.failures.length) stats.failures.push(`${e.name} cut at ${i}: ${o.failures.join('; ')}`);
            }
        }
        try {
            await fc.assert(fc.asyncProperty(inputArb(), async input => {
                let o = await harness.run(input, { light: true, budgetMs: BUDGET_MS, applyFixes: stats.inputs % 10 === 0 ? 1 : 0 });
                if (o.failures.length && o.failures.every(f => f.startsWith('took '))) o = await harness.run(input, { light: true, budgetMs: BUDGET_MS });
                stats.inputs++;
                if (o.ms > stats.slowestMs) { stats.slowestMs = o.ms; stats.slowest = JSON.stringify(input).slice(0, 300); }
                if (stats.inputs % 1000 === 0) save();
                if (o.failures.length) throw new Error(o.failures.join('\n'));
            }), { seed: SEED, numRuns: RUNS, endOnFailure: true });
        } catch (e) {
            const m = String(e instanceof Error ? e.message : e);
            stats.failures.push(m.length > 8000 ? `${m.slice(0, 3000)}\n...\n${m.slice(-5000)}` : m);
        }
        save();
        if (stats.failures.length) throw new Error(stats.failures.join('\n\n'));
    }, 0);
});
