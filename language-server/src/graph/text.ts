/**
 * The graph as Graphviz DOT (`topo graph --format dot`) and as a text picture (the top of a
 * runbook: a fenced block renders the same in VS Code's Markdown preview and on GitHub).
 */
import type { GraphEnd, GraphSite, GraphStatus, TopoGraph } from './build.js';
import { titleOf } from './layout.js';

const DOT_COLOURS: Record<GraphStatus['level'], string> = { error: '#d1242f', warning: '#bf8700', clean: '#1a7f37' };

export function renderDot(g: TopoGraph): string {
    const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
    const lines = [`graph ${q(g.topology ?? 'topology')} {`, `  label=${q(titleOf(g))}; labelloc=t; fontname="Helvetica";`,
        '  node [shape=circle, style=filled, fillcolor=white, penwidth=3, fontname="Helvetica", fontsize=10];', '  edge [penwidth=3];'];
    const byId = new Map(g.sites.map(s => [s.id, s]));
    g.groups.forEach((group, i) => {
        lines.push(`  subgraph cluster_${i} {`, `    label=${q(`${group.provider} · ${group.region}`)}; style=dashed; color=gray;`);
        for (const id of group.sites) {
            const s = byId.get(id)!;
            const label = [s.name, ...s.networks.slice(0, 2), s.gateway ? `gw ${s.gateway}` : ''].filter(Boolean).join('\n');
            lines.push(`    ${q(s.id)} [label=${q(label)}, color=${q(DOT_COLOURS[s.status.level])}${s.role === 'hub' ? ', shape=doublecircle' : ''}${s.status.code ? `, tooltip=${q(`${s.status.code}: ${s.status.message}`)}` : ''}];`);
        }
        lines.push('  }');
    });
    for (const t of g.tunnels) {
        const [a, b] = t.ends;
        lines.push(`  ${q(a.site)} -- ${q(b.site)} [id=${q(t.id)}, label=${q(t.name)}, color=${q(`${DOT_COLOURS[a.status.level]};0.5:${DOT_COLOURS[b.status.level]}`)}${t.derived ? ', style=dashed' : ''}${t.status.code ? `, tooltip=${q(`${t.status.code}: ${t.status.message}`)}` : ''}];`);
    }
    lines.push('}');
    return lines.join('\n') + '\n';
}

const MARK: Record<GraphStatus['level'], string> = { error: '✘', warning: '!', clean: '✔' };

/**
 * A text picture: a star as its hub with one branch per spoke, anything else one line per
 * tunnel. `✔` clean, `!` warning, `✘` error, at each end of a tunnel; `┄` a derived tunnel.
 * Above `max` lines it counts what it leaves out.
 */
export function renderText(g: TopoGraph, max = 40): string {
    const byId = new Map(g.sites.map(s => [s.id, s]));
    const siteText = (s: GraphSite) => `${s.name} (${[s.provider, s.region].filter(Boolean).join(' ')}${s.networks.length ? `, ${s.networks.slice(0, 2).join(', ')}${s.networks.length > 2 ? ', ...' : ''}` : ''})`;
    const problem = (st: GraphStatus) => st.code ? `  ${MARK[st.level]} ${st.code}` : '';
    const link = (near: GraphEnd, far: GraphEnd, derived: boolean) => `${MARK[near.status.level]}${derived ? '┄┄┄┄' : '────'}${MARK[far.status.level]}`;
    const lines = [titleOf(g)];
    const star = g.stars.length === 1 ? g.stars[0] : undefined;
    const drawn = new Set<string>();
    if (star) {
        const hub = byId.get(star.hub)!;
        lines.push(`${siteText(hub)} hub${problem(hub.status)}`);
        const branches = g.tunnels.filter(t => t.ends.some(e => e.site === star.hub));
        branches.forEach((t, i) => {
            drawn.add(t.id);
            if (lines.length > max) return;
            const [near, far] = t.ends[0].site === star.hub ? t.ends : [t.ends[1], t.ends[0]];
            const last = i === branches.length - 1;
            const names = [near.name, far.name].filter((n, k, all) => all.indexOf(n) === k).join(' / ');
            lines.push(`${last ? '└' : '├'}─${link(near, far, t.derived)} ${siteText(byId.get(far.site)!)}  ${names}${problem(t.status)}`);
        });
    }
    for (const t of g.tunnels) {
        if (drawn.has(t.id) || lines.length > max) continue;
        const [a, b] = t.ends;
        lines.push(`${byId.get(a.site)!.name} ${link(a, b, t.derived)} ${byId.get(b.site)!.name}  ${t.name}${problem(t.status)}`);
    }
    const left = g.tunnels.length - (lines.length - 1 - (star ? 1 : 0));
    if (lines.length > max && left > 0) lines.push(`... and ${left} more tunnels (topo graph FILE --format svg draws them all)`);
    for (const s of g.sites) {
        if (!g.tunnels.some(t => t.ends.some(e => e.site === s.id)) && s.role !== 'hub' && lines.length <= max) lines.push(`${siteText(s)} (no tunnel)`);
    }
    return lines.join('\n');
}
