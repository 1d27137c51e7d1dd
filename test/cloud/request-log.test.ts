/**
 * TOPO_CLOUD_REQUEST_LOG: the redacted log of every call that changes something, as the live
 * test keeps it, written here against the fakes (Tencent <-> GCP and the QingCloud star, apply
 * and destroy): one request line per call the fakes received, no key anywhere, and every
 * request one the fakes' schemas accept; a request a fake would refuse is reported.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { type Clouds, EXAMPLES, TX_GCP_KEY, startClouds, topo } from './harness.js';
import { checkRequestLog, readRequestLog } from './request-log.js';

let c: Clouds;
beforeEach(async () => { c = await startClouds(); });
afterEach(async () => { await c.stop(); });

const MUTATING = /^(Create|Delete|Add|Update|Apply)|\.(insert|delete|patch)$/;

test('the request log holds every changing call as sent, with no key, and the fakes accept each', async () => {
    const log = path.join(c.dir, 'requests.jsonl');
    const star = { STAR_SH1_PSK: 'star-sh1-Key.0123456789', STAR_GD2_PSK: 'star-gd2-Key.0123456789', TOPO_PSK_PEK3_SH1: 'short-Key.sh1.0123456789', TOPO_PSK_PEK3_GD2: 'short-Key.gd2.0123456789' };
    const env = { ...c.env, ...star, TOPO_CLOUD_REQUEST_LOG: log };
    for (const file of ['tencent-gcp.topo', 'qingcloud-star.topo']) {
        const args = [path.join(EXAMPLES, file), '--adapter', 'cloud', '--state-dir', path.join(c.dir, 'state'), '--yes'];
        expect((await topo(env, 'apply', ...args)).code).toBe(0);
        expect((await topo(env, 'destroy', ...args)).code).toBe(0);
    }
    const text = fs.readFileSync(log, 'utf8');
    for (const k of [TX_GCP_KEY, ...Object.values(star)]) expect(text).not.toContain(k);
    expect(text).toContain('"PreShareKey":"<redacted>"');
    expect(text).toContain('"sharedSecret":"<redacted>"');
    expect(text).toMatch(/"val1":"[\d.]+\|<redacted>\|%any"/);
    expect((fs.statSync(log).mode & 0o777).toString(8)).toBe('600');

    const entries = readRequestLog(log);
    const requests = entries.filter(e => e.params);
    // the calls the fakes received that change something, in order, are the log's requests (the follow-up calls a driver makes itself aside)
    const received = [...c.tencent.calls.map(x => ({ p: 'tencent', m: x.action })), ...c.gcp.calls.map(x => ({ p: 'gcp', m: x.method })), ...c.qingcloud.calls.map(x => ({ p: 'qingcloud', m: x.action }))]
        .filter(x => MUTATING.test(x.m) && !/^(UpdateRouters|ApplySecurityGroup)$/.test(x.m));
    const count = (xs: { p: string; m: string }[]) => xs.reduce<Record<string, number>>((o, x) => ({ ...o, [`${x.p} ${x.m}`]: (o[`${x.p} ${x.m}`] ?? 0) + 1 }), {});
    expect(count(requests.map(e => ({ p: e.provider, m: e.method })))).toEqual(count(received));
    expect(entries.filter(e => e.outcome).every(e => e.outcome === 'ok')).toBe(true);
    expect(checkRequestLog(entries)).toEqual([]);

    // the check can fail: a field no API has, a wrong enum, a missing required parameter
    const tx = requests.find(e => e.method === 'CreateVpnConnection')!;
    const gcp = requests.find(e => e.method === 'vpnTunnels.insert')!;
    const qc = requests.find(e => e.method === 'AddRouterStatics')!;
    const broken = [
        { ...tx, params: { ...tx.params, Colour: 'red' } },
        { ...gcp, params: { resource: { ...(gcp.params!.resource as object), ikeVersion: 'two' } } },
        { ...qc, params: { statics: qc.params!.statics } },
    ];
    const found = checkRequestLog(broken);
    expect(found).toHaveLength(3);
    expect(found[0]).toMatch(/^tencent CreateVpnConnection: .*Colour/);
    expect(found[1]).toMatch(/^gcp vpnTunnels\.insert: .*ikeVersion/);
    expect(found[2]).toMatch(/^qingcloud AddRouterStatics: .*missing router/);
}, 60000);
