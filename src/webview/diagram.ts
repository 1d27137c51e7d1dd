/**
 * The script of the topology diagram webview (bundled for the browser into out/webview/diagram.js
 * and loaded by nonce). It shows the SVG the language server draws, keeps the user's zoom and
 * pan across updates, and sends clicks, hovers and group expansions to the extension.
 *
 * Messages in: `{ type: 'graph', svg, items, title }`, `{ type: 'hover', id, html }`,
 * `{ type: 'error', message }`. Out: `ready`, `reveal {id}`, `expand {id}`, `hover {id}`.
 * Keyboard: Tab moves between sites and tunnel ends, Enter/Space reveals (or expands a group),
 * + / - zoom, 0 fits, arrow keys pan (when the picture has focus), Escape hides the tooltip.
 */

interface Item { id: string; label: string; status: string; level: string }
type Incoming =
    | { type: 'graph'; svg: string; items: Item[]; title: string }
    | { type: 'hover'; id: string; html: string }
    | { type: 'error'; message: string };

declare function acquireVsCodeApi(): { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };

const vscode = acquireVsCodeApi();
const viewport = document.getElementById('viewport')!;
const canvas = document.getElementById('canvas')!;
const tooltip = document.getElementById('tooltip')!;
const list = document.getElementById('text-list')!;
const status = document.getElementById('status')!;

interface View { x: number; y: number; k: number }
let view: View | undefined = (vscode.getState() as { view?: View } | undefined)?.view;

