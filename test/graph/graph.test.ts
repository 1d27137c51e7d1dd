/**
 * The graph of a topology (language-server/src/graph/build.ts): the one builder behind the
 * `topo/graph` request, `topo graph` and the runbook's diagram. Ids are stable, every element
 * carries its worst diagnostic and where it is written.
 */
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildGraph, graphOfDocument, layoutGraph, renderDot, renderText, type TopoGraph } from '../../language-server/src/graph/index.js';
import { checkTexts, services } from '../helpers.js';
import { read } from '../runbooks/helpers.js';

async function graphOf(...texts: string[]): Promise<TopoGraph> {
    const docs = await checkTexts(...texts);
    return graphOfDocument(services, docs[0]);
}

const end = (g: TopoGraph, id: string) => g.tunnels.flatMap(t => t.ends).find(e => e.id === id)!;
const lineOf = (text: string, start: string) => text.split('\n').findIndex(l => l.startsWith(start));

describe('the graph of the examples', () => {
    test("the guide's star as printed: 3 sites, 2 tunnels, 4 ends, only gd2's end red, on its line", async () => {
        const text = read('examples/qingcloud-star-as-printed.topo');
        const g = await graphOf(text);
        expect(g.sites.map(s => [s.id, s.role, s.group, s.status.level])).toEqual([
            ['site:pek3', 'hub', 'group:qingcloud/pek3', 'clean'],
            ['site:sh1', 'spoke', 'group:qingcloud/sh1', 'clean'],
            ['site:gd2', 'spoke', 'group:qingcloud/gd2', 'clean'],
        ]);
        expect(g.tunnels.map(t => [t.id, t.kind, t.ends.map(e => `${e.id}:${e.status.level}`)])).toEqual([
            ['tunnel:pek3-sh1', 'pair', ['tunnel:pek3-sh1@pek3:clean', 'tunnel:pek3-sh1@sh1:clean']],
            ['tunnel:pek3-gd2', 'pair', ['tunnel:pek3-gd2@pek3:clean', 'tunnel:pek3-gd2@gd2:error']],
        ]);
        const red = end(g, 'tunnel:pek3-gd2@gd2');
        expect(red.name).toBe('gd2-pek3');
        expect(red.src.range.start.line).toBe(lineOf(text, 'tunnel gd2-pek3'));
        // the worst diagnostic is one that `topo check` reports on that line, with its message
        const [doc] = await checkTexts(text);
        const onLine = (doc.diagnostics ?? []).filter(d => d.range.start.line === red.src.range.start.line && d.severity === 1);
        expect(onLine.map(d => d.code)).toContain(red.status.code);
        expect(onLine.find(d => d.code === red.status.code)!.message).toBe(red.status.message);
        expect(red.status.count).toBe(onLine.length);
        expect(g.tunnels[1].status.level).toBe('error');
        expect(g.totals.errors).toBe(3);
    });

    test('the corrected star is green; the three-line star has derived tunnels with ids of their own', async () => {
        const fixed = await graphOf(read('examples/qingcloud-star.topo'));
        expect(fixed.tunnels.flatMap(t => t.ends).every(e => e.status.level === 'clean')).toBe(true);
        const short = await graphOf(read('examples/qingcloud-star-short.topo'));
        expect(short.tunnels.map(t => [t.id, t.derived, t.ends.map(e => e.id)])).toEqual([
            ['tunnel:pek3>sh1', true, ['tunnel:pek3>sh1@pek3', 'tunnel:pek3>sh1@sh1']],
            ['tunnel:pek3>gd2', true, ['tunnel:pek3>gd2@pek3', 'tunnel:pek3>gd2@gd2']],
        ]);
        // a derived end is revealed at its spoke's statement (where `hub pek3` is written)
        const text = read('examples/qingcloud-star-short.topo');
        expect(end(short, 'tunnel:pek3>gd2@gd2').src.range.start.line).toBe(lineOf(text, 'site gd2'));
        expect(short.stars).toEqual([{ hub: 'site:pek3', spokes: ['site:sh1', 'site:gd2'] }]);
    });

    test('Tencent <-> GCP: one `<->` statement, both ends carry its warning', async () => {
        const g = await graphOf(read('examples/tencent-gcp.topo'));
        expect(g.groups.map(x => x.id)).toEqual(['group:tencent/ap-hongkong', 'group:gcp/asia-east2']);
        expect(g.sites.find(s => s.name === 'tencent-hk')!.networks).toEqual(['10.0.0.0/16']);
        const [t] = g.tunnels;
        expect(t.id).toBe('tunnel:tx-gcp');
        expect(t.ends.map(e => [e.declared, e.status.level, e.status.code])).toEqual([[true, 'warning', 'weak-crypto'], [true, 'warning', 'weak-crypto']]);
    });

    test('ids stay the same across an edit that does not rename; statuses follow the text', async () => {
        const text = read('examples/qingcloud-star-as-printed.topo');
        const before = await graphOf(text);
        const fixed = text.replace('tunnel gd2-pek3 gd2  -> pek3 < local 172.26.0.0/24  remote 192.168.0.0/24, 172.26.0.0/24 >',
            'tunnel gd2-pek3 gd2  -> pek3 < local 172.26.0.0/24  remote 192.168.0.0/24, 172.16.0.0/24 >');
        const after = await graphOf('// moved down a line\n' + fixed);
        const ids = (g: TopoGraph) => [...g.sites.map(s => s.id), ...g.tunnels.flatMap(t => [t.id, ...t.ends.map(e => e.id)])];
        expect(ids(after)).toEqual(ids(before));
        expect(end(after, 'tunnel:pek3-gd2@gd2').status.level).toBe('clean');
        expect(end(after, 'tunnel:pek3-gd2@gd2').src.range.start.line).toBe(end(before, 'tunnel:pek3-gd2@gd2').src.range.start.line + 1);
    });

    test('a site carries the problems of its statement and of its hosts; a derived tunnel those that name it', async () => {
        const g = await graphOf(read('test/graph/fixtures/mixed-star.topo'));
        const tx = g.sites.find(s => s.name === 'tx-gz')!;
        expect(tx.status).toMatchObject({ level: 'error', code: 'missing-route' });
        expect(end(g, 'tunnel:fra>tx-gz@tx-gz').status).toMatchObject({ level: 'error', code: 'missing-route' });
        expect(end(g, 'tunnel:fra>gcp-euw@gcp-euw').status.level).toBe('clean');
        expect(end(g, 'tunnel:fra-ali@fra').status).toMatchObject({ level: 'warning', code: 'weak-crypto' });
        const hosts = await graphOf('site a < provider aws region r cidr 10.0.0.0/24 >\nhost h 10.9.0.1 in a\n');
        expect(hosts.sites[0].status).toMatchObject({ level: 'error', code: 'host-outside-site' });
    });

    test('redundant tunnels between two sites share a group; a name used twice still gives distinct ids', async () => {
        const [doc] = await checkTexts([
            'site a < provider strongswan cidr 10.0.0.0/24 gateway 198.51.100.1 >',
            'site b < provider strongswan cidr 10.1.0.0/24 gateway 198.51.100.2 >',
            'tunnel t1 a <-> b < psk env K >',
        ].join('\n'));
        // the model of redundant tunnel groups (issue #14) is not in the language yet: two tunnels in code
        const t = services.topo.TopologyService.resultFor(doc).topology;
        const topology = { ...t, tunnels: [t.tunnels[0], { ...t.tunnels[0], name: 't2' }, { ...t.tunnels[0] }] };
        const g = buildGraph(topology, []);
        expect(g.tunnels.map(x => [x.id, x.redundancy])).toEqual([['tunnel:t1', 'pair:a~b'], ['tunnel:t2', 'pair:a~b'], ['tunnel:t1#2', 'pair:a~b']]);
        expect(g.tunnels[2].ends.map(e => e.id)).toEqual(['tunnel:t1#2@a', 'tunnel:t1#2@b']);
        const pure = buildGraph({ uris: [], sites: [], siteByName: new Map(), hosts: [], tunnels: [], stars: [] }, []);
        expect(pure).toMatchObject({ sites: [], tunnels: [], totals: { errors: 0, warnings: 0 } });
    });
});

