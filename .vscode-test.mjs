// @vscode/test-cli configuration (`npm run test:vscode`): downloads VS Code with
// @vscode/test-electron and runs the mocha suite test/vscode-suite/*.test.js in its extension
// host, the same suite that test/e2e/run.sh runs in code-server (mode B) where nothing can be
// downloaded. Linux without a display: `xvfb-run -a npm run test:vscode`.
import { defineConfig } from '@vscode/test-cli';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A throwaway workspace with copies of the examples (the suite writes scratch files into it).
const workspace = mkdtempSync(join(tmpdir(), 'topo-vscode-test-'));
for (const f of readdirSync('examples').filter(f => f.endsWith('.topo'))) cpSync(join('examples', f), join(workspace, f));
process.on('exit', () => rmSync(workspace, { recursive: true, force: true }));

export default defineConfig([
    {
        label: 'extension',
        files: 'test/vscode-suite/**/*.test.js',
        version: process.env.VSCODE_TEST_VERSION ?? 'stable',   // 1.101.0 = the lowest engines.vscode allows
        extensionDevelopmentPath: '.',
        workspaceFolder: workspace,
        launchArgs: ['--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
        env: { TOPO_E2E_OUT: join(workspace, '.e2e-out') },
        mocha: { ui: 'tdd', timeout: 60000, color: true },
    },
]);
