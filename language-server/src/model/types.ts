/**
 * The resolved topology model: what the analyses, runbooks and adapters consume.
 *
 * Built from the Langium AST by `build.ts`, but free of Langium types, so that every analysis
 * is a pure function of this model and can be tested by constructing a model in plain code
 * (see `test/model-fixtures.ts`). Source positions are kept as `SourceRef`s (uri + LSP range)
 * so that findings can point at the text and quick fixes can edit it.
 */
import type { OutcomeData } from '../analyses/outcome.js';
import type { DiagnosticCode } from '../diagnostic-codes.js';
import type { Prefix } from '../net/prefix.js';

export const PROVIDER_IDS = ['gcp', 'tencent', 'qingcloud', 'aws', 'azure', 'alibaba', 'huawei', 'strongswan'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export function isProviderId(s: string): s is ProviderId {
    return (PROVIDER_IDS as readonly string[]).includes(s);
}

/** 0-based, as in LSP. */
export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

/** Where something is written. `uri` is the document's URI (file:///...). */
export interface SourceRef { uri: string; range: Range }

/** A text edit in some document. */
export interface Edit { uri: string; range: Range; newText: string }

/** A network (site CIDR, selector element, route destination) together with where it is written. */
export interface Net {
    prefix: Prefix;
    /** Absent for derived values (selectors computed from sites). */
    src?: SourceRef;
}

export interface Host {
    name: string;
    address: Prefix;        // a /32 (or /128)
    site: Site;
    src: SourceRef;         // the whole statement
    nameSrc: SourceRef;
    addressSrc: SourceRef;
}

export interface Route {
    destination: Net;
    /** The tunnel named after `via` (resolved), or undefined if it does not resolve. */
    via?: Tunnel;
    viaName: string;
    src: SourceRef;
}

export interface Site {
    name: string;
    provider?: ProviderId;
    region?: string;
    /** The site's private networks (valid ones only; invalid CIDRs are reported at build time). */
    networks: Net[];
    /** Public address of the VPN gateway, when known (the first of `gateways`). */
    gateway?: Prefix;
    /** Every public gateway address (AWS's two outside addresses, GCP HA VPN interfaces 0 and 1, ...). */
    gateways: Prefix[];
    routes: Route[];
    hosts: Host[];
    /** The centre of the star this site belongs to (the site itself for the centre). */
    hub?: Site;
    /** The tunnel ends configured at this site (declared, mirrored or derived). */
    ends: TunnelEnd[];
    src: SourceRef;          // the whole statement
    nameSrc: SourceRef;
    providerSrc?: SourceRef;
    /** Position just before the closing `>` of the property list: where new properties are inserted. */
    propertiesEnd: SourceRef;
    gatewaySrc?: SourceRef;
    /** `behind-nat`: the gateways' own (interface) addresses behind NAT, paired by position with
     *  `gateways` (their public addresses); a gateway without one here is not behind NAT. */
    nat?: Prefix[];
    natSrc?: SourceRef;
    /** The BGP autonomous system number written for the site (`asn N`; valid ones only). */
    asn?: number;
    asnSrc?: SourceRef;
}

/** A BGP inside (tunnel interface) address: `169.254.10.1/30`. */
export interface InsideAddress {
    /** The interface address (a /32 or /128). */
    address: Prefix;
    /** The inside network it belongs to (`169.254.10.0/30`). */
    network: Prefix;
    /** As written (`169.254.10.1/30`). */
    text: string;
}

/** An IKE identity (`local-id` / `remote-id`): an IP address, an FQDN or a user FQDN (user@domain). */
export interface Identity {
    kind: 'address' | 'fqdn' | 'user-fqdn';
    value: string;
}

/** Dead peer detection: the interval in seconds between liveness checks, or off. */
export type Dpd = { delay: number } | 'off';

export type IkeVersion = 1 | 2;
export type RoutingMode = 'policy' | 'static' | 'bgp';

/** A route-based end (routing static or bgp): it negotiates any <-> any (0.0.0.0/0, ::/0); routes steer the traffic. */
export function routeBased(e: { routing?: RoutingMode }): boolean {
    return e.routing === 'static' || e.routing === 'bgp';
}

/** Pre-shared key. Never print `value` anywhere (messages, logs, runbooks). */
export type Psk =
    | { kind: 'env'; variable: string; src: SourceRef }
    | { kind: 'literal'; value: string; src: SourceRef };

/** A proposal exactly as written (strongSwan syntax), e.g. `aes128-sha1-modp1024`. */
export interface ProposalText { text: string; src?: SourceRef }

/**
 * The tunnel statement that configures one end, with the positions of its properties.
 * Only present on ends that are written in the file (`declared`).
 */
export interface EndSource {
    /** The `tunnel ... < ... >` statement. */
    statement: SourceRef;
    nameSrc: SourceRef;
    /** The `local ...` / `remote ...` property, when written. */
    localSrc?: SourceRef;
    remoteSrc?: SourceRef;
    ikeSrc?: SourceRef;
    ikeProposalSrc?: SourceRef;
    espProposalSrc?: SourceRef;
    routingSrc?: SourceRef;
    /** `local-gateway` / `remote-gateway` as written (relative to the statement's first site). */
    localGatewaySrc?: SourceRef;
    remoteGatewaySrc?: SourceRef;
    /** `local-inside` / `remote-inside`, `local-id` / `remote-id` as written (relative to the statement's first site). */
    localInsideSrc?: SourceRef;
    remoteInsideSrc?: SourceRef;
    localIdSrc?: SourceRef;
    remoteIdSrc?: SourceRef;
    ikeLifetimeSrc?: SourceRef;
    espLifetimeSrc?: SourceRef;
    dpdSrc?: SourceRef;
    /** Where to insert a new property: just before the closing `>`, or at the statement end
     *  when the statement has no `< >` (then the inserted text must include `< ... >`). */
    propertiesEnd: SourceRef;
    hasPropertyList: boolean;
    /** For `A <-> B` the statement describes both ends; the far end's selectors are mirrored. */
    mirrored: boolean;
}

/** How the value of a selector was obtained. */
export type SelectorOrigin = 'declared' | 'mirrored' | 'derived';

/**
 * How a derived selector is made: the networks of `site`, and when `star` is set (the centre of
 * a star, towards its spoke `except`) also those of every other spoke of `star`. A hub with
 * 10,000 spokes would otherwise list 10,000 networks on each of its 10,000 ends; with this
 * description `model/selectors.ts` answers size and coverage questions without listing them,
 * and `local` / `remote` list them only when read (computed once per end).
 */
export interface DerivedSelector {
    site: Site;
    star?: Star;
    except?: Site;
}

/** One end of a tunnel: what the console of `site` holds for the tunnel towards `peer`. */
export interface TunnelEnd {
    /** The tunnel's name at this end (the declared name, or for derived ends `<site>-<peer>`). */
    name: string;
    site: Site;
    peer: Site;
    tunnel: Tunnel;
    /** Written in the file: `site -> peer` or `site <-> peer` / `peer <-> site`. */
    declared: boolean;
    /** Effective traffic selectors (this end's side and the far side). On the centre of a large
     *  star these can be long: prefer `selectorSize` / `selectorCoverage` (model/selectors.ts). */
    local: Net[];
    remote: Net[];
    localOrigin: SelectorOrigin;
    remoteOrigin: SelectorOrigin;
    /** When a side is derived: how (computed on demand from this; see DerivedSelector). */
    localDerived?: DerivedSelector;
    remoteDerived?: DerivedSelector;
    /** Crypto/settings as written for this end (a `<->` statement gives both ends the same). */
    ike?: IkeVersion;
    ikeProposals: ProposalText[];
    espProposals: ProposalText[];
    psk?: Psk;
    routing?: RoutingMode;
    /** The gateway addresses this tunnel uses at this end's site and at the peer: written
     *  (`local-gateway` / `remote-gateway`), else each site's first; undefined while unknown. */
    gateway?: Prefix;
    peerGateway?: Prefix;
    /** Where `gateway` / `peerGateway` are written (`local-gateway` / `remote-gateway`), when they are. */
    gatewaySrc?: SourceRef;
    peerGatewaySrc?: SourceRef;
    /** BGP inside addresses as written for this end's site and for the peer (`local-inside` /
     *  `remote-inside`, relative to the statement's first site), with where they are written. */
    inside?: InsideAddress;
    peerInside?: InsideAddress;
    insideSrc?: SourceRef;
    peerInsideSrc?: SourceRef;
    /** IKE identities as written for this end (its own and the one it expects of the peer). */
    localId?: Identity;
    remoteId?: Identity;
    localIdSrc?: SourceRef;
    remoteIdSrc?: SourceRef;
    /** Lifetimes in seconds and DPD as written for this end (a `<->` statement gives both ends the same). */
    ikeLifetime?: number;
    espLifetime?: number;
    dpd?: Dpd;
    /** Present when `declared`. */
    source?: EndSource;
    /** Where resolve/ keeps this end's settings once worked out (settingsOf): it lives and dies
     *  with the end, without a WeakMap entry per end per rebuild. Not part of the model's meaning. */
    settingsSlot?: unknown;
}

/**
 * A tunnel between two sites, with both ends.
 * - `both`: `tunnel N A <-> B`;
 * - `pair`: `tunnel N1 A -> B` and `tunnel N2 B -> A` both written;
 * - `one`: only `A -> B` written, B's end is its mirror;
 * - `derived`: from `hub` (no tunnel written between hub and spoke).
 */
export interface Tunnel {
    name: string;
    kind: 'both' | 'pair' | 'one' | 'derived';
    /** `a` is the first written end (`A` of `A -> B` / `A <-> B`); for derived tunnels the hub. */
    a: TunnelEnd;
    b: TunnelEnd;
}

export interface Star {
    hub: Site;
    spokes: Site[];
}

/** Everything of one topology (one file, or every file that declares the same `topology NAME`). */
export interface Topology {
    name?: string;
    /** The documents that make up this topology. */
    uris: string[];
    sites: Site[];
    siteByName: Map<string, Site>;
    hosts: Host[];
    tunnels: Tunnel[];
    stars: Star[];
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface RelatedInfo { at: SourceRef; message: string }

export interface QuickFix {
    title: string;
    edits: Edit[];
    /** The preferred fix among several (VS Code applies it with the auto-fix shortcut). */
    preferred?: boolean;
}

/**
 * A problem found in a topology: the output of every analysis. The language server turns it
 * into an LSP diagnostic (with code actions from `fixes`), the CLI into text/JSON/SARIF.
 * Messages must name sites, tunnels and networks, and must never contain a pre-shared key.
 */
export interface Finding {
    code: DiagnosticCode;
    severity: Severity;
    message: string;
    at: SourceRef;
    related?: RelatedInfo[];
    fixes?: QuickFix[];
    /** A finding about a tunnel: the verdict on it (analyses/outcome.ts), for the machine outputs. */
    outcome?: OutcomeData;
}
