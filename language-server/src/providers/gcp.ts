/**
 * Google Cloud VPN: Classic VPN (policy-based / route-based static) and HA VPN (BGP only).
 * Facts: providers.md §1 (snapshot: GCP docs page "Last updated 2026-04-10").
 *
 * Sources:
 * - [S-G1] https://cloud.google.com/network-connectivity/docs/vpn/concepts/supported-ike-ciphers
 *   (IKEv2 cipher lists, the single IKEv1 suite, PFS required, fixed lifetimes, PSK-only)
 * - [S-G2] https://cloud.google.com/network-connectivity/docs/vpn/how-to/configuring-peer-gateway
 *   (peer strings `ike=aes128-sha1-modp1024`, `esp=aes128-sha1` (+`-modp1024` for PFS); one child SA)
 * - [S-G3] https://cloud.google.com/network-connectivity/docs/vpn/concepts/choosing-networks-routing
 *   (HA VPN = BGP only; Classic = policy or route-based; IKEv1 one CIDR per selector; <= 30 CIDRs)
 * - [S-G6] https://cloud.google.com/network-connectivity/docs/vpn/how-to/creating-ha-vpn
 * - [S-G7] Cloud VPN cipher changes notice (dropping DH group 22; exact URL UNCONFIRMED)
 * - [S-G8] https://cloud.google.com/network-connectivity/docs/vpn/how-to/generating-pre-shared-key
 * - [S-G9] https://cloud.google.com/network-connectivity/docs/network-connectivity-center/concepts/overview
 * - [S-G10] GoogleCloudPlatform/magic-modules@mmv1/products/compute/VpnTunnel.yaml (ike_version default 2, cipher_suite)
 */
import type { ProviderProfile, SpellingTable } from './types.js';
import { capsFromSpelling, groups, isAsciiPrintableNoSpace, pskRule } from './util.js';

// [S-G1] IKEv2 DH config values: `Group-14`, `modp-2048-224`, ... Group 22 (`modp-1024-160`) is left
// out: [S-G7] says Google is dropping it while [S-G1] still lists it (UNCONFIRMED -> conservative).
const DH = {
    ...groups(n => `Group-${n}`, [2, 5, 14, 15, 16, 18, 19, 20, 21, 31]),
    modp2048s224: 'modp-2048-224',
    modp2048s256: 'modp-2048-256',
};

const IKE: SpellingTable = {
    encryption: {
        aes128gcm16: 'AES-GCM-16-128', aes192gcm16: 'AES-GCM-16-192', aes256gcm16: 'AES-GCM-16-256',
        aes128: 'AES-CBC-128', aes192: 'AES-CBC-192', aes256: 'AES-CBC-256', '3des': '3DES-CBC',
    },
    integrity: {
        aesxcbc: 'AES-XCBC-96', aescmac: 'AES-CMAC-96', sha1: 'HMAC-SHA1-96', md5: 'HMAC-MD5-96',
        sha256: 'HMAC-SHA2-256-128', sha384: 'HMAC-SHA2-384-192', sha512: 'HMAC-SHA2-512-256',
    },
    prf: {
        prfaesxcbc: 'PRF-AES128-XCBC', prfaescmac: 'PRF-AES128-CMAC', prfsha1: 'PRF-HMAC-SHA1', prfmd5: 'PRF-HMAC-MD5',
        prfsha256: 'PRF-HMAC-SHA2-256', prfsha384: 'PRF-HMAC-SHA2-384', prfsha512: 'PRF-HMAC-SHA2-512',
    },
    dh: DH,
};

// [S-G1] phase 2: no 3DES, no MD5, no SHA-384; PFS groups = the phase-1 list.
const ESP: SpellingTable = {
    encryption: {
        aes128gcm16: 'AES-GCM-16-128', aes192gcm16: 'AES-GCM-16-192', aes256gcm16: 'AES-GCM-16-256',
        aes128: 'AES-CBC-128', aes192: 'AES-CBC-192', aes256: 'AES-CBC-256',
    },
    integrity: { sha256: 'HMAC-SHA2-256-128', sha512: 'HMAC-SHA2-512-256', sha1: 'HMAC-SHA1-96' },
    dh: DH,
};

