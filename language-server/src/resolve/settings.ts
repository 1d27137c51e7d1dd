/**
 * The effective settings of each tunnel end, each with where it comes from. This is the one
 * place where Topo decides what a tunnel end is configured with: the check, hover, inlay hints,
 * code lens, completion, runbooks and adapters read `settingsOf(end)` and never work a setting
 * out again (test/resolve/agreement.test.ts holds them to it).
 *
 * The rule, per end E of a tunnel whose other end is O:
 * - what E's statement writes (`declared`; a `<->` statement writes both ends);
 * - else what O's statement writes (`mirrored`: the `->` of a one-sided tunnel, or a pair whose
 *   other statement writes it; proposals only while both ends use the same IKE version);
 * - else a value Topo works out from the sites: selectors `derived` from the sites and the star;
 *   the IKE version `forced` by the providers (two gateways that cannot choose one use their
 *   common default) or `chosen` (the highest both offer); proposals `chosen` as the strongest
 *   suite both providers accept; routing and the key's variable Topo's `default`;
 * - when the ends share no IKE version or no suite, crypto is in the explicit
 *   `no-common-suite` state: nothing falls back to a suite neither end agreed to.
 *
 * How to add a setting (a lifetime, DPD, an identity, a BGP ASN, ...):
 * 1. model/: read what the statement writes into `TunnelEnd` (model/types.ts, build.ts
 *    `tunnelParts` and the `End` constructor; a mirrored end copies the settings).
 * 2. here: add `name: Setting<T>` to `EndSettings` and compute it in `resolveEnd`, usually
 *    `written(e, o, x => x.name, 'nameSrc') ?? { value: fallback, from: 'default' }`; put the
 *    provider facts it needs in providers/ (data), not here.
 * 3. outputs read `settingsOf(end).name.value` (and `.from` to say where it came from);
 *    add the setting to the property test's comparison.
 */
import type { Phase, Suite } from '../crypto/proposal.js';
import { parseProposal, suitesOf } from '../crypto/proposal.js';
import { commonIkeVersions, strongestCommon } from './negotiate.js';
import type { Dpd, EndSource, Identity, IkeVersion, InsideAddress, Net, ProviderId, RoutingMode, SelectorOrigin, Site, SourceRef, TunnelEnd } from '../model/types.js';
import { makePrefix, type Prefix } from '../net/prefix.js';
import { getProfile } from '../providers/index.js';
import { caches } from '../util/cache-store.js';

/** Where an effective value comes from. */
export type Provenance =
    /** written in this end's statement */
    | 'declared'
    /** written in the other end's statement */
    | 'mirrored'
    /** worked out from the sites (selectors of a star, of a site) */
    | 'derived'
    /** chosen by Topo: the strongest suite / highest IKE version both ends accept */
    | 'chosen'
    /** the providers leave no choice (e.g. two gateways without an IKE version setting) */
    | 'forced'
    /** Topo's default when nothing is written (routing policy, the key's environment variable) */
    | 'default';

export interface Setting<T> {
    readonly value: T;
    readonly from: Provenance;
    /** Where it is written (declared or mirrored values). */
    readonly src?: SourceRef;
    /** For a `default` or `forced` value that is a provider's (ASN, lifetimes, DPD): which provider's. */
    readonly provider?: ProviderId;
}

/** Where a pre-shared key comes from (never the key). Without `psk`: the variable TOPO_PSK_<TUNNEL>. */
export type PskSource = { kind: 'env'; variable: string; implicit: boolean } | { kind: 'literal'; tunnel: string };

/** The crypto of an end when the two ends can negotiate one. */
export interface EndCrypto {
    readonly state: 'resolved';
    readonly ike: Setting<IkeVersion>;
    /** strongSwan proposal texts, as written (trimmed) or as chosen. */
    readonly ikeProposals: Setting<string[]>;
    readonly espProposals: Setting<string[]>;
    /** The PFS group (canonical id, e.g. `modp2048`) of the first ESP suite; undefined = no PFS. */
    readonly pfs: Setting<string | undefined>;
    /** The first concrete suite of the first proposal that parses: what a console with one field per element gets. */
    readonly ikeSuite?: Suite;
    readonly espSuite?: Suite;
    /** Topo chose the proposals of at least one phase. */
    readonly chosen: boolean;
}

