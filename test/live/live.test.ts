/**
 * The opt-in test against real cloud accounts: `TOPO_LIVE=1 npm run test:live`. Never part of
 * `npm test` or CI (vitest.config.ts leaves test/live out unless run as test:live). It creates
 * billable resources for a few minutes and deletes them.
 *
 * It plans, applies, applies again (nothing to do), destroys and checks that nothing is left of
 * TOPO_LIVE_TOPOLOGY (default examples/tencent-gcp.topo: it needs the VPC and network that file
 * describes in the accounts, and the key in TX_GCP_PSK), with the credentials from each
 * provider's standard places (README, Cloud adapters). Without TOPO_LIVE=1, or without a
 * credential, it is skipped with a message saying what to set.
 *
 * The redacted request log of the run (TOPO_CLOUD_REQUEST_LOG, default
 * test/live/logs/<time>.jsonl, not in git) is checked against the fakes' schemas at the end
 * (test/cloud/request-log.ts): a call the real API took that a fake would refuse is a finding
 * about the fake, a call the fakes accept that the API refused one about the adapter.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../../language-server/src/cli/main.js';
import { checkRequestLog, readRequestLog } from '../cloud/request-log.js';

const ROOT = path.resolve(__dirname, '../..');
const FILE = path.resolve(process.env.TOPO_LIVE_TOPOLOGY || path.join(ROOT, 'examples/tencent-gcp.topo'));

async function topo(env: Record<string, string | undefined>, ...argv: string[]) {
    let out = '', err = '';
    const code = await runCli(argv, { stdout: s => { out += s; }, stderr: s => { err += s; }, env });
    return { code, out, err };
}

test('plan, apply, apply again, destroy against the real accounts', async ctx => {
    if (process.env.TOPO_LIVE !== '1') {
        console.log('test:live skipped: set TOPO_LIVE=1 to run it against real Tencent Cloud / Google Cloud / QingCloud accounts (it creates billable resources, then deletes them).');
        ctx.skip();
        return;
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const log = process.env.TOPO_CLOUD_REQUEST_LOG || path.join(ROOT, 'test/live/logs', `${stamp}.jsonl`);
    fs.mkdirSync(path.dirname(log), { recursive: true });
    const stateDir = path.join(ROOT, 'test/live/logs', `state-${stamp}`);
    const env = { ...process.env, TOPO_CLOUD_REQUEST_LOG: log };
    const args = [FILE, '--adapter', 'cloud', '--state-dir', stateDir];

    const plan = await topo(env, 'plan', ...args);
    if (plan.code === 2) {
        // a missing credential: one line naming what to set (nothing was called)
        console.log(`test:live skipped: ${plan.err.trim()}`);
        ctx.skip();
        return;
    }
    expect(plan.code, plan.out + plan.err).toBe(0);
    const keys = Object.entries(process.env).filter(([k, v]) => /PSK|SECRET|KEY/.test(k) && v && v.length >= 8).map(([, v]) => v!);
    const shown: string[] = [plan.out, plan.err];
    try {
        const applied = await topo(env, 'apply', ...args, '--yes');
        shown.push(applied.out, applied.err);
        expect(applied.code, applied.out + applied.err).toBe(0);
        const again = await topo(env, 'plan', ...args);
        shown.push(again.out);
        expect(again.out).toMatch(/: nothing to do/);
    } finally {
        const destroyed = await topo(env, 'destroy', ...args, '--yes');
        shown.push(destroyed.out, destroyed.err);
        expect(destroyed.code, destroyed.out + destroyed.err).toBe(0);
        const after = await topo(env, 'destroy', ...args);
        expect(after.out).toMatch(/: nothing to do/);
    }
    const text = fs.readFileSync(log, 'utf8');
    for (const k of keys) for (const s of [...shown, text]) expect(s.includes(k)).toBe(false);
    expect(checkRequestLog(readRequestLog(log))).toEqual([]);
    console.log(`test:live: request log ${log}`);
}, 30 * 60 * 1000);
