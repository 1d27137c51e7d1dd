/** Markdown capability summary of a provider, for hovers on `provider ID`. */
import type { ProviderId } from '../model/types.js';
import { getProfile } from '../providers/index.js';
import type { Lifetime } from '../providers/types.js';
import { strongestCommon } from '../resolve/negotiate.js';

function lifetime(l: Lifetime): string {
    const base = l.fixed !== undefined ? `${l.fixed} s (fixed)`
        : [l.min !== undefined || l.max !== undefined ? `${l.min ?? '?'}–${l.max ?? '∞'} s` : 'configurable', l.default !== undefined ? `default ${l.default} s` : '']
            .filter(Boolean).join(', ');
    return l.note ? `${base} (${l.note})` : base;
}

export function providerSummaryMarkdown(id: ProviderId): string {
    const p = getProfile(id);
    const lines: string[] = [`**${p.displayName}** (\`${p.id}\`)`, ''];
    lines.push(`- **IKE versions:** ${p.ikeVersions.map(v => `IKEv${v}`).join(', ')} (default IKEv${p.defaultIke})`);
    for (const v of [...p.ikeVersions].sort((a, b) => b - a)) {
        const caps = p.versions[v];
        if (!caps) continue;
        const best = strongestCommon(id, id, v);
        const suite = caps.fixedSuite
            ? `only \`${caps.fixedSuite.ike}\` / ESP \`${caps.fixedSuite.esp}\` (${caps.fixedSuite.note})`
            : best ? `strongest \`${best.ikeProposal}\` / ESP \`${best.espProposal}\`` : 'none';
        lines.push(`- **IKEv${v}${caps.product ? ` (${caps.product})` : ''}:** ${suite}; PFS ${caps.pfs}; `
            + `lifetimes phase 1 ${lifetime(caps.lifetimes.ike)}, phase 2 ${lifetime(caps.lifetimes.esp)}`);
    }
    lines.push(`- **Pre-shared key:** ${p.psk.description}${p.psk.unconfirmed ? ' — UNCONFIRMED' : ''}`);
    const modes = p.routing.map(r => (p.productByRouting?.[r] ? `${r} (${p.productByRouting[r]})` : r)).join(', ');
    lines.push(`- **Routing:** ${modes}. ${p.routingNote}`);
    lines.push(`- **Selectors:** ${p.selectors.note}`);
    lines.push(`- **Hub / transit:** ${p.hub.capable}: ${p.hub.note}`);
    for (const n of p.notes) lines.push(`- ${n.unconfirmed ? 'UNCONFIRMED: ' : ''}${n.text}${n.sources?.length ? ` [${n.sources.join(', ')}]` : ''}`);
    lines.push('', `Facts as of ${p.factsDate}. Sources: ${p.sources.map(s => `${s.id} ${s.ref}`).join('; ')}`);
    return lines.join('\n');
}
