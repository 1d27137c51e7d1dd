/**
 * Another editor than VS Code: headless Neovim (Debian's package) starts `topo-language-server
 * --stdio` with vim.lsp.start_client, opens the QingCloud guide's star as printed, and must show
 * the guide's three errors on the gd2-pek3 line and a hover for that tunnel. Skipped when nvim is
 * not installed, unless TOPO_REQUIRE_NVIM=1 (CI sets it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ROOT } from '../fuzz/generators.js';
import { buildBundles } from '../robustness/build.js';

const hasNvim = spawnSync('nvim', ['--version'], { stdio: 'ignore' }).status === 0;
const required = process.env.TOPO_REQUIRE_NVIM === '1';

describe.skipIf(!hasNvim && !required)('Neovim drives topo-language-server --stdio', () => {
    interface Out { diagnostics: { line: number; col: number; code: string; severity: number; message: string }[]; hover: string | null; error: string | null }
    let out: Out;
    const SEED = 'qingcloud-star-as-printed.topo';
    let lines: string[];

    beforeAll(async () => {
        expect(hasNvim, 'nvim is not installed (Debian: apt-get install neovim)').toBe(true);
        await buildBundles();
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-nvim-'));
        try {
            const file = path.join(dir, SEED);
            fs.copyFileSync(path.join(ROOT, 'examples', SEED), file);
            lines = fs.readFileSync(file, 'utf8').split('\n');
            const gd2 = lines.findIndex(l => l.startsWith('tunnel gd2-pek3'));
            const outFile = path.join(dir, 'out.json');
            execFileSync('nvim', ['--headless', '--clean', '-n', '-c', `luafile ${path.join(ROOT, 'test/editors/neovim.lua')}`], {
                cwd: dir, timeout: 120_000, stdio: ['ignore', 'ignore', 'pipe'],
                env: { ...process.env, HOME: dir, XDG_STATE_HOME: dir, XDG_DATA_HOME: dir, TOPO_SERVER: path.join(ROOT, 'bin/topo-language-server.cjs'), TOPO_FILE: file, TOPO_OUT: outFile, TOPO_HOVER: `${gd2},9` },
            });
            out = JSON.parse(fs.readFileSync(outFile, 'utf8')) as Out;
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }, 180_000);

    test('the guide\'s three errors, on the gd2-pek3 line', () => {
        expect(out.error).toBeNull();
        const errors = out.diagnostics.filter(d => d.severity === 1); // vim.diagnostic.severity.ERROR
        expect(errors.map(d => d.code).sort()).toEqual(['missing-route', 'selector-mismatch', 'selector-self-overlap']);
        expect(errors.filter(d => !lines[d.line]?.startsWith('tunnel gd2-pek3'))).toEqual([]);
    });

    test('a hover on the tunnel name', () => {
        expect(out.hover).toMatch(/gd2-pek3/);
    });
});