/** The ends share no IKE version, or no suite in a phase Topo has to choose. */
export interface NoCommonSuite {
    readonly state: 'no-common-suite';
    readonly reason: 'no-ike-version' | 'no-suite';
    readonly ike?: Setting<IkeVersion>;
}

export interface EndSettings {
    readonly end: TunnelEnd;
    readonly crypto: EndCrypto | NoCommonSuite;
    /** Traffic selectors (listed when read: on the centre of a large star prefer model/selectors.ts). */
    readonly local: Setting<Net[]>;
    readonly remote: Setting<Net[]>;
    readonly psk: Setting<PskSource>;
    readonly routing: Setting<RoutingMode>;
    /** The gateway addresses the tunnel uses at this end's site and at the peer: written
     *  (`local-gateway` / `remote-gateway`), else each site's first (`default`); undefined while unknown. */
    readonly gateway: Setting<Prefix | undefined>;
    readonly peerGateway: Setting<Prefix | undefined>;
    /** The own (interface) address of this end's gateway when it is behind NAT (`behind-nat`, paired
     *  by position with the site's `gateway` addresses; `derived`), else undefined: the gateway
     *  address is its own. What it binds (strongSwan `local_addrs`) and its default IKE identity. */
    readonly natAddress: Setting<Prefix | undefined>;
    /** BGP: the ASN of this end's site and of the peer's (`asn`, else the provider's default; undefined: none chosen). */
    readonly asn: Setting<number | undefined>;
    readonly peerAsn: Setting<number | undefined>;
    /** BGP inside addresses of this end and of the peer: written (`local-inside` / `remote-inside`),
     *  or `derived` as the other address of the /30 (/31) the other side writes; undefined: not given. */
    readonly inside: Setting<InsideAddress | undefined>;
    readonly peerInside: Setting<InsideAddress | undefined>;
    /** Lifetimes in seconds: written, else the provider's fixed value (`forced`) or default (`default`); undefined: unknown. */
    readonly ikeLifetime: Setting<number | undefined>;
    readonly espLifetime: Setting<number | undefined>;
    /** Dead peer detection: written, else the provider's (`forced` when it cannot be set, else `default`). */
    readonly dpd: Setting<Dpd | undefined>;
    /** IKE identities: written (`local-id` / `remote-id`), else the gateway addresses (`default`): its own
     *  address behind NAT for localId (what the gateway presents), the public one for remoteId (what the peer connects to). */
    readonly localId: Setting<Identity | undefined>;
    readonly remoteId: Setting<Identity | undefined>;
}

/**
 * The settings of an end, worked out once per end. The model is rebuilt per edit, with new end
 * objects; what an end's settings are made of (the written settings of both statements, the two
 * sites' providers and ASNs, the gateways, inside addresses and identities) is kept per statement
 * by the builder, so an end whose inputs are the same objects as last time takes the settings
 * worked out then, bound to the new end (`collectInputs` lists every input, compared by identity).
 */
export function settingsOf(end: TunnelEnd): EndSettings {
    let s = end.settingsSlot as EndSettings | undefined;
    if (!s || s.end !== end) end.settingsSlot = s = reuseOrResolve(end);
    return s;
}

/** The crypto of an end, or undefined in the no-common-suite state. */
export function cryptoOf(end: TunnelEnd): EndCrypto | undefined {
    const c = settingsOf(end).crypto;
    return c.state === 'resolved' ? c : undefined;
}

/** The IKE version an end uses (also in the no-common-suite state when the ends share one). */
export function ikeOf(end: TunnelEnd): IkeVersion | undefined {
    return settingsOf(end).crypto.ike?.value;
}

/**
 * Settings across rebuilds, keyed by an object the builder keeps per statement (the tunnel's
 * first statement's source, for a derived tunnel its spoke's site), one memo per end of the tunnel.
 */
