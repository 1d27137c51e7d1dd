import { describe, expect, test } from 'vitest';
import { testCodeAction } from 'langium/test';
import type { Topology, TunnelEnd } from '../../language-server/src/model/types.js';
import { check, checkTexts, codes, covered, errors, GUIDE_STAR, services, SHORT_STAR, TENCENT_GCP } from '../helpers.js';

async function topologyOf(text: string): Promise<Topology> {
    const doc = await check(text);
    return services.topo.TopologyService.resultFor(doc).topology;
}

const sel = (e: TunnelEnd) => ({ local: e.local.map(n => n.prefix.text), remote: e.remote.map(n => n.prefix.text) });

function endsByName(t: Topology): Record<string, TunnelEnd> {
    return Object.fromEntries(t.tunnels.flatMap(x => [x.a, x.b]).map(e => [e.name, e]));
}

describe('resolved model: derived star tunnels', () => {
    test("the three-line star derives exactly the QingCloud guide's tables (with gd2 corrected)", async () => {
        const t = await topologyOf(SHORT_STAR);
        expect(t.tunnels.map(x => [x.name, x.kind])).toEqual([['pek3-sh1', 'derived'], ['pek3-gd2', 'derived']]);
        const ends = endsByName(t);
        // Step 1 of the guide (vpc-pek3)
        expect(sel(ends['pek3-sh1'])).toEqual({ local: ['192.168.0.0/24', '172.26.0.0/24'], remote: ['172.16.0.0/24'] });
        expect(sel(ends['pek3-gd2'])).toEqual({ local: ['192.168.0.0/24', '172.16.0.0/24'], remote: ['172.26.0.0/24'] });
        // Step 2 (vpc-sh1)
        expect(sel(ends['sh1-pek3'])).toEqual({ local: ['172.16.0.0/24'], remote: ['192.168.0.0/24', '172.26.0.0/24'] });
        // Step 3 (vpc-gd2), as it should have been printed
        expect(sel(ends['gd2-pek3'])).toEqual({ local: ['172.26.0.0/24'], remote: ['192.168.0.0/24', '172.16.0.0/24'] });
        expect(Object.values(ends).every(e => e.localOrigin === 'derived' && e.remoteOrigin === 'derived')).toBe(true);
        expect(t.stars.map(s => [s.hub.name, s.spokes.map(x => x.name)])).toEqual([['pek3', ['sh1', 'gd2']]]);
    });

    test('the guide as printed: the four written ends pair up into two tunnels, nothing is derived', async () => {
        const t = await topologyOf(GUIDE_STAR);
        expect(t.tunnels.map(x => [x.name, x.kind, x.a.name, x.b.name])).toEqual([
            ['pek3-sh1', 'pair', 'pek3-sh1', 'sh1-pek3'],
            ['pek3-gd2', 'pair', 'pek3-gd2', 'gd2-pek3'],
        ]);
        const gd2 = endsByName(t)['gd2-pek3'];
        expect(sel(gd2)).toEqual({ local: ['172.26.0.0/24'], remote: ['192.168.0.0/24', '172.26.0.0/24'] });
        expect(gd2.remoteOrigin).toBe('declared');
    });

    test('a <-> tunnel: the far end mirrors the written selectors and shares the settings', async () => {
        const t = await topologyOf(`site a < cidr 10.0.0.0/24 >
site b < cidr 10.1.0.0/24 >
tunnel ab a <-> b < local 10.0.0.0/24 remote 10.1.0.0/24 ike v2 esp-proposal aes128-sha256-modp2048 psk env K >`);
        const [ab] = t.tunnels;
        expect(ab.kind).toBe('both');
        expect(sel(ab.b)).toEqual({ local: ['10.1.0.0/24'], remote: ['10.0.0.0/24'] });
        expect([ab.b.localOrigin, ab.b.remoteOrigin]).toEqual(['mirrored', 'mirrored']);
        expect(ab.b.ike).toBe(2);
        expect(ab.b.espProposals.map(p => p.text)).toEqual(['aes128-sha256-modp2048']);
        expect(ab.b.psk).toMatchObject({ kind: 'env', variable: 'K' });
    });

    test('a one-way tunnel without selectors derives them from the sites; the other end mirrors', async () => {
        const t = await topologyOf(`site a < cidr 10.0.0.0/24, 10.0.5.0/24 >
site b < cidr 10.1.0.0/24 >
tunnel ab a -> b < ike v2 >`);
        const [ab] = t.tunnels;
        expect(ab.kind).toBe('one');
        expect(sel(ab.a)).toEqual({ local: ['10.0.0.0/24', '10.0.5.0/24'], remote: ['10.1.0.0/24'] });
        expect(sel(ab.b)).toEqual({ local: ['10.1.0.0/24'], remote: ['10.0.0.0/24', '10.0.5.0/24'] });
        expect(ab.b.name).toBe('b-a');
        expect(ab.b.declared).toBe(false);
    });

    test('a written tunnel between hub and spoke replaces the derived one; the others are still derived', async () => {
        const t = await topologyOf(`${SHORT_STAR}
tunnel hub-to-sh1 pek3 <-> sh1 < ike v2 >`);
        expect(t.tunnels.map(x => [x.name, x.kind])).toEqual([['hub-to-sh1', 'both'], ['pek3-gd2', 'derived']]);
        // written without selectors: the hub end still carries the other spoke (gd2) for transit
        expect(sel(t.tunnels[0].a)).toEqual({ local: ['192.168.0.0/24', '172.26.0.0/24'], remote: ['172.16.0.0/24'] });
    });

    test('hosts and routes are resolved to their sites and tunnels', async () => {
        const t = await topologyOf(TENCENT_GCP + 'host cvm 10.0.3.4 in tencent-hk\n');
        const tx = t.siteByName.get('tencent-hk')!;
        expect(tx.hosts.map(h => h.name)).toEqual(['cvm']);
        expect(tx.routes.map(r => [r.destination.prefix.text, r.via?.name])).toEqual([['10.170.0.0/20', 'tx-gcp']]);
        expect(tx.provider).toBe('tencent');
        expect(t.siteByName.get('gcp-hk')!.region).toBe('asia-east2');
    });
});

