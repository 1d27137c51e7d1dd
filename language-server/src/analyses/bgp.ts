/**
 * BGP over route-based tunnels (`routing bgp`), from each end's effective settings (resolve/):
 * - `inside-invalid`: the two inside addresses are not two distinct usable addresses of one /30
 *   (IPv6 /126), or break a provider's rules (its range, prefix length, reserved /30s: AWS
 *   169.254.0.0/30-169.254.5.0/30 and 169.254.169.252/30, Azure's APIPA 169.254.21.0-169.254.22.255),
 *   or two BGP tunnels of one site use overlapping inside networks;
 * - `asn-invalid`: a site's ASN its provider does not allow or reserves, or that a peer's provider refuses;
 * - `asn-same`: both ends in one autonomous system (the cloud gateways speak eBGP only);
 * - `asn-missing` (info): a site with BGP tunnels whose provider has no default ASN and none written;
 * - `bgp-required`: a tunnel with another routing mode on a gateway that only does BGP (GCP HA VPN).
 * Provider facts come from providers/ (`bgp`), with sources.
 */
import type { Finding, InsideAddress, QuickFix, Site, SourceRef, Topology, TunnelEnd } from '../model/types.js';
import { editAt } from '../model/edits.js';
import { freeAsns } from './suggest.js';
import { contains, makePrefix, overlaps, parsePrefix, type Prefix } from '../net/prefix.js';
import { getProfile, providerLabel } from '../providers/index.js';
import type { AsnRange, BgpRules } from '../providers/types.js';
import { otherEnd, settingsOf, type Setting } from '../resolve/index.js';
import { statementRef } from './network.js';
import { caches } from '../util/cache-store.js';

const isBgp = (e: TunnelEnd) => settingsOf(e).routing.value === 'bgp';

export function analyseBgp(topology: Topology): Finding[] {
    const out: Finding[] = [];
    for (const t of topology.tunnels) {
        if (!isBgp(t.a) || !isBgp(t.b)) continue;
        checkInside(t.a, out);
        checkSameAsn(topology, t.a, out);
    }
    for (const site of topology.sites) {
        const bgpEnds = site.ends.filter(e => isBgp(e) && isBgp(otherEnd(e)));
        checkBgpOnlyGateway(site, out);
        if (!bgpEnds.length) continue;
        checkAsn(topology, site, bgpEnds, out);
        checkInsideReuse(bgpEnds, out);
    }
    return out;
}

// ------------------------------------------------------------------------ inside addresses

// the prefixes of the providers' BGP rules (static data: a few dozen texts)
const cache = caches.bounded<string, Prefix>('bgp.providerPrefixes', 1024);
function net(text: string): Prefix {
    return cache.getOr(text, () => {
        const r = parsePrefix(text);
        if (!r.ok) throw new Error(`bad prefix in provider data: ${text}`);
        return r.prefix;
    });
}

function insideRef(s: Setting<InsideAddress | undefined>, e: TunnelEnd): SourceRef {
    return s.src ?? statementRef(e);
}

/** The problems of one tunnel's pair of inside addresses, checked from end `a`. */
function checkInside(a: TunnelEnd, out: Finding[]): void {
    const sa = settingsOf(a);
    const mine = sa.inside, theirs = sa.peerInside;
    if (!mine.value && !theirs.value) return;
    const name = a.tunnel.name;
    const report = (at: SourceRef, message: string, related?: Finding['related']) =>
        out.push({ code: 'inside-invalid', severity: 'error', at, message: `Tunnel ${name}: ${message}`, related });
    const pairs: [TunnelEnd, Setting<InsideAddress | undefined>][] = [[a, mine], [otherEnd(a), theirs]];
    // each address on its own: usable in its network, and within every provider's rules
    for (const [end, s] of pairs) {
        const x = s.value;
        if (!x) continue;
        const at = insideRef(s, end);
        const { address, network } = x;
        if (network.version === 4 && network.length <= 30 && (address.first === network.first || address.first === network.last)) {
            report(at, `inside address ${x.text} of ${end.site.name} is the ${address.first === network.first ? 'network' : 'broadcast'} address of ${network.text}; use ${firstUsable(network)} or the one after it.`);
            return;
        }
        for (const site of [a.site, a.peer]) {
            const rules = getProfile(site.provider).bgp;
            if (!rules) continue; // routing-unsupported says it
            const problem = ruleBreak(x, rules);
            if (problem) {
                report(at, `inside network ${network.text} ${problem} for ${providerLabel(site.provider, 'bgp')} at ${site.name}.`,
                    [{ at: site.nameSrc, message: rules.inside.v4.note }]);
                return;
            }
        }
    }
    if (mine.value && theirs.value) {
        const [x, y] = [mine.value, theirs.value];
        if (x.network.text !== y.network.text) {
            report(insideRef(theirs.from === 'derived' ? mine : theirs, a),
                `the inside addresses ${x.text} (${a.site.name}) and ${y.text} (${a.peer.name}) are not in the same network; both ends of a BGP session use one /30 (${x.network.text}).`);
        } else if (x.address.first === y.address.first) {
            report(insideRef(theirs, a), `both ends have the inside address ${x.address.text.replace(/\/(32|128)$/, '')}; each end needs its own address of ${x.network.text}.`);
        }
    }
}

