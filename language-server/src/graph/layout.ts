/**
 * Where each site and tunnel of a graph is drawn.
 *
 * - A star (one hub, every tunnel at the hub, every site in the star) is laid out radially:
 *   the hub in the centre, the spokes on a circle, in order of provider/region and name.
 * - Anything else (meshes, several stars) is laid out by Graphviz (`neato`) through
 *   `@viz-js/viz` (Graphviz compiled to WebAssembly, shipped inside the npm package); sites
 *   without any tunnel simply in rows.
 * - Large topologies stay readable: above `maxSites` sites, the spokes and plain sites of each
 *   provider/region (at most 50 per group node) are drawn as one group node, unless the group
 *   is in `expanded`; tunnels to a group node are drawn as one aggregated edge.
 */
import type { GraphEnd, GraphLiveState, GraphSite, GraphStatus, GraphTunnel, TopoGraph } from './build.js';

export interface ViewOptions {
    /** Group node ids the user expanded. */
    expanded?: Iterable<string>;
    /** Above this many sites, groups are collapsed (default 60). */
    maxSites?: number;
}

export interface LayoutNode {
    id: string;
    kind: 'site' | 'group';
    x: number;
    y: number;
    r: number;
    label: string;
    /** Provider and region. */
    sub: string;
    /** Networks (sites) or member count (groups). */
    detail: string;
    role: GraphSite['role'] | 'group';
    status: GraphStatus;
    /** For groups: the site ids inside. */
    members?: string[];
}

/** `live`: what an adapter last saw of the end (graph/index.ts), for one tunnel's end (not an aggregate). */
export interface LayoutEndPart { id: string; status: GraphStatus; declared: boolean; live?: GraphLiveState }

export interface LayoutEdge {
    /** The tunnel id, or `agg:FROM|TO` for the tunnels between a group node and another node. */
    id: string;
    from: string;
    to: string;
    label: string;
    derived: boolean;
    /** The end at `from`, the end at `to` (aggregated: the worst of them). */
    ends: [LayoutEndPart, LayoutEndPart];
    tunnels: number;
    /** Offset from the straight line between the nodes (several tunnels between two sites). */
    offset: number;
    status: GraphStatus;
}

export interface Layout {
    /** `grid`: sites without tunnels, in rows. */
    kind: 'radial' | 'graphviz' | 'grid' | 'empty';
    width: number;
    height: number;
    nodes: LayoutNode[];
    edges: LayoutEdge[];
    /** Group node ids drawn collapsed. */
    collapsed: string[];
    /** Site and tunnel counts of the whole graph (not only what is visible). */
    title: string;
}

const NODE_R = 22;
const HUB_R = 30;
const GROUP_R = 30;
const GROUP_CHUNK = 50;

const worstOf = (all: GraphStatus[]): GraphStatus => {
    const out: GraphStatus = { level: 'clean', count: 0 };
    for (const s of all) {
        out.count += s.count;
        if (s.level !== 'clean' && (out.level === 'clean' || (out.level === 'warning' && s.level === 'error'))) {
            out.level = s.level; out.code = s.code; out.message = s.message;
        }
    }
    return out;
};

const subOf = (s: GraphSite) => [s.provider, s.region].filter(Boolean).join(' · ');
const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

export function titleOf(g: TopoGraph): string {
    const ends = g.tunnels.length * 2;
    const problems = [g.totals.errors ? plural(g.totals.errors, 'error') : '', g.totals.warnings ? plural(g.totals.warnings, 'warning') : ''].filter(Boolean).join(', ');
    return `${g.topology ?? 'topology'}: ${plural(g.sites.length, 'site')}, ${plural(g.tunnels.length, 'tunnel')} (${plural(ends, 'end')}), ${problems || 'no problems'}`;
}

