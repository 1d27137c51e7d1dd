/** `topo steps FILE [--provider ID] [--lang en|zh] [-o FILE]`. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../language-server/src/cli/main.js';
import { ROOT } from './helpers.js';

async function run(...argv: string[]) {
    let out = '', err = '';
    const code = await runCli(argv, { stdout: s => { out += s; }, stderr: s => { err += s; } });
    return { code, out, err };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-steps-'));
const example = (name: string) => path.join(ROOT, 'examples', name);

describe('topo steps', () => {
    test('prints Markdown, exit 0', async () => {
        const r = await run('steps', example('tencent-gcp.topo'));
        expect(r.code).toBe(0);
        expect(r.err).toBe('');
        expect(r.out.startsWith('# Console runbook: tencent-gcp\n')).toBe(true);
        expect(r.out).toContain('## Step 1 — Tencent Cloud · tencent-hk: Create the VPN gateway');
    });

    test('--lang zh', async () => {
        const r = await run('steps', example('tencent-gcp.topo'), '--lang', 'zh');
        expect(r.code).toBe(0);
        expect(r.out).toContain('## 第 1 步 — 腾讯云 · tencent-hk：创建VPN网关');
    });

    test('--lang xx: exit 2', async () => {
        const r = await run('steps', example('tencent-gcp.topo'), '--lang', 'fr');
        expect(r.code).toBe(2);
    });

    test('--provider: only that console (numbers of the full runbook) and the verification', async () => {
        const r = await run('steps', example('tencent-gcp.topo'), '--provider', 'gcp');
        expect(r.code).toBe(0);
        expect(r.out).toContain('## Step 2 — Google Cloud · gcp-hk');
        expect(r.out).toContain('## Step 5 — Google Cloud · gcp-hk');
        expect(r.out).not.toContain('Tencent Cloud · tencent-hk:');
        expect(r.out).toContain('Verification: Test connectivity from cvm1');
        expect(r.out).toContain('step numbers are those of the full runbook');
    });

    test('unknown provider: exit 2 with the list, one line', async () => {
        const r = await run('steps', example('tencent-gcp.topo'), '--provider', 'oracle');
        expect(r.code).toBe(2);
        expect(r.out).toBe('');
        expect(r.err).toBe("topo: unknown provider 'oracle' (one of: gcp, tencent, qingcloud, aws, azure, alibaba, huawei, strongswan)\n");
    });

    test('-o FILE writes the file, prints nothing', async () => {
        const out = path.join(tmp, 'runbook.md');
        const r = await run('steps', example('qingcloud-star.topo'), '-o', out);
        expect(r.code).toBe(0);
        expect(r.out).toBe('');
        expect(fs.readFileSync(out, 'utf8')).toContain('# Console runbook: qingcloud-star');
    });

    test('unwritable output: one line, exit 2', async () => {
        const r = await run('steps', example('qingcloud-star.topo'), '-o', path.join(tmp, 'no', 'such', 'dir', 'x.md'));
        expect(r.code).toBe(2);
        expect(r.err.trim().split('\n')).toHaveLength(1);
        expect(r.err).toMatch(/^topo: cannot write '.*x\.md': no such directory\n$/);
        const dir = await run('steps', example('qingcloud-star.topo'), '-o', tmp);
        expect(dir.code).toBe(2);
        expect(dir.err).toMatch(/it is a directory/);
    });

    test('a topology with errors: exit 0, a warning line with the error count at the top', async () => {
        const r = await run('steps', example('qingcloud-star-as-printed.topo'));
        expect(r.code).toBe(0);
        const head = r.out.split('\n').slice(0, 6).join('\n');
        expect(head).toMatch(/> ⚠ The topology has [1-9]\d* errors? \(run `topo check`\)/);
    });

    test('missing file: exit 2', async () => {
        const r = await run('steps', path.join(tmp, 'missing.topo'));
        expect(r.code).toBe(2);
        expect(r.err).toMatch(/no such file/);
    });
});