function firstUsable(p: Prefix): string {
    return makePrefix(p.version, p.first + 1n, 32).text.replace(/\/32$/, '');
}

/** Why an inside address breaks a provider's rules, or undefined. */
function ruleBreak(x: InsideAddress, rules: BgpRules): string | undefined {
    const { network } = x;
    const r = network.version === 4 ? rules.inside.v4 : rules.inside.v6;
    if (!r) return 'is IPv6, which has no BGP session';
    if (!r.lengths.includes(network.length)) return `is a /${network.length}, not ${r.lengths.map(l => `a /${l}`).join(' or ')},`;
    if (!r.within.some(w => contains(net(w), network))) return `is outside ${r.within.join(' and ')}`;
    const reserved = network.version === 4 ? rules.inside.v4.reserved.find(res => overlaps(net(res), network)) : undefined;
    if (reserved) return `is reserved (${reserved})`;
    return undefined;
}

/** Two BGP tunnels of one site on overlapping inside networks: the routes of one session go out of the other's interface. */
function checkInsideReuse(ends: TunnelEnd[], out: Finding[]): void {
    const seen: { end: TunnelEnd; x: InsideAddress; s: Setting<InsideAddress | undefined> }[] = [];
    for (const e of ends) {
        const s = settingsOf(e).inside;
        const x = s.value;
        if (!x) continue;
        const prior = seen.find(p => overlaps(p.x.network, x.network));
        // once per pair of tunnels: at the site that comes first
        if (prior && e.site.name <= e.peer.name) {
            out.push({
                code: 'inside-invalid', severity: 'error', at: insideRef(s, e),
                message: `Tunnel ${e.tunnel.name}: inside network ${x.network.text} at ${e.site.name} overlaps ${prior.x.network.text} of tunnel ${prior.end.tunnel.name}; each BGP tunnel of a site needs its own /30.`,
                related: [{ at: insideRef(prior.s, prior.end), message: `Tunnel ${prior.end.tunnel.name} uses ${prior.x.network.text}.` }],
            });
        } else if (!prior) seen.push({ end: e, x, s });
    }
}

// ------------------------------------------------------------------------ ASNs

const inRanges = (n: number, rs: AsnRange[] | undefined) => rs?.find(r => n >= r.from && n <= r.to);
const rangeText = (r: AsnRange) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`);

function asnText(s: Setting<number | undefined>, site: Site): string {
    return s.from === 'default' ? `${s.value} (${getProfile(site.provider).displayName}'s default)` : `${s.value}`;
}

function checkSameAsn(topology: Topology, a: TunnelEnd, out: Finding[]): void {
    const s = settingsOf(a);
    if (s.asn.value === undefined || s.asn.value !== s.peerAsn.value) return;
    const related: Finding['related'] = [];
    if (a.site.asnSrc) related.push({ at: a.site.asnSrc, message: `ASN of ${a.site.name}` });
    if (a.peer.asnSrc) related.push({ at: a.peer.asnSrc, message: `ASN of ${a.peer.name}` });
    out.push({
        code: 'asn-same', severity: 'error', at: statementRef(a),
        message: `Tunnel ${a.tunnel.name}: ${a.site.name} and ${a.peer.name} are both in AS ${asnText(s.asn, a.site)}; the BGP session needs two ASNs (eBGP): give one site another 'asn'.`,
        related,
        fixes: sameAsnFix(topology, a),
    });
}

/**
 * The one obvious fix of asn-same: when exactly one of the two sites writes its ASN (the other has
 * its provider's default), change the written one to a private ASN no other site has.
 */