const reused = { a: caches.memo<object, Unbound>('settings.a'), b: caches.memo<object, Unbound>('settings.b') };

/** Settings without what reads the end itself: what is kept holds no model object, so no earlier model stays alive through it. */
type Unbound = Omit<EndSettings, 'end' | 'local' | 'remote'>;
const inputs: unknown[] = [];

function reuseOrResolve(e: TunnelEnd): EndSettings {
    const t = e.tunnel;
    const anchor: object = t.kind === 'derived' ? t.b.site.src : (t.a.source ?? t.a.site.src);
    const memo = t.a === e ? reused.a : reused.b;
    collectInputs(e, inputs);
    const known = memo.get(anchor, inputs);
    if (known) return bind(known, e);
    const s = resolveEnd(e);
    const { end: _end, local: _local, remote: _remote, ...unbound } = s;
    memo.set(anchor, inputs, unbound);
    return s;
}

/**
 * Everything resolveEnd reads of an end, its tunnel, its other end and the two sites: the
 * statements they come from (the builder keeps one source object per statement while its text is
 * the same) and the values themselves.
 */
function collectInputs(e: TunnelEnd, out: unknown[]): void {
    out.length = 0;
    const o = otherEnd(e);
    out.push(e.site.src, e.peer.src, e.tunnel.a.source, e.tunnel.b.source);
    out.push(e.tunnel.name, e.tunnel.kind, e.localOrigin, e.remoteOrigin,
        e.gateway, e.peerGateway, e.gatewaySrc, e.peerGatewaySrc, e.inside, e.peerInside, e.insideSrc, e.peerInsideSrc,
        e.localId, e.remoteId, e.localIdSrc, e.remoteIdSrc, e.site.natSrc);
    for (const x of [e, o]) {
        out.push(x.site.provider, x.site.asn, x.site.asnSrc, x.source, x.ike, x.psk, x.routing, x.ikeLifetime, x.espLifetime, x.dpd,
            x.ikeProposals.length, x.espProposals.length);
        for (const p of x.ikeProposals) out.push(p);
        for (const p of x.espProposals) out.push(p);
    }
}

/** Settings worked out for an earlier end with the same inputs, for `e`: the parts that read the end itself are its own. */
function bind(s: Unbound, e: TunnelEnd): EndSettings {
    return { ...s, end: e, local: selector(e, 'local'), remote: selector(e, 'remote') };
}

export function otherEnd(end: TunnelEnd): TunnelEnd {
    return end.tunnel.a === end ? end.tunnel.b : end.tunnel.a;
}

/** The environment variable an end without `psk` reads its key from. */
export function implicitPskVariable(tunnelName: string): string {
    return `TOPO_PSK_${tunnelName.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`;
}

type SrcKey = keyof Pick<EndSource, 'ikeSrc' | 'ikeProposalSrc' | 'espProposalSrc' | 'routingSrc' | 'localSrc' | 'remoteSrc' | 'ikeLifetimeSrc' | 'espLifetimeSrc' | 'dpdSrc'>;

/**
 * A value written for this end: in its own statement (`declared`), or only in the other end's
 * (`mirrored`; a mirrored end of a `->` tunnel holds a copy of the other statement's values).
 */
function written<T>(e: TunnelEnd, o: TunnelEnd, read: (x: TunnelEnd) => T | undefined, srcKey?: SrcKey): Setting<T> | undefined {
    const own = read(e);
    if (own !== undefined) {
        if (e.source) return { value: own, from: 'declared', src: srcKey && e.source[srcKey] };
        return { value: own, from: 'mirrored', src: srcKey && o.source?.[srcKey] };
    }
    const theirs = read(o);
    if (theirs !== undefined) return { value: theirs, from: 'mirrored', src: srcKey && o.source?.[srcKey] };
    return undefined;
}

const nonEmpty = <T>(xs: T[]): T[] | undefined => (xs.length ? xs : undefined);
const texts = (ps: { text: string }[]) => nonEmpty(ps.map(p => p.text.trim()));

