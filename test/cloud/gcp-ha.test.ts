/**
 * GCP HA VPN (routing bgp) through the cloud adapter: the design "GCP HA VPN to AWS" (four
 * tunnels, BGP; test/cloud/fixtures/gcp-ha-aws.topo) applied with the real client against the
 * strict fake: plan with every value and no key, apply, second apply empty, a change in place
 * (routers.patch) and one that replaces tunnels, destroy leaves nothing; the runbook shows the
 * values the adapter sends.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type Clouds, startClouds, topo } from './harness.js';
import { checkRequestLog, readRequestLog } from './request-log.js';

const FILE = path.join(__dirname, 'fixtures', 'gcp-ha-aws.topo');
const KEYS = { A1: 'ha-key-A1.0123456789', A2: 'ha-key-A2.0123456789', A3: 'ha-key-A3.0123456789', A4: 'ha-key-A4.0123456789' };
const TUNNELS = ['g0-a1', 'g0-a2', 'g1-a3', 'g1-a4'];
let c: Clouds;
let env: Record<string, string>;
let args: string[];

beforeEach(async () => {
    c = await startClouds();
    env = { ...c.env, ...KEYS };
    args = [FILE, '--adapter', 'cloud', '--state-dir', path.join(c.dir, 'state')];
    // Google assigns the HA gateway's interface addresses: the ones the topology was written with
    c.gcp.nextAddresses.push('35.0.0.1', '35.0.0.2');
});
afterEach(async () => { await c.stop(); });

const MUTATING = /\.(insert|delete|patch)$/;
const mutations = () => c.gcp.calls.map(x => x.method).filter(m => MUTATING.test(m));
const noKey = (text: string) => { for (const k of Object.values(KEYS)) expect(text).not.toContain(k); };
const get = (collection: string, name: string) => c.gcp.resources.get(`${collection}/${collection === 'externalVpnGateways' ? 'global' : 'europe-west1'}/${name}`) as Record<string, unknown>;

/**
 * The far ends as their owner configured them from the runbook (AWS is not driven by the cloud
 * adapter): the fake reports a GCP tunnel ESTABLISHED only when its addresses, key and IKE
 * version are the mirror of one of these.
 */
function peers(ends: { name: string; local: string; peer: string; key: string; ike?: number }[]): void {
    for (const e of ends) c.world.put(`peer:${e.name}`, { provider: 'tencent', name: e.name, localIp: e.local, peerIp: e.peer, key: e.key, local: ['0.0.0.0/0'], remote: ['0.0.0.0/0'], ike: e.ike ?? 2 });
}
const awsEnds = () => TUNNELS.map((name, i) => ({ name, local: `203.0.113.${i + 1}`, peer: i < 2 ? '35.0.0.1' : '35.0.0.2', key: Object.values(KEYS)[i] }));

function writeVariant(edit: (text: string) => string): string {
    const file = path.join(c.dir, 'gcp-ha-aws.topo');
    fs.writeFileSync(file, edit(fs.readFileSync(FILE, 'utf8')));
    return file;
}