function apply(): void {
    if (!view) return;
    canvas.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.k})`;
    vscode.setState({ view });
}

function fit(): void {
    const svg = canvas.querySelector('svg');
    if (!svg) return;
    const w = Number(svg.getAttribute('width')), h = Number(svg.getAttribute('height'));
    const vw = viewport.clientWidth, vh = viewport.clientHeight;
    const k = Math.min(1.5, Math.max(0.05, Math.min(vw / w, vh / h)));
    view = { k, x: (vw - w * k) / 2, y: Math.max(0, (vh - h * k) / 2) };
    apply();
}

function zoom(factor: number, cx = viewport.clientWidth / 2, cy = viewport.clientHeight / 2): void {
    if (!view) fit();
    const v = view!;
    const k = Math.min(8, Math.max(0.05, v.k * factor));
    view = { k, x: cx - ((cx - v.x) * k) / v.k, y: cy - ((cy - v.y) * k) / v.k };
    apply();
}

function pan(dx: number, dy: number): void {
    if (!view) fit();
    view = { ...view!, x: view!.x + dx, y: view!.y + dy };
    apply();
}

const elementOf = (target: EventTarget | null): Element | null => (target instanceof Element ? target.closest('[data-id]') : null);

function activate(el: Element): void {
    const id = el.getAttribute('data-id')!;
    canvas.querySelectorAll('.selected').forEach(x => x.classList.remove('selected'));
    el.classList.add('selected');
    vscode.postMessage({ type: el.classList.contains('group') ? 'expand' : 'reveal', id });
}

let hovered: string | undefined;
function showTooltip(el: Element): void {
    const id = el.getAttribute('data-id')!;
    hovered = id;
    const r = el.getBoundingClientRect();
    tooltip.style.left = `${Math.min(window.innerWidth - 320, r.right + 8)}px`;
    tooltip.style.top = `${Math.max(0, r.top)}px`;
    tooltip.textContent = el.getAttribute('aria-label') ?? '';
    tooltip.hidden = false;
    vscode.postMessage({ type: 'hover', id });
}
function hideTooltip(): void {
    hovered = undefined;
    tooltip.hidden = true;
}

window.addEventListener('message', (event: MessageEvent<Incoming>) => {
    const m = event.data;
    if (m.type === 'graph') {
        const focused = elementOf(document.activeElement)?.getAttribute('data-id');
        const selected = canvas.querySelector('.selected')?.getAttribute('data-id');
        // one replacement of the picture: no blank frame, the transform (zoom, pan) stays on #canvas
        canvas.innerHTML = m.svg;
        if (!view) fit(); else apply();
        const find = (id: string | null | undefined) => id ? canvas.querySelector(`[data-id="${CSS.escape(id)}"]`) : null;
        find(selected)?.classList.add('selected');
        (find(focused) as HTMLElement | SVGElement | null)?.focus({ preventScroll: true });
        status.textContent = m.title;
        list.replaceChildren(...m.items.map(item => {
            const li = document.createElement('li');
            const button = document.createElement('button');
            button.dataset.target = item.id;
            button.className = `item ${item.level}`;
            button.textContent = `${item.label}: ${item.status}`;
            li.append(button);
            return li;
        }));
        if (hovered && !find(hovered)) hideTooltip();
    } else if (m.type === 'hover') {
        // the editor's hover, as HTML made by the extension from its Markdown (raw HTML escaped there; the
        // page's CSP runs no inline script or handler)
        if (m.id === hovered && m.html) tooltip.innerHTML = m.html;
    } else if (m.type === 'error') {
        status.textContent = m.message;
    }
});

canvas.addEventListener('click', e => { const el = elementOf(e.target); if (el) activate(el); });
canvas.addEventListener('keydown', e => {
    const el = elementOf(e.target);
    if (el && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); activate(el); }
});
canvas.addEventListener('mouseover', e => { const el = elementOf(e.target); if (el && el.getAttribute('data-id') !== hovered) showTooltip(el); });
canvas.addEventListener('mouseout', e => { if (!elementOf(e.relatedTarget)) hideTooltip(); });
canvas.addEventListener('focusin', e => { const el = elementOf(e.target); if (el) showTooltip(el); });
canvas.addEventListener('focusout', () => hideTooltip());
list.addEventListener('click', e => {
    const id = (e.target as HTMLElement).closest('button')?.dataset.target;
    const el = id ? canvas.querySelector(`[data-id="${CSS.escape(id)}"]`) : null;
    if (el) activate(el); else if (id) vscode.postMessage({ type: 'reveal', id });
});

viewport.addEventListener('wheel', e => {
    e.preventDefault();
    const r = viewport.getBoundingClientRect();
    zoom(Math.exp(-e.deltaY / 400), e.clientX - r.left, e.clientY - r.top);
}, { passive: false });
let drag: { x: number; y: number; moved: boolean } | undefined;
viewport.addEventListener('pointerdown', e => {
    if (elementOf(e.target)) return;
    drag = { x: e.clientX, y: e.clientY, moved: false };
    viewport.setPointerCapture(e.pointerId);
});
viewport.addEventListener('pointermove', e => {
    if (!drag) return;
    pan(e.clientX - drag.x, e.clientY - drag.y);
    drag = { x: e.clientX, y: e.clientY, moved: true };
});
viewport.addEventListener('pointerup', () => { drag = undefined; });
viewport.addEventListener('keydown', e => {
    const step = 40;
    const keys: Record<string, () => void> = {
        '+': () => zoom(1.25), '=': () => zoom(1.25), '-': () => zoom(0.8), '0': fit,
        ArrowLeft: () => pan(step, 0), ArrowRight: () => pan(-step, 0), ArrowUp: () => pan(0, step), ArrowDown: () => pan(0, -step),
        Escape: hideTooltip,
    };
    const run = keys[e.key];
    if (run && !(e.key.startsWith('Arrow') && elementOf(e.target))) { e.preventDefault(); run(); }
});
document.getElementById('zoom-in')!.addEventListener('click', () => zoom(1.25));
document.getElementById('zoom-out')!.addEventListener('click', () => zoom(0.8));
document.getElementById('zoom-fit')!.addEventListener('click', fit);

vscode.postMessage({ type: 'ready' });
