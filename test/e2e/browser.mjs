// Shared by ui.mjs, diagram.mjs and suite.mjs: a headless Debian chromium with a throwaway profile.
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

/** Opens the quick input with `prefix` (Control+P, F1), types `text`, waits for a row with `rowText`, presses Enter. */
export async function quickInput(page, prefix, text, rowText) {
    await page.keyboard.press(prefix);
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15000 });
    await input.fill(text);
    if (rowText) await page.locator('.quick-input-list .monaco-list-row', { hasText: rowText }).first().waitFor({ timeout: 15000 });
    await page.keyboard.press('Enter');
}
