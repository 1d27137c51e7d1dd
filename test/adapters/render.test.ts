/**
 * The swanctl.conf renderer on the corrected star and the Tencent <-> GCP pair, against golden
 * files in ./golden (reviewed line by line against the configurations of the strongSwan
 * network-namespace recipe the project started from: same settings, order and names; only the
 * first comment line differs).
 * UPDATE_GOLDEN=1 rewrites the golden files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderSwanctlConf, siteConfig, strongswanSites } from '../../language-server/src/adapters/strongswan/render.js';
import { netnsTopology, starWith, testKey, topologyOf } from './fixtures.js';

const GOLDEN = path.resolve(__dirname, 'golden');

function golden(name: string, text: string): void {
    const file = path.join(GOLDEN, name);
    if (process.env.UPDATE_GOLDEN) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
    }
    expect(text).toBe(fs.readFileSync(file, 'utf8'));
}

const CASES: [string, () => string][] = [
    ['star-ikev2', () => starWith('ike v2 ike-proposal aes256-sha256-modp2048 esp-proposal aes256-sha256-modp2048')],
    ['star-ikev1', () => starWith('ike v1 ike-proposal aes128-sha1-modp1024 esp-proposal aes128-sha1-modp1024')],
    ['star', () => netnsTopology('01-star.topo')],
    ['tencent-gcp-ikev1', () => netnsTopology('04-tencent-gcp-ikev1.topo')],
    ['tencent-gcp-ikev2', () => netnsTopology('05-tencent-gcp-ikev2.topo')],
];

describe('renderSwanctlConf', () => {
    for (const [name, text] of CASES) {
        test(`${name}: one swanctl.conf per strongSwan site, as the golden files`, async () => {
            const t = await topologyOf(text());
            const sites = strongswanSites(t);
            expect(sites.length).toBeGreaterThanOrEqual(2);
            for (const s of sites) golden(`${name}/${s.name}.swanctl.conf`, renderSwanctlConf(s, t, { secret: testKey }));
        });
    }

    test('IKEv1 gets one child per local/remote pair, IKEv2 one child with every selector', async () => {
        const v1 = await topologyOf(starWith('ike v1 ike-proposal aes128-sha1-modp1024 esp-proposal aes128-sha1-modp1024'));
        const hub1 = siteConfig(v1.siteByName.get('pek3')!);
        expect(hub1.connections.map(c => c.children.map(ch => `${ch.name}:${ch.local}>${ch.remote}`))).toEqual([
            ['pek3-sh1-0:192.168.0.0/24>172.16.0.0/24', 'pek3-sh1-1:172.26.0.0/24>172.16.0.0/24'],
            ['pek3-gd2-0:192.168.0.0/24>172.26.0.0/24', 'pek3-gd2-1:172.16.0.0/24>172.26.0.0/24'],
        ]);
        const v2 = await topologyOf(netnsTopology('01-star.topo'));
        const hub2 = siteConfig(v2.siteByName.get('pek3')!);
        expect(hub2.connections.map(c => c.children.length)).toEqual([1, 1]);
        expect(hub2.connections[0].children[0].local).toEqual(['192.168.0.0/24', '172.26.0.0/24']);
    });

    test('a gateway behind NAT binds its own address and presents the written identity; the peer connects to the public address', async () => {
        const t = await topologyOf([
            'site dc < provider strongswan cidr 192.168.0.0/16 gateway 203.0.113.5 behind-nat 10.0.0.5 >',
            'site vpc < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.1 >',
            'tunnel dc-vpc dc <-> vpc < local-id "vpn.dc.example.com" psk env DC_VPC >',
        ].join('\n'));
        const dc = renderSwanctlConf(t.siteByName.get('dc')!, t), vpc = renderSwanctlConf(t.siteByName.get('vpc')!, t);
        expect(dc).toContain('    local_addrs = 10.0.0.5\n');
        expect(dc).toContain('    remote_addrs = 198.51.100.1\n');
        expect(dc).toMatch(/local \{[^}]*id = "?vpn\.dc\.example\.com"?/);
        expect(vpc).toContain('    remote_addrs = 203.0.113.5\n');
        expect(vpc).toMatch(/remote \{[^}]*id = "?vpn\.dc\.example\.com"?/);
        // without local-id the gateway would present 10.0.0.5 (the check's nat-identity)
        const bare = await topologyOf(['site dc < provider strongswan cidr 192.168.0.0/16 gateway 203.0.113.5 behind-nat 10.0.0.5 >',
            'site vpc < provider strongswan cidr 10.1.0.0/16 gateway 198.51.100.1 >', 'tunnel dc-vpc dc <-> vpc < psk env DC_VPC >'].join('\n'));
        expect(renderSwanctlConf(bare.siteByName.get('dc')!, bare)).toMatch(/local \{[^}]*id = 10\.0\.0\.5/);
        expect(renderSwanctlConf(bare.siteByName.get('vpc')!, bare)).toMatch(/remote \{[^}]*id = 203\.0\.113\.5/);
    });

    test('one setting per line; the spokes initiate, the hub answers', async () => {
        const t = await topologyOf(netnsTopology('01-star.topo'));
        for (const s of strongswanSites(t)) {
            for (const line of renderSwanctlConf(s, t).split('\n')) {
                expect((line.match(/=/g) ?? []).length).toBeLessThanOrEqual(1);
            }
            expect(siteConfig(s).connections.every(c => c.initiates === (s.name !== 'pek3'))).toBe(true);
        }
    });

    test('without a key function, secrets are references: never a key', async () => {
        const t = await topologyOf(netnsTopology('04-tencent-gcp-ikev1.topo'));
        const text = renderSwanctlConf(t.siteByName.get('tencent-hk')!, t);
        expect(text).toContain('secret = "<value of environment variable TX_GCP_PSK>"');
        // a literal key written in the file
        const lit = await topologyOf(netnsTopology('04-tencent-gcp-ikev1.topo').replace(/psk env \w+/, 'psk "Zq9-very-secret-literal-key"'));
        const ref = renderSwanctlConf(lit.siteByName.get('gcp-hk')!, lit);
        expect(ref).not.toContain('Zq9-very-secret');
        expect(ref).toContain('secret = "<pre-shared key written in tunnel tx-gcp>"');
    });

    test('keys that swanctl.conf cannot quote are written as base64', async () => {
        const t = await topologyOf(netnsTopology('04-tencent-gcp-ikev1.topo'));
        const text = renderSwanctlConf(t.siteByName.get('tencent-hk')!, t, { secret: () => 'with "quote" and \\' });
        expect(text).toContain(`secret = 0s${Buffer.from('with "quote" and \\').toString('base64')}`);
    });

    test('a derived star: tunnels and selectors from the site lines, keys from TOPO_PSK_<TUNNEL>', async () => {
        const t = await topologyOf(netnsTopology('03-star-short.topo'));
        const spoke = siteConfig(t.siteByName.get('gd2')!);
        expect(spoke.connections.map(c => [c.name, c.children[0].remote.join(','), c.psk])).toEqual([
            ['gd2-pek3', '192.168.0.0/24,172.16.0.0/24', { kind: 'env', variable: 'TOPO_PSK_PEK3_GD2', implicit: true }],
        ]);
    });
});
