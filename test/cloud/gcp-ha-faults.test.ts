/**
 * A fault at every call of the GCP HA VPN design's apply and destroy (test/cloud/fixtures/
 * gcp-ha-aws.topo): a 500 (every time: the run stops), a timeout after the call took effect (the
 * answer is lost), a quota error. The next run completes, nothing is created twice, the router's
 * BGP configuration is the topology's, and no key shows.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { CloudAdapter } from '../../language-server/src/adapters/cloud/adapter.js';
import type { Topology } from '../../language-server/src/model/types.js';
import { topologyOf } from '../adapters/fixtures.js';
import type { FaultKind } from './fakes/world.js';
import { type Clouds, startClouds } from './harness.js';

const FILE = path.join(__dirname, 'fixtures', 'gcp-ha-aws.topo');
const KEYS = { A1: 'ha-key-A1.0123456789', A2: 'ha-key-A2.0123456789', A3: 'ha-key-A3.0123456789', A4: 'ha-key-A4.0123456789' };
const MUTATING = /\.(insert|delete|patch|wait)$/;
const EXPECTED = { vpnGateways: ['gcp-ha-vpn-gw'], externalVpnGateways: ['vpc-peer-gw'], routers: ['gcp-router'], vpnTunnels: ['g0-a1', 'g0-a2', 'g1-a3', 'g1-a4'], firewalls: ['gcp-allow-vpn'] };

let model: Topology;

async function run(c: Clouds, cmd: 'apply' | 'destroy'): Promise<{ code: number; out: string }> {
    const adapter = new CloudAdapter({ stateDir: path.join(c.dir, 'state'), env: { ...c.env, ...KEYS }, providers: ['gcp'], pollMs: 5, backoffMs: 5, timeoutSeconds: 0.5 });
    const state = await adapter.observe(model);
    const plan = cmd === 'apply' ? adapter.plan(model, state) : adapter.planDestroy(model, state);
    const lines = [...plan.problems.map(p => `${p.severity.toUpperCase()}: ${p.message}`), ...plan.actions.map(a => a.description)];
    const result = await adapter.apply(plan, e => lines.push(`${e.phase === 'failed' ? 'FAILED' : e.phase} ${e.action?.id ?? ''}: ${e.message}`));
    return { code: result.ok ? 0 : 1, out: lines.join('\n') + '\n' };
}

async function clouds(): Promise<Clouds> {
    const c = await startClouds();
    c.gcp.nextAddresses.push('35.0.0.1', '35.0.0.2');
    return c;
}

function noKey(text: string): void { for (const k of Object.values(KEYS)) expect(text).not.toContain(k); }

function expectDesign(c: Clouds): void {
    expect(c.gcp.inventory()).toEqual(EXPECTED);
    const router = c.gcp.resources.get('routers/europe-west1/gcp-router')!;
    expect((router.interfaces as unknown[]).length).toBe(4);
    expect((router.bgpPeers as { peerAsn: number }[]).map(p => p.peerAsn)).toEqual([64512, 64512, 64512, 64512]);
    expect(c.gcp.rejected.filter(r => !/injected/.test(r))).toEqual([]);
}

async function discover(): Promise<{ apply: string[]; destroy: string[] }> {
    model = await topologyOf(fs.readFileSync(FILE, 'utf8'));
    const c = await clouds();
    try {
        expect((await run(c, 'apply')).code).toBe(0);
        expectDesign(c);
        const apply = [...new Set(c.gcp.calls.map(x => x.method))];
        const n = c.gcp.calls.length;
        expect((await run(c, 'destroy')).code).toBe(0);
        return { apply, destroy: [...new Set(c.gcp.calls.slice(n).map(x => x.method))] };
    } finally { await c.stop(); }
}

const scenarios = (methods: string[]) => methods.flatMap(m => {
    const kinds: FaultKind[] = ['500'];
    if (MUTATING.test(m)) kinds.push('timeout');
    if (/\.(insert|patch)$/.test(m)) kinds.push('quota');
    return kinds.map(kind => ({ m, kind }));
});

describe('GCP HA VPN: a fault at every call', { timeout: 60_000 }, async () => {
    const calls = await discover();

    test('the design uses every HA VPN call', () => {
        for (const m of ['vpnGateways.insert', 'externalVpnGateways.insert', 'routers.insert', 'vpnTunnels.insert', 'routers.patch', 'firewalls.insert', 'regionOperations.wait', 'globalOperations.wait']) expect(calls.apply).toContain(m);
        for (const m of ['vpnGateways.delete', 'externalVpnGateways.delete', 'routers.delete', 'vpnTunnels.delete', 'routers.patch', 'firewalls.delete']) expect(calls.destroy).toContain(m);
    });

    test.each(scenarios(calls.apply))('apply: $kind at $m, then apply again', async ({ m, kind }) => {
        const c = await clouds();
        try {
            c.gcp.faults.add({ method: m, kind, when: kind === 'timeout' ? 'after' : 'before', times: kind === '500' ? 99 : 1 });
            const first = await run(c, 'apply');
            // a call that keeps failing, or a quota, stops the run (the fault did happen)
            if (kind !== 'timeout' && /\.(insert|patch|get|list)$/.test(m)) expect(first.code, first.out).toBe(1);
            if (first.code !== 0) expect(first.out).toMatch(/FAILED .*: gcp \S+: .*\n|ERROR: could not read the current state: gcp \S+: .*\n/);
            noKey(first.out);
            c.gcp.faults.clear();
            const second = await run(c, 'apply');
            noKey(second.out);
            expect(second.code, second.out).toBe(0);
            expectDesign(c);
            const third = await run(c, 'apply');
            expect(third.out.trim(), 'a third apply has nothing to do').toBe('');
        } finally { await c.stop(); }
    });

    test.each(scenarios(calls.destroy.filter(m => MUTATING.test(m))))('destroy: $kind at $m, then destroy again', async ({ m, kind }) => {
        const c = await clouds();
        try {
            expect((await run(c, 'apply')).code).toBe(0);
            c.gcp.faults.add({ method: m, kind, when: kind === 'timeout' ? 'after' : 'before', times: kind === '500' ? 99 : 1 });
            noKey((await run(c, 'destroy')).out);
            c.gcp.faults.clear();
            const second = await run(c, 'destroy');
            expect(second.code, second.out).toBe(0);
            expect(c.gcp.inventory()).toEqual({});
        } finally { await c.stop(); }
    });
});
