/**
 * The script of the runbook webview (bundled into out/webview/runbook.js, loaded by nonce). It
 * shows the checklist the extension renders (src/runbook-html.ts), keeps the scroll position
 * across updates, and reports ticks and copies to the extension, which remembers the ticks per
 * topology and writes the clipboard.
 *
 * Messages in: `{ type: 'runbook', html, ticks: string[], title }`, `{ type: 'copied', text }`,
 * `{ type: 'error', message }`. Out: `ready`, `tick { step, done }`, `copy { text }`.
 * Keyboard: Tab moves through the tick boxes and copy buttons; Space ticks, Enter copies.
 */
type Incoming =
    | { type: 'runbook'; html: string; ticks: string[]; title: string }
    | { type: 'copied'; text: string }
    | { type: 'error'; message: string };

declare function acquireVsCodeApi(): { postMessage(m: unknown): void };

const vscode = acquireVsCodeApi();
const content = document.getElementById('content')!;
const status = document.getElementById('status')!;
let title = '';

function progress(): void {
    const ticks = [...content.querySelectorAll<HTMLInputElement>('input.tick')];
    const done = ticks.filter(t => t.checked).length;
    status.textContent = `${title}${title ? ' · ' : ''}${done} of ${ticks.length} steps done`;
}

window.addEventListener('message', (event: MessageEvent<Incoming>) => {
    const m = event.data;
    if (m.type === 'runbook') {
        const y = window.scrollY;
        title = m.title;
        content.innerHTML = m.html;
        const done = new Set(m.ticks);
        for (const t of content.querySelectorAll<HTMLInputElement>('input.tick')) {
            t.checked = done.has(t.dataset.step ?? '');
            t.closest('section')?.classList.toggle('done', t.checked);
        }
        window.scrollTo(0, y);
        progress();
    } else if (m.type === 'copied') {
        status.textContent = `Copied ${m.text.length > 60 ? `${m.text.slice(0, 60)}…` : m.text}`;
        setTimeout(progress, 2000);
    } else if (m.type === 'error') {
        status.textContent = m.message;
    }
});

content.addEventListener('change', event => {
    const t = event.target as HTMLInputElement;
    if (!t.matches('input.tick')) return;
    t.closest('section')?.classList.toggle('done', t.checked);
    vscode.postMessage({ type: 'tick', step: t.dataset.step, done: t.checked });
    progress();
});

content.addEventListener('click', event => {
    const b = (event.target as Element).closest<HTMLButtonElement>('button.copy');
    if (b) vscode.postMessage({ type: 'copy', text: b.dataset.copy ?? '' });
});

vscode.postMessage({ type: 'ready' });
