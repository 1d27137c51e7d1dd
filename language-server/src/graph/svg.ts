/**
 * A laid-out graph as SVG: the same markup for `topo graph --format svg`, the README's pictures
 * and the diagram webview (which inserts it and styles it with VS Code's theme colours).
 *
 * Every site, group and tunnel end is a `<g>` with `data-id` (the graph's stable id), a class
 * for its worst diagnostic (`error`, `warning`, `clean`), `tabindex="0"`, `role="button"` and an
 * `aria-label` that says what it is and its worst problem. Colours come from CSS variables
 * (`--topo-error`, ...) with fallbacks, so the standalone file has its own colours and the
 * webview sets them from the theme. No inline `style` attributes (the webview's CSP forbids them).
 */
import type { Layout, LayoutEdge, LayoutNode } from './layout.js';
import type { GraphLiveState, GraphStatus } from './build.js';

/** The diagram's styles: colours from variables the webview sets from VS Code's theme. */
export const GRAPH_CSS = `
.topo-graph { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 12px; }
.topo-graph text { fill: var(--topo-fg, #1f2328); paint-order: stroke; stroke: var(--topo-bg, #ffffff); stroke-width: 3px; stroke-linejoin: round; }
.topo-graph text.sub, .topo-graph text.detail, .topo-graph text.edge-label { fill: var(--topo-muted, #59636e); font-size: 11px; }
.topo-graph text.name { font-weight: 600; }
.topo-graph text.title { font-size: 14px; font-weight: 600; }
.topo-graph .node circle.mark { fill: var(--topo-node-bg, #ffffff); stroke-width: 3; }
.topo-graph .node.group circle.ring { fill: none; stroke-width: 1.5; stroke-dasharray: 3 3; }
.topo-graph .end line.mark { stroke-width: 3; stroke-linecap: round; }
.topo-graph .end .hit { fill: transparent; stroke: none; }
.topo-graph .derived line.mark { stroke-dasharray: 7 5; }
.topo-graph .error .mark, .topo-graph .error .ring { stroke: var(--topo-error, #d1242f); }
.topo-graph .warning .mark, .topo-graph .warning .ring { stroke: var(--topo-warning, #bf8700); }
.topo-graph .clean .mark, .topo-graph .clean .ring { stroke: var(--topo-clean, #1a7f37); }
.topo-graph .legend .error { fill: var(--topo-error, #d1242f); }
.topo-graph .legend .warning { fill: var(--topo-warning, #bf8700); }
.topo-graph .legend .clean { fill: var(--topo-clean, #1a7f37); }
.topo-graph [data-id] { cursor: pointer; }
.topo-graph [data-id]:focus { outline: none; }
.topo-graph [data-id]:focus .mark, .topo-graph [data-id].selected .mark { stroke-width: 5; }
`;

/** Colours of the standalone file when the viewer prefers a dark scheme (GitHub, browsers). */
const STANDALONE_CSS = `${GRAPH_CSS}
.topo-graph .background { fill: var(--topo-bg, #ffffff); }
@media (prefers-color-scheme: dark) {
  .topo-graph { --topo-fg: #e6edf3; --topo-muted: #9198a1; --topo-node-bg: #0d1117; --topo-bg: #0d1117;
    --topo-error: #f85149; --topo-warning: #d29922; --topo-clean: #3fb950; }
}
`;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n1 = (x: number) => (Math.round(x * 10) / 10).toString();

const LEVEL_WORDS: Record<GraphStatus['level'], string> = { error: 'error', warning: 'warning', clean: 'no problems' };
export const statusText = (s: GraphStatus) => s.level === 'clean' ? 'no problems' : `${LEVEL_WORDS[s.level]} ${s.code ?? ''}: ${s.message ?? ''}`.replace(/ :/, ':');

export interface SvgOptions {
    /** Include the `<style>` (standalone file). The webview brings its own styles. Default true. */
    standalone?: boolean;
}

function nodeSvg(n: LayoutNode): string {
    const what = n.kind === 'group' ? `group of ${n.label}, ${n.sub}` : `${n.role === 'hub' ? 'hub site' : 'site'} ${n.label}, ${n.sub}, ${n.detail}`;
    const out = [`<g class="node ${n.kind} ${n.role} ${n.status.level}" data-id="${esc(n.id)}" tabindex="0" role="button" aria-label="${esc(`${what}: ${statusText(n.status)}`)}">`];
    if (n.kind === 'group') out.push(`<circle class="ring" cx="${n1(n.x)}" cy="${n1(n.y)}" r="${n.r + 5}"/>`);
    out.push(`<circle class="mark" cx="${n1(n.x)}" cy="${n1(n.y)}" r="${n.r}"/>`);
    const y = n.y + n.r + 15;
    out.push(`<text class="name" x="${n1(n.x)}" y="${n1(y)}" text-anchor="middle">${esc(n.label)}</text>`);
    if (n.sub) out.push(`<text class="sub" x="${n1(n.x)}" y="${n1(y + 14)}" text-anchor="middle">${esc(n.sub)}</text>`);
    if (n.detail) out.push(`<text class="detail" x="${n1(n.x)}" y="${n1(y + 28)}" text-anchor="middle">${esc(n.detail)}</text>`);
    out.push('</g>');
    return out.join('');
}