/** Two providers in a fixed order, so that both ends of a tunnel choose the same suite. */
function pair(a: ProviderId | undefined, b: ProviderId | undefined): [ProviderId | undefined, ProviderId | undefined] {
    return (a ?? '') <= (b ?? '') ? [a, b] : [b, a];
}

function resolveIke(e: TunnelEnd, o: TunnelEnd): Setting<IkeVersion> | undefined {
    const w = written(e, o, x => x.ike, 'ikeSrc');
    if (w) return w;
    const [p, q] = pair(e.site.provider, o.site.provider);
    const common = commonIkeVersions(p, q);
    if (common.length === 0) return undefined;
    const pp = getProfile(p), pq = getProfile(q);
    if (pp.ikeVersionSettable === false && pq.ikeVersionSettable === false && pp.defaultIke === pq.defaultIke && common.includes(pp.defaultIke)) {
        return { value: pp.defaultIke, from: 'forced' };
    }
    return { value: common[0], from: 'chosen' };
}

function firstSuite(list: string[], phase: Phase): Suite | undefined {
    for (const text of list) {
        const r = parseProposal(text, phase);
        if (r.ok) return suitesOf(r.proposal)[0];
    }
    return undefined;
}

function resolveCrypto(e: TunnelEnd, o: TunnelEnd): EndCrypto | NoCommonSuite {
    const ike = resolveIke(e, o);
    if (!ike) return { state: 'no-common-suite', reason: 'no-ike-version' };
    // the other end's proposals are mirrored only while it uses the same IKE version
    const sameVersion = (o.ike ?? ike.value) === ike.value;
    const proposals = (phase: Phase): Setting<string[]> | undefined => {
        const read = (x: TunnelEnd) => texts(phase === 'ike' ? x.ikeProposals : x.espProposals);
        const key: SrcKey = phase === 'ike' ? 'ikeProposalSrc' : 'espProposalSrc';
        const own = written(e, o, x => (x === e ? read(x) : undefined), key);
        if (own) return own;
        return sameVersion ? written(e, o, x => (x === o ? read(x) : undefined), key) : undefined;
    };
    let ikeP = proposals('ike'), espP = proposals('esp');
    const chosen = !ikeP || !espP;
    if (chosen) {
        const [p, q] = pair(e.site.provider, o.site.provider);
        const best = strongestCommon(p, q, ike.value);
        if (!best) return { state: 'no-common-suite', reason: 'no-suite', ike };
        ikeP ??= { value: [best.ikeProposal], from: 'chosen' };
        espP ??= { value: [best.espProposal], from: 'chosen' };
    }
    const ikeSuite = firstSuite(ikeP!.value, 'ike');
    const espSuite = firstSuite(espP!.value, 'esp');
    return {
        state: 'resolved', ike, ikeProposals: ikeP!, espProposals: espP!, chosen,
        pfs: { value: espSuite?.dh?.id, from: espP!.from, src: espP!.src },
        ikeSuite, espSuite,
    };
}

const ORIGIN: Record<SelectorOrigin, Provenance> = { declared: 'declared', mirrored: 'mirrored', derived: 'derived' };

function selector(e: TunnelEnd, side: 'local' | 'remote'): Setting<Net[]> {
    const from = ORIGIN[side === 'local' ? e.localOrigin : e.remoteOrigin];
    const o = otherEnd(e);
    const src = from === 'declared' ? e.source?.[side === 'local' ? 'localSrc' : 'remoteSrc']
        : from === 'mirrored' ? o.source?.[side === 'local' ? 'remoteSrc' : 'localSrc'] : undefined;
    return new SelectorSetting(e, side, from, src);
}

/**
 * A selector's setting, listed when read: the centre of a 10,000-spoke star lists 10,000
 * networks per end. A class, so that `value` is a getter of the prototype (an object literal
 * with a getter is a dictionary in V8, about 250 bytes; there are two per tunnel end).
 */
class SelectorSetting implements Setting<Net[]> {
    constructor(private readonly end: TunnelEnd, private readonly side: 'local' | 'remote', readonly from: Provenance, readonly src: SourceRef | undefined) {}
    get value(): Net[] { return this.end[this.side]; }
}