/** The nodes and edges to draw (with groups collapsed), without positions. */
function view(g: TopoGraph, options: ViewOptions): { nodes: LayoutNode[]; edges: LayoutEdge[]; collapsed: string[]; nodeOf: Map<string, string> } {
    const expanded = new Set(options.expanded ?? []);
    const collapse = g.sites.length > (options.maxSites ?? 60);
    const byId = new Map(g.sites.map(s => [s.id, s]));
    const nodeOf = new Map<string, string>();
    const nodes: LayoutNode[] = [];
    const collapsed: string[] = [];
    const siteNode = (s: GraphSite): LayoutNode => ({
        id: s.id, kind: 'site', x: 0, y: 0, r: s.role === 'hub' ? HUB_R : NODE_R, label: s.name, sub: subOf(s),
        detail: s.networks.length > 2 ? `${s.networks.slice(0, 2).join(', ')} +${s.networks.length - 2}` : s.networks.join(', '),
        role: s.role, status: s.status,
    });
    for (const group of g.groups) {
        const members = group.sites.map(id => byId.get(id)!);
        const hubs = members.filter(s => s.role === 'hub');
        const rest = members.filter(s => s.role !== 'hub');
        for (const h of hubs) { nodes.push(siteNode(h)); nodeOf.set(h.id, h.id); }
        for (let i = 0; i < rest.length; i += GROUP_CHUNK) {
            const chunk = rest.slice(i, i + GROUP_CHUNK);
            const id = rest.length > GROUP_CHUNK ? `${group.id}#${i / GROUP_CHUNK + 1}` : group.id;
            if (collapse && chunk.length > 1 && !expanded.has(id)) {
                collapsed.push(id);
                const range = rest.length > GROUP_CHUNK ? ` (${chunk[0].name} … ${chunk[chunk.length - 1].name})` : '';
                nodes.push({
                    id, kind: 'group', x: 0, y: 0, r: GROUP_R, label: `${plural(chunk.length, 'site')}${range}`,
                    sub: [group.provider, group.region].join(' · '), detail: 'click to expand', role: 'group',
                    status: worstOf(chunk.map(s => s.status)), members: chunk.map(s => s.id),
                });
                for (const s of chunk) nodeOf.set(s.id, id);
            } else {
                for (const s of chunk) { nodes.push(siteNode(s)); nodeOf.set(s.id, s.id); }
            }
        }
    }
    const edges: LayoutEdge[] = [];
    const aggregated = new Map<string, { edge: LayoutEdge; from: GraphEnd[]; to: GraphEnd[]; all: GraphTunnel[] }>();
    const part = (e: GraphEnd): LayoutEndPart => ({ id: e.id, status: e.status, declared: e.declared, ...(e.live ? { live: e.live } : {}) });
    for (const t of g.tunnels) {
        const [a, b] = t.ends;
        const from = nodeOf.get(a.site), to = nodeOf.get(b.site);
        if (!from || !to || from === to) continue;
        if (from === a.site && to === b.site) {
            edges.push({ id: t.id, from, to, label: t.name, derived: t.derived, ends: [part(a), part(b)], tunnels: 1, offset: 0, status: t.status });
            continue;
        }
        const [x, y, ex, ey] = from < to ? [from, to, a, b] : [to, from, b, a];
        const key = `agg:${x}|${y}`;
        let agg = aggregated.get(key);
        if (!agg) {
            agg = { edge: { id: key, from: x, to: y, label: '', derived: true, ends: [part(ex), part(ey)], tunnels: 0, offset: 0, status: t.status }, from: [], to: [], all: [] };
            aggregated.set(key, agg);
            edges.push(agg.edge);
        }
        agg.from.push(ex); agg.to.push(ey); agg.all.push(t);
    }
    for (const { edge, from, to, all } of aggregated.values()) {
        edge.tunnels = all.length;
        edge.label = plural(all.length, 'tunnel');
        edge.derived = all.every(t => t.derived);
        edge.status = worstOf(all.map(t => t.status));
        edge.ends = [
            { id: edge.id + '@from', status: worstOf(from.map(e => e.status)), declared: from.some(e => e.declared) },
            { id: edge.id + '@to', status: worstOf(to.map(e => e.status)), declared: to.some(e => e.declared) },
        ];
    }
    // several tunnels between the same two nodes: fan them out
    const between = new Map<string, LayoutEdge[]>();
    for (const e of edges) {
        const key = e.from < e.to ? `${e.from}|${e.to}` : `${e.to}|${e.from}`;
        const list = between.get(key);
        if (list) list.push(e); else between.set(key, [e]);
    }
    for (const list of between.values()) {
        if (list.length < 2) continue;
        list.forEach((e, i) => { e.offset = (i - (list.length - 1) / 2) * 10 * (e.from < e.to ? 1 : -1); });
    }
    return { nodes, edges, collapsed, nodeOf };
}

