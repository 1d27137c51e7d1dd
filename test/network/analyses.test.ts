/**
 * The network analyses as pure functions, on topologies built in plain code (no parser).
 */
import { describe, expect, test } from 'vitest';
import { analyseOverlaps } from '../../language-server/src/analyses/overlaps.js';
import { analyseSelectors } from '../../language-server/src/analyses/selectors.js';
import { analyseReachability, needsExplicitRoutes, traceTraffic } from '../../language-server/src/analyses/reachability.js';
import { NetworkView } from '../../language-server/src/analyses/network.js';
import { ANALYSES } from '../../language-server/src/analyses/index.js';
import { PROVIDER_IDS, type Site } from '../../language-server/src/model/types.js';
import { ModelBuilder } from './model.js';

const net = (i: number) => `10.${(i >> 8) & 255}.${i & 255}.0/24`;

describe('cidr-overlap at scale (sort and sweep)', () => {
    test('10,000 sites with distinct networks and one /16 over 256 of them', () => {
        const m = new ModelBuilder();
        const sites: Site[] = [];
        for (let i = 0; i < 10_000; i++) sites.push(m.site(`s${i}`, [net(i + 256)]));
        const big = m.site('big', ['10.5.0.0/16']);
        m.both('big-s1000', big, sites[1000]); // 10.4.232.0/24: joined, but not overlapping
        m.both('big-s1100', big, sites[1100]); // 10.5.76.0/24: joined and overlapping
        const findings = analyseOverlaps(m.topology());
        // 10.5.0.0/16 holds the sites numbered 1024 .. 1279 (network index 1280 .. 1535)
        expect(findings).toHaveLength(256);
        expect(new Set(findings.map(f => f.message.match(/of site (s\d+)/)?.[1])).size).toBe(256);
        expect(findings.every(f => f.message.includes('10.5.0.0/16 of site big'))).toBe(true);
        const errors = findings.filter(f => f.severity === 'error');
        expect(errors.map(f => f.message.match(/of site (s\d+)/)?.[1])).toEqual(['s1100']);
        expect(errors[0].message).toContain('they are joined by tunnel big-s1100');
    });

    test('10,000 sites of one star with the same network: one finding per site, each an error', () => {
        const m = new ModelBuilder();
        const hub = m.site('hub', ['10.0.0.0/24'], { hub: 'self' });
        for (let i = 0; i < 9_999; i++) m.site(`s${i}`, ['192.168.0.0/24'], { hub });
        const findings = analyseOverlaps(m.topology());
        expect(findings).toHaveLength(9_998);
        expect(findings.every(f => f.severity === 'error' && f.message.includes('they are in the star of hub'))).toBe(true);
        expect(findings[findings.length - 1].message).toContain('(and 9997 other sites with 192.168.0.0/24)');
    });

    test('IPv4 and IPv6 never overlap each other; IPv6 nests like IPv4', () => {
        const m = new ModelBuilder();
        m.site('a', ['10.0.0.0/8', '2001:db8::/32']);
        m.site('b', ['::/0']);
        const findings = analyseOverlaps(m.topology());
        expect(findings.map(f => f.message)).toEqual([
            'Network 2001:db8::/32 of site a lies inside ::/0 of site b; they are not meant to reach each other, but they could never be joined without renumbering.',
        ]);
        expect(findings[0].severity).toBe('warning');
    });
});

describe('selectors', () => {
    test('equivalent sets written differently are not a mismatch', () => {
        const m = new ModelBuilder();
        const a = m.site('a', ['10.0.0.0/24']), b = m.site('b', ['10.1.0.0/23']);
        m.pair('ab', a, b, { local: ['10.0.0.0/25', '10.0.0.128/25'], remote: ['10.1.0.0/24', '10.1.1.0/24'] }, { local: ['10.1.0.0/23'], remote: ['10.0.0.0/24'] });
        expect(analyseSelectors(m.topology())).toEqual([]);
    });

    test('a mismatch nobody can blame is reported on both ends, each pointing at the other', () => {
        const m = new ModelBuilder();
        const a = m.site('a', ['10.0.0.0/24']), b = m.site('b', ['10.1.0.0/24']);
        const t = m.pair('ab', a, b, { local: ['10.0.0.0/25'], remote: ['10.1.0.0/24'] }, { local: ['10.1.0.0/24'], remote: ['10.0.0.128/25'] });
        const findings = analyseSelectors(m.topology());
        expect(findings.map(f => f.code)).toEqual(['selector-mismatch', 'selector-mismatch']);
        const [fa, fb] = findings;
        expect(fa.at).toBe(t.a.source!.localSrc);
        expect(fa.related?.[0].at).toBe(t.b.source!.remoteSrc);
        expect(fa.message).toContain('10.0.0.128/25 is missing and 10.0.0.0/25 is extra');
        expect(fb.at).toBe(t.b.source!.remoteSrc);
        expect(fb.message).toContain('10.0.0.0/25 is missing and 10.0.0.128/25 is extra');
        expect(fa.fixes?.[0].edits).toEqual([{ ...t.a.source!.localSrc!, newText: 'local 10.0.0.128/25' }]);
    });

    test('a route-based catch-all is not a self-overlap; a policy-based one is', () => {
        for (const [routing, count] of [['static', 0], ['bgp', 0], ['policy', 1]] as const) {
            const m = new ModelBuilder();
            const a = m.site('a', ['10.0.0.0/24']), b = m.site('b', ['10.1.0.0/24']);
            m.both('ab', a, b, { local: ['10.0.0.0/24'], remote: ['0.0.0.0/0'], routing });
            expect(analyseSelectors(m.topology()).length).toBe(count);
        }
    });
});