function resolvePsk(e: TunnelEnd, o: TunnelEnd): Setting<PskSource> {
    const w = written(e, o, x => x.psk);
    if (!w) return { value: { kind: 'env', variable: implicitPskVariable(e.tunnel.name), implicit: true }, from: 'default' };
    const psk = w.value;
    const value: PskSource = psk.kind === 'env' ? { kind: 'env', variable: psk.variable, implicit: false } : { kind: 'literal', tunnel: e.tunnel.name };
    return { value, from: w.from, src: psk.src };
}

function resolveEnd(e: TunnelEnd): EndSettings {
    const o = otherEnd(e);
    const crypto = resolveCrypto(e, o);
    const ike = crypto.ike?.value;
    const inside = relativeSetting(e, e.inside, e.insideSrc);
    const peerInside = relativeSetting(e, e.peerInside, e.peerInsideSrc);
    const ownGw = gatewaySetting(e, e.gateway, e.gatewaySrc), peerGw = gatewaySetting(e, e.peerGateway, e.peerGatewaySrc);
    const nat = natAddressOf(e.site, ownGw.value);
    return {
        crypto,
        asn: asnOf(e.site), peerAsn: asnOf(e.peer),
        inside: inside.value ? inside : otherOfPair(peerInside.value) ?? inside,
        peerInside: peerInside.value ? peerInside : otherOfPair(inside.value) ?? peerInside,
        ikeLifetime: lifetime(e, o, ike, 'ike'),
        espLifetime: lifetime(e, o, ike, 'esp'),
        dpd: dpdOf(e, o),
        natAddress: nat,
        localId: identitySetting(e, e.localId, e.localIdSrc, nat.value ? nat : ownGw),
        remoteId: identitySetting(e, e.remoteId, e.remoteIdSrc, peerGw),
        psk: resolvePsk(e, o),
        routing: written(e, o, x => x.routing, 'routingSrc') ?? { value: 'policy', from: 'default' },
        gateway: ownGw,
        peerGateway: peerGw,
        // last, as bind() adds them to reused settings
        end: e,
        local: selector(e, 'local'),
        remote: selector(e, 'remote'),
    };
}

/** A value written relative to a statement's first site (gateways, inside addresses, identities): declared in this end's statement or mirrored from the other's. */
function relativeSetting<T>(e: TunnelEnd, value: T, src: SourceRef | undefined, fallback: Provenance = 'default'): Setting<T> {
    if (!src) return { value, from: fallback };
    // written in this end's own statement, or in the other end's
    const own = e.source && e.source.statement.uri === src.uri && contains(e.source.statement, src);
    return { value, from: own ? 'declared' : 'mirrored', src };
}

function gatewaySetting(e: TunnelEnd, value: Prefix | undefined, src: SourceRef | undefined): Setting<Prefix | undefined> {
    return relativeSetting(e, value, src);
}

/** The gateway's own address behind NAT: the `behind-nat` address at the position of the gateway among the site's. */
function natAddressOf(site: Site, gateway: Prefix | undefined): Setting<Prefix | undefined> {
    const nat = site.nat ?? [];
    if (!nat.length) return { value: undefined, from: 'default' };
    const i = gateway ? site.gateways.findIndex(g => g.text === gateway.text) : 0;
    const value = nat[i < 0 ? 0 : i];
    return value ? { value, from: 'derived', src: site.natSrc } : { value: undefined, from: 'default' };
}

/** The ASN of a site: written, else its provider's default (the same for every end at the site). */
export function asnOf(site: Site): Setting<number | undefined> {
    if (site.asn !== undefined) return { value: site.asn, from: 'declared', src: site.asnSrc };
    return { value: getProfile(site.provider).bgp?.asnDefault, from: 'default', provider: site.provider };
}

