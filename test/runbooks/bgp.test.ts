/**
 * BGP in the console runbooks: the values a network engineer types (ASNs, inside /30s, BGP peer
 * addresses) come from the file through resolve's settings, one customer gateway per peer gateway
 * address, and no route or address space of 0.0.0.0/0 for a BGP tunnel.
 */
import { describe, expect, test } from 'vitest';
import { runbookMarkdown } from '../../language-server/src/runbooks/index.js';
import { read, topologyOf } from './helpers.js';

async function steps(text: string, lang: 'en' | 'zh' = 'en'): Promise<string> {
    const { topology, errorCount } = await topologyOf(text);
    expect(errorCount).toBe(0);
    return runbookMarkdown(topology, { lang, errorCount, source: 'bgp.topo' });
}

/** The body of the step whose title contains `title`. */
function stepText(md: string, title: string): string {
    const parts = md.split(/\n(?=## (?:Step|第) )/);
    const found = parts.filter(p => p.split('\n')[0].includes(title));
    expect(found, title).toHaveLength(1);
    return found[0];
}

describe('BGP steps read the ASNs and inside addresses from the file', () => {
    test('GCP HA VPN to AWS: each customer gateway has its interface address and the Cloud Router ASN; each VPN connection its inside /30', async () => {
        const text = read('test/runbooks/fixtures/bgp-clouds.topo');
        const md = await steps(text);
        const cgw2 = stepText(md, 'customer gateway for gcp (gcp-cgw-2)');
        expect(cgw2).toContain('- IP address: `35.0.0.2`');
        expect(cgw2).toContain('- BGP ASN: `65010`');
        expect(stepText(md, 'tunnels g1-a3 and g1-a4')).toContain('- Customer gateway: `gcp-cgw-2`');
        expect(stepText(md, 'tunnels g1-a3 and g1-a4')).toContain('- Inside IPv4 CIDR (tunnel 1 options): `169.254.12.0/30`');
        expect(stepText(md, 'tunnels g1-a3 and g1-a4')).toContain('- Inside IPv4 CIDR (tunnel 2 options): `169.254.13.0/30`');
        expect(stepText(md, 'vpc2: Create the virtual private gateway')).toContain('- Autonomous System Number (ASN): Custom ASN `64513`');
        // a changed ASN and /30 in the file change the runbook: nothing is fixed in the step builder
        const edited = text.replace('asn 65010', 'asn 4200000001').replace(/169\.254\.12\.(\d)\/30/g, '169.254.99.$1/30');
        const md2 = await steps(edited);
        expect(stepText(md2, 'customer gateway for gcp (gcp-cgw-2)')).toContain('- BGP ASN: `4200000001`');
        expect(stepText(md2, 'tunnels g1-a3 and g1-a4')).toContain('`169.254.99.0/30`');
        expect(stepText(md2, 'Add the VPN tunnel g1-a3')).toContain('- Cloud Router BGP IPv4 address: `169.254.99.2`');
    });

    test('AWS: one VPN connection per customer gateway carries tunnels 1 and 2, each with its own options', async () => {
        const md = await steps(read('test/runbooks/fixtures/bgp-clouds.topo'));
        // four tunnels to GCP's two interfaces: two VPN connections, not four
        const titles = md.split('\n').filter(l => /^## Step \d+ — AWS · vpc: Create the Site-to-Site VPN connection/.test(l));
        expect(titles).toEqual([
            '## Step 15 — AWS · vpc: Create the Site-to-Site VPN connection vpc-gcp-1 with tunnels g0-a1 and g0-a2 (to gcp)',
            '## Step 16 — AWS · vpc: Create the Site-to-Site VPN connection vpc-gcp-2 with tunnels g1-a3 and g1-a4 (to gcp)',
        ]);
        const c = stepText(md, 'vpc-gcp-1');
        expect(c).toContain('- Customer gateway: `gcp-cgw-1`');
        expect(c).toContain('**Tunnel 1 options: tunnel g0-a1 (AWS outside address 203.0.113.1)**');
        expect(c).toContain('**Tunnel 2 options: tunnel g0-a2 (AWS outside address 203.0.113.2)**');
        expect(c).toContain('- Pre-shared key for tunnel 1: the value of `$A1`');
        expect(c).toContain('- Pre-shared key for tunnel 2: the value of `$A2`');
        expect(c).toContain('**Tunnel 2: phase 1**');
        expect(c).not.toContain('configure the second one');
        // each tunnel's values in its own section: tunnel 2's key and /30 come after its heading
        expect(c.indexOf('$A2')).toBeGreaterThan(c.indexOf('**Tunnel 2 options:'));
        expect(c.indexOf('169.254.11.0/30')).toBeGreaterThan(c.indexOf('**Tunnel 2 options:'));
        expect(c.indexOf('169.254.10.0/30')).toBeLessThan(c.indexOf('**Tunnel 2 options:'));
    });

    test('AWS: a single tunnel to a customer gateway stays a connection of its own, with the note about tunnel 2', async () => {
        const md = await steps([
            'site dc < provider strongswan cidr 192.168.0.0/16 gateway 198.51.100.10, 198.51.100.11 asn 65000 >',
            'site vpc < provider aws region us-east-1 cidr 10.0.0.0/16 gateway 203.0.113.1, 203.0.113.2 >',
            'tunnel r1 dc <-> vpc < local-gateway 198.51.100.10 remote-gateway 203.0.113.1 routing bgp psk env R1 >',
            'tunnel r2 dc <-> vpc < local-gateway 198.51.100.11 remote-gateway 203.0.113.2 routing bgp psk env R2 >',
        ].join('\n'));
        // two on-premises routers: two customer gateways, two connections of one configured tunnel each
        const r1 = stepText(md, 'Site-to-Site VPN connection r1 (to dc)');
        expect(r1).toContain('- Customer gateway: `dc-cgw-1`');
        expect(r1).toContain('configure the second one at the peer too');
        expect(stepText(md, 'Site-to-Site VPN connection r2 (to dc)')).toContain('- Customer gateway: `dc-cgw-2`');
    });

    test('DPD in the consoles that have the field: the written value per AWS tunnel, else the provider\'s default', async () => {
        const text = read('test/runbooks/fixtures/bgp-clouds.topo').replace('remote-inside 169.254.22.1/30 psk env Z2', 'remote-inside 169.254.22.1/30 dpd 35 psk env Z2');
        const md = await steps(text);
        const c = stepText(md, 'vpc2-vnet-1');
        expect(c).toContain('- DPD timeout (seconds) (tunnel 1 options): `40`');
        expect(c).toContain('- DPD timeout (seconds) (tunnel 2 options): `35`');
        expect(stepText(md, 'Create the connection z0-a1')).toContain('- DPD timeout in seconds: `45`');
        expect(stepText(md, 'Create the connection z0-a2')).toContain('- DPD timeout in seconds: `35`');
        // GCP runs its own DPD: no field in its steps
        expect(stepText(md, 'Add the VPN tunnel g0-a2')).not.toContain('DPD');
    });

    test('Azure active-active: BGP and the APIPA addresses on the gateway, one local network gateway per AWS outside address with its BGP peer', async () => {
        const md = await steps(read('test/runbooks/fixtures/bgp-clouds.topo'));
        const gw = stepText(md, 'vnet: Create the virtual network gateway');
        expect(gw).toContain('- Enable active-active mode: `Enabled`');
        expect(gw).toContain('- Autonomous system number (ASN): `65000`');
        expect(gw).toContain('- Custom Azure APIPA BGP IP address: `169.254.21.2`, `169.254.22.2`, `169.254.21.6`, `169.254.22.6`');
        const lng = stepText(md, 'local network gateway for vpc2 (vpc2-cgw-3)');
        expect(lng).toContain('- IP address: `203.0.113.13`');
        expect(lng).toContain('- BGP peer IP address: `169.254.21.5`');
        expect(lng).toContain('- Autonomous system number (ASN): `64513`');
        expect(lng).not.toContain('Address space');
        expect(stepText(md, 'Create the connection z1-a3')).toContain('- Enable BGP: `Enabled`');
    });

    test('no route, firewall source or address space of 0.0.0.0/0 for BGP tunnels (only the selectors are any <-> any)', async () => {
        for (const f of ['bgp-clouds', 'bgp-china']) {
            const md = await steps(read(`test/runbooks/fixtures/${f}.topo`));
            const routeLines = md.split('\n').filter(l => /^- (Networks learned|Remote networks|Address space|Destination|Destination CIDR block|Source[^:]*|Source ranges|Source IP addresses\/CIDR ranges|Authorization Object):/.test(l));
            expect(routeLines.length, f).toBeGreaterThan(3);
            expect(routeLines.filter(l => l.includes('0.0.0.0/0')), f).toEqual([]);
        }
    });

    test('Tencent, Alibaba, Huawei: BgpConfig and ASNs; a derived inside address is the other of the /30', async () => {
        const md = await steps(read('test/runbooks/fixtures/bgp-china.topo'));
        const tx = stepText(md, 'Create the VPN tunnel tx-dc');
        expect(tx).toContain('- Tunnel CIDR (TunnelCidr): `169.254.30.0/30`');
        expect(tx).toContain('- Tencent Cloud BGP IP (LocalBgpIp): `169.254.30.1`');
        expect(tx).toContain('- Peer BGP IP (RemoteBgpIp): `169.254.30.2`');
        expect(stepText(md, 'tx: Create the customer gateway for dc')).toContain('- BGP ASN (BgpAsn): `65000`');
        const ali = stepText(md, 'IPsec connection ali-dc');
        expect(ali).toContain('- Local BGP IP Address: `169.254.31.1`');
        expect(ali).toContain('- Local ASN: `65040`');
        // hw-dc writes only its own inside address: the peer's is derived
        expect(stepText(md, 'VPN connection hw-dc')).toContain('- Customer Tunnel Interface Address: `169.254.32.2/30`');
        expect(stepText(md, 'hw: Create the VPN gateway')).toContain('`64512` (the provider\'s default');
        const zh = await steps(read('test/runbooks/fixtures/bgp-china.topo'), 'zh');
        expect(stepText(zh, 'tx-dc')).toContain('- 腾讯云侧 BGP IP（LocalBgpIp）: `169.254.30.1`');
        expect(stepText(zh, 'ali-dc（到')).toContain('- 本端自治系统号: `65040`');
    });
});
