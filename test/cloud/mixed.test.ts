/**
 * One plan over a topology that mixes a strongSwan gateway with Tencent Cloud, Google Cloud and
 * QingCloud sites (examples/mixed-clouds.topo), `--adapter all`: the real cloud SDKs against the
 * strict fakes on 127.0.0.1, the strongSwan side against the fake charon of test/adapters. The
 * cloud gateways are created first and the strongSwan gateway is configured with the addresses
 * the clouds gave them; a second apply changes nothing; destroy leaves nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createAdapter } from '../../language-server/src/adapters/index.js';
import type { Adapter, ProgressEvent } from '../../language-server/src/adapters/types.js';
import { loadWorkspace } from '../../language-server/src/cli/workspace.js';
import type { Topology } from '../../language-server/src/model/types.js';
import { FakeCharon, fakeRunner } from '../adapters/fake-charon.js';
import { type Clouds, EXAMPLES, startClouds, topo } from './harness.js';

const FILE = path.join(EXAMPLES, 'mixed-clouds.topo');
const KEYS = { ONPREM_TX_PSK: 'onprem-tx-Key.0123456789', ONPREM_GCP_PSK: 'onprem-gcp-Key.0123456789', ONPREM_PEK3_PSK: 'onprem-pek3-Key.0123456789' };
let c: Clouds;
let env: Record<string, string>;
let charons: Map<string, FakeCharon>;
let workdir: string;
let stateDir: string;

beforeEach(async () => {
    c = await startClouds();
    env = { ...c.env, ...KEYS };
    charons = new Map();
    workdir = path.join(c.dir, 'strongswan');
    stateDir = path.join(c.dir, 'state');
});
afterEach(async () => { await c.stop(); });

async function model(): Promise<Topology> {
    const { services, documents } = await loadWorkspace([FILE]);
    return services.topo.TopologyService.resultFor(documents[0].document).topology;
}

async function adapter(): Promise<Adapter<unknown>> {
    return createAdapter('all', {
        strongswan: { workdir, runner: fakeRunner(charons), env },
        cloud: { stateDir, env, pollMs: 5, backoffMs: 5, timeoutSeconds: 0.5 },
    });
}

async function planOnce(mode: 'apply' | 'destroy' = 'apply') {
    const t = await model();
    const a = await adapter();
    const state = await a.observe(t);
    return { t, a, plan: mode === 'apply' ? a.plan(t, state) : a.planDestroy(t, state) };
}

const gcpAddress = () => String([...c.gcp.resources.values()].find(r => r.name === 'gcp-hk-vpn-ip')?.address);
const tencentAddress = () => String([...c.tencent.gateways.values()][0]?.PublicIpAddress);
const MUTATING = /^(Create|Delete|Modify|Replace|Reset|Add|Update|Apply)|\.(insert|delete|patch)$/;
const mutations = () => [...c.tencent.calls.map(x => x.action), ...c.gcp.calls.map(x => x.method), ...c.qingcloud.calls.map(x => x.action)].filter(m => MUTATING.test(m));

describe('--adapter all over strongSwan + Tencent Cloud + Google Cloud + QingCloud', () => {
    test('the CLI plan is one plan: the cloud calls first, then the strongSwan steps, whose peer addresses name the cloud steps that make them', async () => {
        const r = await topo(env, 'plan', FILE, '--adapter', 'all', '--state-dir', stateDir, '--workdir', workdir, '--swanctl', '/nonexistent/swanctl');
        expect(r.err).toBe('');
        expect(r.code).toBe(0);
        expect(r.out).toMatch(/^Plan \(all, apply\) for onprem, tencent-hk, gcp-hk, pek3: \d+ actions/);
        const steps = r.out.split('\n').filter(l => /^\s+\d+\. /.test(l));
        const kinds = steps.map(l => /^\s+\d+\. (\S+)/.exec(l)![1]);
        const firstSw = kinds.indexOf('write-config');
        expect(firstSw).toBeGreaterThan(0);
        expect(kinds.slice(0, firstSw).every(k => k === 'create')).toBe(true);
        expect(kinds.slice(firstSw)).toEqual(['write-config', 'load', 'initiate', 'initiate', 'initiate']);
        const stepOf = (re: RegExp) => steps.findIndex(l => re.test(l)) + 1;
        const gcpStep = stepOf(/gcp addresses\.insert/);
        const txStep = stepOf(/tencent CreateVpnGateway/);
        expect(gcpStep).toBeGreaterThan(0);
        expect(r.out).toContain(`peer addresses of tencent-hk from step ${txStep}, gcp-hk from step ${gcpStep}`);
        expect(r.out).toContain(`(IKEv2 to gcp-hk <public address of gcp-hk from step ${gcpStep}>)`);
        expect(r.out).toContain('(IKEv2 to pek3 139.198.27.92)');
        expect(steps.slice(firstSw).join('\n')).not.toContain('%any');
        for (const k of Object.values(KEYS)) expect(r.out).not.toContain(k);
        expect(mutations()).toEqual([]);
        // the same plan as JSON: one plan id
        const j = await topo(env, 'plan', FILE, '--adapter', 'all', '--state-dir', stateDir, '--workdir', workdir, '--swanctl', '/nonexistent/swanctl', '--format', 'json');
        const plan = JSON.parse(j.out.split('\n')[0]).plan;
        expect(plan.adapter).toBe('all');
        expect(plan.id).toMatch(/^[0-9a-f]{16}$/);
        expect(plan.actions).toHaveLength(steps.length);
    });

    test('apply: clouds first, the strongSwan gateway gets their addresses; a second apply does nothing; destroy leaves nothing', async () => {
        const { t, a, plan } = await planOnce();
        expect(plan.problems.filter(p => p.severity === 'error')).toEqual([]);
        const events: ProgressEvent[] = [];
        const result = await a.apply(plan, e => events.push(e));
        expect(result.failed).toBeUndefined();
        expect(result.ok).toBe(true);
        // one run, numbered through: every cloud step before the first strongSwan step
        const done = events.filter(e => e.phase === 'done');
        expect(done.map(e => e.step)).toEqual(done.map((_, i) => i + 1));
        expect(new Set(done.map(e => e.total)).size).toBe(1);
        const firstSw = done.findIndex(e => e.action?.kind === 'write-config');
        expect(done.slice(0, firstSw).every(e => e.action?.kind === 'create')).toBe(true);
        expect(done.slice(firstSw).map(e => e.action?.kind)).toEqual(['write-config', 'load', 'initiate', 'initiate', 'initiate']);
        // the strongSwan gateway is configured with the addresses the clouds gave their gateways
        const conf = fs.readFileSync(path.join(workdir, 'onprem', 'swanctl.conf'), 'utf8');
        expect(gcpAddress()).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
        expect(tencentAddress()).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
        const remotes = [...conf.matchAll(/remote_addrs = (\S+)/g)].map(m => m[1]).sort();
        expect(remotes).toEqual([gcpAddress(), tencentAddress(), '139.198.27.92'].sort());
        expect(conf).not.toContain('%any');
        // the clouds were configured with the strongSwan gateway's address
        expect([...c.gcp.resources.values()].find(r => r.name === 'onprem-gcp')).toMatchObject({ peerIp: '198.51.100.10', ikeVersion: 2 });
        expect(c.tencent.inventory().cgws).toEqual(['onprem-cgw=198.51.100.10']);
        // one report over both kinds of end
        const reports = await a.report(t);
        expect(reports.map(r => `${r.tunnel}@${r.site}`).sort()).toEqual([
            'onprem-gcp@gcp-hk', 'onprem-gcp@onprem', 'onprem-pek3@onprem', 'onprem-pek3@pek3', 'onprem-tx@onprem', 'onprem-tx@tencent-hk',
        ]);
        expect(reports.filter(r => r.site === 'onprem').every(r => r.established)).toBe(true);

        const before = mutations().length;
        const again = await planOnce();
        expect(again.plan.actions).toEqual([]);
        expect(again.plan.problems.filter(p => p.severity === 'error')).toEqual([]);
        expect(mutations().length).toBe(before);

        const d = await planOnce('destroy');
        const kinds = d.plan.actions.map(x => x.kind);
        expect(kinds.slice(0, 3)).toEqual(['terminate', 'terminate', 'terminate']);
        expect(kinds.indexOf('remove-config')).toBeLessThan(kinds.indexOf('delete'));
        const destroyed = await d.a.apply(d.plan);
        expect(destroyed.ok).toBe(true);
        expect(c.tencent.inventory()).toEqual({ gateways: [], cgws: [], conns: [], routes: [] });
        expect(Object.values(c.gcp.inventory()).flat()).toEqual([]);
        expect(fs.existsSync(path.join(workdir, 'onprem', 'swanctl.conf'))).toBe(false);
        const after = await planOnce('destroy');
        expect(after.plan.actions).toEqual([]);
    });

    test('a missing cloud credential stops the mixed run before anything changes (exit 2, one line)', async () => {
        const { GOOGLE_APPLICATION_CREDENTIALS: _, ...noGoogle } = env;
        const r = await topo({ ...noGoogle, HOME: path.join(c.dir, 'nohome') }, 'apply', FILE, '--adapter', 'all', '--yes', '--state-dir', stateDir, '--workdir', workdir, '--swanctl', '/nonexistent/swanctl');
        expect(r.code).toBe(2);
        expect(r.err.trim().split('\n')).toHaveLength(1);
        expect(mutations()).toEqual([]);
        expect(fs.existsSync(path.join(workdir, 'onprem', 'swanctl.conf'))).toBe(false);
    });
});
