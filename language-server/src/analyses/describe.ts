/**
 * Hover content for sites and tunnels, as Markdown, from the resolved model only (the LSP hover
 * provider wires it in): a site's networks and the sites it must reach, through which tunnels and
 * whether the traffic gets through; a tunnel's two ends with their effective selectors and where
 * each value comes from (declared, mirrored, derived).
 */
import type { Site, Topology, Tunnel, TunnelEnd } from '../model/types.js';
import { NetworkView, netTexts, otherEnd, type Hop } from './network.js';
import { traceTraffic, type Drop } from './reachability.js';

const code = (s: string) => `\`${s}\``;

/** The tunnels of a path; for a tunnel written as two `->` statements, the one of the sending site. */
function hops(path: Hop[]): string {
    return path.map(h => `${code(h.send.tunnel.kind === 'pair' ? h.send.name : h.send.tunnel.name)}${h.send.tunnel.kind === 'derived' ? ' (derived)' : ''}`).join(' then ');
}

function dropNote(d: Drop | undefined): string {
    if (!d) return 'carried';
    if (d.kind === 'no-path') return 'no path';
    if (d.kind === 'route') return `dropped: no route at ${d.from.name}`;
    return `dropped at ${d.end.name} (${d.side} selector)`;
}

export function describeSite(site: Site, topology: Topology): string {
    const view = new NetworkView(topology);
    const lines = [`**site ${site.name}**${site.provider ? ` (${site.provider}${site.region ? `, ${site.region}` : ''})` : ''}`, ''];
    lines.push(`Networks: ${site.networks.length ? site.networks.map(n => code(n.prefix.text)).join(', ') : '(none)'}`);
    if (site.hub === site) lines.push('', `Centre of a star of ${view.star(site)?.spokes.length ?? 0} spoke(s).`);
    else if (site.hub) lines.push('', `Spoke of ${site.hub.name}.`);
    if (site.routes.length) lines.push('', `Routes: ${site.routes.map(r => `${code(r.destination.prefix.text)} via ${code(r.viaName)}`).join(', ')}`);
    const peers = view.peersOf(site);
    if (peers.length) {
        lines.push('', 'Reaches:');
        for (const p of peers) {
            const path = view.path(site, p);
            const via = path ? (path.length > 1 ? `via hub ${path[0].recv.site.name}, tunnels ${hops(path)}` : `via tunnel ${hops(path)}`) : 'no tunnel';
            const out = dropNote(traceTraffic(view, site, p)), back = dropNote(traceTraffic(view, p, site));
            lines.push(`- **${p.name}** (${netTexts(p.networks)}) ${via}: to ${p.name} ${out}, from ${p.name} ${back}`);
        }
    }
    return lines.join('\n');
}

function endLines(e: TunnelEnd): string[] {
    const mark = (o: TunnelEnd['localOrigin']) => (o === 'declared' ? '_declared_' : o === 'mirrored' ? `_mirrored from ${otherEnd(e).name}_` : '_derived_');
    return [
        `**${e.name}** at ${e.site.name} (towards ${e.peer.name})${e.declared ? '' : ', not written'}`,
        `- local: ${netTexts(e.local)} ${mark(e.localOrigin)}`,
        `- remote: ${netTexts(e.remote)} ${mark(e.remoteOrigin)}`,
    ];
}

const KIND: Record<Tunnel['kind'], string> = {
    both: 'both ends written at once (<->)',
    pair: 'each end written (-> and ->)',
    one: 'one end written, the other mirrors it',
    derived: 'derived from the hub',
};

export function describeTunnel(tunnel: Tunnel): string {
    return [
        `**tunnel ${tunnel.name}**: ${tunnel.a.site.name} <-> ${tunnel.b.site.name}, ${KIND[tunnel.kind]}`,
        '',
        ...endLines(tunnel.a),
        '',
        ...endLines(tunnel.b),
    ].join('\n');
}
