/** Markdown for hovers, from the resolved model and its settings (resolve/), and the provider/crypto data. */
import type { Tunnel, TunnelEnd } from '../model/types.js';
import { describeTunnel, statementName, type ProblemsAt } from '../analyses/describe.js';
import { outcomeData, tunnelOutcome } from '../analyses/outcome.js';
import { parseProposal, type Phase } from '../crypto/proposal.js';
import { connectionOf, otherEnd, PROVENANCE_TEXT, provenanceText, settingsOf } from '../resolve/index.js';
import { type CloudEndStatus, statusKey, statusLine } from '../adapters/cloud/status.js';

/** Each end's status as its cloud reported it after the last apply (the cloud adapter's journal); empty when there is none. */
export function cloudStatusText(t: Tunnel, status: Map<string, CloudEndStatus>): string {
    const lines = [t.a, t.b].flatMap(e => {
        const s = status.get(statusKey(e.site.name, e.name));
        return s ? [`- **${e.site.name}** (${e.name}): ${statusLine(s)}`] : [];
    });
    return lines.length ? `\n\nStatus after the last apply:\n${lines.join('\n')}` : '';
}

/** One end's crypto in a line: `IKEv2, ike-proposal `...`, esp-proposal `...``, or that there is none. */
export function endCryptoText(end: TunnelEnd): string {
    const c = settingsOf(end).crypto;
    if (c.state !== 'resolved') return c.reason === 'no-ike-version' ? 'no common IKE version' : `IKEv${c.ike!.value}, no common proposal`;
    const from = (f: keyof typeof PROVENANCE_TEXT) => (f === 'declared' ? '' : ` (${PROVENANCE_TEXT[f]})`);
    return `IKEv${c.ike.value}${from(c.ike.from)}, ike-proposal \`${c.ikeProposals.value.join(', ')}\`${from(c.ikeProposals.from)}, `
        + `esp-proposal \`${c.espProposals.value.join(', ')}\`${from(c.espProposals.from)}`;
}

/**
 * A tunnel as seen from the end `from` (the hovered statement's; default: the tunnel's first):
 * both ends' effective selectors, with the problems `problemsAt` reports on them flagged, each
 * end's crypto, the gateways and the verdict.
 */
export function describeTunnelHover(t: Tunnel, from: TunnelEnd = t.a, problemsAt?: ProblemsAt): string {
    const far = otherEnd(from);
    const a = endCryptoText(from), b = endCryptoText(far);
    const crypto = a === b
        ? `Crypto (both ends): ${a}`
        : `Crypto at ${from.site.name} (${from.name}): ${a}\n\nCrypto at ${far.site.name} (${far.name}): ${b}`;
    return `${describeTunnel(t, from, problemsAt)}\n\n${crypto}${gatewaysText(t)}${bgpText(t)}${timersText(t)}\n\n${describeOutcome(t, statementName(from))}`;
}

const prov = (s: Parameters<typeof provenanceText>[0]) => (s.from === 'declared' ? '' : ` (${provenanceText(s)})`);

/** BGP: each end's ASN and inside address, with where each comes from (resolve/). */
function bgpText(t: Tunnel): string {
    const a = settingsOf(t.a), b = settingsOf(t.b);
    if (a.routing.value !== 'bgp' || b.routing.value !== 'bgp') return '';
    const end = (site: string, s: typeof a) => `${site}: AS ${s.asn.value ?? 'not set'}${s.asn.value !== undefined ? prov(s.asn) : ''}, inside ${s.inside.value?.text ?? 'assigned by the provider'}${s.inside.value ? prov(s.inside) : ''}`;
    return `\n\nBGP: ${end(t.a.site.name, a)} · ${end(t.b.site.name, b)}`;
}

