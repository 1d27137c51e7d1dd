/**
 * missing-route on large stars: the analysis skips the spoke pairs it proves carried (no
 * all-pairs loop), and must still find exactly what tracing every intended pair finds.
 */
import { describe, expect, test } from 'vitest';
import { NetworkView } from '../../language-server/src/analyses/network.js';
import { pairsToTrace, traceTraffic } from '../../language-server/src/analyses/reachability.js';
import { selectorCoverage, selectorSize } from '../../language-server/src/model/selectors.js';
import type { Topology } from '../../language-server/src/model/types.js';
import { prefix, PrefixSet } from '../../language-server/src/net/prefix.js';
import { checkTexts, services } from '../helpers.js';

const PROVIDERS = ['gcp', 'tencent', 'qingcloud', 'aws', 'azure', 'alibaba', 'huawei', 'strongswan'];

function star(spokes: number, dirty: boolean): string {
    const lines = ['topology big', 'site core < provider strongswan cidr 172.16.0.0/16 > hub core'];
    for (let i = 1; i <= spokes; i++) {
        const name = `s${i}`, net = `10.0.${i}.0/24`, provider = PROVIDERS[i % PROVIDERS.length];
        if (dirty && i === 5) { lines.push(`site ${name} < provider tencent cidr ${net} > hub core`); continue; } // no routes
        if (dirty && i === 10) { lines.push(`site ${name} < cidr 10.0.11.0/25 > hub core`); continue; } // overlaps s11
        if (dirty && i === 30) { lines.push(`site ${name} < provider aws > hub core`); continue; } // no networks
        if (provider === 'tencent') {
            const routes = dirty && i === 25 ? 'route 10.0.0.0/27 via core-s25' : `route 10.0.0.0/8 via core-${name} route 172.16.0.0/16 via core-${name}`;
            lines.push(`site ${name} < provider tencent cidr ${net} ${routes} > hub core`, `tunnel core-${name} core <-> ${name}`);
        } else {
            lines.push(`site ${name} < provider ${provider} cidr ${net} > hub core`);
        }
    }
    if (dirty) {
        lines.push('tunnel core-s15 core -> s15 < local 172.16.0.0/16 remote 10.0.15.0/24 >'); // forgets the other spokes
        lines.push('tunnel s20-core s20 -> core < local 10.0.20.0/24 remote 172.16.0.0/16, 10.0.0.0/20 >'); // misses 10.0.16-39
        lines.push('tunnel s1-s2 s1 <-> s2');
    }
    return lines.join('\n') + '\n';
}

async function topologyOf(text: string): Promise<Topology> {
    const [doc] = await checkTexts(text);
    return services.topo.TopologyService.resultFor(doc).topology;
}

const key = (a: { name: string }, b: { name: string }) => `${a.name}|${b.name}`;

function droppedPairs(view: NetworkView, pairs: Iterable<[{ name: string } & object, { name: string } & object]>): string[] {
    const out: string[] = [];
    for (const [a, b] of pairs as Iterable<[never, never]>) {
        if (traceTraffic(view, a, b) || traceTraffic(view, b, a)) out.push(key(a, b));
    }
    return out;
}

describe('missing-route on stars without an all-pairs loop', () => {
    test('a star with broken spokes: the same dropped pairs, in the same order, as tracing every pair', async () => {
        const t = await topologyOf(star(40, true));
        const view = new NetworkView(t);
        const all = view.intendedPairs();
        const traced = [...pairsToTrace(view)];
        expect(droppedPairs(view, traced)).toEqual(droppedPairs(view, all));
        expect(droppedPairs(view, all).length).toBeGreaterThan(0);
        // every traced pair is an intended pair, in the same relative order
        const order = new Map(all.map(([a, b], i) => [key(a, b), i]));
        const idx = traced.map(([a, b]) => order.get(key(a, b)));
        expect(idx.every(i => i !== undefined)).toBe(true);
        expect(idx).toEqual([...idx].sort((x, y) => x! - y!));
        expect(traced.length).toBeLessThan(all.length);
    });

    test('a clean star of 400 spokes traces O(n) pairs and finds nothing', async () => {
        const t = await topologyOf(star(400, false));
        const view = new NetworkView(t);
        const traced = [...pairsToTrace(view)];
        expect(traced.length).toBeLessThan(2 * 401);
        expect(droppedPairs(view, view.intendedPairs())).toEqual([]);
    });

    test('derived selectors of the centre: size and coverage without listing, equal to the listed value', async () => {
        const t = await topologyOf(star(40, true));
        for (const tunnel of t.tunnels) {
            for (const e of [tunnel.a, tunnel.b]) {
                for (const side of ['local', 'remote'] as const) {
                    const c = selectorCoverage(e, side);
                    expect(selectorSize(e, side)).toBe(e[side].length);
                    const listed = new PrefixSet(e[side].map(n => n.prefix));
                    for (const p of ['10.0.1.0/24', '10.0.11.0/24', '10.0.11.0/25', '10.0.10.0/24', '10.0.15.0/24', '172.16.0.0/16', '172.16.1.0/24', '10.0.0.0/16', '10.0.20.0/25', '10.0.30.0/24']) {
                        expect(c.covers(prefix(p)), `${e.name} ${side} ${p}`).toBe(listed.covers(prefix(p)));
                    }
                }
            }
        }
    });
});