function sameAsnFix(topology: Topology, a: TunnelEnd): QuickFix[] {
    const written = [a.site, a.peer].filter(s => s.asnSrc);
    if (written.length !== 1) return [];
    const site = written[0];
    const n = freeAsns(topology, site, 1)[0];
    return n === undefined ? [] : [{ title: `Change the ASN of ${site.name} to ${n}`, preferred: true, edits: [editAt(site.asnSrc!, String(n))] }];
}

function checkAsn(topology: Topology, site: Site, ends: TunnelEnd[], out: Finding[]): void {
    const prof = getProfile(site.provider);
    const rules = prof.bgp;
    const asn = settingsOf(ends[0]).asn;
    if (asn.value === undefined) {
        if (rules) {
            out.push({
                code: 'asn-missing', severity: 'info', at: site.nameSrc,
                message: `Site ${site.name} has BGP tunnels but no ASN, and ${prof.displayName} has no default: add 'asn N' (a private ASN such as 64514${site.provider === 'gcp' ? ', the Cloud Router\'s' : ''}).`,
                fixes: freeAsns(topology, site, 1).map(n => ({ title: `Add asn ${n} to site ${site.name}`, preferred: true, edits: [editAt(site.propertiesEnd, ` asn ${n} `)] })),
            });
        }
        return;
    }
    const at = site.asnSrc ?? site.nameSrc;
    const n = asn.value;
    if (rules && asn.from !== 'default') {
        const reserved = inRanges(n, rules.asnReserved);
        if (reserved || (rules.asnAllowed && !inRanges(n, rules.asnAllowed))) {
            out.push({
                code: 'asn-invalid', severity: 'error', at,
                message: reserved
                    ? `Site ${site.name}: ASN ${n} is ${reserved.why ?? 'reserved'} (${rangeText(reserved)}); ${prof.displayName} does not take it.`
                    : `Site ${site.name}: ${prof.displayName} takes an ASN in ${rules.asnAllowed!.map(rangeText).join(', ')}, not ${n}.`,
                related: [{ at: site.nameSrc, message: rules.note }],
            });
            return;
        }
    }
    // the peers' providers may refuse this ASN for their peer (Azure's and Tencent's reserved ASNs)
    const seen = new Set<string>();
    for (const e of ends) {
        const peerRules = getProfile(e.peer.provider).bgp;
        const reserved = inRanges(n, peerRules?.peerAsnReserved);
        if (!reserved || seen.has(e.peer.provider ?? '')) continue;
        seen.add(e.peer.provider ?? '');
        out.push({
            code: 'asn-invalid', severity: 'error', at: site.asnSrc ?? statementRef(e),
            message: `Site ${site.name}: ${getProfile(e.peer.provider).displayName} (${e.peer.name}) does not accept a peer in AS ${asnText(asn, site)}: ${reserved.why ?? 'reserved'}. Choose another 'asn'.`,
            related: [{ at: e.peer.nameSrc, message: peerRules!.note }],
        });
    }
}

// ------------------------------------------------------------------------ BGP-only gateways

/** GCP HA VPN: every tunnel on an HA VPN gateway's interfaces uses BGP. */
function checkBgpOnlyGateway(site: Site, out: Finding[]): void {
    if (!getProfile(site.provider).bgp?.gatewayBgpOnly) return;
    const bgpGateways = new Map<string, TunnelEnd>();
    for (const e of site.ends) {
        const gw = settingsOf(e).gateway.value?.text;
        if (gw && isBgp(e)) bgpGateways.set(gw, e);
    }
    for (const e of site.ends) {
        const gw = settingsOf(e).gateway.value?.text;
        const bgp = gw ? bgpGateways.get(gw) : undefined;
        if (!bgp || isBgp(e)) continue;
        const r = settingsOf(e).routing;
        out.push({
            code: 'bgp-required', severity: 'error', at: r.src ?? statementRef(e),
            message: `Tunnel ${e.tunnel.name}: ${gw!.replace(/\/32$/, '')} at ${site.name} is an HA VPN interface (tunnel ${bgp.tunnel.name} uses BGP on it), and HA VPN carries only BGP tunnels; use routing bgp, or a Classic VPN gateway address of its own for routing ${r.value}.`,
            related: [{ at: statementRef(bgp), message: `Tunnel ${bgp.tunnel.name}: BGP on ${gw!.replace(/\/32$/, '')}.` }],
        });
    }
}