/** The other address of a /30 (its two usable addresses) or a /31, given one of them. */
function otherOfPair(x: InsideAddress | undefined): Setting<InsideAddress> | undefined {
    if (!x) return undefined;
    const { network, address } = x;
    const bits = network.version === 4 ? 32 : 128;
    let other: bigint | undefined;
    if (network.length === bits - 1) other = address.first === network.first ? network.last : network.first;
    else if (network.version === 4 && network.length === 30) {
        if (address.first === network.first + 1n) other = network.first + 2n;
        else if (address.first === network.first + 2n) other = network.first + 1n;
    }
    if (other === undefined) return undefined;
    const a = makePrefix(network.version, other, bits);
    return { value: { address: a, network, text: `${a.text.replace(/\/(32|128)$/, '')}/${network.length}` }, from: 'derived' };
}

function lifetime(e: TunnelEnd, o: TunnelEnd, ike: IkeVersion | undefined, phase: 'ike' | 'esp'): Setting<number | undefined> {
    const w = written(e, o, x => (phase === 'ike' ? x.ikeLifetime : x.espLifetime), phase === 'ike' ? 'ikeLifetimeSrc' : 'espLifetimeSrc');
    const l = ike ? getProfile(e.site.provider).versions[ike]?.lifetimes[phase] : undefined;
    // the other end's value does not carry over to a provider whose lifetime is fixed
    if (w && !(w.from === 'mirrored' && l?.fixed !== undefined)) return w;
    if (l?.fixed !== undefined) return { value: l.fixed, from: 'forced', provider: e.site.provider };
    return { value: l?.default, from: 'default', provider: l?.default !== undefined ? e.site.provider : undefined };
}

function dpdOf(e: TunnelEnd, o: TunnelEnd): Setting<Dpd | undefined> {
    const w = written(e, o, x => x.dpd, 'dpdSrc');
    if (w) return w;
    const d = getProfile(e.site.provider).dpd;
    const value: Dpd | undefined = d?.default !== undefined ? { delay: d.default } : undefined;
    return { value, from: d && !d.settable ? 'forced' : 'default', provider: d ? e.site.provider : undefined };
}

function identitySetting(e: TunnelEnd, value: Identity | undefined, src: SourceRef | undefined, gw: Setting<Prefix | undefined>): Setting<Identity | undefined> {
    if (value) return relativeSetting(e, value, src);
    const address = gw.value?.text.replace(/\/(32|128)$/, '');
    return { value: address ? { kind: 'address', value: address } : undefined, from: 'default' };
}

function contains(outer: SourceRef, inner: SourceRef): boolean {
    const a = outer.range, b = inner.range;
    const before = (x: { line: number; character: number }, y: { line: number; character: number }) => x.line < y.line || (x.line === y.line && x.character <= y.character);
    return before(a.start, b.start) && before(b.end, a.end);
}

/**
 * How a setting's provenance reads in hovers and hints: a provider's default or fixed value names
 * the provider ("GCP's default", "fixed by QingCloud"), not Topo.
 */
export function provenanceText(s: { from: Provenance; provider?: ProviderId }): string {
    if (s.provider && s.from === 'default') return `${getProfile(s.provider).shortName}'s default`;
    if (s.provider && s.from === 'forced') return `fixed by ${getProfile(s.provider).shortName}`;
    return PROVENANCE_TEXT[s.from];
}

/** How a provenance reads in hovers and hints. */
export const PROVENANCE_TEXT: Record<Provenance, string> = {
    declared: 'as written',
    mirrored: 'from the other end',
    derived: 'derived from the sites',
    chosen: 'chosen by Topo: the strongest both ends accept',
    forced: 'forced by the providers',
    default: "Topo's default",
};

/**
 * The strongest suite both ends of a tunnel accept (with `ike`, in that version; else in the
 * highest version both offer that has one): what quick fixes and suggestions propose. The same
 * answer for both ends (the providers are taken in a fixed order).
 */
export function strongestSuite(t: { a: TunnelEnd; b: TunnelEnd }, ike?: IkeVersion): ReturnType<typeof strongestCommon> {
    const [p, q] = pair(t.a.site.provider, t.b.site.provider);
    return strongestCommon(p, q, ike);
}
