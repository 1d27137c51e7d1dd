/**
 * Capability profile of one VPN provider: typed data, one module per provider, built from
 * docs/reference/providers.md (each profile cites the source ids of that file, §11 there).
 *
 * Algorithms are referred to by their canonical id (see ../crypto/algorithms.ts). The provider's
 * own spelling of each accepted algorithm is part of the profile (a runbook writes console steps
 * with it), and the accepted sets default to the spelled algorithms.
 */
import type { AlgKind } from '../crypto/algorithms.js';
import type { IkeVersion, ProviderId, RoutingMode } from '../model/types.js';

export type CryptoPhase = 'ike' | 'esp';

/** Canonical algorithm id -> the provider's own spelling (console / API / Terraform value). */
export type SpellingTable = Partial<Record<AlgKind, Record<string, string>>>;

/** What a provider accepts in one phase (canonical algorithm ids). */
export interface PhaseCaps {
    encryption: string[];
    /** Integrity algorithms for non-AEAD ciphers. */
    integrity: string[];
    /**
     * IKE only. `'from-integrity'`: the provider has no PRF setting; the PRF is the one that goes
     * with the selected integrity algorithm (AWS, Azure: "integrity is still selected for the PRF").
     */
    prf: string[] | 'from-integrity';
    /** IKE: DH groups; ESP: PFS groups. */
    dh: string[];
}

export interface Lifetime {
    /** Seconds; set when the provider does not let you change it. */
    fixed?: number;
    min?: number;
    max?: number;
    default?: number;
    note?: string;
}

export interface VersionCaps {
    /** Product/variant this applies to, e.g. `Classic VPN and HA VPN`. */
    product?: string;
    ike: PhaseCaps;
    esp: PhaseCaps;
    /** `required`: the provider always uses PFS (an esp-proposal without a DH group fails). */
    pfs: 'required' | 'optional';
    /** The provider offers exactly one suite with this IKE version (GCP IKEv1). */
    fixedSuite?: { ike: string; esp: string; note: string };
    lifetimes: { ike: Lifetime; esp: Lifetime };
}

export interface PskRule {
    /** Human description of the rule (shown in findings and hovers). */
    description: string;
    /** True when the rule is not documented and Topo applies a conservative guess. */
    unconfirmed: boolean;
    /** The rules the key breaks, described without the key (empty = the key is fine). */
    check(key: string): string[];
}

export interface SelectorLimits {
    /**
     * `one`: a single child SA carries every selector of the tunnel (GCP, AWS);
     * `one-per-pair`: one SA per local/remote pair (Tencent SPD entries, QingCloud);
     * `any`: several CIDRs in one child or several children, as configured.
     */
    childSas: 'one' | 'one-per-pair' | 'any';
    /** With IKEv1, selectors after the first CIDR on a side are silently ignored (strongSwan, GCP). */
    ikev1FirstCidrOnly: boolean;
    /** Most CIDRs per side (AWS: one SA pair with one CIDR each side). */
    maxCidrsPerSide?: number;
    note: string;
}

/** What a provider's gateway does during a negotiation, where it is known (`unknown`: Topo takes the cautious verdict). */
export type Known<T> = T | 'unknown';

export interface Behaviour {
    /**
     * Per IKE version: as responder, does it narrow offered traffic selectors to the intersection
     * with its own (RFC 7296 §2.9), and as initiator accept the narrowed ones? `no` / `unknown`:
     * selectors that are not exact mirrors do not come up (TS_UNACCEPTABLE / INVALID_ID_INFORMATION).
     */
    narrows: Record<IkeVersion, Known<boolean>>;
    /** Does it initiate (`both`) or only answer (`responds`)? */
    initiates: Known<'both' | 'responds'>;
    /**
     * IKEv2: the first CHILD_SA rides IKE_AUTH without a key exchange, so a PFS group the peer
     * does not accept shows only at the first CHILD_SA rekey. `fails`: that rekey fails.
     */
    pfsMismatchAtRekey: Known<'fails'>;
    note: string;
    sources: string[];
}

export interface ProfileNote {
    text: string;
    /** Marked UNCONFIRMED in providers.md; Topo took the conservative reading. */
    unconfirmed?: boolean;
    sources?: string[];
}

export interface SourceDoc {
    /** Source id in providers.md §11, e.g. `S-G1`. */
    id: string;
    /** URL or `owner/repo@path`. */
    ref: string;
}

/** An inclusive range of AS numbers. */
export interface AsnRange { from: number; to: number; why?: string }

/**
 * BGP as the provider's side does it (absent: no BGP). Facts: providers.md (§1.4 GCP, §2.4 Tencent,
 * §4.2/4.3 AWS, §5.4 Azure, §6.3 Alibaba, §7.3 Huawei).
 */
