/** Markdown for hovers, from the resolved model and the provider/crypto data. */
import type { Tunnel } from '../model/types.js';
import { describeTunnel } from '../analyses/describe.js';
import { resolveCrypto } from '../crypto/negotiate.js';
import { parseProposal, type Phase } from '../crypto/proposal.js';

/** A tunnel: both ends' effective selectors (from the network analysis) and the crypto it negotiates. */
export function describeTunnelHover(t: Tunnel): string {
    const c = resolveCrypto(t);
    const crypto = c
        ? `Crypto${c.chosen ? ' (chosen by Topo: the strongest suite both ends accept)' : ''}: IKEv${c.ike}, ike-proposal \`${c.ikeProposals.join(', ')}\`, esp-proposal \`${c.espProposals.join(', ')}\``
        : 'Crypto: the two ends share no proposal.';
    return `${describeTunnel(t)}\n\n${crypto}`;
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
