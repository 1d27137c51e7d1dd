// Shared by ui.mjs and suite.mjs: a headless Debian chromium with a throwaway profile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export async function launch() {
    const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
        executablePath: process.env.TOPO_E2E_CHROMIUM || '/usr/bin/chromium',
        headless: true,
        viewport: { width: 1400, height: 860 },
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', '--disable-features=Translate,MediaRouter'],
    });
    const page = context.pages()[0] ?? await context.newPage();
    return {
        context, page,
        async close() {
            await context.close().catch(() => undefined);
            rmSync(profile, { recursive: true, force: true });
        },
    };
}

export function clock() {
    const t0 = Date.now();
    const marks = {};
    return {
        marks,
        mark(what) { marks[what] = (Date.now() - t0) / 1000; console.log(`[${marks[what].toFixed(1)}s] ${what}`); },
        elapsed: () => ((Date.now() - t0) / 1000).toFixed(1) + 's',
    };
}