describe('GCP HA VPN to AWS through the cloud adapter', () => {
    test('plan: every call in the runbook order with its values, the key never', async () => {
        const r = await topo(env, 'plan', ...args);
        expect(r.err).toBe('');
        expect(r.code, r.out).toBe(0);
        const lines = r.out.split('\n').filter(l => /^\s+\d+\. /.test(l));
        expect(lines.map(l => /gcp (\S+)/.exec(l)![1])).toEqual([
            'vpnGateways.insert', 'externalVpnGateways.insert', 'routers.insert',
            'vpnTunnels.insert', 'vpnTunnels.insert', 'vpnTunnels.insert', 'vpnTunnels.insert',
            'routers.patch', 'firewalls.insert',
        ]);
        expect(r.out).toContain('name: "gcp-ha-vpn-gw", network: "projects/topo-test-project/global/networks/default", stackType: "IPV4_ONLY"');
        expect(r.out).toContain('redundancyType: "FOUR_IPS_REDUNDANCY", interfaces: [{id: 0, ipAddress: "203.0.113.1"}, {id: 1, ipAddress: "203.0.113.2"}, {id: 2, ipAddress: "203.0.113.3"}, {id: 3, ipAddress: "203.0.113.4"}]');
        expect(r.out).toContain('bgp: {asn: 65010}');
        expect(r.out).toMatch(/vpnTunnels\.insert .*name: "g1-a4", vpnGateway: "projects\/topo-test-project\/regions\/europe-west1\/vpnGateways\/gcp-ha-vpn-gw", vpnGatewayInterface: 1, peerExternalGateway: "projects\/topo-test-project\/global\/externalVpnGateways\/vpc-peer-gw", peerExternalGatewayInterface: 3, router: "projects\/topo-test-project\/regions\/europe-west1\/routers\/gcp-router", ikeVersion: 2, sharedSecret: <key from \$A4>/);
        expect(r.out).toContain('{name: "g0-a2-if", linkedVpnTunnel: "projects/topo-test-project/regions/europe-west1/vpnTunnels/g0-a2", ipRange: "169.254.11.2/30"}');
        expect(r.out).toContain('{name: "g0-a2-bgp", interfaceName: "g0-a2-if", ipAddress: "169.254.11.2", peerIpAddress: "169.254.11.1", peerAsn: 64512}');
        // the firewall lets in what the peer advertises, not 0.0.0.0/0
        expect(r.out).toMatch(/firewalls\.insert .*sourceRanges: \["10\.0\.0\.0\/16"\]/);
        noKey(r.out);
        expect(mutations()).toEqual([]);
    });

    test('apply creates what the runbook describes; again: nothing to do; destroy leaves nothing', async () => {
        peers(awsEnds());
        const r = await topo(env, 'apply', ...args, '--yes');
        expect(r.err).toBe('');
        expect(r.code, r.out).toBe(0);
        expect(c.gcp.rejected).toEqual([]);
        expect(c.gcp.inventory()).toEqual({
            vpnGateways: ['gcp-ha-vpn-gw'], externalVpnGateways: ['vpc-peer-gw'], routers: ['gcp-router'], vpnTunnels: TUNNELS, firewalls: ['gcp-allow-vpn'],
        });
        // each tunnel on the interfaces its gateways say, with its own key
        for (const [i, name] of TUNNELS.entries()) {
            expect(get('vpnTunnels', name)).toMatchObject({ vpnGatewayInterface: i < 2 ? 0 : 1, peerExternalGatewayInterface: i, ikeVersion: 2, sharedSecret: Object.values(KEYS)[i] });
        }
        expect(get('externalVpnGateways', 'vpc-peer-gw')).toMatchObject({ redundancyType: 'FOUR_IPS_REDUNDANCY' });
        const router = get('routers', 'gcp-router');
        expect(router.bgp).toEqual({ asn: 65010 });
        expect((router.bgpPeers as { name: string; peerIpAddress: string; peerAsn: number }[]).map(p => `${p.name} ${p.peerIpAddress} ${p.peerAsn}`)).toEqual([
            'g0-a1-bgp 169.254.10.1 64512', 'g0-a2-bgp 169.254.11.1 64512', 'g1-a3-bgp 169.254.12.1 64512', 'g1-a4-bgp 169.254.13.1 64512',
        ]);
        // every mutating call carried a requestId and its Operation was waited for
        const calls = c.gcp.calls.filter(x => MUTATING.test(x.method));
        expect(calls.length).toBe(9);
        for (const x of calls) expect(x.query.requestId).toMatch(/^[0-9a-f-]{36}$/);
        expect(c.gcp.calls.filter(x => /Operations\.wait$/.test(x.method)).length).toBeGreaterThanOrEqual(9);
        // each GCP tunnel meets its AWS tunnel: the interfaces, addresses and keys are the runbook's
        for (const t of TUNNELS) expect(r.out).toMatch(new RegExp(`${t} at gcp -> vpc: ESTABLISHED`));
        noKey(r.out);

        const before = mutations().length;
        const again = await topo(env, 'apply', ...args, '--yes');
        expect(again.code, again.out).toBe(0);
        expect(again.out).toContain('nothing to do');
        expect(mutations().length).toBe(before);

        const journalFile = path.join(c.dir, 'state', 'gcp-ha-aws.json');
        noKey(fs.readFileSync(journalFile, 'utf8'));

        const plan = await topo(env, 'destroy', ...args);
        const order = plan.out.split('\n').filter(l => /^\s+\d+\. /.test(l)).map(l => /gcp (\S+) \S+ \{name: "([^"]+)"/.exec(l)!.slice(1).join(' '));
        expect(order).toEqual([
            'firewalls.delete gcp-allow-vpn', 'routers.patch gcp-router',
            'vpnTunnels.delete g1-a4', 'vpnTunnels.delete g1-a3', 'vpnTunnels.delete g0-a2', 'vpnTunnels.delete g0-a1',
            'routers.delete gcp-router', 'externalVpnGateways.delete vpc-peer-gw', 'vpnGateways.delete gcp-ha-vpn-gw',
        ]);
        const d = await topo(env, 'destroy', ...args, '--yes');
        expect(d.err).toBe('');
        expect(d.code, d.out).toBe(0);
        expect(c.gcp.inventory()).toEqual({});
        expect(fs.existsSync(journalFile)).toBe(false);
        expect(c.gcp.rejected).toEqual([]);
        noKey(d.out);
    });

    test('a new peer ASN is changed in place (routers.patch); a new inside /30 too; another IKE version replaces the tunnel and its BGP session', async () => {
        peers(awsEnds());
        expect((await topo(env, 'apply', ...args, '--yes')).code).toBe(0);
        const asn = writeVariant(t => t.replace('asn 64512', 'asn 64513').replace('169.254.13.2/30 remote-inside 169.254.13.1/30', '169.254.20.2/30 remote-inside 169.254.20.1/30'));
        const stateArgs = ['--adapter', 'cloud', '--state-dir', path.join(c.dir, 'state')];
        const plan = await topo(env, 'plan', asn, ...stateArgs);
        expect(plan.code, plan.out).toBe(0);
        const steps = plan.out.split('\n').filter(l => /^\s+\d+\. /.test(l));
        expect(steps).toHaveLength(1);
        expect(steps[0]).toMatch(/gcp routers\.patch .*peerAsn: 64513/);
        expect(steps[0]).toContain('ipRange: "169.254.20.2/30"');
        const n = mutations().length;
        expect((await topo(env, 'apply', asn, ...stateArgs, '--yes')).code).toBe(0);
        expect(mutations().slice(n)).toEqual(['routers.patch']);
        const sessions = get('routers', 'gcp-router').bgpPeers as { name: string; peerIpAddress: string; peerAsn: number }[];
        expect(sessions.map(p => p.peerAsn)).toEqual([64513, 64513, 64513, 64513]);
        expect(sessions.find(p => p.name === 'g1-a4-bgp')!.peerIpAddress).toBe('169.254.20.1');
        expect((await topo(env, 'apply', asn, ...stateArgs, '--yes')).out).toContain('nothing to do');

        // a tunnel cannot be patched: delete + create, and the router's BGP configuration is emptied before and set again after
        const ike = writeVariant(t => t.replace('asn 64512', 'asn 64513').replace('169.254.13.2/30 remote-inside 169.254.13.1/30', '169.254.20.2/30 remote-inside 169.254.20.1/30').replace('routing bgp local-inside 169.254.10.2', 'ike v1 routing bgp local-inside 169.254.10.2'));
        const replan = await topo(env, 'plan', ike, ...stateArgs);
        expect(replan.code, replan.out).toBe(0);
        const kinds = replan.out.split('\n').filter(l => /^\s+\d+\. /.test(l)).map(l => /gcp (\S+) \S+ \{(?:resource: \{)?name: "([^"]+)"/.exec(l)!.slice(1).join(' '));
        expect(kinds).toEqual(['routers.patch gcp-router', 'vpnTunnels.delete g0-a1', 'vpnTunnels.insert g0-a1', 'routers.patch gcp-router']);
        c.world.remove('peer:g0-a1');
        peers([{ ...awsEnds()[0], ike: 1 }]);
        const applied = await topo(env, 'apply', ike, ...stateArgs, '--yes');
        expect(applied.code, applied.out).toBe(0);
        expect(get('vpnTunnels', 'g0-a1')).toMatchObject({ ikeVersion: 1 });
        expect((get('routers', 'gcp-router').interfaces as unknown[]).length).toBe(4);
        expect(c.gcp.rejected).toEqual([]);
        noKey(plan.out + replan.out + applied.out);
    });

    test('what GCP needs and the topology does not say is a plan problem before any change', async () => {
        const bare = writeVariant(t => t.replace(' asn 65010', '').replace(/ local-inside \S+ remote-inside \S+/g, ''));
        const r = await topo(env, 'apply', bare, '--adapter', 'cloud', '--state-dir', path.join(c.dir, 'state'), '--yes');
        expect(r.code).toBe(1);
        expect(r.out).toMatch(/site gcp: the Cloud Router needs an ASN: write 'asn N' on the site/);
        expect(mutations()).toEqual([]);
        const noInside = writeVariant(t => t.replace(/ local-inside \S+ remote-inside \S+/g, ''));
        const r2 = await topo(env, 'plan', noInside, '--adapter', 'cloud', '--state-dir', path.join(c.dir, 'state'));
        expect(r2.code).toBe(1);
        expect(r2.out).toMatch(/tunnel g0-a1: the Cloud Router's BGP session needs the inside addresses: write local-inside \/ remote-inside/);
    });

    test('the peer gateway takes one interface per peer address: TWO_IPS_REDUNDANCY, SINGLE_IP_INTERNALLY_REDUNDANT', async () => {
        const dc = [
            'topology gcp-ha-dc',
            'site gcp < provider gcp region europe-west1 cidr 10.10.0.0/20 gateway 35.0.0.1, 35.0.0.2 asn 65010 >',
            'site dc < provider strongswan cidr 192.168.0.0/16 gateway 198.51.100.10, 198.51.100.11 asn 65000 >',
            'tunnel if0 gcp <-> dc < local-gateway 35.0.0.1 remote-gateway 198.51.100.10 routing bgp local-inside 169.254.30.1/30 psk env A1 >',
            'tunnel if1 gcp <-> dc < local-gateway 35.0.0.2 remote-gateway 198.51.100.11 routing bgp local-inside 169.254.31.1/30 psk env A2 >',
        ].join('\n') + '\n';
        const two = writeVariant(() => dc);
        peers([{ name: 'if0', local: '198.51.100.10', peer: '35.0.0.1', key: KEYS.A1 }, { name: 'if1', local: '198.51.100.11', peer: '35.0.0.2', key: KEYS.A2 }]);
        const r = await topo(env, 'apply', two, '--adapter', 'cloud', '--state-dir', path.join(c.dir, 'state'), '--yes');
        expect(r.code, r.out).toBe(0);
        expect(get('externalVpnGateways', 'dc-peer-gw')).toMatchObject({ redundancyType: 'TWO_IPS_REDUNDANCY', interfaces: [{ id: 0, ipAddress: '198.51.100.10' }, { id: 1, ipAddress: '198.51.100.11' }] });
        expect(get('vpnTunnels', 'if1')).toMatchObject({ vpnGatewayInterface: 1, peerExternalGatewayInterface: 1 });
        // the peer's inside address is the other one of the /30 (resolve derives it)
        expect((get('routers', 'gcp-router').bgpPeers as { peerIpAddress: string }[]).map(p => p.peerIpAddress)).toEqual(['169.254.30.2', '169.254.31.2']);
        expect((await topo(env, 'destroy', two, '--adapter', 'cloud', '--state-dir', path.join(c.dir, 'state'), '--yes')).code).toBe(0);
        expect(c.gcp.inventory()).toEqual({});

        c.gcp.nextAddresses.push('35.0.0.1', '35.0.0.2');
        c.world.remove('peer:if1');
        peers([{ name: 'if1', local: '198.51.100.10', peer: '35.0.0.2', key: KEYS.A2 }]);
        const one = writeVariant(() => dc.replace('198.51.100.10, 198.51.100.11', '198.51.100.10').replace(' remote-gateway 198.51.100.11', ''));
        const r1 = await topo(env, 'apply', one, '--adapter', 'cloud', '--state-dir', path.join(c.dir, 'state'), '--yes');
        expect(r1.code, r1.out).toBe(0);
        expect(get('externalVpnGateways', 'dc-peer-gw')).toMatchObject({ redundancyType: 'SINGLE_IP_INTERNALLY_REDUNDANT', interfaces: [{ id: 0, ipAddress: '198.51.100.10' }] });
        expect(get('vpnTunnels', 'if1')).toMatchObject({ vpnGatewayInterface: 1, peerExternalGatewayInterface: 0 });
        expect(c.gcp.rejected).toEqual([]);
    });

    test('the request log (TOPO_CLOUD_REQUEST_LOG) holds every HA VPN call, keys redacted, each one the Compute schema accepts', async () => {
        const log = path.join(c.dir, 'requests.jsonl');
        peers(awsEnds());
        expect((await topo({ ...env, TOPO_CLOUD_REQUEST_LOG: log }, 'apply', ...args, '--yes')).code).toBe(0);
        expect((await topo({ ...env, TOPO_CLOUD_REQUEST_LOG: log }, 'destroy', ...args, '--yes')).code).toBe(0);
        const text = fs.readFileSync(log, 'utf8');
        noKey(text);
        const entries = readRequestLog(log);
        const sent = entries.filter(e => e.params).map(e => e.method);
        expect(sent).toEqual(mutations());
        for (const m of ['vpnGateways.insert', 'externalVpnGateways.insert', 'routers.insert', 'vpnTunnels.insert', 'routers.patch', 'vpnGateways.delete', 'externalVpnGateways.delete', 'routers.delete']) expect(sent).toContain(m);
        expect(checkRequestLog(entries)).toEqual([]);
        // the check sees a broken HA call: an unknown redundancy type
        const ext = entries.find(e => e.method === 'externalVpnGateways.insert')!;
        expect(checkRequestLog([{ ...ext, params: { resource: { ...(ext.params!.resource as object), redundancyType: 'THREE_IPS_REDUNDANCY' } } }])[0]).toMatch(/^gcp externalVpnGateways\.insert: .*redundancyType/);
    });

    test('the runbook (topo steps) shows the values the adapter sends', async () => {
        const r = await topo(env, 'steps', FILE);
        expect(r.code).toBe(0);
        expect(r.out).toContain('- Peer VPN gateway interfaces: `four interfaces`');
        expect(r.out).toContain('- Interface 3 IP address: `203.0.113.4`');
        expect(r.out).toContain('- Google ASN: `65010`');
        const g1a4 = r.out.slice(r.out.indexOf('Add the VPN tunnel g1-a4'));
        expect(g1a4).toMatch(/- VPN gateway interface: `1`\n- Peer VPN gateway interface: `3`/);
        expect(g1a4).toMatch(/- Peer ASN: `64512`\n- Cloud Router BGP IPv4 address: `169\.254\.13\.2`\n- BGP peer IPv4 address: `169\.254\.13\.1`/);
        expect(g1a4).toContain('--peer-external-gateway-interface=3 --interface=1 --router=gcp-router');
        expect(r.out).toContain('- Source IPv4 ranges: `10.0.0.0/16`');
        expect(r.out).not.toContain('Not yet covered by Topo\'s provider facts: the topology gives no ASN');
        noKey(r.out);
    });
});

describe('route-based Classic VPN (routing static)', () => {
    test('routes and the firewall rule lead to the peer\'s networks, never a default route into the tunnel', async () => {
        const file = writeVariant(() => [
            'site g < provider gcp region asia-east2 cidr 10.170.0.0/20 >',
            'site dc < provider strongswan cidr 192.168.0.0/16, 172.20.0.0/24 gateway 198.51.100.10 >',
            'tunnel t g <-> dc < ike v2 routing static psk env A1 >',
        ].join('\n') + '\n');
        const r = await topo(env, 'apply', file, '--adapter', 'cloud', '--state-dir', path.join(c.dir, 'state'), '--yes');
        expect(r.out).toMatch(/vpnTunnels\.insert .*localTrafficSelector: \["0\.0\.0\.0\/0"\], remoteTrafficSelector: \["0\.0\.0\.0\/0"\]/);
        expect(c.gcp.inventory().routes).toEqual(['t-172-20-0-0-24', 't-192-168-0-0-16']);
        expect([...c.gcp.resources.values()].filter(x => x.destRange).map(x => x.destRange).sort()).toEqual(['172.20.0.0/24', '192.168.0.0/16']);
        expect([...c.gcp.resources.values()].find(x => x.name === 'g-allow-vpn')!.sourceRanges).toEqual(['192.168.0.0/16', '172.20.0.0/24']);
        expect(c.gcp.rejected).toEqual([]);
        const steps = await topo(env, 'steps', file);
        expect(steps.out).toContain('- Remote network IP range: `192.168.0.0/16`, `172.20.0.0/24`');
    });
});