describe('build-time diagnostics', () => {
    test('/33 is cidr-invalid at that token', async () => {
        const doc = await check('site a < cidr 10.0.0.0/33 >');
        const [e] = errors(doc);
        expect(e.code).toBe('cidr-invalid');
        expect(covered(doc, e)).toBe('10.0.0.0/33');
        expect(e.message).toContain('/33 is not a valid prefix length for IPv4');
    });

    test('octets with a leading zero are decimal (10.0.08.0 is 10.0.8.0), not octal, and never crash the build', async () => {
        const doc = await check('site a < cidr 10.0.08.0/24 >\nsite b < cidr 10.0.8.0/24 >');
        expect(codes(doc)).toEqual(['cidr-overlap']);
    });

    test('300.1.1.0/24 is cidr-invalid, and says which part is wrong', async () => {
        const doc = await check('site a < cidr 300.1.1.0/24 >');
        const [e] = errors(doc);
        expect(e.code).toBe('cidr-invalid');
        expect(e.message).toContain('300 is not a number from 0 to 255');
    });

    test('host bits set: a warning with a quick fix that normalises', async () => {
        const result = await testCodeAction(services)('site a < cidr 192.168.0.5/24 >', 'cidr-host-bits', 'site a < cidr 192.168.0.0/24 >');
        expect(result.action?.title).toBe('Change to 192.168.0.0/24');
        const fixed = await check('site a < cidr 192.168.0.0/24 >');
        expect(fixed.diagnostics).toEqual([]);
    });

    test('a host outside its site is an error that points at the site', async () => {
        const doc = await check('site a < cidr 10.0.0.0/24 >\nhost h 10.0.1.5 in a');
        const [e] = errors(doc);
        expect(e.code).toBe('host-outside-site');
        expect(covered(doc, e)).toBe('10.0.1.5');
        expect(e.relatedInformation?.[0].message).toBe('Site a is declared here.');
    });

    test('duplicate site, host and tunnel names', async () => {
        const doc = await check(`site a < cidr 10.0.0.0/24 >
site a < cidr 10.9.0.0/24 >
site b < cidr 10.1.0.0/24 >
host h 10.0.0.1 in a
host h 10.1.0.1 in b
tunnel t a -> b
tunnel t b -> a`);
        expect(codes(doc).filter(c => c === 'duplicate-name').length).toBe(3);
    });

    test('an unknown provider lists the known ones', async () => {
        const doc = await check('site a < provider oracle cidr 10.0.0.0/24 >');
        const [e] = errors(doc);
        expect(e.code).toBe('provider-unknown');
        expect(e.message).toContain('gcp, tencent, qingcloud, aws, azure, alibaba, huawei, strongswan');
    });

    test('the same end written twice is a duplicate tunnel', async () => {
        const doc = await check('site a < cidr 10.0.0.0/24 >\nsite b < cidr 10.1.0.0/24 >\ntunnel t1 a -> b\ntunnel t2 a -> b');
        expect(codes(doc)).toContain('duplicate-tunnel');
    });
});

