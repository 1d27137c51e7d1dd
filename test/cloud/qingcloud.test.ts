/**
 * The QingCloud guide's star (examples/qingcloud-star.topo, with its step 3 corrected) applied
 * through the signed IaaS API against a strict fake on 127.0.0.1: a type-7 router static per
 * tunnel end, UpdateRouters, the security group rules; again: nothing; destroy: nothing left.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { QingCloudDriver } from '../../language-server/src/adapters/cloud/qingcloud.js';
import { type Clouds, EXAMPLES, startClouds, topo } from './harness.js';

const FILE = path.join(EXAMPLES, 'qingcloud-star.topo');
const KEYS = { TOPO_PSK_PEK3_SH1: 'star-key-sh1-0123456789', TOPO_PSK_PEK3_GD2: 'star-key-gd2-9876543210' };
let c: Clouds;
let args: string[];
let env: Record<string, string>;

beforeEach(async () => {
    c = await startClouds();
    env = { ...c.env, ...KEYS };
    args = [FILE, '--adapter', 'qingcloud', '--state-dir', path.join(c.dir, 'state')];
});
afterEach(async () => { await c.stop(); });

const mutations = () => c.qingcloud.calls.map(x => x.action).filter(a => /^(Add|Delete|Update|Apply)/.test(a));

describe('the QingCloud star through the QingCloud adapter', () => {
    test('plan, apply, apply again, destroy', async () => {
        const plan = await topo(env, 'plan', ...args);
        expect(plan.err).toBe('');
        expect(plan.code, plan.out).toBe(0);
        expect(plan.out).toContain('qingcloud AddRouterStatics (pek3) {router: "rtr-pek3", statics: [{router_static_name: "pek3-sh1", static_type: 7, val1: "139.198.175.48|<key from $TOPO_PSK_PEK3_SH1>|%any", val2: "192.168.0.0/24|172.26.0.0/24", val3: "172.16.0.0/24", val4: "main"}]}; then UpdateRouters');
        expect(plan.out).toContain('qingcloud AddSecurityGroupRules (sh1) {security_group: "sg-sh1", rules: [{security_group_rule_name: "topo-ipsec-udp500", protocol: "udp"');
        expect(mutations()).toEqual([]);

        const r = await topo(env, 'apply', ...args, '--yes');
        expect(r.err).toBe('');
        expect(r.code, r.out).toBe(0);
        expect(c.qingcloud.inventory()).toEqual({
            statics: ['rtr-gd2:gd2-pek3', 'rtr-pek3:pek3-gd2', 'rtr-pek3:pek3-sh1', 'rtr-sh1:sh1-pek3'],
            rules: ['gd2', 'pek3', 'sh1'].flatMap(z => ['topo-ipsec-esp', 'topo-ipsec-udp4500', 'topo-ipsec-udp500'].map(n => `sg-${z}:${n}`)),
        });
        // each tunnel's two router rules agree (addresses, key, mirrored networks), as IKE would need
        for (const s of c.qingcloud.statics.values()) expect(c.world.established(s.router_static_id), s.router_static_name).toBe(true);
        expect(c.qingcloud.rejected).toEqual([]);

        const before = mutations().length;
        const again = await topo(env, 'apply', ...args, '--yes');
        expect(again.code, again.out).toBe(0);
        expect(again.out).toContain('nothing to do');
        expect(mutations().length).toBe(before);

        const journal = fs.readFileSync(path.join(c.dir, 'state', 'qingcloud-star.json'), 'utf8');
        for (const text of [plan.out, r.out, again.out, journal]) for (const k of Object.values(KEYS)) expect(text).not.toContain(k);

        const d = await topo(env, 'destroy', ...args, '--yes');
        expect(d.code, d.out).toBe(0);
        expect(c.qingcloud.inventory()).toEqual({ statics: [], rules: [] });
        expect(c.world.tunnels.size).toBe(0);
    });

    test('DescribeRouterStatics returns the key inside val1: the driver cuts it out', async () => {
        expect((await topo(env, 'apply', ...args, '--yes')).code).toBe(0);
        expect([...c.qingcloud.statics.values()].some(s => s.val1.includes(KEYS.TOPO_PSK_PEK3_SH1))).toBe(true);
        const driver = new QingCloudDriver({ topology: 'qingcloud-star', env });
        const answer = await driver.call('pek3', 'DescribeRouterStatics', { router: 'rtr-pek3' });
        const text = JSON.stringify(answer);
        expect(text).toContain('139.198.175.48||%any');
        for (const k of Object.values(KEYS)) expect(text).not.toContain(k);
    });

    test('a missing credential is one line and exit 2 before any call; a fault mid-apply resumes', async () => {
        const none = await topo({ ...env, HOME: c.dir }, 'plan', ...args);
        expect(none.code).toBe(2);
        expect(none.err.trim().split('\n')).toHaveLength(1);
        expect(none.err).toMatch(/QY_ACCESS_KEY_ID and QY_SECRET_ACCESS_KEY/);
        expect(c.qingcloud.calls).toEqual([]);
        c.qingcloud.faults.add({ method: 'UpdateRouters', kind: '500', when: 'before', times: 99 });
        const failed = await topo({ ...env, TOPO_CLOUD_BACKOFF_MS: '1' }, 'apply', ...args, '--yes');
        expect(failed.code).toBe(1);
        expect(failed.out).toMatch(/FAILED create .*: qingcloud UpdateRouters: 500: HTTP 500/);
        c.qingcloud.faults.clear();
        c.qingcloud.faults.add({ method: 'AddRouterStatics', kind: 'timeout', when: 'after' });
        const resumed = await topo(env, 'apply', ...args, '--yes');
        expect(resumed.code, resumed.out).toBe(0);
        expect(c.qingcloud.inventory().statics).toEqual(['rtr-gd2:gd2-pek3', 'rtr-pek3:pek3-gd2', 'rtr-pek3:pek3-sh1', 'rtr-sh1:sh1-pek3']);
    });
});
