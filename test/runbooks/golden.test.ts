/**
 * Golden runbooks for the seed scenarios (reviewed against the seeds: see seeds.test.ts).
 * They change only with an explicit `UPDATE_GOLDEN=1 npm test -- test/runbooks/golden.test.ts`;
 * a plain run compares and fails on any difference.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from 'vitest';
import { runbookMarkdown } from '../../language-server/src/runbooks/index.js';
import { GOLDEN, read, topologyOf } from './helpers.js';

const CASES: { golden: string; source: string; lang: 'en' | 'zh' }[] = [
    { golden: 'tencent-gcp.en.md', source: 'examples/tencent-gcp.topo', lang: 'en' },
    { golden: 'tencent-gcp.zh.md', source: 'examples/tencent-gcp.topo', lang: 'zh' },
    { golden: 'qingcloud-star.en.md', source: 'examples/qingcloud-star.topo', lang: 'en' },
    { golden: 'qingcloud-star.zh.md', source: 'examples/qingcloud-star.topo', lang: 'zh' },
    { golden: 'strongswan-star.en.md', source: 'test/runbooks/fixtures/strongswan-star.topo', lang: 'en' },
    { golden: 'bgp-clouds.en.md', source: 'test/runbooks/fixtures/bgp-clouds.topo', lang: 'en' },
    { golden: 'bgp-clouds.zh.md', source: 'test/runbooks/fixtures/bgp-clouds.topo', lang: 'zh' },
    { golden: 'bgp-china.en.md', source: 'test/runbooks/fixtures/bgp-china.topo', lang: 'en' },
    { golden: 'bgp-china.zh.md', source: 'test/runbooks/fixtures/bgp-china.topo', lang: 'zh' },
];

const update = process.env.UPDATE_GOLDEN === '1';

for (const c of CASES) {
    test(`${c.golden} (${c.source}, --lang ${c.lang})`, async () => {
        const { topology, errorCount, diagram } = await topologyOf(read(c.source));
        const md = runbookMarkdown(topology, { lang: c.lang, errorCount, source: path.basename(c.source), diagram });
        const file = path.join(GOLDEN, c.golden);
        if (update) {
            fs.writeFileSync(file, md);
            return;
        }
        expect(fs.existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npm test -- test/runbooks/golden.test.ts and review it`).toBe(true);
        expect(md).toBe(fs.readFileSync(file, 'utf8'));
    });
}