export interface BgpRules {
    /** The ASNs the provider's own side may take (absent: any 1-4294967295 not reserved). */
    asnAllowed?: AsnRange[];
    /** ASNs this provider's side may not take. */
    asnReserved?: AsnRange[];
    /** The ASN the provider's side has when none is set (absent: none, it must be chosen). */
    asnDefault?: number;
    /** ASNs a peer of this provider may not use (the provider refuses the peer's BGP settings with them). */
    peerAsnReserved?: AsnRange[];
    /** Inside (tunnel interface) addresses. */
    inside: {
        v4: { within: string[]; lengths: number[]; reserved: string[]; note: string };
        /** Absent: no IPv6 BGP session over this provider's tunnels. */
        v6?: { within: string[]; lengths: number[]; note: string };
    };
    /** false: the provider's side never opens the BGP session (Azure from APIPA addresses): the peer must. */
    initiates?: boolean;
    /** The gateway carries only BGP tunnels (GCP HA VPN: every tunnel on its interfaces needs BGP). */
    gatewayBgpOnly?: boolean;
    note: string;
    sources: string[];
}

/**
 * Dead peer detection as the provider offers it. `dpd N` in a topology is the interval between
 * liveness checks (strongSwan dpd_delay); a provider whose setting is a timeout gets the value as
 * its timeout, so the range below is of that setting.
 */
export interface DpdRules {
    /** false: DPD cannot be configured (always on with the provider's own values). */
    settable: boolean;
    min?: number;
    max?: number;
    default?: number;
    /** DPD can be turned off. */
    canDisable: boolean;
    note: string;
    sources: string[];
}

/** IPv6 inner networks (traffic selectors / routes) over the provider's tunnels. */
export interface Ipv6Rules {
    /** Per routing mode: whether IPv6 inner networks are carried (absent: not carried). */
    routing: Partial<Record<RoutingMode, boolean>>;
    /** The IKE versions that carry them (GCP HA VPN: IKEv2 only). */
    ike: IkeVersion[];
    note: string;
    /** Marked UNCONFIRMED in providers.md: Topo reports nothing rather than guess. */
    unconfirmed?: boolean;
    sources: string[];
}

/** The IKE identities the provider accepts (absent: the gateway's address only is assumed, unconfirmed). */
export interface IdentityRules {
    kinds: ('address' | 'fqdn' | 'user-fqdn')[];
    note: string;
    sources: string[];
}

export interface ProviderProfile {
    id: ProviderId;
    displayName: string;
    /** The provider in a word or two, as in "GCP's default". */
    shortName: string;
    /** Product names by routing mode where they differ (GCP: Classic VPN / HA VPN). */
    productByRouting?: Partial<Record<RoutingMode, string>>;
    /** When the facts were collected / the snapshot date of the sources. */
    factsDate: string;
    sources: SourceDoc[];
    ikeVersions: IkeVersion[];
    /** What the provider uses when nothing is set. */
    defaultIke: IkeVersion;
    /**
     * false when the console has no IKE version setting (no current profile): the gateway proposes
     * `defaultIke` and accepts any version it offers from a peer that proposes another. Two such
     * gateways therefore always use their default (resolve/: the version is "forced by the provider").
     */
    ikeVersionSettable?: boolean;
    versions: Partial<Record<IkeVersion, VersionCaps>>;
    /** The provider's own spelling of every algorithm it accepts, per phase. */
    spelling: Record<CryptoPhase, SpellingTable>;
    /** Spellings of settings that are not algorithms. */
    settingSpelling: {
        ike: Partial<Record<IkeVersion, string>>;
        /** How "no PFS" is written, where it can be chosen. */
        noPfs?: string;
        routing: Partial<Record<RoutingMode, string>>;
    };
    psk: PskRule;
    /**
     * true when a site needs an explicit VPC route-table entry (destination: the peer's network,
     * next hop: the VPN gateway) before traffic enters a policy-based or static tunnel, and the
     * reference material says so (`missing-route`). Absent: not reported rather than guessed (a
     * false `missing-route` is worse than none): the provider creates the routes itself (GCP
     * Classic VPN, Azure, QingCloud's policy tunnels), or route propagation may provide them
     * outside the file (AWS, Alibaba, Huawei), or the gateway is self-managed (strongSwan).
     */
    explicitRoute?: { needed: true; company: string };
    routing: RoutingMode[];
    routingNote: string;
    selectors: SelectorLimits;
    hub: { capable: 'yes' | 'no' | 'partial'; note: string };
    /**
     * The redundancy the provider builds in and expects the file to use: `tunnels` tunnels to
     * each peer, each on its own gateway address of this site (AWS: two per VPN connection;
     * GCP HA VPN: one per interface), for the routing modes listed (all when absent).
     */
    redundancy?: {
        tunnels: number; routing?: RoutingMode[]; consequence: string;
        /** The provider's object that carries `tunnels` tunnels to one peer gateway address (AWS: a Site-to-Site
         *  VPN connection, whose tunnels 1 and 2 share its customer gateway): the runbook creates one per group. */
        connection?: string;
    };
    notes: ProfileNote[];
    /** BGP rules; absent = the provider has no BGP. */
    bgp?: BgpRules;
    dpd?: DpdRules;
    ipv6?: Ipv6Rules;
    identities?: IdentityRules;
    /** Negotiation behaviour; absent = unknown throughout. */
    behaviour?: Behaviour;
}