function isStar(g: TopoGraph): boolean {
    if (g.stars.length !== 1) return false;
    const hub = g.stars[0].hub;
    return g.sites.every(s => s.id === hub || s.hub === hub) && g.tunnels.every(t => t.ends[0].site === hub || t.ends[1].site === hub);
}

function radial(nodes: LayoutNode[], hub: string): { width: number; height: number } {
    const centre = nodes.find(n => n.id === hub);
    const ring = nodes.filter(n => n.id !== hub);
    const n = ring.length;
    const spacing = ring.some(x => x.kind === 'group') ? 150 : 120;
    const radius = Math.max(200, (n * spacing) / (2 * Math.PI));
    const margin = 110;
    const cx = radius + margin, cy = radius + margin;
    if (centre) { centre.x = cx; centre.y = cy; }
    const start = -Math.PI / 2 + Math.PI / Math.max(n, 1);
    ring.forEach((node, i) => {
        const angle = start + (2 * Math.PI * i) / n;
        node.x = cx + radius * Math.cos(angle);
        node.y = cy + radius * Math.sin(angle);
    });
    return { width: 2 * cx, height: 2 * cy };
}

function grid(nodes: LayoutNode[]): { width: number; height: number } {
    const columns = Math.ceil(Math.sqrt(nodes.length));
    const cell = { w: 170, h: 130 }, margin = 40;
    nodes.forEach((n, i) => {
        n.x = margin + cell.w * (i % columns) + cell.w / 2;
        n.y = margin + cell.h * Math.floor(i / columns) + n.r;
    });
    return { width: 2 * margin + cell.w * columns, height: 2 * margin + cell.h * Math.ceil(nodes.length / columns) };
}

let vizInstance: Promise<{ renderJSON(dot: string, options: { engine: string }): object }> | undefined;

/** Graphviz (neato) positions for the nodes; edges are drawn straight between them. */
async function graphviz(nodes: LayoutNode[], edges: LayoutEdge[]): Promise<{ width: number; height: number }> {
    vizInstance ??= import('@viz-js/viz').then(m => m.instance());
    const viz = await vizInstance;
    const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    const inches = (px: number) => (px / 72).toFixed(3);
    const lines = ['graph topo {', '  graph [overlap=false, splines=false, sep="+40", start=1];', '  node [shape=circle, fixedsize=true, label=""];'];
    for (const n of nodes) lines.push(`  ${q(n.id)} [width=${inches(2 * n.r + 90)}, height=${inches(2 * n.r + 40)}];`);
    for (const e of edges) lines.push(`  ${q(e.from)} -- ${q(e.to)} [len=2.2];`);
    lines.push('}');
    const json = viz.renderJSON(lines.join('\n'), { engine: 'neato' }) as { bb: string; objects?: { name: string; pos?: string }[] };
    const [x0, y0, x1, y1] = json.bb.split(',').map(Number);
    const margin = 110;
    const byName = new Map((json.objects ?? []).map(o => [o.name, o.pos]));
    for (const n of nodes) {
        const [x, y] = (byName.get(n.id) ?? '0,0').split(',').map(Number);
        n.x = x - x0 + margin;
        n.y = y1 - y + margin; // Graphviz's y axis points up
    }
    return { width: x1 - x0 + 2 * margin, height: y1 - y0 + 2 * margin };
}

export async function layoutGraph(g: TopoGraph, options: ViewOptions = {}): Promise<Layout> {
    const { nodes, edges, collapsed } = view(g, options);
    const title = titleOf(g);
    if (nodes.length === 0) return { kind: 'empty', width: 400, height: 120, nodes, edges, collapsed, title };
    if (isStar(g)) {
        const size = radial(nodes, g.stars[0].hub);
        return { kind: 'radial', ...size, nodes, edges, collapsed, title };
    }
    if (edges.length === 0) return { kind: 'grid', ...grid(nodes), nodes, edges, collapsed, title };
    const size = await graphviz(nodes, edges);
    return { kind: 'graphviz', ...size, nodes, edges, collapsed, title };
}