function edgeSvg(e: LayoutEdge, from: LayoutNode, to: LayoutNode, labels: boolean): string {
    const dx = to.x - from.x, dy = to.y - from.y;
    const len = Math.hypot(dx, dy) || 1;
    const ux = dx / len, uy = dy / len;
    const ox = -uy * e.offset, oy = ux * e.offset;
    const x0 = from.x + ux * (from.r + 4) + ox, y0 = from.y + uy * (from.r + 4) + oy;
    const x1 = to.x - ux * (to.r + 4) + ox, y1 = to.y - uy * (to.r + 4) + oy;
    const mx = (x0 + x1) / 2, my = (y0 + y1) / 2;
    const cls = `tunnel${e.derived ? ' derived' : ''}`;
    const out = [`<g class="${cls}" data-tunnel="${esc(e.id)}">`];
    const half = (part: LayoutEdge['ends'][number], ax: number, ay: number, site: LayoutNode, peer: LayoutNode) => {
        const what = e.tunnels > 1 ? `${e.label} between ${site.label} and ${peer.label}, the ends at ${site.label}` : `tunnel ${e.label}, the end at ${site.label} (towards ${peer.label})${part.declared ? '' : e.derived ? ', derived from the star' : ', mirrored'}`;
        // the area a pointer hits: a band 14 px wide along the half line
        const hx = -uy * 7, hy = ux * 7;
        const band = [[ax + hx, ay + hy], [mx + hx, my + hy], [mx - hx, my - hy], [ax - hx, ay - hy]].map(([x, y]) => `${n1(x)},${n1(y)}`).join(' ');
        const live = part.live ? `; ${liveText(part.live)}` : '';
        return `<g class="end ${part.status.level}${part.live ? ` live-${part.live.state}` : ''}" data-id="${esc(part.id)}" tabindex="0" role="button" aria-label="${esc(`${what}: ${statusText(part.status)}${live}`)}">`
            + `<polygon class="hit" points="${band}"/>`
            + `<line class="mark" x1="${n1(ax)}" y1="${n1(ay)}" x2="${n1(mx)}" y2="${n1(my)}"/></g>`;
    };
    out.push(half(e.ends[0], x0, y0, from, to), half(e.ends[1], x1, y1, to, from));
    if (labels) {
        // beside the line, past its middle (away from the first site's labels)
        const px = x0 + (x1 - x0) * 0.6, py = y0 + (y1 - y0) * 0.6;
        const side = e.offset < 0 ? -1 : 1;
        const lx = px - uy * 10 * side, ly = py + ux * 10 * side + 4;
        out.push(`<text class="edge-label" x="${n1(lx)}" y="${n1(ly)}" text-anchor="middle">${esc(e.label)}</text>`);
    }
    out.push('</g>');
    return out.join('');
}

/** A plain-text description of the picture (the SVG's `<desc>`, for screen readers). */
export function describeLayout(l: Layout): string {
    const nodes = new Map(l.nodes.map(n => [n.id, n]));
    const lines = [l.title + '.'];
    for (const n of l.nodes) lines.push(`${n.kind === 'group' ? 'Group' : n.role === 'hub' ? 'Hub' : 'Site'} ${n.label} (${n.sub}): ${statusText(n.status)}.`);
    for (const e of l.edges) {
        const a = nodes.get(e.from)!, b = nodes.get(e.to)!;
        lines.push(`${e.tunnels > 1 ? e.label : `Tunnel ${e.label}`}${e.derived ? ' (derived)' : ''} ${a.label} - ${b.label}: at ${a.label} ${statusText(e.ends[0].status)}; at ${b.label} ${statusText(e.ends[1].status)}.`);
    }
    return lines.join('\n');
}

export function renderSvg(l: Layout, options: SvgOptions = {}): string {
    const standalone = options.standalone ?? true;
    const top = 56;
    const width = Math.ceil(Math.max(l.width, 420)), height = Math.ceil(l.height + top);
    const nodes = new Map(l.nodes.map(n => [n.id, n]));
    const labels = l.edges.length <= 40;
    const out: string[] = [];
    out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="topo-graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="topo-graph-title topo-graph-desc">`);
    out.push(`<title id="topo-graph-title">${esc(l.title)}</title>`);
    out.push(`<desc id="topo-graph-desc">${esc(describeLayout(l))}</desc>`);
    if (standalone) out.push(`<style>${STANDALONE_CSS}</style>`, `<rect class="background" width="100%" height="100%"/>`);
    out.push(`<text class="title" x="16" y="24">${esc(l.title)}</text>`);
    // legend
    out.push('<g class="legend" aria-hidden="true">');
    let x = 16;
    for (const [level, word] of [['error', 'error'], ['warning', 'warning'], ['clean', 'clean']] as const) {
        out.push(`<circle class="${level}" cx="${x + 5}" cy="40" r="5"/><text class="sub" x="${x + 14}" y="44">${word}</text>`);
        x += 22 + word.length * 7;
    }
    out.push(`<g class="derived clean"><line class="mark" x1="${x}" y1="40" x2="${x + 28}" y2="40"/></g><text class="sub" x="${x + 34}" y="44">derived from the star</text>`);
    out.push('</g>');
    out.push(`<g class="content" transform="translate(0 ${top})">`);
    out.push('<g class="edges">');
    for (const e of l.edges) out.push(edgeSvg(e, nodes.get(e.from)!, nodes.get(e.to)!, labels));
    out.push('</g><g class="nodes">');
    for (const n of l.nodes) out.push(nodeSvg(n));
    out.push('</g></g></svg>\n');
    return out.join('\n');
}

/** What an adapter last saw of an end, in words: `gcp reports ESTABLISHED (up) at 2026-...`. */
export function liveText(l: GraphLiveState): string {
    if (l.adapter === 'strongswan') return `strongSwan: ${l.state === 'initiated' ? 'initiated' : 'the last run failed here'}${l.at ? ` at ${l.at}` : ''}`;
    const word = l.state === 'unknown' ? 'configured (its API reports no tunnel status)' : `${l.status ?? l.state} (${l.state === 'up' ? 'up' : 'not up'})`;
    return `${l.adapter} reports ${word}${l.at ? ` at ${l.at}` : ''}`;
}
