/**
 * The verdict on a tunnel (analyses/outcome.ts): the five outcome kinds, the provider data that
 * decides them (a peer not known to narrow gets the cautious verdict), and the severity and
 * wording they give the findings. The same cases, on real strongSwan, are among the generated
 * cases of `npm run test:netns`.
 */
import { describe, expect, test } from 'vitest';
import { tunnelOutcome } from '../../language-server/src/analyses/outcome.js';
import { describeOutcome } from '../../language-server/src/lsp/hover-content.js';
import type { Topology } from '../../language-server/src/model/types.js';
import { check, services } from '../helpers.js';

async function topologyOf(text: string): Promise<{ topology: Topology; findings: string[] }> {
    const doc = await check(text);
    return {
        topology: services.topo.TopologyService.resultFor(doc).topology,
        findings: (doc.diagnostics ?? []).map(d => `${d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : 'other'} ${d.code}: ${d.message}`),
    };
}

const pair = (a: string, b: string, sites = 'site a < cidr 10.1.0.0/24 gateway 192.0.2.10 >\nsite b < cidr 10.11.0.0/24 gateway 198.51.100.20 >') =>
    `${sites}\ntunnel a-b a -> b < ${a} psk "same-key-for-both-ends-123" >\ntunnel b-a b -> a < ${b} psk "same-key-for-both-ends-123" >\n`;
const AB = 'local 10.1.0.0/24 remote 10.11.0.0/24';
const BA = 'local 10.11.0.0/24 remote 10.1.0.0/24';
const V2 = 'ike v2 ike-proposal aes256-sha256-modp2048';