describe('topologies over several files', () => {
    test('files that name the same topology link to each other', async () => {
        const [one, two] = await checkTexts(
            'topology big\nsite a < cidr 10.0.0.0/24 > hub a',
            'topology big\nsite b < cidr 10.1.0.0/24 > hub a\nhost h 10.1.0.9 in b',
        );
        expect(one.diagnostics).toEqual([]);
        expect(two.diagnostics).toEqual([]);
        const t = services.topo.TopologyService.resultFor(two).topology;
        expect(t.tunnels.map(x => x.name)).toEqual(['a-b']);
        expect(t.uris.length).toBe(2);
    });

    test('independent files may reuse site names; references do not cross topologies', async () => {
        const [, two] = await checkTexts('topology one\nsite a < cidr 10.0.0.0/24 >', 'topology two\nsite b < cidr 10.1.0.0/24 > hub a');
        expect(codes(two)).toEqual(['unresolved-reference']);
        const [x, y] = await checkTexts('site pek3 < cidr 10.0.0.0/24 >', 'site pek3 < cidr 10.0.0.0/24 >');
        expect(codes(x)).toEqual([]);
        expect(codes(y)).toEqual([]);
    });
});

describe('topology grouping is per folder', () => {
    test('the same topology name in two folders makes two topologies', async () => {
        const { URI } = await import('langium');
        const { clearDocuments } = await import('langium/test');
        const { shared } = await import('../helpers.js');
        await clearDocuments(shared);
        const mk = (path: string, text: string) => {
            const d = shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(`file:///${path}`));
            shared.workspace.LangiumDocuments.addDocument(d);
            return d;
        };
        const a = mk('one/a.topo', 'topology x\nsite a < cidr 10.0.0.0/24 >');
        const b = mk('two/b.topo', 'topology x\nsite a < cidr 10.0.0.0/24 >');
        await shared.workspace.DocumentBuilder.build([a, b], { validation: true });
        expect(a.diagnostics).toEqual([]);
        expect(b.diagnostics).toEqual([]);
    });
});

describe('failures inside Topo', () => {
    test('an analysis that throws is logged without its message (it may quote a key); the others still report', async () => {
        const { runAnalyses } = await import('../../language-server/src/analyses/index.js');
        const t = await topologyOf('site a < cidr 10.0.0.0/24 >');
        const logs: string[] = [];
        const run = runAnalyses(t, [
            { name: 'boom', run: () => { throw new Error('psk "SuperSecret123" is bad'); } },
            { name: 'fine', run: () => [{ code: 'cidr-overlap', severity: 'warning', message: 'still here', at: t.sites[0].src }] },
        ], m => logs.push(m));
        expect(run.findings.map(f => f.code)).toEqual(['internal-error', 'cidr-overlap']);
        expect(logs.join('\n')).toContain('the boom analysis failed: Error');
        expect(logs.join('\n')).not.toContain('SuperSecret123');
    });
});
