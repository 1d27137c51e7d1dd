/** Markdown for hovers, from the resolved model and the provider/crypto data. */
import type { ProviderId, Site, Topology, Tunnel, TunnelEnd } from '../model/types.js';
import { resolveCrypto } from '../crypto/negotiate.js';
import { parseProposal, type Phase } from '../crypto/proposal.js';
import { providerSummaryMarkdown } from '../crypto/summary.js';
import { providerLabel } from '../providers/index.js';
import { intendedPeers, nets } from './model-lookup.js';

const origin = (o: TunnelEnd['localOrigin']) => (o === 'declared' ? '' : ` _(${o})_`);

export function describeSiteHover(site: Site, t: Topology): string {
    const lines = [`**site ${site.name}** — ${providerLabel(site.provider)}${site.region ? `, region ${site.region}` : ''}`, ''];
    lines.push(`Networks: ${nets(site.networks)}`);
    if (site.gateway) lines.push(`Gateway: \`${site.gateway.text.replace(/\/(32|128)$/, '')}\``);
    if (site.hub) lines.push(site.hub === site ? `Centre of a star of ${t.stars.find(s => s.hub === site)?.spokes.length ?? 0} spokes` : `Spoke of **${site.hub.name}**`);
    const peers = intendedPeers(site, t);
    if (peers.length) {
        lines.push('', 'Reaches:');
        for (const p of peers) {
            const direct = site.ends.find(e => e.peer === p);
            const via = direct ? `tunnel \`${direct.name}\`${direct.tunnel.kind === 'derived' ? ' (derived)' : ''}`
                : site.hub && site.hub !== site ? `via hub ${site.hub.name}` : 'no tunnel';
            lines.push(`- **${p.name}** (${nets(p.networks)}) — ${via}`);
        }
    }
    return lines.join('\n');
}

function endLines(e: TunnelEnd): string[] {
    return [
        `**${e.site.name}** end \`${e.name}\`${e.declared ? '' : ' _(not written: mirrored or derived)_'}`,
        `- local: ${nets(e.local)}${origin(e.localOrigin)}`,
        `- remote: ${nets(e.remote)}${origin(e.remoteOrigin)}`,
    ];
}

export function describeTunnelHover(t: Tunnel): string {
    const lines = [`**tunnel ${t.name}** — ${t.a.site.name} ⇄ ${t.b.site.name} (${t.kind === 'derived' ? 'derived from hub' : t.kind === 'both' ? 'both ends written at once' : t.kind === 'pair' ? 'each end written' : 'one end written, the other mirrors it'})`, ''];
    lines.push(...endLines(t.a), '', ...endLines(t.b), '');
    const c = resolveCrypto(t);
    if (c) {
        lines.push(`Crypto${c.chosen ? ' (chosen by Topo: the strongest suite both ends accept)' : ''}: IKEv${c.ike}, ike-proposal \`${c.ikeProposals.join(', ')}\`, esp-proposal \`${c.espProposals.join(', ')}\``);
    } else {
        lines.push('Crypto: the two ends share no proposal.');
    }
    return lines.join('\n');
}

export function providerHover(id: ProviderId): string {
    return providerSummaryMarkdown(id);
}

export function describeProposal(text: string, phase: Phase): string {
    const r = parseProposal(text, phase);
    if (!r.ok) return `\`${text}\`: ${r.errors.join('; ')}`;
    const p = r.proposal;
    const row = (label: string, algs: typeof p.encryption) => algs.length ? [`- ${label}: ${algs.map(a => `${a.name} (${a.grade}${a.reason ? `: ${a.reason}` : ''})`).join(', ')}`] : [];
    return [
        `\`${text}\` — ${phase === 'ike' ? 'IKE (phase 1)' : 'ESP (phase 2)'} proposal`,
        ...row('encryption', p.encryption), ...row('integrity', p.integrity), ...row('PRF', p.prf),
        ...row(phase === 'ike' ? 'DH group' : 'PFS group', p.dh),
        ...(phase === 'esp' && p.dh.length === 0 ? ['- no PFS group: no perfect forward secrecy'] : []),
    ].join('\n');
}