describe('tunnel outcome', () => {
    test('up: mirror images, the same suites', async () => {
        const { topology, findings } = await topologyOf(pair(`${AB} ${V2} esp-proposal aes256-sha256-modp2048`, `${BA} ${V2} esp-proposal aes256-sha256-modp2048`));
        expect(tunnelOutcome(topology.tunnels[0]).kind).toBe('up');
        expect(findings.filter(f => f.startsWith('error'))).toEqual([]);
    });

    test('does not come up: no common phase 1 suite (NO_PROPOSAL_CHOSEN), different keys (AUTHENTICATION_FAILED), disjoint selectors (TS_UNACCEPTABLE)', async () => {
        let r = await topologyOf(pair(`${AB} ${V2} esp-proposal aes256-sha256`, `${BA} ike v2 ike-proposal aes128-sha1-modp2048 esp-proposal aes256-sha256`));
        expect(tunnelOutcome(r.topology.tunnels[0])).toMatchObject({ kind: 'down', why: 'NO_PROPOSAL_CHOSEN', phase: 'IKE_SA' });
        expect(r.findings.find(f => f.includes('proposal-mismatch'))).toMatch(/^error .*does not come up \(NO_PROPOSAL_CHOSEN in phase 1\)/);
        r = await topologyOf(pair(`${AB} ${V2}`, `${BA} ${V2}`).replace('psk "same-key-for-both-ends-123" >\ntunnel b-a', 'psk "another-key-entirely-456" >\ntunnel b-a'));
        expect(tunnelOutcome(r.topology.tunnels[0])).toMatchObject({ kind: 'down', why: 'AUTHENTICATION_FAILED' });
        r = await topologyOf(pair(`${AB} ${V2}`, `local 10.11.0.0/24 remote 10.200.0.0/24 ${V2}`));
        expect(tunnelOutcome(r.topology.tunnels[0])).toMatchObject({ kind: 'down', why: 'TS_UNACCEPTABLE' });
        expect(r.findings.find(f => f.includes('selector-mismatch'))).toMatch(/^error .*does not come up \(TS_UNACCEPTABLE\)/);
    });

    test('up but narrowed: a superset the strongSwan peer narrows is a warning that says to what', async () => {
        const { topology, findings } = await topologyOf(pair(`local 10.1.0.0/24 remote 10.11.0.0/16 ${V2}`, `${BA} ${V2}`));
        const o = tunnelOutcome(topology.tunnels[0]);
        expect(o).toMatchObject({ kind: 'narrowed' });
        expect(o.text).toBe('comes up narrowed to 10.1.0.0/24 (a) <-> 10.11.0.0/24 (b)');
        expect(findings.filter(f => f.includes('selector-mismatch')).every(f => f.startsWith('warning') && f.includes('narrowed to 10.1.0.0/24 (a) <-> 10.11.0.0/24 (b)'))).toBe(true);
        expect(findings.filter(f => f.startsWith('error'))).toEqual([]);
        expect(describeOutcome(topology.tunnels[0])).toContain('Outcome: **up, narrowed**');
    });

    test('narrowed with a lost half: the mismatch is a warning, missing-route an error naming the addresses', async () => {
        const { topology, findings } = await topologyOf(pair(`local 10.1.0.0/25 remote 10.11.0.0/24 ${V2}`, `${BA} ${V2}`));
        expect(tunnelOutcome(topology.tunnels[0]).kind).toBe('narrowed');
        expect(findings.find(f => f.includes('selector-mismatch'))).toMatch(/^warning/);
        expect(findings.find(f => f.includes('missing-route'))).toMatch(/^error .*10\.1\.0\.128\/25/);
        expect(describeOutcome(topology.tunnels[0])).toContain('Narrowed away: 10.1.0.128/25 (remote at b)');
    });

    test('the same superset towards a gateway not known to narrow stays an error, and says what is not known', async () => {
        const sites = 'site a < provider qingcloud cidr 10.1.0.0/24 gateway 192.0.2.10 >\nsite b < provider qingcloud cidr 10.11.0.0/24 gateway 198.51.100.20 >';
        const { topology, findings } = await topologyOf(pair(`local 10.1.0.0/24 remote 10.11.0.0/16 ike v2`, `${BA} ike v2`, sites));
        const o = tunnelOutcome(topology.tunnels[0]);
        expect(o).toMatchObject({ kind: 'down', why: 'TS_UNACCEPTABLE' });
        expect(o.caveats.join()).toMatch(/whether QingCloud .* narrows traffic selectors with IKEv2 is not documented/);
        expect(findings.filter(f => f.includes('selector-mismatch')).every(f => f.startsWith('error'))).toBe(true);
        expect(describeOutcome(topology.tunnels[0])).toContain('_Unknown:_');
    });

    test('up until the first CHILD_SA rekey: IKEv2 with different PFS groups', async () => {
        const { topology, findings } = await topologyOf(pair(`${AB} ${V2} esp-proposal aes256-sha256-modp2048`, `${BA} ${V2} esp-proposal aes256-sha256-ecp256`));
        expect(tunnelOutcome(topology.tunnels[0])).toMatchObject({ kind: 'until-rekey', phase: 'CHILD_SA' });
        expect(findings.find(f => f.includes('proposal-mismatch'))).toMatch(/^error .*comes up, then fails at the first CHILD_SA rekey/);
    });

    test('IKEv1 with the same PFS mismatch does not come up at all', async () => {
        const v1 = 'ike v1 ike-proposal aes256-sha256-modp2048';
        const { topology } = await topologyOf(pair(`${AB} ${v1} esp-proposal aes256-sha256-modp2048`, `${BA} ${v1} esp-proposal aes256-sha256-ecp256`));
        expect(tunnelOutcome(topology.tunnels[0])).toMatchObject({ kind: 'down', why: 'NO_PROPOSAL_CHOSEN', phase: 'CHILD_SA' });
    });

    test('works only when a given end initiates: IKEv1 with an extra selector pair on one end', async () => {
        const v1 = 'ike v1 ike-proposal aes256-sha256-modp2048 esp-proposal aes256-sha256';
        const { topology, findings } = await topologyOf(pair(`${AB} ${v1}`, `local 10.11.0.0/24, 10.11.8.0/24 remote 10.1.0.0/24 ${v1}`));
        const o = tunnelOutcome(topology.tunnels[0]);
        expect(o).toMatchObject({ kind: 'one-way', why: 'INVALID_ID_INFORMATION' });
        expect(o.kind === 'one-way' && o.initiator.site.name).toBe('a');
        expect(findings.find(f => f.includes('selector-mismatch'))).toMatch(/^error .*works only when a initiates: when b initiates, its pair 10\.11\.8\.0\/24 <-> 10\.1\.0\.0\/24 finds no pair of a \(INVALID_ID_INFORMATION\)/);
    });

    test('works only when a given end initiates: IKEv1 quick modes offer only the phase 1 group', async () => {
        // b lists a's suite second; its quick modes offer only its modp2048 proposal (phase 1's group)
        const ike = 'ike v1 ike-proposal aes128-sha256-modp2048';
        const { topology, findings } = await topologyOf(pair(`${AB} ${ike} esp-proposal aes256-sha1-ecp256`, `${BA} ${ike} esp-proposal aes256-sha1-ecp256, aes128-sha1-modp2048`));
        const o = tunnelOutcome(topology.tunnels[0]);
        expect(o).toMatchObject({ kind: 'one-way', why: 'NO_PROPOSAL_CHOSEN' });
        expect(o.kind === 'one-way' && o.initiator.site.name).toBe('a');
        expect(findings.find(f => f.includes('proposal-mismatch'))).toMatch(/^error .*works only when a initiates/);
    });

    test('works only when a given end initiates: IKEv1 quick modes from a superset are narrowed to one pair each', async () => {
        // b's remote 10.0.0.0/8: each quick mode b starts is narrowed to a's first matching pair, so 10.1.4.0/24 is never carried
        const v1 = 'ike v1 ike-proposal aes128-sha256-ecp256 esp-proposal aes128-sha256';
        const sites = 'site a < cidr 10.1.0.0/24, 10.1.4.0/24 gateway 192.0.2.10 >\nsite b < cidr 10.11.0.0/24, 10.11.4.0/24 gateway 198.51.100.20 >';
        const { topology, findings } = await topologyOf(pair(`local 10.1.0.0/24, 10.1.4.0/24 remote 10.11.0.0/24, 10.11.4.0/24 ${v1}`, `local 10.11.0.0/24, 10.11.4.0/24 remote 10.0.0.0/8 ${v1}`, sites));
        const o = tunnelOutcome(topology.tunnels[0]);
        expect(o).toMatchObject({ kind: 'one-way' });
        expect(o.kind === 'one-way' && o.initiator.site.name).toBe('a');
        expect(o.text).toMatch(/when b initiates, 10\.11\.0\.0\/24 <-> 10\.1\.4\.0\/24 \(not carried/);
        expect(findings.some(f => f.startsWith('error') && f.includes('works only when a initiates'))).toBe(true);
    });
    test('IKEv1 quick modes take the first PFS group any esp-proposal lists, not the first proposal\'s (none)', async () => {
        // strongSwan 5.9.8 child_cfg get_algorithm skips proposals without a group: b offers only aes256-sha1-ecp256 (test:netns g0128)
        const ike = 'ike v1 ike-proposal aes256-sha256-modp2048';
        const { topology, findings } = await topologyOf(pair(`${AB} ${ike} esp-proposal aes256-sha1`, `${BA} ${ike} esp-proposal aes256-sha1, aes256-sha1-ecp256`));
        const o = tunnelOutcome(topology.tunnels[0]);
        expect(o).toMatchObject({ kind: 'one-way', why: 'NO_PROPOSAL_CHOSEN' });
        expect(o.text).toContain('the quick modes b starts offer only its esp-proposals with PFS group ecp256');
        expect(findings.find(f => f.includes('proposal-mismatch'))).toMatch(/^error .*works only when a initiates/);
    });

    test('selectors are checked before the ESP proposals: a remote nobody has is TS_UNACCEPTABLE (IKEv2) or INVALID_ID_INFORMATION (IKEv1), whatever the proposals', async () => {
        // test:netns g0196 (IKEv2) and g0126 (IKEv1): the esp-proposals share nothing either
        let r = await topologyOf(pair(`${AB} ${V2} esp-proposal aes256-sha256`, `local 10.11.0.0/24 remote 10.200.0.0/24 ${V2} esp-proposal aes256gcm16-ecp256`));
        expect(tunnelOutcome(r.topology.tunnels[0])).toMatchObject({ kind: 'down', why: 'TS_UNACCEPTABLE', phase: 'CHILD_SA' });
        expect(r.findings.find(f => f.includes('selector-mismatch'))).toMatch(/^error .*does not come up \(TS_UNACCEPTABLE\)/);
        const v1 = 'ike v1 ike-proposal aes128-sha256-modp2048';
        r = await topologyOf(pair(`${AB} ${v1} esp-proposal aes128-sha256`, `local 10.11.0.0/24 remote 10.200.0.0/24 ${v1} esp-proposal aes128-sha1-modp2048`));
        expect(tunnelOutcome(r.topology.tunnels[0])).toMatchObject({ kind: 'down', why: 'INVALID_ID_INFORMATION' });
        expect(r.findings.find(f => f.includes('selector-mismatch'))).toMatch(/^error .*does not come up \(INVALID_ID_INFORMATION\)/);
    });

    test('a narrowing the crypto outranks still makes the selector difference a warning that says to what', async () => {
        const ike = 'ike v1 ike-proposal aes256-sha256-modp2048';
        const sites = 'site a < cidr 10.1.0.0/24 gateway 192.0.2.10 >\nsite b < cidr 10.11.0.0/24, 10.11.4.0/24 gateway 198.51.100.20 >';
        const { topology, findings } = await topologyOf(pair(`local 10.1.0.0/24 remote 10.11.0.0/24, 10.11.4.0/25 ${ike} esp-proposal aes256-sha1`, `local 10.11.0.0/24, 10.11.4.0/24 remote 10.1.0.0/24 ${ike} esp-proposal aes256-sha1, aes256-sha1-ecp256`, sites));
        const o = tunnelOutcome(topology.tunnels[0]);
        expect(o.kind).toBe('one-way');
        expect(o.narrowing?.text).toMatch(/comes up narrowed/);
        expect(findings.find(f => f.includes('selector-mismatch'))).toMatch(/^warning .*comes up narrowed .*10\.11\.4\.0\/25/);
    });

    test('IKEv1: a quick mode takes the responder\'s pair that matches best (an equal selector before an overlapping one)', async () => {
        // a's quick mode 10.1.0.0/24 <-> 10.11.0.0/16: b's first pair only overlaps it (10.11.4.0/24), its second is
        // equal and wins (peer_cfg.c select_child_cfg), so nothing is narrowed; the first overlapping pair would narrow it
        const v1 = 'ike v1 ike-proposal aes128-sha256-ecp256 esp-proposal aes128-sha256';
        const sites = 'site a < cidr 10.1.0.0/24 gateway 192.0.2.10 >\nsite b < cidr 10.11.0.0/16 gateway 198.51.100.20 >';
        const { topology, findings } = await topologyOf(pair(`local 10.1.0.0/24 remote 10.11.0.0/16 ${v1}`, `local 10.11.4.0/24, 10.11.0.0/16 remote 10.1.0.0/24 ${v1}`, sites));
        expect(tunnelOutcome(topology.tunnels[0]).kind).toBe('up');
        expect(findings.filter(f => f.startsWith('error'))).toEqual([]);
    });
    test('a local selector list holding a /24 and the /16 that contains it: the peer narrows the /16 to its own remote networks, nothing is lost', async () => {
        // test:netns seed 20261203 g0047, g0073, g0162; strongSwan 5.9.8 child_cfg.c get_traffic_selectors: each configured
        // selector intersected with each proposed one, redundant ones removed; the responder b logs
        // "CHILD_SA ... established ... TS 10.11.0.0/24 === 10.1.0.0/24 10.1.4.0/24", pings from and to both /24s pass
        const sites = 'site a < cidr 10.1.0.0/24, 10.1.4.0/24 gateway 192.0.2.10 >\nsite b < cidr 10.11.0.0/24 gateway 198.51.100.20 >';
        const { topology, findings } = await topologyOf(pair(`local 10.1.0.0/24, 10.1.0.0/16 remote 10.11.0.0/24 ${V2}`, `local 10.11.0.0/24 remote 10.1.0.0/24, 10.1.4.0/24 ${V2}`, sites));
        const o = tunnelOutcome(topology.tunnels[0]);
        expect(o.kind).toBe('narrowed');
        expect(o.kind === 'narrowed' && o.negotiated.map(n => `${n.end.site.name}: ${n.local.map(p => p.text).join(', ')} <-> ${n.remote.map(p => p.text).join(', ')}`))
            .toEqual(['a: 10.1.0.0/24, 10.1.4.0/24 <-> 10.11.0.0/24', 'b: 10.11.0.0/24 <-> 10.1.0.0/24, 10.1.4.0/24']);
        expect(findings.filter(f => f.startsWith('error'))).toEqual([]);
        expect(findings.find(f => f.includes('selector-mismatch'))).toMatch(/^warning .*narrowed to 10\.1\.0\.0\/24, 10\.1\.4\.0\/24 \(a\) <-> 10\.11\.0\.0\/24 \(b\)/);
    });
    test('phase 1 proposals are agreed before the keys are used: no common suite and different keys is NO_PROPOSAL_CHOSEN', async () => {
        const r = await topologyOf(pair(`${AB} ${V2} esp-proposal aes256-sha256`, `${BA} ike v2 ike-proposal aes128-sha1-modp2048 esp-proposal aes256-sha256`).replace('psk "same-key-for-both-ends-123" >\ntunnel b-a', 'psk "another-key-entirely-456" >\ntunnel b-a'));
        expect(tunnelOutcome(r.topology.tunnels[0])).toMatchObject({ kind: 'down', why: 'NO_PROPOSAL_CHOSEN', phase: 'IKE_SA' });
    });
});
