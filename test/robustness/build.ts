/** Builds out/*.cjs once (node esbuild.mjs); test files that need the bundles wait for each other. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../fuzz/generators.js';

export async function buildBundles(): Promise<void> {
    const lock = path.join(ROOT, 'out', '.robustness-build.lock');
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    for (let i = 0; ; i++) {
        try { fs.mkdirSync(lock); break; } catch {
            if (i > 600) throw new Error(`${lock} held for 2 minutes`);
            await new Promise(r => setTimeout(r, 200));
        }
    }
    try {
        execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
    } finally {
        fs.rmSync(lock, { recursive: true, force: true });
    }
}