export const gcp: ProviderProfile = {
    id: 'gcp',
    displayName: 'Google Cloud VPN',
    shortName: 'GCP',
    productByRouting: { policy: 'Classic VPN', static: 'Classic VPN', bgp: 'HA VPN' },
    factsDate: '2026-04-10',
    sources: [
        { id: 'S-G11', ref: 'GoogleCloudPlatform/magic-modules@mmv1/products/compute/Router.yaml' },
        { id: 'S-G12', ref: 'GoogleCloudPlatform/magic-modules@mmv1/third_party/terraform/verify/validation.go' },
        { id: 'S-G1', ref: 'https://cloud.google.com/network-connectivity/docs/vpn/concepts/supported-ike-ciphers' },
        { id: 'S-G2', ref: 'https://cloud.google.com/network-connectivity/docs/vpn/how-to/configuring-peer-gateway' },
        { id: 'S-G3', ref: 'https://cloud.google.com/network-connectivity/docs/vpn/concepts/choosing-networks-routing' },
        { id: 'S-G6', ref: 'https://cloud.google.com/network-connectivity/docs/vpn/how-to/creating-ha-vpn' },
        { id: 'S-G7', ref: 'Cloud VPN cipher changes notice (URL UNCONFIRMED)' },
        { id: 'S-G8', ref: 'https://cloud.google.com/network-connectivity/docs/vpn/how-to/generating-pre-shared-key' },
        { id: 'S-G9', ref: 'https://cloud.google.com/network-connectivity/docs/network-connectivity-center/concepts/overview' },
        { id: 'S-G10', ref: 'GoogleCloudPlatform/magic-modules@mmv1/products/compute/VpnTunnel.yaml' },
    ],
    ikeVersions: [1, 2],
    defaultIke: 2, // [S-G10] ike_version default 2
    versions: {
        2: {
            product: 'Classic VPN and HA VPN',
            ike: capsFromSpelling(IKE),
            esp: capsFromSpelling(ESP),
            pfs: 'required', // [S-G1] "PFS required" for IKEv2 phase 2
            lifetimes: { ike: { fixed: 36000 }, esp: { fixed: 10800 } }, // [S-G1] §1.2
        },
        1: {
            product: 'Classic VPN and HA VPN',
            // [S-G1]/[S-G2] the single IKEv1 suite: AES-CBC-128 + HMAC-SHA1-96 + PRF-SHA1 + Group 2; P2 AES-CBC-128 + HMAC-SHA1-96, PFS Group 2
            ike: { encryption: ['aes128'], integrity: ['sha1'], prf: ['prfsha1'], dh: ['modp1024'] },
            esp: { encryption: ['aes128'], integrity: ['sha1'], prf: [], dh: ['modp1024'] },
            // [S-G2] gives the peer string `esp=aes128-sha1` and says "add -modp1024 for PFS": PFS optional with IKEv1
            pfs: 'optional',
            fixedSuite: {
                ike: 'aes128-sha1-modp1024', esp: 'aes128-sha1-modp1024',
                note: 'GCP Cloud VPN offers a single fixed suite with IKEv1 (custom ciphers only for IKEv2) [S-G1]',
            },
            lifetimes: { ike: { fixed: 36600 }, esp: { fixed: 10800 } },
        },
    },
    spelling: { ike: IKE, esp: ESP },
    settingSpelling: { ike: { 1: '1', 2: '2' }, routing: { policy: 'Policy-based', static: 'Route-based', bgp: 'Dynamic (BGP)' } },
    // [S-G1]/[S-G8]/[S-G10]: no documented rule (UNCONFIRMED). Conservative reading: printable ASCII without spaces.
    psk: pskRule({
        description: 'no documented rule (UNCONFIRMED); Topo expects printable ASCII without spaces. Google recommends a random 32-character key, e.g. `openssl rand -base64 24` [S-G8]',
        unconfirmed: true,
        min: 1,
        allowed: isAsciiPrintableNoSpace,
        allowedText: 'printable ASCII characters without spaces',
    }),
    routing: ['policy', 'static', 'bgp'],
    routingNote: 'Classic VPN: policy-based or route-based static; HA VPN: BGP only (Cloud Router), selectors 0.0.0.0/0. Classic BGP is deprecated except for VM peers [S-G3]',
    selectors: {
        childSas: 'one',
        ikev1FirstCidrOnly: true,
        note: 'one child SA per tunnel; IKEv1: one CIDR per selector; IKEv2: several CIDRs in the single child SA, best practice at most 30 [S-G2, S-G3]',
    },
    // [S-G6] HA VPN: 99.99 % availability only with tunnels on both interfaces (0 and 1) of the gateway
    redundancy: { tunnels: 2, routing: ['bgp'], consequence: 'HA VPN has the 99.99 % SLA only with a tunnel on each of its two interfaces; with one interface it is 99.9 % [S-G6]' },
    hub: { capable: 'no', note: 'not by itself; through a Network Connectivity Center hub with HA VPN spokes (some regions) [S-G9]' },
    // §1.4 [S-G11, S-G12]: Cloud Router ASN 64512-65534, 4200000000-4294967294 or 16550; no default.
    // [S-G6]: BGP session addresses are link-local /30s of 169.254.0.0/16; IPv6 BGP over HA VPN.
    bgp: {
        asnAllowed: [{ from: 64512, to: 65534 }, { from: 4200000000, to: 4294967294 }, { from: 16550, to: 16550, why: 'for Partner Interconnect' }],
        inside: {
            v4: { within: ['169.254.0.0/16'], lengths: [30], reserved: [], note: 'a link-local /30 of 169.254.0.0/16 for the Cloud Router and the peer [S-G6]' },
            v6: { within: ['::/0'], lengths: [126], note: 'IPv6 BGP sessions over HA VPN (IPv6 gateway) [S-G6]; that they must be in fdff:1::/64 is UNCONFIRMED, so not checked' },
        },
        gatewayBgpOnly: true,
        note: 'HA VPN: BGP only, through a Cloud Router whose ASN has no default [S-G3, S-G6, S-G11]',
        sources: ['S-G3', 'S-G6', 'S-G11', 'S-G12'],
    },
    // §0, §1.4 [S-G2]: Cloud VPN always runs DPD with its own values
    dpd: { settable: false, canDisable: false, note: 'Cloud VPN always runs DPD with its own values; Google recommends aggressive DPD on the peer [S-G2]', sources: ['S-G2'] },
    // §1.1 [S-G1, S-G6]: IPv6 only on HA VPN (BGP), with IKEv2
    ipv6: { routing: { bgp: true }, ike: [2], note: 'IPv6 inner traffic only on HA VPN (gateway stack type IPV4_IPV6 or IPV6_ONLY), with IKEv2; Classic VPN traffic selectors are IPv4 [S-G1, S-G6]', sources: ['S-G1', 'S-G6'] },
    notes: [
        { text: 'GCP drops DH group 22 (modp-1024-160) per the cipher-changes notice while the ciphers page still lists it; Topo treats it as unsupported', unconfirmed: true, sources: ['S-G1', 'S-G7'] },
        { text: 'PSK is the only authentication method', sources: ['S-G1'] },
        { text: 'IKEv2 lifetimes are not negotiated; IKEv1 peers should not propose more than 36,600 s (P1) / 10,800 s (P2)', sources: ['S-G1'] },
        { text: 'Group 18 (modp8192) is not available on IPv6 HA VPN gateways', sources: ['S-G1'] },
    ],
};
