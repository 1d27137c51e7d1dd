// Mode A: drives code-server (with the packaged .vsix installed) through its UI.
// Usage: node ui.mjs <url> <workspace> <outDir>   (code-server runs with TOPO_E2E_OUT=<outDir>)
// Passes only if: before any file is opened, the Problems panel lists the examples' findings; the seed star shows an error squiggle on the gd2-pek3 line, the Problems panel
// lists selector-self-overlap, selector-mismatch and missing-route, the status bar counts the
// errors, the "mirror" quick fix chosen with Ctrl+. fixes the line, and afterwards the file has
// no error diagnostics (squiggles gone, the extension's own dump agrees).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clock, launch, quickInput } from './browser.mjs';

const [url, ws, out] = process.argv.slice(2);
const SEED = 'qingcloud-star-as-printed.topo';
const CODES = ['selector-self-overlap', 'selector-mismatch', 'missing-route'];
const GD2_LINE = 17;   // 1-based, as the editor shows it
const { mark, marks } = clock();
const sleep = ms => new Promise(r => setTimeout(r, ms));

async function waitForFile(file, pred, ms, what) {
    const end = Date.now() + ms;
    let last;
    while (Date.now() < end) {
        try { last = JSON.parse(readFileSync(file, 'utf8')); if (pred(last)) return last; } catch { /* not yet */ }
        await sleep(200);
    }
    throw new Error(`timed out waiting for ${what}; last ${file}: ${JSON.stringify(last)?.slice(0, 2000)}`);
}
const errorsOf = dump => dump.files.filter(f => f.file === SEED).flatMap(f => f.diagnostics).filter(d => d.severity === 'error');

// the runbook of step 6 in Chinese: a workspace setting, there from the start
mkdirSync(join(ws, '.vscode'), { recursive: true });
writeFileSync(join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'topo.runbook.language': 'zh' }));

