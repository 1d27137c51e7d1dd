/**
 * The runbook view's page (src/runbook-html.ts) on the real runbook of the QingCloud star, in
 * English and Chinese, and the webview script's message protocol (src/webview/runbook.ts) in a
 * DOM: ticks restored and reported, copy buttons report their value, updates keep the ticks.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, test } from 'vitest';
import { JSDOM } from 'jsdom';
import { runbookFor } from '../../language-server/src/lsp/runbook-commands.js';
import { hoverHtml, renderRunbook } from '../../src/runbook-html.js';
import { check, CORRECTED_STAR, services } from '../helpers.js';

async function runbook(lang: 'en' | 'zh', text = CORRECTED_STAR): Promise<string> {
    const doc = await check(text);
    return runbookFor(services, { uri: doc.uri.toString(), lang, provider: 'qingcloud' });
}

describe('the runbook page', () => {
    test('every step a section with a tick box, keyed by its title; values with copy buttons', async () => {
        const md = await runbook('en');
        const page = renderRunbook(md);
        const headings = md.split('\n').filter(l => /^## Step \d+ — /.test(l)).map(l => l.replace(/^## Step \d+ — /, ''));
        expect(page.steps).toEqual(headings);
        expect(page.steps.length).toBeGreaterThan(5);
        const dom = new JSDOM(page.html);
        const d = dom.window.document;
        expect(d.querySelectorAll('section.step input[type=checkbox].tick')).toHaveLength(page.steps.length);
        expect([...d.querySelectorAll('input.tick')].map(t => t.getAttribute('data-step'))).toEqual(page.steps);
        // every inline value carries a copy button with exactly that value: the public IP of pek3
        const copies = [...d.querySelectorAll('button.copy')].map(b => b.getAttribute('data-copy'));
        expect(copies).toContain('139.198.27.92');
        // table cells (the tunnels' networks) too, and the picture
        expect(copies).toContain('192.168.0.0/24, 172.26.0.0/24');
        expect(copies.some(c => c?.includes('pek3 (qingcloud pek3, 192.168.0.0/24) hub'))).toBe(true);
        for (const b of d.querySelectorAll('button.copy')) expect(b.getAttribute('aria-label')).toMatch(/^Copy /);
        // the copy buttons are not inside the heading labels (a click there would tick the step)
        expect(d.querySelectorAll('label button')).toHaveLength(0);
    });

    test('the Chinese runbook: steps 第 N 步 with their titles', async () => {
        const page = renderRunbook(await runbook('zh'));
        expect(page.steps.length).toBeGreaterThan(5);
        expect(page.steps[0]).toMatch(/青云 QingCloud · pek3/);
    });

    test('HTML in the Markdown is shown as text, never as markup', () => {
        const page = renderRunbook('# x\n\n<img src=x onerror=alert(1)>\n\n## Step 1 — a `<b>`\n\nvalue `"><script>`\n');
        expect(page.html).not.toMatch(/<img|<script|<b>/);
        const d = new JSDOM(page.html).window.document;
        expect(d.querySelector('button.copy')?.getAttribute('data-copy')).toBe('"><script>');
        expect(page.steps).toEqual(['a `<b>`']);
    });
});

describe('the webview script', () => {
    let script = '';
    beforeAll(async () => {
        // bundled as esbuild.mjs bundles it for the webview
        const r = await build({ entryPoints: [fileURLToPath(new URL('../../src/webview/runbook.ts', import.meta.url))], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false });
        script = r.outputFiles[0].text;
    });

    function load() {
        const dom = new JSDOM('<!DOCTYPE html><body><div id="bar"><span id="status"></span></div><main id="content"></main></body>', { runScripts: 'outside-only' });
        const sent: Record<string, unknown>[] = [];
        (dom.window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({ postMessage: (m: Record<string, unknown>) => sent.push(m) });
        dom.window.eval(script);
        const post = (data: unknown) => dom.window.dispatchEvent(new dom.window.MessageEvent('message', { data }));
        return { dom, d: dom.window.document, sent, post };
    }

    test('ready, the ticks restored, a tick and a copy reported, an update keeps the ticks', async () => {
        const page = renderRunbook(await runbook('en'));
        const { d, sent, post, dom } = load();
        expect(sent[0]).toEqual({ type: 'ready' });
        post({ type: 'runbook', html: page.html, ticks: [page.steps[1]], title: 'Steps' });
        const ticks = [...d.querySelectorAll<HTMLInputElement>('input.tick')];
        expect(ticks.map(t => t.checked).slice(0, 3)).toEqual([false, true, false]);
        expect(d.getElementById('status')!.textContent).toBe(`Steps · 1 of ${page.steps.length} steps done`);
        ticks[0].checked = true;
        ticks[0].dispatchEvent(new dom.window.Event('change', { bubbles: true }));
        expect(sent.at(-1)).toEqual({ type: 'tick', step: page.steps[0], done: true });
        expect(ticks[0].closest('section')!.classList.contains('done')).toBe(true);
        const ip = [...d.querySelectorAll<HTMLButtonElement>('button.copy')].find(b => b.dataset.copy === '139.198.27.92')!;
        ip.click();
        expect(sent.at(-1)).toEqual({ type: 'copy', text: '139.198.27.92' });
        // the button shows a drawn icon, not a font glyph that may be missing; a click on the icon copies too
        const icon = ip.querySelector('svg path')!;
        expect(ip.textContent).toBe('');
        sent.length = 0;
        icon.dispatchEvent(new dom.window.MouseEvent('click', { bubbles: true }));
        expect(sent.at(-1)).toEqual({ type: 'copy', text: '139.198.27.92' });
        // an edit re-renders; the extension sends the remembered ticks again
        post({ type: 'runbook', html: page.html, ticks: [page.steps[0], page.steps[1]], title: 'Steps' });
        expect([...d.querySelectorAll<HTMLInputElement>('input.tick')].filter(t => t.checked)).toHaveLength(2);
    });
});

describe('the diagram tooltip (hoverHtml)', () => {
    test('shows the editor hover formatted: bold, emphasis, code, lists; raw HTML and links as text', () => {
        const html = hoverHtml('**gd2-pek3** at gd2\n\n- local: 172.26.0.0/24 _declared_\n- remote: `192.168.0.0/24` <img src=x onerror=alert(1)> [docs](https://example.com)');
        const d = new JSDOM(`<div id="t">${html}</div>`).window.document;
        const t = d.getElementById('t')!;
        expect(t.querySelector('strong')!.textContent).toBe('gd2-pek3');
        expect(t.querySelector('em')!.textContent).toBe('declared');
        expect(t.querySelector('code')!.textContent).toBe('192.168.0.0/24');
        expect(t.querySelectorAll('li')).toHaveLength(2);
        expect(t.querySelector('img, a, [onerror]')).toBeNull();
        expect(t.textContent).toContain('<img src=x onerror=alert(1)>');
        expect(t.textContent).toContain('docs');
        expect(t.textContent).not.toMatch(/[_*`]/);
    });
});
