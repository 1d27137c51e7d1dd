/**
 * The bounded fuzz run of `npm test`: a fixed seed, generated and mutated topologies through
 * every service of the language server (see harness.ts for the invariants), the examples typed
 * from the first character, and odd small inputs. `npm run fuzz -- --runs N` is the long run.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FuzzHarness, runChecked, type Outcome } from './harness.js';
import { exampleTexts, inputArb, keyArb } from './generators.js';

const SEED = 20261122;

describe('fuzz: every service on generated and mutated topologies', () => {
    const harness = new FuzzHarness();
    const stats = { inputs: 0, slowestMs: 0, slowest: '' };
    const note = (o: Outcome, input: string[]) => {
        stats.inputs++;
        if (o.ms > stats.slowestMs) { stats.slowestMs = o.ms; stats.slowest = JSON.stringify(input).slice(0, 160); }
    };
    beforeAll(async () => { for (const e of exampleTexts()) await harness.run([e.text]); });
    afterAll(() => {
        console.log(`fuzz (bounded): ${stats.inputs} inputs, slowest ${Math.round(stats.slowestMs)} ms: ${stats.slowest}`);
    });

    test('random inputs (seed 20261122)', async () => {
        await fc.assert(fc.asyncProperty(inputArb(), async input => {
            const o = await runChecked(harness, input, { applyFixes: 1 });
            note(o, input);
            if (o.failures.length) throw new Error(o.failures.join('\n'));
        }), { seed: SEED, numRuns: 400, interruptAfterTimeLimit: 22_000, markInterruptAsFailure: false, endOnFailure: true });
    }, 60_000);

    test('the tencent-gcp example typed from its first character (truncated at every offset)', async () => {
        const text = exampleTexts().find(e => e.name === 'tencent-gcp.topo')!.text;
        for (let i = 0; i <= text.length; i++) {
            const o = await runChecked(harness, [text.slice(0, i)], { typing: true });
            note(o, [text.slice(0, i)]);
            expect(o.failures, `truncated at ${i}`).toEqual([]);
        }
    }, 60_000);

    test('odd small inputs', async () => {
        const key = fc.sample(keyArb, { numRuns: 1, seed: SEED })[0];
        const inputs = [
            '', ' ', '\n\n\n', '\r\n\r\n', '\r', '\ufeff', '\ufeffsite a < cidr 10.0.0.0/24 >', '\u0000', '\u0000site', 'site\u0000a < >',
            '\u202esite a < cidr 10.0.0.0/24 >', 'site 日本 < cidr 10.0.0.0/24 >', 'site a < region "日本🙂" cidr 10.0.0.0/24 >', '🙂🙂🙂', '\ud800\udc00\ud800',
            'site a < cidr 10.0.0.0/33 >', 'site a < cidr 300.1.1.0/24 >', 'site a < cidr 99999999999999999999.1.1.1/99999999999999999999 >',
            'site a < cidr 1.2.3.4.5.6.7.8/8 gateway 10.0.0.0/8 >', 'site a < cidr ::/0, ::1/128, 2001:db8:::1/64, 1:2:3:4:5:6:7:8:9/129 >',
            'host h 10.0.0.1 in a', 'tunnel t a -> a', 'tunnel t a <-> b < local 10.0.0.0/8 >', 'site a < > hub a\nsite b < > hub a\nsite c < > hub b',
            `site a < cidr 10.0.0.0/24 >\nsite b < cidr 10.1.0.0/24 >\ntunnel t a <-> b < psk "${key}" psk "${key}x" >`,
            `tunnel t a <-> b < psk "${key}`, `psk "${key}"`, `site a < region "${'x'.repeat(5000)}" >`, '/*', '/* unterminated\nsite a < >', '"',
            'site a < cidr 10.0.0.0/24 route 10.1.0.0/24 via t route 10.1.0.0/24 via t >\nsite b < cidr 10.1.0.0/24 >\ntunnel t a <-> b\ntunnel t a <-> b',
            'topology', 'topology t topology t', 'site', 'site a', 'site a <', 'site a < >>', 'site a < cidr', 'site a < cidr ,', 'site a < cidr 10.0.0.0/24,',
        ];
        for (const input of inputs) {
            const o = await runChecked(harness, [input], { applyFixes: 3 });
            note(o, [input]);
            expect(o.failures, JSON.stringify(input).slice(0, 80)).toEqual([]);
        }
    }, 60_000);
});
