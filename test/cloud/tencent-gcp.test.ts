/**
 * The seed's Tencent Cloud <-> Google Cloud tunnel (examples/tencent-gcp.topo) applied through
 * the real SDKs against strict fakes on 127.0.0.1: plan, dry run, apply, second apply, destroy,
 * credentials, keys.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { TencentDriver } from '../../language-server/src/adapters/cloud/tencent.js';
import { type Clouds, EXAMPLES, TX_GCP_KEY, startClouds, topo } from './harness.js';

const FILE = path.join(EXAMPLES, 'tencent-gcp.topo');
let c: Clouds;
let args: string[];

beforeEach(async () => {
    c = await startClouds();
    args = [FILE, '--adapter', 'cloud', '--state-dir', path.join(c.dir, 'state')];
});
afterEach(async () => { await c.stop(); });

const MUTATING = /^(Create|Delete|Modify|Replace|Reset)|\.(insert|delete|patch)$/;
const mutations = () => [...c.tencent.calls.map(x => x.action), ...c.gcp.calls.map(x => x.method)].filter(m => MUTATING.test(m));

/** What the runbook of the seed describes, on both sides. */
function expectSeedResources(): void {
    const tx = c.tencent.inventory();
    const gcpIp = String([...c.gcp.resources.values()].find(r => r.name === 'gcp-hk-vpn-ip')?.address);
    expect(gcpIp).toMatch(/^203\.0\.113\.\d+$/);
    expect(tx).toEqual({
        gateways: ['tencent-hk-vpngw'],
        cgws: [`gcp-hk-cgw=${gcpIp}`],
        conns: ['tx-gcp'],
        routes: [`10.170.0.0/20->${[...c.tencent.gateways.keys()][0]}`],
    });
    expect(c.gcp.inventory()).toEqual({
        addresses: ['gcp-hk-vpn-ip'],
        targetVpnGateways: ['gcp-hk-vpn-gw'],
        forwardingRules: ['gcp-hk-vpn-gw-esp', 'gcp-hk-vpn-gw-udp4500', 'gcp-hk-vpn-gw-udp500'],
        vpnTunnels: ['tx-gcp'],
        routes: ['tx-gcp-10-0-0-0-16'],
        firewalls: ['gcp-hk-allow-vpn'],
    });
    const tunnel = [...c.gcp.resources.values()].find(r => r.name === 'tx-gcp')!;
    const gw = [...c.tencent.gateways.values()][0];
    expect(tunnel).toMatchObject({ peerIp: gw.PublicIpAddress, ikeVersion: 1, localTrafficSelector: ['10.170.0.0/20'], remoteTrafficSelector: ['10.0.0.0/16'] });
    const conn = [...c.tencent.conns.values()][0];
    expect(conn).toMatchObject({
        SecurityPolicyDatabaseSet: [{ LocalCidrBlock: '10.0.0.0/16', RemoteCidrBlock: ['10.170.0.0/20'] }],
        IKEOptionsSpecification: { PropoEncryAlgorithm: 'AES-CBC-128', PropoAuthenAlgorithm: 'SHA', DhGroupName: 'GROUP2', IKEVersion: 'IKEV1', ExchangeMode: 'MAIN', LocalAddress: gw.PublicIpAddress, RemoteAddress: gcpIp },
        IPSECOptionsSpecification: { EncryptAlgorithm: 'AES-CBC-128', IntegrityAlgorithm: 'SHA1', PfsDhGroup: 'DH-GROUP2' },
    });
}

