/**
 * `topo graph FILE... --format svg|dot|json|text`, and the reviewed SVG snapshots of the seeds'
 * star as printed (the end at gd2 red), the Tencent <-> GCP pair and a six-spoke mixed star.
 * Snapshots change only with `UPDATE_GOLDEN=1 npx vitest run test/graph/cli.test.ts` (read the diff,
 * and look at the pictures).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../language-server/src/cli/main.js';
import { ROOT } from '../runbooks/helpers.js';

async function run(...argv: string[]) {
    let out = '', err = '';
    const code = await runCli(argv, { stdout: s => { out += s; }, stderr: s => { err += s; } });
    return { code, out, err };
}

const SNAPSHOTS = path.join(ROOT, 'test/graph/snapshots');
const update = process.env.UPDATE_GOLDEN === '1';
const file = (f: string) => path.join(ROOT, f);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-graph-'));

/** The `<g>` of one element (by data-id), as written. */
const element = (svg: string, id: string) => svg.match(new RegExp(`<g class="([^"]*)" data-id="${id.replace(/[>]/g, '&gt;')}"[^>]*aria-label="([^"]*)"`));

describe('SVG snapshots', () => {
    for (const [name, source] of [
        ['qingcloud-star-as-printed.svg', 'examples/qingcloud-star-as-printed.topo'],
        ['tencent-gcp.svg', 'examples/tencent-gcp.topo'],
        ['mixed-star.svg', 'test/graph/fixtures/mixed-star.topo'],
    ]) {
        test(`${name} (${source})`, async () => {
            const r = await run('graph', file(source));
            expect(r.err).toBe('');
            expect(r.code).toBe(0);
            const snapshot = path.join(SNAPSHOTS, name);
            if (update) fs.writeFileSync(snapshot, r.out);
            expect(r.out).toBe(fs.readFileSync(snapshot, 'utf8'));
        });
    }

    test('the star as printed: the end at gd2 is red, the three other ends green', async () => {
        const svg = fs.readFileSync(path.join(SNAPSHOTS, 'qingcloud-star-as-printed.svg'), 'utf8');
        const ends = [...svg.matchAll(/<g class="end (\w+)" data-id="([^"]+)"/g)].map(m => [m[2], m[1]]);
        expect(ends).toEqual([
            ['tunnel:pek3-sh1@pek3', 'clean'], ['tunnel:pek3-sh1@sh1', 'clean'],
            ['tunnel:pek3-gd2@pek3', 'clean'], ['tunnel:pek3-gd2@gd2', 'error'],
        ]);
        expect(element(svg, 'tunnel:pek3-gd2@gd2')![2]).toMatch(/^tunnel pek3-gd2, the end at gd2 \(towards pek3\): error selector-/);
        expect(svg.match(/<g class="node site /g)).toHaveLength(3);
        expect(svg).toContain('<title id="topo-graph-title">qingcloud-star-as-printed: 3 sites, 2 tunnels (4 ends), 3 errors</title>');
    });

    test('the mixed star: derived tunnels dashed, the Tencent spoke red, the weak Alibaba tunnel amber', async () => {
        const svg = fs.readFileSync(path.join(SNAPSHOTS, 'mixed-star.svg'), 'utf8');
        expect(svg.match(/<g class="tunnel derived"/g)).toHaveLength(4);
        expect(element(svg, 'tunnel:fra>tx-gz@tx-gz')![1]).toBe('end error');
        expect(element(svg, 'tunnel:fra-ali@ali-hz')![1]).toBe('end warning');
        expect(element(svg, 'site:tx-gz')![1]).toBe('node site spoke error');
        expect(element(svg, 'site:fra')![1]).toBe('node site hub clean');
    });
});

describe('topo graph', () => {
    test('--format json: the graph; --format dot; --format text; -o FILE', async () => {
        const json = await run('graph', file('examples/qingcloud-star-short.topo'), '--format', 'json');
        expect(json.code).toBe(0);
        const g = JSON.parse(json.out);
        expect(g.tunnels.map((t: { id: string }) => t.id)).toEqual(['tunnel:pek3>sh1', 'tunnel:pek3>gd2']);
        const dot = await run('graph', file('examples/tencent-gcp.topo'), '--format', 'dot');
        expect(dot.out).toMatch(/^graph "tencent-gcp" \{/);
        const text = await run('graph', file('examples/tencent-gcp.topo'), '--format', 'text');
        expect(text.out).toBe('tencent-gcp: 2 sites, 1 tunnel (2 ends), 1 warning\ntencent-hk !────! gcp-hk  tx-gcp  ! weak-crypto\n');
        const out = path.join(tmp, 'star.svg');
        const written = await run('graph', file('examples/qingcloud-star.topo'), '-o', out);
        expect([written.code, written.out]).toEqual([0, '']);
        expect(fs.readFileSync(out, 'utf8')).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    });

    test('usage and input errors: one line, exit 2', async () => {
        const two = await run('graph', file('examples/tencent-gcp.topo'), file('examples/qingcloud-star.topo'));
        expect(two.code).toBe(2);
        expect(two.err).toBe('topo: the files form 2 topologies (tencent-gcp.topo, qingcloud-star.topo); draw one topology at a time\n');
        const missing = await run('graph', path.join(tmp, 'nope.topo'));
        expect(missing.code).toBe(2);
        expect(missing.err.trim().split('\n')).toHaveLength(1);
        const format = await run('graph', file('examples/tencent-gcp.topo'), '--format', 'png');
        expect(format.code).toBe(2);
        const unwritable = await run('graph', file('examples/tencent-gcp.topo'), '-o', path.join(tmp, 'no/such/dir.svg'));
        expect(unwritable.err).toMatch(/^topo: cannot write .*: no such directory\n$/);
    });

    test('the runbook starts with the diagram', async () => {
        const r = await run('steps', file('examples/qingcloud-star-as-printed.topo'));
        expect(r.code).toBe(0);
        const top = r.out.slice(0, r.out.indexOf('## Overview'));
        expect(top).toContain('## Topology');
        expect(top).toContain('└─✔────✘ gd2 (qingcloud gd2, 172.26.0.0/24)  pek3-gd2 / gd2-pek3  ✘ selector-');
    });

    test('live state: what the strongSwan adapter recorded', async () => {
        const workdir = path.join(tmp, 'work');
        fs.mkdirSync(path.join(workdir, 'sh1'), { recursive: true });
        fs.writeFileSync(path.join(workdir, 'sh1', 'topo-state.json'), JSON.stringify({ adapter: 'strongswan', site: 'sh1', initiated: { 'sh1-pek3': '2026-11-30T10:00:00.000Z' } }));
        const r = await run('graph', file('examples/strongswan-star.topo'), '--format', 'json', '--workdir', workdir);
        const g = JSON.parse(r.out);
        const live = g.tunnels.flatMap((t: { ends: { id: string; live?: unknown }[] }) => t.ends).filter((e: { live?: unknown }) => e.live);
        expect(live).toHaveLength(1);
        expect(live[0]).toMatchObject({ site: 'site:sh1', live: { adapter: 'strongswan', state: 'initiated', at: '2026-11-30T10:00:00.000Z' } });
    });
});