const { page, close } = await launch();
const consoleLog = [];
page.on('console', m => consoleLog.push(`${m.type()}: ${m.text()}`));
page.on('pageerror', e => consoleLog.push(`pageerror: ${e.message}`));
let ok = false;
try {
    await page.goto(`${url}/?folder=${encodeURIComponent(ws)}`, { waitUntil: 'domcontentloaded', timeout: 60000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: SEED }).waitFor({ timeout: 60000 });
    mark('workbench up, explorer lists the seed star');

    // 0) with no file opened, the Problems panel already lists the examples' findings: the
    // extension starts because the workspace contains .topo files, and the server checks them all
    await page.keyboard.press('Control+Shift+M');
    for (const text of [...CODES, 'weak-crypto', 'tencent-gcp.topo', SEED]) {
        await page.locator('.markers-panel .monaco-list-row', { hasText: text }).first().waitFor({ timeout: 60000 });
    }
    if (await page.locator('.tab').count()) throw new Error('an editor is open; this step must run before any file is opened');
    writeFileSync(join(out, 'problems-panel-no-file-open.txt'), (await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).join('\n---\n'));
    await page.screenshot({ path: join(out, '0-problems-no-file-open.png') });
    mark('no file open: the Problems panel lists the guide\'s three codes and tencent-gcp\'s weak-crypto');
    await page.keyboard.press('Control+J');   // hide the panel again (step 2 opens it)
    await page.locator('.markers-panel').waitFor({ state: 'hidden', timeout: 15000 });

    await quickInput(page, 'Control+P', SEED, SEED);
    await page.locator('.tab.active', { hasText: SEED }).waitFor({ timeout: 15000 });
    mark('seed star open');

    // 1) the error squiggle, on the gd2-pek3 line
    const squiggle = page.locator('.editor-group-container .monaco-editor .squiggly-error');
    await squiggle.first().waitFor({ timeout: 60000 });
    // Measure the line and the squiggles in one frame: code lenses arriving later move lines down.
    let onLine = [], seen;
    for (const end = Date.now() + 15000; Date.now() < end && !onLine.length; await sleep(250)) {
        seen = await page.evaluate(line => {
            const editor = document.querySelector('.editor-group-container .monaco-editor');
            const num = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].find(e => e.textContent.trim() === String(line));
            const squiggles = [...editor.querySelectorAll('.squiggly-error')].map(e => { const r = e.getBoundingClientRect(); return { y: r.y, x: r.x, w: r.width, h: r.height }; });
            const r = num?.getBoundingClientRect();
            return { line: r && { y: r.y, h: r.height }, squiggles };
        }, GD2_LINE);
        if (seen.line) onLine = seen.squiggles.filter(b => b.y >= seen.line.y - 2 && b.y <= seen.line.y + seen.line.h + 2);
    }
    if (!onLine.length) throw new Error(`no error squiggle on line ${GD2_LINE}: ${JSON.stringify(seen)}`);
    mark(`error squiggle on line ${GD2_LINE} (${onLine.length} decoration(s))`);

    // the extension's own view of it: an error on the wrong selector 172.26.0.0/24 of gd2-pek3
    const dump = await waitForFile(join(out, 'diagnostics-auto.json'),
        d => CODES.every(c => errorsOf(d).some(e => e.code === c)), 30000, 'the three codes in diagnostics-auto.json');
    const seedLines = readFileSync(join(ws, SEED), 'utf8').split('\n');
    const wrongAt = seedLines[GD2_LINE - 1].lastIndexOf('172.26.0.0/24');
    const onSelector = errorsOf(dump).filter(e => e.range[0] === GD2_LINE - 1 && e.range[1] <= wrongAt && e.range[3] >= wrongAt + 1);
    if (!onSelector.length) throw new Error(`no error covering the wrong selector at ${GD2_LINE}:${wrongAt + 1}: ${JSON.stringify(errorsOf(dump))}`);
    mark(`error on the wrong selector: ${onSelector.map(e => e.code).join(', ')}`);

    // 2) the Problems panel lists the three codes; the status bar counts the errors
    await page.keyboard.press('Control+Shift+M');
    for (const code of CODES) {
        await page.locator('.markers-panel .monaco-list-row', { hasText: code }).first().waitFor({ timeout: 30000 });
    }
    const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
    writeFileSync(join(out, 'problems-panel.txt'), rows.join('\n---\n'));
    mark(`Problems panel lists ${CODES.join(', ')} (${rows.length} rows)`);
    const status = page.locator('.statusbar-item', { hasText: /Topo/ }).first();
    await status.waitFor({ timeout: 15000 });
    const statusText = (await status.innerText()).trim();
    const count = Number((statusText.match(/(\d+)\s*Topo/) || [])[1]);
    if (!(count >= CODES.length)) throw new Error(`status bar item should count the errors; it says "${statusText}"`);
    mark(`status bar: "${statusText.replace(/\s+/g, ' ')}"`);
    const lenses = await page.locator('.editor-group-container .codelens-decoration').count();
    mark(`${lenses} code lens line(s) shown`);   // observed, not asserted (mode B asserts the lenses)
    await page.screenshot({ path: join(out, '1-seed-star-diagnostics.png') });   // -> docs/seed-star-diagnostics.png
    // the squiggle's hover names the problem (positions re-read now: code lenses move lines)
    await squiggle.first().hover({ force: true, timeout: 5000 });
    const hover = page.locator('.monaco-hover:visible', { hasText: /selector/ }).first();
    await hover.waitFor({ timeout: 10000 });
    mark('hover over the squiggle explains it');
    await page.screenshot({ path: join(out, '1b-hover.png') });
    await page.mouse.move(5, 5);

    // 3) the quick fix through Ctrl+. on the selector-mismatch of gd2-pek3
    const mismatch = errorsOf(dump).find(e => e.code === 'selector-mismatch' && e.range[0] === GD2_LINE - 1)
        ?? errorsOf(dump).find(e => e.code === 'selector-mismatch');
    const [line, col] = [mismatch.range[0] + 1, mismatch.range[1] + 1];
    await quickInput(page, 'F1', `:${line}:${col}`);
    await page.locator('.statusbar', { hasText: `Ln ${line}, Col ${col}` }).waitFor({ timeout: 15000 });
    const item = page.locator('.action-widget .monaco-list-row', { hasText: /mirror/i }).first();
    for (let attempt = 1; ; attempt++) {
        // the text editor (not the panel's inputs, which are monaco editors too) must have focus
        const ed = page.locator('.editor-group-container .monaco-editor').first();
        if (!(await ed.evaluate(e => e.classList.contains('focused')))) await ed.locator('textarea').first().focus();
        await page.locator('.editor-group-container .monaco-editor.focused').first().waitFor({ timeout: 5000 });
        await page.keyboard.press('Control+.');
        try { await item.waitFor({ timeout: 5000 }); break; } catch (e) {
            if (attempt === 4) {
                const offered = await page.locator('.action-widget .monaco-list-row').allInnerTexts().catch(() => []);
                throw new Error(`no "mirror" quick fix in the Ctrl+. menu; offered: ${JSON.stringify(offered)}`);
            }
            console.log(`  (quick fix menu without "mirror", retry ${attempt})`);
            await page.keyboard.press('Escape');
        }
    }
    const titles = await page.locator('.action-widget .monaco-list-row').allInnerTexts();
    mark(`Ctrl+. offers: ${titles.map(t => t.replace(/\s+/g, ' ')).join(' | ')}`);
    await page.screenshot({ path: join(out, '2-quick-fix-menu.png') });
    await item.click();
    await page.keyboard.press('Control+S');
    let text = '';
    for (const end = Date.now() + 30000; Date.now() < end; await sleep(200)) {
        text = readFileSync(join(ws, SEED), 'utf8');
        if (/172\.16\.0\.0\/24/.test(text.split('\n')[GD2_LINE - 1])) break;
    }
    if (!/172\.16\.0\.0\/24/.test(text.split('\n')[GD2_LINE - 1])) throw new Error(`the fix did not reach the file; line ${GD2_LINE}: ${text.split('\n')[GD2_LINE - 1]}`);
    mark(`fixed and saved: "${text.split('\n')[GD2_LINE - 1].trim()}"`);

    // 4) clean afterwards: no squiggle, the extension's dump (through the palette) has no errors
    await squiggle.first().waitFor({ state: 'detached', timeout: 30000 });
    await quickInput(page, 'F1', '>Topo: E2E: Dump Diagnostics', 'Topo: E2E: Dump Diagnostics');
    const after = await waitForFile(join(out, 'diagnostics.json'), d => d.files && errorsOf(d).length === 0, 30000, 'no errors after the fix');
    mark(`no error diagnostics left (${after.files.find(f => f.file === SEED)?.diagnostics.length ?? 0} others); server ${after.server}, VS Code ${after.vscode}, extension at ${after.extension.path}`);
    if (!after.extension.path.includes('/ext/')) throw new Error('the extension that ran is not the installed .vsix: ' + after.extension.path);
    await page.screenshot({ path: join(out, '3-fixed.png') });

    // 5) the product commands are in the palette
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>Topo:');
    for (const title of ['Topo: Show Output', 'Topo: Restart Language Server', 'Topo: Check Workspace']) {
        await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15000 });
    }
    await page.keyboard.press('Escape');
    mark('palette lists Show Output, Restart Language Server, Check Workspace');

    // 6) the runbook view, in Chinese (the workspace setting written before the start): a
    // checklist beside the file, a tick per step remembered, a copy button per value, the characters rendered
    await page.locator('.tab', { hasText: SEED }).first().click();
    await quickInput(page, 'F1', '>Topo: Generate Console Steps', 'Topo: Generate Console Steps');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'QingCloud' }).first().waitFor({ timeout: 15000 });
    await page.keyboard.press('Enter');
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const view = () => frame.locator('body').evaluate(b => ({
        ticks: b.querySelectorAll('section.step input.tick').length,
        checked: b.querySelectorAll('section.step input.tick:checked').length,
        copies: [...b.querySelectorAll('button.copy')].map(x => x.dataset.copy),
        first: b.querySelector('section.step h2')?.textContent ?? '',
        status: document.getElementById('status')?.textContent ?? '',
        csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'),
        // the same pixels for two different characters = both drawn as the empty "no glyph" box
        cjk: (() => {
            const draw = ch => { const c = document.createElement('canvas'); c.width = 40; c.height = 40; const g = c.getContext('2d'); g.font = '32px sans-serif'; g.fillText(ch, 2, 32); return c.toDataURL(); };
            return draw('第') !== draw('步');
        })(),
    }));
    const until = async (what, pred, ms = 60000) => {
        let last;
        for (const end = Date.now() + ms; Date.now() < end; await sleep(250)) {
            try { last = await view(); if (pred(last)) return last; } catch (e) { last = { error: e.message }; }
        }
        throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)?.slice(0, 1500)}`);
    };
    const rb = await until('the Chinese runbook as a checklist', v => v.ticks > 5 && /第 1 步/.test(v.first));
    if (!/script-src 'nonce-[^']+'/.test(rb.csp) || /unsafe|https?:/.test(rb.csp)) throw new Error(`runbook webview CSP is not strict: ${rb.csp}`);
    if (!rb.copies.includes('139.198.27.92')) throw new Error(`no copy button for pek3's public IP: ${rb.copies.slice(0, 10)}`);
    if (!rb.cjk) throw new Error('the Chinese characters render as empty boxes (no CJK font: apt-get install fonts-noto-cjk)');
    mark(`runbook view: ${rb.ticks} steps, ${rb.copies.length} copy buttons, "${rb.first.trim().slice(0, 40)}", CJK glyphs drawn`);
    await page.screenshot({ path: join(out, '4-runbook-zh.png') });
    await frame.locator('section.step input.tick').first().click();
    await until('one step ticked', v => v.checked === 1 && /1 of/.test(v.status));
    await frame.locator('button.copy[data-copy="139.198.27.92"]').first().click();
    await until('the copy confirmed', v => /Copied 139\.198\.27\.92/.test(v.status), 15000);
    // the tick is remembered: close the view, open it again
    await quickInput(page, 'F1', '>View: Close All Editor Groups', 'View: Close All Editor Groups');
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: SEED }).first().dblclick();
    await page.locator('.tab.active', { hasText: SEED }).waitFor({ timeout: 30000 });
    await quickInput(page, 'F1', '>Topo: Generate Console Steps', 'Topo: Generate Console Steps');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'QingCloud' }).first().waitFor({ timeout: 15000 });
    await page.keyboard.press('Enter');
    const again = await until('the tick remembered after reopening', v => v.ticks > 5 && v.checked === 1);
    mark(`runbook reopened: ${again.checked} of ${again.ticks} steps ticked (remembered)`);
    await page.screenshot({ path: join(out, '5-runbook-ticked.png') });   // -> docs/runbook-checklist.png
    ok = true;
} catch (e) {
    console.error('FAILED:', e.message);
    await page.screenshot({ path: join(out, 'failure.png') }).catch(() => undefined);
} finally {
    writeFileSync(join(out, 'browser-console.log'), consoleLog.join('\n'));
    writeFileSync(join(out, 'timings.json'), JSON.stringify(marks, null, 2));
    await close();
}
console.log(ok ? 'A) PASS' : 'A) FAIL');
process.exit(ok ? 0 : 1);