describe('Tencent Cloud <-> Google Cloud through the cloud adapter', () => {
    test('plan lists every call with its values, in the runbook order, and never the key', async () => {
        const r = await topo(c.env, 'plan', ...args);
        expect(r.err).toBe('');
        expect(r.code).toBe(0);
        const lines = r.out.split('\n').filter(l => /^\s+\d+\. /.test(l));
        const order = lines.map(l => /(?:tencent|gcp) (\S+)/.exec(l)![1]);
        expect(order).toEqual([
            'CreateVpnGateway', 'addresses.insert', 'targetVpnGateways.insert', 'forwardingRules.insert', 'forwardingRules.insert', 'forwardingRules.insert',
            'CreateCustomerGateway', 'CreateVpnConnection', 'vpnTunnels.insert', 'CreateRoutes', 'routes.insert', 'firewalls.insert',
        ]);
        expect(r.out).toContain('VpcId: "vpc-hk000001"');
        expect(r.out).toContain('IpAddress: <public address of gcp-hk from step 2>');
        expect(r.out).toContain('PreShareKey: <key from $TX_GCP_PSK>');
        expect(r.out).toContain('sharedSecret: <key from $TX_GCP_PSK>');
        expect(r.out).toContain('network: "projects/topo-test-project/global/networks/default"');
        expect(r.out).not.toContain(TX_GCP_KEY);
        expect(mutations()).toEqual([]);
    });

    test('apply without --yes changes nothing; with --yes creates what the runbook describes; again: nothing to do; destroy leaves nothing', async () => {
        const dry = await topo(c.env, 'apply', ...args);
        expect(dry.code).toBe(0);
        expect(dry.out).toContain('Dry run: nothing changed');
        expect(mutations()).toEqual([]);

        const r = await topo(c.env, 'apply', ...args, '--yes');
        expect(r.err).toBe('');
        expect(r.out).toContain('Applied.');
        expect(r.code).toBe(0);
        expectSeedResources();
        expect(r.out).toMatch(/tx-gcp at tencent-hk -> gcp-hk: ESTABLISHED/);
        expect(r.out).toMatch(/tx-gcp at gcp-hk -> tencent-hk: ESTABLISHED/);
        expect(c.tencent.rejected).toEqual([]);
        expect(c.gcp.rejected).toEqual([]);

        const before = mutations().length;
        const again = await topo(c.env, 'apply', ...args, '--yes');
        expect(again.code).toBe(0);
        expect(again.out).toContain('nothing to do');
        expect(mutations().length).toBe(before);

        const journal = fs.readFileSync(path.join(c.dir, 'state', 'tencent-gcp.json'), 'utf8');
        expect((fs.statSync(path.join(c.dir, 'state', 'tencent-gcp.json')).mode & 0o777).toString(8)).toBe('600');
        for (const text of [r.out, again.out, journal]) expect(text).not.toContain(TX_GCP_KEY);

        const d = await topo(c.env, 'destroy', ...args, '--yes');
        expect(d.err).toBe('');
        expect(d.code).toBe(0);
        expect(c.tencent.inventory()).toEqual({ gateways: [], cgws: [], conns: [], routes: [] });
        expect(c.gcp.inventory()).toEqual({});
        expect(fs.existsSync(path.join(c.dir, 'state', 'tencent-gcp.json'))).toBe(false);
        expect(d.out).not.toContain(TX_GCP_KEY);
    });

    test('a missing credential is one line and exit 2 before any call', async () => {
        const noGoogle = await topo({ ...c.env, GOOGLE_APPLICATION_CREDENTIALS: undefined }, 'apply', ...args, '--yes');
        expect(noGoogle.code).toBe(2);
        expect(noGoogle.err.trim().split('\n')).toHaveLength(1);
        expect(noGoogle.err).toMatch(/GOOGLE_APPLICATION_CREDENTIALS/);
        const noTencent = await topo({ ...c.env, HOME: c.dir }, 'plan', ...args);
        expect(noTencent.code).toBe(2);
        expect(noTencent.err).toMatch(/TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY/);
        expect(noTencent.err.trim().split('\n')).toHaveLength(1);
        expect(c.tencent.calls).toEqual([]);
        expect(c.gcp.calls).toEqual([]);
        const noKey = await topo({ ...c.env, TX_GCP_PSK: undefined }, 'apply', ...args, '--yes');
        expect(noKey.code).toBe(1);
        expect(noKey.out).toMatch(/environment variable TX_GCP_PSK is not set/);
        expect(mutations()).toEqual([]);
    });

    test("Tencent's DescribeVpnConnections hands out the key in clear text: the driver drops it before anything sees it", async () => {
        expect((await topo(c.env, 'apply', ...args, '--yes')).code).toBe(0);
        expect([...c.tencent.conns.values()][0].PreShareKey).toBe(TX_GCP_KEY);   // what the fake (as the API) returns
        const driver = new TencentDriver({ topology: 'tencent-gcp', env: c.env });
        const answer = await driver.call('ap-hongkong', 'DescribeVpnConnections', {});
        expect((answer.VpnConnectionSet as unknown[]).length).toBe(1);
        expect(JSON.stringify(answer)).not.toContain(TX_GCP_KEY);
        expect(JSON.stringify(answer)).not.toContain('PreShareKey');
        const report = await topo(c.env, 'apply', ...args, '--yes', '--format', 'json');
        expect(report.out).toContain('tencent reports AVAILABLE');
        expect(report.out).not.toContain(TX_GCP_KEY);
    });

    test('a resource of the same name that Topo did not create blocks the plan; what is not Topo\'s survives destroy', async () => {
        // someone else's firewall rule under Topo's name, and an unrelated one
        c.gcp.resources.set('firewalls/global/gcp-hk-allow-vpn', { name: 'gcp-hk-allow-vpn', id: '7', description: 'made by hand', selfLink: 'https://www.googleapis.com/compute/v1/projects/topo-test-project/global/firewalls/gcp-hk-allow-vpn' });
        const blocked = await topo(c.env, 'apply', ...args, '--yes');
        expect(blocked.code).toBe(1);
        expect(blocked.out).toMatch(/firewall gcp-hk-allow-vpn \(7\) exists but was not created by Topo/);
        expect(blocked.out).toContain('Nothing changed');
        expect(mutations()).toEqual([]);
        c.gcp.resources.delete('firewalls/global/gcp-hk-allow-vpn');
        c.gcp.resources.set('firewalls/global/allow-ssh', { name: 'allow-ssh', id: '8', description: 'made by hand', selfLink: 'https://www.googleapis.com/compute/v1/projects/topo-test-project/global/firewalls/allow-ssh' });
        expect((await topo(c.env, 'apply', ...args, '--yes')).code).toBe(0);
        expect((await topo(c.env, 'destroy', ...args, '--yes')).code).toBe(0);
        expect(c.gcp.inventory()).toEqual({ firewalls: ['allow-ssh'] });
        expect(c.tencent.tables.get('rtb-hk000001')!.RouteSet.map(r => r.GatewayType)).toEqual(['LOCAL']);
    });

    test('a changed tunnel is planned as delete + create of what cannot be changed in place', async () => {
        expect((await topo(c.env, 'apply', ...args, '--yes')).code).toBe(0);
        const changed = path.join(c.dir, 'tencent-gcp.topo');
        fs.writeFileSync(changed, fs.readFileSync(FILE, 'utf8').replace(/cidr 10\.170\.0\.0\/20/, 'cidr 10.170.0.0/20, 10.171.0.0/24').replace('route 10.170.0.0/20 via tx-gcp', 'route 10.170.0.0/20 via tx-gcp route 10.171.0.0/24 via tx-gcp').replace('ike v1', 'ike v2').replace(/ike-proposal.*\n/, '').replace(/esp-proposal.*\n/, ''));
        const plan = await topo(c.env, 'plan', changed, '--adapter', 'cloud', '--state-dir', path.join(c.dir, 'state'));
        expect(plan.code, plan.out).toBe(0);
        expect(plan.out).toMatch(/delete .*gcp vpnTunnels.delete .*"tx-gcp"/);
        expect(plan.out).toMatch(/delete .*tencent DeleteVpnConnection/);
        expect(plan.out).toMatch(/create .*gcp vpnTunnels.insert .*ikeVersion: 2/);
        expect(plan.out).not.toMatch(/addresses\.(delete|insert)|DeleteVpnGateway|CreateVpnGateway/);
        const applied = await topo(c.env, 'apply', changed, '--adapter', 'cloud', '--state-dir', path.join(c.dir, 'state'), '--yes');
        expect(applied.code, applied.out).toBe(0);
        expect(applied.out).toMatch(/tx-gcp at gcp-hk -> tencent-hk: ESTABLISHED/);
    });
});