/** Lifetimes, DPD and identities of each end (resolve/). */
function timersText(t: Tunnel): string {
    const w = (x: { from: string }) => x.from === 'declared' || x.from === 'mirrored';
    const any = [t.a, t.b].some(e => { const s = settingsOf(e); return !!s.natAddress.value || [s.ikeLifetime, s.espLifetime, s.dpd, s.localId, s.remoteId].some(w); });
    if (!any) return '';
    const lines = [t.a, t.b].map(e => {
        const s = settingsOf(e);
        const sec = (x: typeof s.ikeLifetime) => (x.value === undefined ? 'default' : `${x.value} s${prov(x)}`);
        const dpd = s.dpd.value === undefined ? (s.dpd.from === 'forced' ? 'always on' : 'default') : s.dpd.value === 'off' ? 'off' : `${s.dpd.value.delay} s${prov(s.dpd)}`;
        const id = (x: typeof s.localId, nat?: boolean) => `${x.value?.value ?? 'unknown'}${x.from === 'default' ? (nat ? ' (its own address behind NAT, when none is written)' : ' (the gateway address, when none is written)') : prov(x)}`;
        return `${e.site.name}: IKE SA ${sec(s.ikeLifetime)}, IPsec SA ${sec(s.espLifetime)}, DPD ${dpd}, id ${id(s.localId, !!s.natAddress.value)}, expects ${id(s.remoteId)}`;
    });
    return `\n\nLifetimes and identities: ${lines.join(' · ')}`;
}

/** Which gateway addresses the tunnel joins, when a site has several (redundant tunnels). */
function gatewaysText(t: Tunnel): string {
    if (t.a.site.gateways.length < 2 && t.b.site.gateways.length < 2) return '';
    const s = settingsOf(t.a);
    const text = (g: typeof s.gateway) => `${g.value?.text.replace(/\/(32|128)$/, '') ?? 'unknown'}${g.from === 'default' ? ` (${PROVENANCE_TEXT.default}: the site's first)` : ''}`;
    return `\n\nGateways: ${t.a.site.name} ${text(s.gateway)} <-> ${t.b.site.name} ${text(s.peerGateway)}${connectionText(t)}`;
}

/** Which provider connection carries the tunnel, with which others (AWS: tunnel 1 or 2 of a VPN connection; resolve/). */
function connectionText(t: Tunnel): string {
    return [t.a, t.b].map(e => {
        const c = connectionOf(e);
        if (!c) return '';
        const others = c.connection.ends.filter(x => x !== e).map(x => x.tunnel.name);
        return ` · tunnel ${c.tunnel} of ${e.site.name}'s ${c.connection.kind} ${c.connection.name}${others.length ? ` (with ${others.join(', ')})` : ` (its other tunnel not configured)`}`;
    }).join('');
}

/** The verdict on a tunnel in a few words. */
export const OUTCOME_HEAD: Record<ReturnType<typeof tunnelOutcome>['kind'], string> = {
    up: 'up', down: 'does not come up', narrowed: 'up, narrowed', 'until-rekey': 'up until the first rekey', 'one-way': 'works from one end only',
};

/** The verdict on a tunnel (analyses/outcome.ts), as the selector and crypto findings word it. */
export function describeOutcome(t: Tunnel, name = t.name): string {
    const o = tunnelOutcome(t);
    const head = OUTCOME_HEAD;
    const caveats = o.caveats.length ? `\n\n${o.caveats.map(c => `_Unknown:_ ${c}`).join('\n\n')}` : '';
    // the addresses a narrowing loses: the same data `topo check --format json` carries
    const lost = (outcomeData(t).lost ?? []).flatMap(x => [...x.local.map(p => `${p} (local at ${x.site})`), ...x.remote.map(p => `${p} (remote at ${x.site})`)]);
    const lostText = lost.length ? `\n\nNarrowed away: ${lost.join(', ')}` : '';
    return `Outcome: **${head[o.kind]}** — tunnel ${name} ${o.text}.${lostText}${caveats}`;
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
