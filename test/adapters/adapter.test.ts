/**
 * plan/apply/destroy of the strongSwan adapter against a fake charon (a swanctl runner that keeps
 * loaded connections and SAs in memory and answers in swanctl's --pretty format): order of
 * actions, idempotence, resuming after a failure at each step, re-reading reality after a charon
 * restart, keys never in plans, progress or errors.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { StrongswanAdapter, sameCharonStart, uptimeAtMost } from '../../language-server/src/adapters/strongswan/adapter.js';
import { parseListSas, proposalMatches, type SwanctlRunner } from '../../language-server/src/adapters/strongswan/swanctl.js';
import { WITHHELD } from '../../language-server/src/adapters/common/secrets.js';
import { FakeCharon, fakeRunner } from './fake-charon.js';
import type { ProgressEvent } from '../../language-server/src/adapters/types.js';
import type { Topology } from '../../language-server/src/model/types.js';
import { netnsTopology, topologyOf } from './fixtures.js';

const KEY = 'Kx7-secret-value-for-tests-only';
let workdir: string;
let charons: Map<string, FakeCharon>;
let runner: SwanctlRunner;

beforeEach(() => {
    workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-adapter-'));
    charons = new Map();
    runner = fakeRunner(charons);
});
afterEach(() => fs.rmSync(workdir, { recursive: true, force: true }));

const charonOf = (site: string) => charons.get(`unix://${path.join(workdir, site, 'charon.vici')}`)!;

async function cycle(t: Topology, env: Record<string, string> = { TX_GCP_PSK: KEY }) {
    const events: ProgressEvent[] = [];
    const adapter = new StrongswanAdapter({ workdir, runner, env });
    const state = await adapter.observe(t);
    const plan = adapter.plan(t, state);
    const result = await adapter.apply(plan, e => events.push(e));
    const reports = await adapter.report(t);
    return { adapter, plan, result, events, reports };
}

async function planOnly(t: Topology, env: Record<string, string> = { TX_GCP_PSK: KEY }) {
    const adapter = new StrongswanAdapter({ workdir, runner, env });
    return adapter.plan(t, await adapter.observe(t));
}

describe('strongSwan adapter with a fake charon', () => {
    test('plan order: write-config, load, initiate (the first written end initiates); apply brings the tunnel up', async () => {
        const t = await topologyOf(netnsTopology('04-tencent-gcp-ikev1.topo'));
        const { plan, result, reports } = await cycle(t);
        expect(plan.actions.map(a => a.id)).toEqual([
            'write-config:tencent-hk', 'write-config:gcp-hk', 'load:tencent-hk', 'load:gcp-hk', 'initiate:tencent-hk:tx-gcp-0',
        ]);
        expect(result.ok).toBe(true);
        expect(reports.find(r => r.site === 'tencent-hk')).toMatchObject({ established: true, proposalsAsConfigured: true, narrowed: [] });
        expect(fs.statSync(path.join(workdir, 'tencent-hk', 'swanctl.conf')).mode & 0o777).toBe(0o600);
    });

    test('idempotent: a second apply has nothing to do and calls no load or initiate', async () => {
        const t = await topologyOf(netnsTopology('04-tencent-gcp-ikev1.topo'));
        await cycle(t);
        charonOf('tencent-hk').calls = [];
        const again = await cycle(t);
        expect(again.plan.actions).toEqual([]);
        expect(charonOf('tencent-hk').calls.filter(c => c === '--load-all' || c === '--initiate')).toEqual([]);
    });

    for (const step of ['--load-all', '--initiate'] as const) {
        test(`a failure at ${step} is completed by the next apply`, async () => {
            const t = await topologyOf(netnsTopology('04-tencent-gcp-ikev1.topo'));
            await new StrongswanAdapter({ workdir, runner, env: {} }).observe(t); // creates the fake charons (the fake charon answers only for the initiator: the responder side has no SAs)
            charonOf('tencent-hk').failOn = step;
            const first = await cycle(t);
            expect(first.result.ok).toBe(false);
            charonOf('tencent-hk').failOn = undefined;
            const second = await cycle(t);
            expect(second.plan.actions.some(a => a.kind === 'write-config')).toBe(false);
            expect(second.result.ok).toBe(true);
            expect(second.reports.find(r => r.site === 'tencent-hk')?.established).toBe(true);
            expect((await planOnly(t)).actions).toEqual([]);
        });
    }

    test('a failure writing the file stops the apply; the next one completes', async () => {
        const t = await topologyOf(netnsTopology('04-tencent-gcp-ikev1.topo'));
        const adapter = new StrongswanAdapter({ workdir, runner, env: { TX_GCP_PSK: KEY } });
        const plan = adapter.plan(t, await adapter.observe(t));
        fs.mkdirSync(path.join(workdir, 'tencent-hk', 'swanctl.conf'), { recursive: true }); // after planning: the rename cannot replace a folder
        const first = await adapter.apply(plan);
        expect(first.failed?.action.id).toBe('write-config:tencent-hk');
        expect(first.failed?.error).toBe(`cannot write ${path.join(workdir, 'tencent-hk', 'swanctl.conf')}: it is a directory`);
        fs.rmdirSync(path.join(workdir, 'tencent-hk', 'swanctl.conf'));
        expect((await cycle(t)).result.ok).toBe(true);
    });

    test('charon down at apply: load fails; after a restart reality is re-read and everything reloaded', async () => {
        const t = await topologyOf(netnsTopology('04-tencent-gcp-ikev1.topo'));
        await cycle(t);
        charonOf('gcp-hk').up = false;
        const down = await cycle(t);
        expect(down.plan.actions.map(a => a.id)).toEqual(['load:gcp-hk']);
        expect(down.result.failed?.action.id).toBe('load:gcp-hk');
        charonOf('gcp-hk').restart();
        charonOf('tencent-hk').restart();
        const back = await cycle(t);
        expect(back.plan.actions.map(a => a.id)).toEqual(['load:tencent-hk', 'load:gcp-hk', 'initiate:tencent-hk:tx-gcp-0']);
        expect(back.result.ok).toBe(true);
    });

    test('a changed configuration terminates the old SAs, reloads and initiates', async () => {
        await cycle(await topologyOf(netnsTopology('04-tencent-gcp-ikev1.topo')));
        const v2 = await topologyOf(netnsTopology('05-tencent-gcp-ikev2.topo'));
        const { plan, result } = await cycle(v2);
        expect(plan.actions.map(a => a.id)).toEqual([
            'write-config:tencent-hk', 'write-config:gcp-hk', 'terminate:tencent-hk:tx-gcp', 'load:tencent-hk', 'load:gcp-hk', 'initiate:tencent-hk:tx-gcp',
        ]);
        expect(result.ok).toBe(true);
    });

    test('a missing key blocks the plan, and apply changes nothing', async () => {
        const t = await topologyOf(netnsTopology('04-tencent-gcp-ikev1.topo'));
        const { plan, result } = await cycle(t, {});
        expect(plan.problems.filter(p => p.severity === 'error').map(p => p.message)[0]).toMatch(/TX_GCP_PSK is not set/);
        expect(result.ok).toBe(false);
        expect(fs.existsSync(path.join(workdir, 'tencent-hk', 'swanctl.conf'))).toBe(false);
    });

    test('the key is in the 0600 file only: never in plans, progress, errors, reports or the state record', async () => {
        const t = await topologyOf(netnsTopology('04-tencent-gcp-ikev1.topo'));
        await new StrongswanAdapter({ workdir, runner, env: {} }).observe(t);
        // a swanctl that echoes the key in its error must be redacted
        charonOf('tencent-hk').failOn = '--initiate';
        const orig = charonOf('tencent-hk').run.bind(charonOf('tencent-hk'));
        charonOf('tencent-hk').run = args => { const r = orig(args); return args[0] === '--initiate' ? { ...r, stderr: `secret = ${KEY}` } : r; };
        const { plan, result, events, reports } = await cycle(t);
        const shown = JSON.stringify({ plan, result, events, reports }) + fs.readFileSync(path.join(workdir, 'tencent-hk', 'topo-state.json'), 'utf8');
        expect(shown).not.toContain(KEY);
        expect(JSON.stringify(result.softFailures)).toContain(WITHHELD);
        expect(fs.readFileSync(path.join(workdir, 'tencent-hk', 'swanctl.conf'), 'utf8')).toContain(`secret = 0s${Buffer.from(KEY).toString('base64')}`);
    });

    test('destroy: terminate, unload, remove; a second destroy has nothing to do', async () => {
        const t = await topologyOf(netnsTopology('04-tencent-gcp-ikev1.topo'));
        await cycle(t);
        const adapter = new StrongswanAdapter({ workdir, runner, env: { TX_GCP_PSK: KEY } });
        const plan = adapter.planDestroy(t, await adapter.observe(t));
        expect(plan.actions.map(a => a.id)).toEqual([
            'terminate:tencent-hk:tx-gcp', 'unload:tencent-hk', 'unload:gcp-hk', 'remove-config:tencent-hk', 'remove-config:gcp-hk',
        ]);
        expect((await adapter.apply(plan)).ok).toBe(true);
        expect(charonOf('tencent-hk').conns).toEqual([]);
        const again = new StrongswanAdapter({ workdir, runner, env: { TX_GCP_PSK: KEY } });
        expect(again.planDestroy(t, await again.observe(t)).actions).toEqual([]);
    });

    test('--site: only that site is planned', async () => {
        const t = await topologyOf(netnsTopology('01-star.topo'));
        const adapter = new StrongswanAdapter({ workdir, runner, site: 'pek3', env: { STAR_SH1_PSK: KEY, STAR_GD2_PSK: KEY } });
        const plan = adapter.plan(t, await adapter.observe(t));
        expect(plan.sites).toEqual(['pek3']);
        expect(plan.actions.map(a => a.id)).toEqual(['write-config:pek3', 'load:pek3']); // the hub answers; spokes initiate
    });
});

describe('swanctl output', () => {
    test('list-sas --pretty of strongSwan 5.9.8 (captured in the netns test bed)', () => {
        const sas = parseListSas(SAMPLE_SAS);
        expect(sas).toHaveLength(1);
        expect(sas[0]).toMatchObject({ name: 'sh1-pek3', version: 2, state: 'ESTABLISHED', proposal: 'aes256-sha256-prfsha256-modp2048' });
        expect(sas[0].children[0]).toMatchObject({ name: 'sh1-pek3', state: 'INSTALLED', proposal: 'aes256-sha256', local: ['172.16.0.0/24'], remote: ['172.26.0.0/24', '192.168.0.0/24'] });
    });

    test('negotiated proposals against configured ones', () => {
        expect(proposalMatches('aes256-sha256-prfsha256-modp2048', ['aes256-sha256-modp2048'], 'ike')).toBe(true);
        expect(proposalMatches('aes128-sha256-prfsha256-modp2048', ['aes256-sha256-modp2048'], 'ike')).toBe(false);
        expect(proposalMatches('aes256gcm16', ['aes256gcm16-ecp384'], 'esp')).toBe(true); // initial IKEv2 child: no DH
        expect(proposalMatches('aes128-sha1-modp1024', ['aes128-sha1-modp1024'], 'esp')).toBe(true);
    });
});

const SAMPLE_SAS = `list-sa event {
  sh1-pek3 {
    uniqueid = 1
    version = 2
    state = ESTABLISHED
    local-host = 203.0.113.20
    local-port = 4500
    local-id = 203.0.113.20
    remote-host = 198.51.100.10
    remote-port = 4500
    remote-id = 198.51.100.10
    initiator = yes
    initiator-spi = 3ac9a02d73e5752e
    responder-spi = be6d3dfd5fc711d1
    nat-remote = yes
    nat-any = yes
    encr-alg = AES_CBC
    encr-keysize = 256
    integ-alg = HMAC_SHA2_256_128
    prf-alg = PRF_HMAC_SHA2_256
    dh-group = MODP_2048
    established = 0
    rekey-time = 13694
    child-sas {
      sh1-pek3-1 {
        name = sh1-pek3
        uniqueid = 1
        reqid = 1
        state = INSTALLED
        mode = TUNNEL
        protocol = ESP
        encap = yes
        spi-in = e0505ed1
        spi-out = 37295247
        encr-alg = AES_CBC
        encr-keysize = 256
        integ-alg = HMAC_SHA2_256_128
        bytes-in = 0
        packets-in = 0
        bytes-out = 0
        packets-out = 0
        rekey-time = 3325
        life-time = 3960
        install-time = 0
        local-ts = [
          172.16.0.0/24
        ]
        remote-ts = [
          172.26.0.0/24
          192.168.0.0/24
        ]
      }
    }
  }
}
list-sas reply {
}
`;

describe('charon restart detection', () => {
    // charon prints "since" from two clocks read apart: one start can print a second apart (netns: a false "restarted")
    test('one start printed a second apart is the same start; a later start is a restart', () => {
        expect(sameCharonStart('Dec 01 07:10:12 2026', 'Dec 01 07:10:13 2026')).toBe(true);
        expect(sameCharonStart('Dec 01 07:10:12 2026', 'Dec 01 07:10:12 2026')).toBe(true);
        expect(sameCharonStart('Dec 01 07:10:12 2026', 'Dec 01 07:10:14 2026')).toBe(false);
        expect(uptimeAtMost('uptime: 5 seconds, since Dec 01 07:10:12 2026')).toBe(6);
        expect(uptimeAtMost('uptime: 3 minutes, since Dec 01 07:10:12 2026')).toBe(240);
        expect(uptimeAtMost('nothing')).toBeUndefined();
        expect(sameCharonStart('Dec 01 07:10:12 2026', 'Dec 01 08:10:12 2026')).toBe(false);
        expect(sameCharonStart('not a date', 'also not')).toBe(false);
    });
});
