#!/usr/bin/env node
// The long fuzz run: `npm run fuzz -- --runs 100000 [--seed 1] [--shards 2]`.
// Splits the runs over shards (one vitest process each, test/fuzz/long.test.ts, seeds seed,
// seed+1, ...), waits for all (each killed after --timeout minutes), prints the figures.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : dflt; };
const runs = opt('runs', 10_000), seed = opt('seed', Date.now() % 1_000_000), shards = opt('shards', Math.min(2, os.availableParallelism()));
const timeoutMin = opt('timeout', 120);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(shards) || shards < 1) {
    console.error('usage: npm run fuzz -- [--runs N] [--seed S] [--shards K] [--timeout MINUTES]');
    process.exit(2);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-fuzz-'));
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
console.log(`topo fuzz: ${runs} inputs over ${shards} shard(s), seed ${seed}`);
const t0 = Date.now();
const results = await Promise.all(Array.from({ length: shards }, (_, k) => new Promise(resolve => {
    const report = path.join(dir, `shard-${k}.json`);
    const share = Math.floor(runs / shards) + (k < runs % shards ? 1 : 0);
    const child = spawn(process.execPath, ['--import', path.join(root, 'scripts', 'node20.mjs'), vitest, 'run', 'test/fuzz/long.test.ts', '--reporter=dot'], {
        cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, TOPO_FUZZ_RUNS: String(share), TOPO_FUZZ_SEED: String(seed + k), TOPO_FUZZ_SHARD: String(k), TOPO_FUZZ_SHARDS: String(shards), TOPO_FUZZ_REPORT: report },
    });
    let out = '';
    child.stdout.on('data', d => { out += d; });
    child.stderr.on('data', d => { out += d; });
    const timer = setTimeout(() => { out += `\nshard ${k}: killed after ${timeoutMin} minutes\n`; child.kill('SIGKILL'); }, timeoutMin * 60_000);
    child.on('close', code => {
        clearTimeout(timer);
        const stats = fs.existsSync(report) ? JSON.parse(fs.readFileSync(report, 'utf8')) : undefined;
        resolve({ k, code, out, stats });
    });
})));
const secs = (Date.now() - t0) / 1000;
let inputs = 0, truncations = 0, failed = false, slowest = { ms: 0, input: '' };
for (const r of results) {
    const s = r.stats;
    if (s) {
        inputs += s.inputs; truncations += s.truncations;
        if (s.slowestMs > slowest.ms) slowest = { ms: s.slowestMs, input: s.slowest };
    }
    if (r.code !== 0 || !s || s.failures.length) {
        failed = true;
        console.log(`--- shard ${r.k} (exit ${r.code})\n${s?.failures.join('\n\n') ?? ''}\n${r.out.slice(-3000)}`);
    }
}
console.log(`topo fuzz: ${inputs} random inputs + ${truncations} truncated examples in ${secs.toFixed(0)} s (${(secs / 60).toFixed(1)} min), seed ${seed}, ${shards} shard(s)`);
console.log(`slowest input: ${Math.round(slowest.ms)} ms: ${slowest.input}`);
console.log(failed ? 'FAILED' : 'no failure');
fs.rmSync(dir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
