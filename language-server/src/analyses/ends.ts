/**
 * What each tunnel end is configured with beyond crypto, from its effective settings (resolve/)
 * and the providers' data (providers/):
 * - `lifetime-unsupported`: a written lifetime outside the provider's range, or other than its fixed value;
 * - `lifetime-mismatch`: the ends' lifetimes differ while one is written (IKEv1: warning, the
 *   responder may refuse or shorten; IKEv2: info, each end rekeys on its own);
 * - `dpd-unsupported`: a written DPD the end's provider cannot take: outside its range, `off` where
 *   DPD is always on, any value where the provider runs DPD with its own values (GCP, QingCloud, Alibaba);
 * - `identity-mismatch`: an end expects an identity the other end does not present;
 * - `nat-identity`: a gateway behind NAT (`behind-nat`) with neither identity written: it presents
 *   its own address, the peer expects the public one (NAT rewrites addresses, not identities);
 * - `ipv6-unsupported`: IPv6 networks over a provider or product that does not carry them
 *   (GCP Classic VPN; GCP HA VPN with IKEv1).
 */
import type { Finding, Identity, QuickFix, Topology, TunnelEnd } from '../model/types.js';
import { getProfile, providerLabel } from '../providers/index.js';
import { otherEnd, settingsOf, type Setting } from '../resolve/index.js';
import { statementRef } from './network.js';
import { editAt } from '../model/edits.js';
import { lifetimeAccepted } from './suggest.js';

const written = (s: Setting<unknown>) => s.from === 'declared' || s.from === 'mirrored';

export function analyseEnds(topology: Topology): Finding[] {
    const out: Finding[] = [];
    for (const t of topology.tunnels) {
        for (const e of [t.a, t.b]) {
            checkLifetimeRange(e, out);
            checkDpd(e, out);
            checkIpv6(e, out);
        }
        checkLifetimeMismatch(t.a, out);
        checkIdentities(t.a, out);
        for (const e of [t.a, t.b]) checkNatIdentity(e, out);
    }
    return out;
}

function checkLifetimeRange(e: TunnelEnd, out: Finding[]): void {
    const s = settingsOf(e);
    const ike = s.crypto.ike?.value;
    if (!ike) return;
    const prof = getProfile(e.site.provider);
    for (const phase of ['ike', 'esp'] as const) {
        const l = phase === 'ike' ? s.ikeLifetime : s.espLifetime;
        if (!written(l) || l.value === undefined) continue;
        const rule = prof.versions[ike]?.lifetimes[phase];
        if (!rule) continue;
        const v = l.value;
        const what = phase === 'ike' ? 'ike-lifetime' : 'esp-lifetime';
        let problem: string | undefined;
        if (rule.fixed !== undefined && v !== rule.fixed) problem = `is fixed at ${rule.fixed} s`;
        else if (rule.min !== undefined && v < rule.min) problem = `takes ${rule.min}-${rule.max ?? '...'} s`;
        else if (rule.max !== undefined && v > rule.max) problem = `takes ${rule.min ?? 0}-${rule.max} s`;
        if (!problem) continue;
        out.push({
            code: 'lifetime-unsupported', severity: 'error', at: l.src ?? statementRef(e),
            message: `Tunnel ${e.tunnel.name}: ${what} ${v} s cannot be set at ${e.site.name}: ${prof.displayName}'s ${phase === 'ike' ? 'IKE' : 'IPsec'} SA lifetime ${problem}.`,
        });
    }
}

function checkDpd(e: TunnelEnd, out: Finding[]): void {
    const d = settingsOf(e).dpd;
    const rule = getProfile(e.site.provider).dpd;
    if (!rule || !written(d) || d.value === undefined) return;
    const name = getProfile(e.site.provider).displayName;
    let problem: string | undefined;
    if (d.value === 'off') {
        if (!rule.canDisable) problem = `${name} cannot turn DPD off`;
    } else if (!rule.settable) problem = `${name} runs DPD with its own values`;
    else if (rule.min !== undefined && d.value.delay < rule.min) problem = `${name} takes ${rule.min}${rule.max !== undefined ? `-${rule.max}` : ' s or more'}${rule.max !== undefined ? ' s' : ''}`;
    else if (rule.max !== undefined && d.value.delay > rule.max) problem = `${name} takes ${rule.min ?? 0}-${rule.max} s`;
    if (!problem) return;
    out.push({
        code: 'dpd-unsupported', severity: 'error', at: d.src ?? statementRef(e),
        message: `Tunnel ${e.tunnel.name}: dpd ${d.value === 'off' ? 'off' : `${d.value.delay} s`} cannot be set at ${e.site.name}: ${problem}.`,
        related: [{ at: e.site.providerSrc ?? e.site.nameSrc, message: rule.note }],
    });
}

