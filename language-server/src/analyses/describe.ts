/**
 * Hover content for sites and tunnels, as Markdown, from the resolved model only (the LSP hover
 * provider wires it in): a site's networks and the sites it must reach, through which tunnels and
 * whether the traffic gets through; a tunnel's two ends with their effective selectors and where
 * each value comes from (declared, mirrored, derived).
 */
import type { Site, SourceRef, Topology, Tunnel, TunnelEnd } from '../model/types.js';
import { selectorHead, selectorSize } from '../model/selectors.js';
import { settingsOf } from '../resolve/index.js';
import { NetworkView, netTexts, otherEnd, type Hop } from './network.js';
import { traceTraffic, type Drop } from './reachability.js';

const code = (s: string) => `\`${s}\``;

/** The tunnels of a path; for a tunnel written as two `->` statements, the one of the sending site. */
function hops(path: Hop[]): string {
    return path.map(h => `${code(h.send.tunnel.kind === 'pair' ? h.send.name : h.send.tunnel.name)}${h.send.tunnel.kind === 'derived' ? ' (derived)' : ''}`).join(' then ');
}

/** Where traffic is dropped, in a few words (the hover's and the code lens's wording). */
export function dropNote(d: Drop | undefined): string {
    if (!d) return 'carried';
    if (d.kind === 'no-path') return 'no path';
    if (d.kind === 'route') return `dropped: no route at ${d.from.name}`;
    return `dropped at ${d.end.name} (${d.side} selector)`;
}

/** Why traffic between `site` and its peer `p` is not carried both ways, or undefined when it is. */
export function unreachedNote(view: NetworkView, site: Site, p: Site): string | undefined {
    const out = traceTraffic(view, site, p), back = traceTraffic(view, p, site);
    if (!out && !back) return undefined;
    const there = dropNote(out), from = dropNote(back);
    return there === from ? there : `to ${p.name} ${there}, from ${p.name} ${from}`;
}

/**
 * A site's hover and code lens trace traffic to this many of its peers; beyond that they count
 * them (the centre of a large star, or one of its spokes, has thousands, and the hover would be
 * megabytes): the check reports traffic that is dropped to any of them.
 */
export const MAX_TRACED_PEERS = 50;

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
        for (const p of peers.slice(0, MAX_TRACED_PEERS)) {
            const path = view.path(site, p);
            const via = path ? (path.length > 1 ? `via hub ${path[0].recv.site.name}, tunnels ${hops(path)}` : `via tunnel ${hops(path)}`) : 'no tunnel';
            const out = dropNote(traceTraffic(view, site, p)), back = dropNote(traceTraffic(view, p, site));
            lines.push(`- **${p.name}** (${netTexts(p.networks)}) ${via}: to ${p.name} ${out}, from ${p.name} ${back}`);
        }
        const more = peers.length - MAX_TRACED_PEERS;
        if (more > 0) lines.push(`- and ${more.toLocaleString('en')} more site${more === 1 ? '' : 's'}, not traced here (the check reports traffic dropped on the way to any of them)`);
    }
    return lines.join('\n');
}

/** What the hover says about a written value: the problems (code and severity) reported on it. */
export type ProblemsAt = (src: SourceRef) => { code: string; severity: 'error' | 'warning' }[];

const flags = (problems: ReturnType<ProblemsAt>): string =>
    problems.map(p => `${p.severity === 'error' ? '⛔' : '⚠'} ${p.severity} \`${p.code}\``).join(', ');

/** A derived selector in a hover: this many networks, then a count. */
const MAX_NETS_SHOWN = 20;

/** One selector line of an end, read through the resolve stage; each network or list with a problem on it flagged. */
function selectorLine(e: TunnelEnd, side: 'local' | 'remote', problemsAt?: ProblemsAt): string {
    const s = settingsOf(e)[side];
    const mark = s.from === 'declared' ? '_declared_' : s.from === 'mirrored' ? `_mirrored from ${otherEnd(e).name}_` : '_derived_';
    if (s.from === 'derived') {
        // nothing written, so no problem on one of its networks: the first ones and a count (the
        // centre of a 10,000-spoke star carries 10,000 networks on each end), read without listing them
        const shown = selectorHead(e, side, MAX_NETS_SHOWN);
        const more = selectorSize(e, side) - shown.length;
        const onList = s.src && problemsAt ? problemsAt(s.src) : [];
        const nets = (shown.map(n => n.prefix.text).join(', ') || '(none)') + (more > 0 ? ` and ${more.toLocaleString('en')} more` : '');
        return `- ${side}: ${nets} ${mark}${onList.length ? ` — ${flags(onList)}` : ''}`;
    }
    const onNet = new Set<string>();
    const nets = s.value.map(n => {
        const p = n.src && problemsAt ? problemsAt(n.src) : [];
        if (!p.length) return n.prefix.text;
        p.forEach(x => onNet.add(x.code));
        return `**${n.prefix.text}** (${flags(p)})`;
    });
    // problems on the whole list (a mismatch, a dropped route), not already shown on one of its networks
    const onList = s.src && problemsAt ? problemsAt(s.src).filter(p => !onNet.has(p.code)) : [];
    return `- ${side}: ${nets.join(', ') || '(none)'} ${mark}${onList.length ? ` — ${flags(onList)}` : ''}`;
}

function endLines(e: TunnelEnd, problemsAt?: ProblemsAt): string[] {
    return [
        `**${e.name}** at ${e.site.name} (towards ${e.peer.name})${e.declared ? '' : ', not written'}`,
        selectorLine(e, 'local', problemsAt),
        selectorLine(e, 'remote', problemsAt),
    ];
}

const KIND: Record<Tunnel['kind'], string> = {
    both: 'both ends written at once (<->)',
    pair: 'each end written (-> and ->)',
    one: 'one end written, the other mirrors it',
    derived: 'derived from the hub',
};

/** The name of the statement that configures an end (a tunnel written as two `->` statements has one per end). */
export const statementName = (e: TunnelEnd): string => (e.tunnel.kind === 'pair' ? e.name : e.tunnel.name);

/**
 * A tunnel's two ends with their effective selectors. `from`: the end whose statement is
 * hovered: the title is that statement's name and its end comes first (a tunnel written as two
 * `->` statements has a name per end). `problemsAt` flags the written values with problems.
 */
export function describeTunnel(tunnel: Tunnel, from: TunnelEnd = tunnel.a, problemsAt?: ProblemsAt): string {
    const far = otherEnd(from);
    return [
        `**tunnel ${statementName(from)}**: ${from.site.name} <-> ${far.site.name}, ${KIND[tunnel.kind]}`,
        '',
        ...endLines(from, problemsAt),
        '',
        ...endLines(far, problemsAt),
    ].join('\n');
}