describe('text, DOT and layout', () => {
    test('the text picture of the star as printed marks the end at gd2', async () => {
        const g = await graphOf(read('examples/qingcloud-star-as-printed.topo'));
        expect(renderText(g).split('\n')).toEqual([
            'qingcloud-star-as-printed: 3 sites, 2 tunnels (4 ends), 3 errors',
            'pek3 (qingcloud pek3, 192.168.0.0/24) hub',
            '├─✔────✔ sh1 (qingcloud sh1, 172.16.0.0/24)  pek3-sh1 / sh1-pek3',
            `└─✔────✘ gd2 (qingcloud gd2, 172.26.0.0/24)  pek3-gd2 / gd2-pek3  ✘ ${g.tunnels[1].status.code}`,
        ]);
    });

    test('DOT is valid Graphviz: clusters per provider/region, each end its colour', async () => {
        const g = await graphOf(read('examples/qingcloud-star-as-printed.topo'));
        const dot = renderDot(g);
        expect(dot).toContain('color="#1a7f37;0.5:#d1242f"');
        const { instance } = await import('@viz-js/viz');
        const result = (await instance()).render(dot, { format: 'svg' });
        expect(result.status).toBe('success');
        expect(result.output).toContain('cluster_2');
    });

    test('a mesh goes through Graphviz, a star is radial with the hub in the centre', async () => {
        const star = await layoutGraph(await graphOf(read('examples/qingcloud-star.topo')));
        expect(star.kind).toBe('radial');
        const hub = star.nodes.find(n => n.id === 'site:pek3')!;
        expect([hub.x, hub.y]).toEqual([star.width / 2, star.height / 2]);
        const mesh = await layoutGraph(await graphOf(read('test/runbooks/fixtures/strongswan-mixed.topo')));
        expect(mesh.kind).toBe('graphviz');
        const [a, b, c] = mesh.nodes;
        expect(new Set([a, b, c].map(n => `${Math.round(n.x)},${Math.round(n.y)}`)).size).toBe(3);
        for (const n of mesh.nodes) expect(n.x > 0 && n.y > 0 && n.x < mesh.width && n.y < mesh.height).toBe(true);
    });

    test('thousands of sites: spokes grouped by provider/region, a group expands on request', async () => {
        const lines = ['topology big', 'site core < provider strongswan region dc cidr 10.255.0.0/24 gateway 198.51.100.1 > hub core'];
        const providers = [['aws', 'us-east-1'], ['tencent', 'ap-guangzhou'], ['azure', 'westeurope']];
        for (let i = 1; i <= 300; i++) {
            const [p, r] = providers[i % 3];
            lines.push(`site s${i} < provider ${p} region ${r} cidr 10.${i >> 8}.${i & 255}.0/24 > hub core`);
        }
        const g = await graphOf(lines.join('\n'));
        expect(g.sites).toHaveLength(301);
        const collapsed = await layoutGraph(g);
        expect(collapsed.nodes.length).toBeLessThan(10);
        // 100 spokes per provider/region, in nodes of at most 50; the hub stays a site
        expect([...collapsed.collapsed].sort()).toEqual(['group:aws/us-east-1#1', 'group:aws/us-east-1#2', 'group:azure/westeurope#1',
            'group:azure/westeurope#2', 'group:tencent/ap-guangzhou#1', 'group:tencent/ap-guangzhou#2']);
        expect(collapsed.nodes.filter(n => n.kind === 'site').map(n => n.id)).toEqual(['site:core']);
        const group = collapsed.nodes.find(n => n.kind === 'group')!;
        expect(group.members).toHaveLength(50);
        const edge = collapsed.edges.find(e => e.to === group.id || e.from === group.id)!;
        expect(edge.tunnels).toBe(50);
        const opened = await layoutGraph(g, { expanded: [group.id] });
        expect(opened.nodes.filter(n => n.kind === 'site').length).toBe(51);
        expect(opened.collapsed).not.toContain(group.id);
    });
});

test('the graph carries no pre-shared key', async () => {
    const g = await graphOf('site a < provider strongswan cidr 10.0.0.0/24 >\nsite b < provider strongswan cidr 10.1.0.0/24 >\ntunnel t a <-> b < psk "Sup3rSecretKey_99" >\n');
    const all = JSON.stringify(g) + renderText(g) + renderDot(g);
    expect(all).not.toContain('Sup3rSecretKey_99');
    expect(path.basename(g.uris[0])).toMatch(/\.topo$/);
});