function checkLifetimeMismatch(a: TunnelEnd, out: Finding[]): void {
    const b = otherEnd(a);
    const sa = settingsOf(a), sb = settingsOf(b);
    const ike = sa.crypto.ike?.value;
    for (const phase of ['ike', 'esp'] as const) {
        const x = phase === 'ike' ? sa.ikeLifetime : sa.espLifetime;
        const y = phase === 'ike' ? sb.ikeLifetime : sb.espLifetime;
        if (x.value === undefined || y.value === undefined || x.value === y.value) continue;
        if (!written(x) && !written(y)) continue; // two providers' defaults: nothing the file says
        const at = (written(y) ? y.src : x.src) ?? statementRef(a);
        const what = phase === 'ike' ? 'IKE' : 'IPsec';
        // the one obvious fix: the only written value takes the other end's (a provider's fixed value or default) where its provider accepts it
        const [w, other, we] = written(x) && !written(y) ? [x, y, a] : written(y) && !written(x) ? [y, x, b] : [];
        const word = phase === 'ike' ? 'ike-lifetime' : 'esp-lifetime';
        const fixes = w?.src && other?.value !== undefined && lifetimeAccepted(we!, ike, phase, other.value)
            ? [{ title: `Set ${word} ${other.value} (${otherEnd(we!).site.name}'s)`, preferred: true, edits: [editAt(w.src, `${word} ${other.value}`)] }] : [];
        out.push({
            fixes,
            code: 'lifetime-mismatch', severity: ike === 1 ? 'warning' : 'info', at,
            message: `Tunnel ${a.tunnel.name}: the ${what} SA lifetime is ${x.value} s at ${a.site.name} and ${y.value} s at ${b.site.name}; `
                + (ike === 1 ? 'with IKEv1 the responder may refuse a longer proposed lifetime or shorten it: set both the same.' : 'IKEv2 does not negotiate lifetimes, each end rekeys on its own.'),
        });
    }
}

const idText = (id: Identity) => (id.kind === 'address' ? id.value : `"${id.value}"`);

function checkIdentities(a: TunnelEnd, out: Finding[]): void {
    const b = otherEnd(a);
    for (const [e, o] of [[a, b], [b, a]] as const) {
        const expects = settingsOf(e).remoteId, presents = settingsOf(o).localId;
        if (!expects.value || !presents.value) continue;
        if (!written(expects) && !written(presents)) continue;
        if (expects.value.value.toLowerCase() === presents.value.value.toLowerCase()) continue;
        // no single obvious fix: a written identity is mirrored to the other end, so a mismatch has
        // both identities written, and which one is meant only the engineer knows
        out.push({
            code: 'identity-mismatch', severity: 'error', at: (written(expects) ? expects.src : presents.src) ?? statementRef(e),
            message: `Tunnel ${a.tunnel.name}: ${e.site.name} expects the identity ${idText(expects.value)} of ${o.site.name}, which presents ${idText(presents.value)}; authentication fails (AUTHENTICATION_FAILED).`,
        });
        return;
    }
}

function checkIpv6(e: TunnelEnd, out: Finding[]): void {
    const s = settingsOf(e);
    const rules = getProfile(e.site.provider).ipv6;
    if (!rules || rules.unconfirmed) return;
    const v6 = e.site.networks.find(n => n.prefix.version === 6);
    if (!v6) return;
    const routing = s.routing.value, ike = s.crypto.ike?.value;
    const label = providerLabel(e.site.provider, routing);
    let problem: string | undefined;
    if (!rules.routing[routing]) problem = `${label} does not carry IPv6 with routing ${routing}`;
    else if (ike && !rules.ike.includes(ike)) problem = `${label} carries IPv6 only with IKEv${rules.ike.join(', IKEv')}, not IKEv${ike}`;
    if (!problem) return;
    out.push({
        code: 'ipv6-unsupported', severity: 'error', at: statementRef(e),
        message: `Tunnel ${e.tunnel.name}: ${v6.prefix.text} of ${e.site.name} is not carried: ${problem}.`,
        related: [{ at: v6.src ?? e.site.nameSrc, message: rules.note }],
    });
}

/**
 * A gateway behind NAT presents its own (private) address as its IKE identity unless `local-id` is
 * written, while the peer expects the address it connects to (the public one): AUTHENTICATION_FAILED.
 * Only when neither identity is written (otherwise identity-mismatch compares them): one finding per cause.
 */
function checkNatIdentity(e: TunnelEnd, out: Finding[]): void {
    const s = settingsOf(e), o = otherEnd(e);
    const nat = s.natAddress.value;
    if (!nat || written(s.localId) || written(settingsOf(o).remoteId)) return;
    const presents = s.localId.value, expects = settingsOf(o).remoteId.value;
    if (!presents || !expects || presents.value.toLowerCase() === expects.value.toLowerCase()) return;
    const fix = natIdentityFix(e, expects);
    out.push({
        code: 'nat-identity', severity: 'error', at: statementRef(e),
        message: `Tunnel ${e.tunnel.name}: ${e.site.name}'s gateway is behind NAT (${idText(presents)}): without local-id it presents ${idText(presents)}, ${o.site.name} expects ${idText(expects)}; authentication fails.`,
        related: [{ at: s.natAddress.src ?? e.site.nameSrc, message: `The gateway of ${e.site.name} behind NAT: NAT rewrites its address, not the IKE identity it sends. Write local-id (the public address, or an FQDN) and the peer's remote-id to match.` }],
        fixes: fix ? [fix] : [],
    });
}

/** Write the identity the peer expects as this end's: in the statement that configures it, relative to that statement's first site. */
function natIdentityFix(e: TunnelEnd, id: Identity): QuickFix | undefined {
    const t = e.tunnel;
    // the statement and whether e is its first site
    const [src, first] = e.source ? [e.source, !(e.source.mirrored && e === t.b)] : t.a.source && t.kind === 'one' ? [t.a.source, false] : [undefined, false];
    if (!src) return undefined;
    const word = first ? 'local-id' : 'remote-id';
    const text = `${word} ${id.kind === 'address' ? id.value : `"${id.value}"`}`;
    return { title: `Write ${word} ${id.value} (what ${otherEnd(e).site.name} expects)`, preferred: true, edits: [editAt(src.propertiesEnd, src.hasPropertyList ? ` ${text} ` : ` < ${text} >`)] };
}
