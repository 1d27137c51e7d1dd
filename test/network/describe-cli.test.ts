/**
 * Hover text of sites and tunnels (pure functions of the model, from parsed files), and
 * `topo check` reporting the network findings.
 */
import { describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeSite, describeTunnel } from '../../language-server/src/analyses/describe.js';
import { runCli } from '../../language-server/src/cli/main.js';
import { check, CORRECTED_STAR, GUIDE_STAR, services } from '../helpers.js';

async function topologyOf(text: string) {
    const doc = await check(text);
    return services.topo.TopologyService.resultFor(doc).topology;
}

describe('describeSite', () => {
    test('the guide as printed: gd2 reaches pek3, and sh1 through the hub, but that traffic is dropped', async () => {
        const t = await topologyOf(GUIDE_STAR);
        const md = describeSite(t.siteByName.get('gd2')!, t);
        expect(md).toContain('**site gd2** (qingcloud, gd2)');
        expect(md).toContain('Networks: `172.26.0.0/24`');
        expect(md).toContain('Spoke of pek3.');
        expect(md).toContain('- **pek3** (192.168.0.0/24) via tunnel `gd2-pek3`: to pek3 carried, from pek3 carried');
        expect(md).toContain('- **sh1** (172.16.0.0/24) via hub pek3, tunnels `gd2-pek3` then `pek3-sh1`: to sh1 dropped at gd2-pek3 (remote selector), from sh1 dropped at gd2-pek3 (remote selector)');
    });

    test('corrected: every path is carried', async () => {
        const t = await topologyOf(CORRECTED_STAR);
        for (const s of t.sites) {
            const md = describeSite(s, t);
            expect(md).not.toContain('dropped');
            expect(md.match(/carried/g)?.length).toBe(4); // two peers, both ways
        }
    });

    test('a hub lists its spokes through derived tunnels', async () => {
        const t = await topologyOf('site h < cidr 10.0.0.0/24 > hub h\nsite a < cidr 10.1.0.0/24 > hub h\n');
        const md = describeSite(t.siteByName.get('h')!, t);
        expect(md).toContain('Centre of a star of 1 spoke(s).');
        expect(md).toContain('- **a** (10.1.0.0/24) via tunnel `h-a` (derived): to a carried, from a carried');
    });
});

describe('describeTunnel', () => {
    test('one end written: its values are declared or derived, the far end mirrors them', async () => {
        const t = await topologyOf('site a < cidr 10.0.0.0/24 >\nsite b < cidr 10.1.0.0/24 >\ntunnel ab a -> b < local 10.0.0.0/24 >\n');
        const md = describeTunnel(t.tunnels[0]);
        expect(md).toContain('**tunnel ab**: a <-> b, one end written, the other mirrors it');
        expect(md).toContain('**ab** at a (towards b)\n- local: 10.0.0.0/24 _declared_\n- remote: 10.1.0.0/24 _derived_');
        expect(md).toContain('**b-a** at b (towards a), not written\n- local: 10.1.0.0/24 _derived_\n- remote: 10.0.0.0/24 _mirrored from ab_');
    });

    test('a derived hub tunnel shows the hub\'s transit networks', async () => {
        const t = await topologyOf('site h < cidr 10.0.0.0/24 > hub h\nsite a < cidr 10.1.0.0/24 > hub h\nsite b < cidr 10.2.0.0/24 > hub h\n');
        const md = describeTunnel(t.tunnels.find(x => x.name === 'h-a')!);
        expect(md).toContain('derived from the hub');
        expect(md).toContain('- local: 10.0.0.0/24, 10.2.0.0/24 _derived_');
    });
});

describe('topo check', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-network-'));
    async function run(...argv: string[]) {
        let out = '';
        const code = await runCli(argv, { stdout: s => { out += s; }, stderr: s => { out += s; } });
        return { code, out };
    }

    test('the guide as printed: exit 1, the three findings on line 14 (0-based 13) in JSON', async () => {
        const f = path.join(tmp, 'guide.topo');
        fs.writeFileSync(f, GUIDE_STAR);
        const r = await run('check', '--format', 'json', f);
        expect(r.code).toBe(1);
        const rows = (JSON.parse(r.out) as { code: string; severity: string; range: { start: { line: number } } }[])
            .filter(x => ['cidr-overlap', 'selector-self-overlap', 'selector-mismatch', 'missing-route'].includes(x.code));
        expect(rows.map(x => `${x.range.start.line} ${x.severity} ${x.code}`).sort()).toEqual([
            '13 error missing-route', '13 error selector-mismatch', '13 error selector-self-overlap',
        ]);
    });

    test('text output names the networks; the corrected star exits 0', async () => {
        const bad = path.join(tmp, 'bad.topo'), good = path.join(tmp, 'good.topo');
        fs.writeFileSync(bad, GUIDE_STAR);
        fs.writeFileSync(good, CORRECTED_STAR.replace('topology qingcloud-star', 'topology qingcloud-star-fixed'));
        const r = await run('check', bad);
        expect(r.out).toContain(`${bad}:14:76: error [selector-self-overlap] The remote selector 172.26.0.0/24 of tunnel end gd2-pek3 at gd2`);
        const g = await run('check', good);
        expect(g.code).toBe(0);
        expect(g.out).toMatch(/^0 errors, 0 warnings in 1 file/m);
    });
});
