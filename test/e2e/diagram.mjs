// Mode D: the topology diagram webview of the packaged .vsix, driven through code-server's UI.
// Usage: node diagram.mjs <url> <workspace> <outDir>
// Passes only if: with the guide's star as printed open, "Topo: Show Topology Diagram" shows a
// webview with 3 sites and 4 tunnel ends, exactly one red (the end at gd2); hovering it shows a
// tooltip, then the editor's hover of that tunnel formatted (its outcome, the flagged selector); clicking it puts the editor's cursor on the gd2-pek3 line; typing the fix
// into that line (not saved) turns the end green in the same webview, with the zoom kept.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clock, launch, quickInput } from './browser.mjs';

const [url, ws, out] = process.argv.slice(2);
const SEED = 'qingcloud-star-as-printed.topo';
const GD2_LINE = 17;   // 1-based, as the editor shows it
const { mark, marks } = clock();
const sleep = ms => new Promise(r => setTimeout(r, ms));

async function until(what, fn, ms = 30000) {
    let last;
    for (const end = Date.now() + ms; Date.now() < end; await sleep(250)) {
        try { last = await fn(); if (last?.ok) return last; } catch (e) { last = { error: e.message }; }
    }
    throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)?.slice(0, 1500)}`);
}

const { page, close } = await launch();
const consoleLog = [];
page.on('console', m => consoleLog.push(`${m.type()}: ${m.text()}`));
page.on('pageerror', e => consoleLog.push(`pageerror: ${e.message}`));
let ok = false;
try {
    await page.goto(`${url}/?folder=${encodeURIComponent(ws)}`, { waitUntil: 'domcontentloaded', timeout: 60000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    // opened from the explorer (Quick Open's file search can take long on a loaded machine)
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: SEED }).first();
    await row.waitFor({ timeout: 60000 });
    await row.dblclick();
    await page.locator('.tab.active', { hasText: SEED }).waitFor({ timeout: 30000 });
    await page.locator('.editor-group-container .monaco-editor .squiggly-error').first().waitFor({ timeout: 60000 });
    mark('seed star open, checked');

    // the editor-title button is there; the command runs from the palette
    await page.locator('.editor-actions .action-label[aria-label*="Show Topology Diagram"]').first().waitFor({ timeout: 15000 });
    await quickInput(page, 'F1', '>Topo: Show Topology Diagram', 'Topo: Show Topology Diagram');
    await page.locator('.tab', { hasText: /Topology/ }).first().waitFor({ timeout: 30000 });
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await frame.locator('svg.topo-graph').waitFor({ timeout: 60000 });
    mark('diagram webview shows the picture');

    const counts = async () => frame.locator('body').evaluate(b => ({
        sites: b.querySelectorAll('.node.site').length,
        ends: b.querySelectorAll('.end').length,
        red: [...b.querySelectorAll('.end.error')].map(e => e.getAttribute('data-id')),
        green: b.querySelectorAll('.end.clean').length,
        transform: b.querySelector('#canvas').style.transform,
        csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'),
        text: [...b.querySelectorAll('#text-list button')].map(x => x.textContent),
    }));
    const first = await until('3 sites, 4 ends, one red', async () => { const c = await counts(); return { ...c, ok: c.sites === 3 && c.ends === 4 && c.red.length === 1 }; });
    if (first.red[0] !== 'tunnel:pek3-gd2@gd2') throw new Error(`the red end is ${first.red[0]}, not the end at gd2`);
    if (!/script-src 'nonce-[^']+'/.test(first.csp) || /unsafe|https?:/.test(first.csp)) throw new Error(`webview CSP is not strict: ${first.csp}`);
    if (!first.text.some(t => /gd2-pek3|pek3-gd2/.test(t) && /error/.test(t))) throw new Error(`the text view does not list the red end: ${JSON.stringify(first.text)}`);
    mark(`webview: ${first.sites} sites, ${first.ends} tunnel ends, red: ${first.red.join(', ')}, ${first.green} green; CSP ${first.csp}`);
    await page.screenshot({ path: join(out, '1-diagram-as-printed.png') });   // -> docs/diagram.png

    // hover: the editor's hover summary of the tunnel
    const red = frame.locator('.end.error .hit').first();
    await red.hover({ force: true });
    // the tooltip shows at once (the element's label); the editor's hover replaces it when it arrives
    const tip = await until('the hover tooltip', async () => {
        const t = await frame.locator('#tooltip').evaluate(e => ({ hidden: e.hidden, text: e.textContent }));
        return { ...t, ok: !t.hidden && /gd2/.test(t.text) };
    });
    // the same summary as the editor's hover, formatted: the tunnel's ends, the flagged selector, the outcome
    const hover = await until('the editor hover in the tooltip', async () => {
        const t = await frame.locator('#tooltip').evaluate(e => ({ hidden: e.hidden, text: e.textContent, strong: e.querySelectorAll('strong').length, li: e.querySelectorAll('li').length }));
        return { ...t, ok: !t.hidden && /Outcome: does not come up/.test(t.text) && /selector-mismatch/.test(t.text) && t.strong > 0 && t.li > 0 };
    }, 30000);
    if (/(^|\s)_[a-z]+_|\*\*/.test(hover.text)) throw new Error(`the tooltip shows Markdown marks: ${hover.text.slice(0, 300)}`);
    mark(`hover shows: ${tip.text.split('\n')[0].slice(0, 80)}, then the editor hover (${hover.li} list items): ${hover.text.replace(/\s+/g, ' ').slice(0, 100)}`);
    await page.screenshot({ path: join(out, '2-diagram-hover.png') });

    // click the red end: the cursor goes to its line
    await red.click({ force: true });
    await page.locator('.statusbar', { hasText: new RegExp(`Ln ${GD2_LINE}, Col \\d+`) }).waitFor({ timeout: 15000 });
    mark(`clicking the red end put the cursor on line ${GD2_LINE}`);

    // zoom in, then fix the line by typing (unsaved): the end turns green, the zoom stays
    await frame.locator('#zoom-in').click();
    await frame.locator('#zoom-in').click();
    const zoomed = (await counts()).transform;
    const seedLine = readFileSync(join(ws, SEED), 'utf8').split('\n')[GD2_LINE - 1];
    const wrongAt = seedLine.lastIndexOf('172.26.0.0/24');
    // the zoom buttons took the focus into the webview, and "go to line" acts on the active
    // editor: give the focus back to the text editor (its tab) first
    await page.locator('.tab', { hasText: SEED }).first().click();
    await page.locator('.editor-group-container.active .tab.active', { hasText: SEED }).waitFor({ timeout: 15000 });
    await quickInput(page, 'F1', `:${GD2_LINE}:${wrongAt + 1}`);
    await page.locator('.statusbar', { hasText: `Ln ${GD2_LINE}, Col ${wrongAt + 1}` }).waitFor({ timeout: 15000 });
    for (let i = 0; i < '172.26.0.0/24'.length; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.type('172.16.0.0/24', { delay: 30 });
    const after = await until('the end at gd2 green', async () => { const c = await counts(); return { ...c, ok: c.ends === 4 && c.red.length === 0 && c.green === 4 }; });
    if (after.transform !== zoomed) throw new Error(`the zoom changed with the update: ${zoomed} -> ${after.transform}`);
    const dirty = await page.locator('.tab.active.dirty', { hasText: SEED }).count();
    mark(`after typing the fix (unsaved: ${dirty === 1}): 4 ends green, zoom kept (${after.transform})`);
    await page.screenshot({ path: join(out, '3-diagram-fixed.png') });
    writeFileSync(join(out, 'diagram-text-view.txt'), after.text.join('\n'));
    ok = true;
} catch (e) {
    console.error('FAILED:', e.message);
    await page.screenshot({ path: join(out, 'failure.png') }).catch(() => undefined);
} finally {
    writeFileSync(join(out, 'browser-console.log'), consoleLog.join('\n'));
    writeFileSync(join(out, 'timings.json'), JSON.stringify(marks, null, 2));
    await close();
}
console.log(ok ? 'D) PASS' : 'D) FAIL');
process.exit(ok ? 0 : 1);
