/**
 * A fault at every call of the seed's Tencent <-> GCP apply and destroy: a 500 (every time: the
 * run stops), a timeout after the call took effect (the answer is lost), a quota error. The run
 * fails with one line (or completes through its retries), the next run completes, nothing is
 * created twice and no key shows.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { CloudAdapter } from '../../language-server/src/adapters/cloud/adapter.js';
import type { Topology } from '../../language-server/src/model/types.js';
import { topologyOf } from '../adapters/fixtures.js';
import type { FaultKind } from './fakes/world.js';
import { type Clouds, EXAMPLES, TX_GCP_KEY, startClouds } from './harness.js';

const FILE = path.join(EXAMPLES, 'tencent-gcp.topo');
const MUTATING = /^(Create|Delete)|\.(insert|delete|wait)$|^DescribeVpcTaskResult$/;

const EXPECTED_TX = { gateways: ['tencent-hk-vpngw'], conns: ['tx-gcp'] };
const EXPECTED_GCP = {
    addresses: ['gcp-hk-vpn-ip'], targetVpnGateways: ['gcp-hk-vpn-gw'], forwardingRules: ['gcp-hk-vpn-gw-esp', 'gcp-hk-vpn-gw-udp4500', 'gcp-hk-vpn-gw-udp500'],
    vpnTunnels: ['tx-gcp'], routes: ['tx-gcp-10-0-0-0-16'], firewalls: ['gcp-hk-allow-vpn'],
};

let model: Topology;

/** observe -> plan -> apply through the adapter (the CLI around it is tested in tencent-gcp.test.ts): exit code and every line it would print. */
async function run(c: Clouds, cmd: 'apply' | 'destroy'): Promise<{ code: number; out: string }> {
    const adapter = new CloudAdapter({ stateDir: path.join(c.dir, 'state'), env: c.env, pollMs: 5, backoffMs: 5, timeoutSeconds: 0.5 });
    const state = await adapter.observe(model);
    const plan = cmd === 'apply' ? adapter.plan(model, state) : adapter.planDestroy(model, state);
    const lines = [...plan.problems.map(p => `${p.severity.toUpperCase()}: ${p.message}`), ...plan.actions.map(a => a.description)];
    const result = await adapter.apply(plan, e => lines.push(`${e.phase === 'failed' ? 'FAILED' : e.phase} ${e.action?.id ?? ''}: ${e.message}`));
    return { code: result.ok ? 0 : 1, out: lines.join('\n') + '\n' };
}

function callsOf(c: Clouds): string[] {
    return [...c.tencent.calls.map(x => x.action), ...c.gcp.calls.map(x => x.method)];
}

/** The calls a clean apply and a clean destroy make, in order of first use. */
async function discover(): Promise<{ apply: string[]; destroy: string[] }> {
    model = await topologyOf(fs.readFileSync(FILE, 'utf8'));
    const c = await startClouds();
    try {
        expect((await run(c, 'apply')).code).toBe(0);
        const apply = [...new Set(callsOf(c))];
        const n = c.tencent.calls.length + c.gcp.calls.length;
        expect((await run(c, 'destroy')).code).toBe(0);
        const destroy = [...new Set(callsOf(c).slice(n))];
        return { apply, destroy };
    } finally { await c.stop(); }
}

/** Every call fails with a 500; calls that change something also time out after taking effect; creates also hit a quota. */
const scenarios = (methods: string[]) => methods.flatMap(m => {
    const kinds: FaultKind[] = ['500'];
    if (MUTATING.test(m)) kinds.push('timeout');
    if (/^Create|\.insert$/.test(m)) kinds.push('quota');
    return kinds.map(kind => ({ m, kind }));
});

describe('fault injection at every call', { timeout: 60_000 }, async () => {
    const calls = await discover();

    test.each(scenarios(calls.apply))('apply: $kind at $m, then apply again', async ({ m, kind }) => {
        const c = await startClouds();
        try {
            c.tencent.faults.add({ method: m, kind, when: kind === 'timeout' ? 'after' : 'before', times: kind === '500' ? 99 : 1 });
            c.gcp.faults.add({ method: m, kind, when: kind === 'timeout' ? 'after' : 'before', times: kind === '500' ? 99 : 1 });
            const first = await run(c, 'apply');
            // one line: the failed call and the provider's error, or what could not be read
            if (first.code !== 0) expect(first.out).toMatch(/FAILED .*: (tencent|gcp) \S+: .*\n|ERROR: could not read the current state: (tencent|gcp) \S+: .*\n/);
            expect(first.out).not.toContain(TX_GCP_KEY);
            c.tencent.faults.clear(); c.gcp.faults.clear();
            const second = await run(c, 'apply');
            expect(second.out).not.toContain(TX_GCP_KEY);
            expect(second.code, second.out).toBe(0);
            // exactly what the runbook describes: nothing created twice
            expect(c.tencent.inventory()).toMatchObject(EXPECTED_TX);
            expect(c.tencent.inventory().cgws).toHaveLength(1);
            expect(c.tencent.inventory().routes).toHaveLength(1);
            expect(c.gcp.inventory()).toEqual(EXPECTED_GCP);
            expect(c.tencent.rejected.filter(r => !/injected/.test(r))).toEqual([]);
            expect(c.gcp.rejected).toEqual([]);
        } finally { await c.stop(); }
    });

    // reads fail the same way in a destroy as in an apply (above): here the deletes and their waits
    test.each(scenarios(calls.destroy.filter(m => MUTATING.test(m))))('destroy: $kind at $m, then destroy again', async ({ m, kind }) => {
        const c = await startClouds();
        try {
            expect((await run(c, 'apply')).code).toBe(0);
            c.tencent.faults.add({ method: m, kind, when: kind === 'timeout' ? 'after' : 'before', times: kind === '500' ? 99 : 1 });
            c.gcp.faults.add({ method: m, kind, when: kind === 'timeout' ? 'after' : 'before', times: kind === '500' ? 99 : 1 });
            const first = await run(c, 'destroy');
            expect(first.out).not.toContain(TX_GCP_KEY);
            c.tencent.faults.clear(); c.gcp.faults.clear();
            const second = await run(c, 'destroy');
            expect(second.code, second.out).toBe(0);
            expect(c.tencent.inventory()).toEqual({ gateways: [], cgws: [], conns: [], routes: [] });
            expect(c.gcp.inventory()).toEqual({});
        } finally { await c.stop(); }
    });
});