describe('reachability', () => {
    test('spoke -> hub -> spoke: the first hop that drops the traffic, at the hub\'s end towards the destination', () => {
        const m = new ModelBuilder();
        const h = m.site('h', ['10.0.0.0/24'], { hub: 'self' });
        const s1 = m.site('s1', ['10.1.0.0/24'], { hub: h });
        const s2 = m.site('s2', ['10.2.0.0/24'], { hub: h });
        const t = m.pair('h-s2', h, s2, { local: ['10.0.0.0/24'], remote: ['10.2.0.0/24'] }, { local: ['10.2.0.0/24'], remote: ['10.0.0.0/24', '10.1.0.0/24'] });
        m.deriveStar(h);
        const view = new NetworkView(m.topology());
        const drop = traceTraffic(view, s1, s2);
        expect(drop?.kind).toBe('selector');
        if (drop?.kind !== 'selector') return;
        expect([drop.hopIndex, drop.hops, drop.end, drop.side, drop.sending]).toEqual([1, 2, t.a, 'local', true]);
        expect(drop.missing.map(n => n.prefix.text)).toEqual(['10.1.0.0/24']);
        // the way back is dropped on receipt at the same written selector
        const back = traceTraffic(view, s2, s1);
        expect(back?.kind === 'selector' && [back.hopIndex, back.end, back.side, back.sending]).toEqual([0, t.a, 'local', false]);
        // h <-> s2 itself is carried
        expect(traceTraffic(view, h, s2)).toBeUndefined();
        expect(traceTraffic(view, s2, h)).toBeUndefined();
    });

    test('a supernet selector covers the sites inside it', () => {
        const m = new ModelBuilder();
        const a = m.site('a', ['10.0.0.0/24', '10.0.1.0/24']), b = m.site('b', ['172.16.0.0/24']);
        m.both('ab', a, b, { local: ['10.0.0.0/16'], remote: ['172.16.0.0/12'] });
        expect(analyseReachability(m.topology())).toEqual([]);
    });

    test('explicit routes: Tencent needs them (as data, one table); a route via another tunnel does not count', () => {
        expect(PROVIDER_IDS.filter(needsExplicitRoutes)).toEqual(['tencent']);
        const m = new ModelBuilder();
        const tx = m.site('tx', ['10.0.0.0/16'], { provider: 'tencent' });
        const g = m.site('g', ['10.170.0.0/20'], { provider: 'gcp' });
        const x = m.site('x', ['10.200.0.0/20'], { provider: 'gcp' });
        const tg = m.both('tx-g', tx, g);
        const txx = m.both('tx-x', tx, x);
        m.route(tx, '10.200.0.0/20', txx);
        m.route(tx, '10.170.0.0/16', txx); // wrong tunnel
        const findings = analyseReachability(m.topology());
        expect(findings).toHaveLength(1);
        expect(findings[0].at).toBe(tx.nameSrc);
        expect(findings[0].message).toContain('Traffic tx -> g is not carried');
        expect(findings[0].message).toContain('its route 10.170.0.0/16 via tx-x does not lead to g');
        expect(findings[0].fixes?.[0].edits[0].newText).toBe(`route 10.170.0.0/20 via ${tg.name} `);
    });

    test('sites that need not reach each other are not traced', () => {
        const m = new ModelBuilder();
        m.site('a', ['10.0.0.0/24'], { provider: 'tencent' });
        m.site('b', ['10.1.0.0/24']);
        expect(analyseReachability(m.topology())).toEqual([]);
    });
});

test('the three network analyses are registered', () => {
    expect(ANALYSES.map(a => a.name)).toEqual(expect.arrayContaining(['overlaps', 'selectors', 'reachability']));
});
