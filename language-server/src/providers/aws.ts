/**
 * AWS Site-to-Site VPN. Facts: providers.md §4 (awsdocs/aws-site-to-site-vpn-user-guide, archived
 * 2023, checked against the live EC2 API reference).
 *
 * Sources:
 * - [S-A1] awsdocs/aws-site-to-site-vpn-user-guide@doc_source/VPNTunnels.md (= https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html):
 *   algorithms, DH groups, lifetimes, PSK rule
 * - [S-A4] awsdocs/aws-site-to-site-vpn-user-guide@doc_source/VPNRoutingTypes.md (static / BGP)
 * - [S-A5] awsdocs/aws-site-to-site-vpn-user-guide@doc_source/VPN_CloudHub.md (hub)
 * - [S-A6] awsdocs/aws-site-to-site-vpn-user-guide@doc_source/your-cgw.md (one SA pair)
 * - [S-A7] https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpnTunnelOptionsSpecification.html (enum values)
 */
import type { ProviderProfile, SpellingTable } from './types.js';
import { capsFromSpelling, groups, isAlnum, pskRule } from './util.js';

const ENC = { aes128: 'AES128', aes256: 'AES256', aes128gcm16: 'AES128-GCM-16', aes256gcm16: 'AES256-GCM-16' };
const INTEG = { sha1: 'SHA1', sha256: 'SHA2-256', sha384: 'SHA2-384', sha512: 'SHA2-512' };

// [S-A1]/[S-A7] Phase1DHGroupNumbers: 2, 14-24 (no 1, no 5, no 31); Phase2DHGroupNumbers: 2, 5, 14-24.
const IKE: SpellingTable = { encryption: ENC, integrity: INTEG, dh: groups(n => `${n}`, [2, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]) };
const ESP: SpellingTable = { encryption: ENC, integrity: INTEG, dh: groups(n => `${n}`, [2, 5, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]) };

const caps = {
    ike: capsFromSpelling(IKE), // PRF: the phase-1 integrity algorithm is also used as PRF
    esp: capsFromSpelling(ESP),
    pfs: 'required' as const, // PFS always on [S-A1]
    lifetimes: {
        ike: { min: 900, max: 28800, default: 28800 },
        esp: { min: 900, max: 3600, default: 3600, note: 'must be lower than the phase-1 lifetime' },
    },
};

export const aws: ProviderProfile = {
    id: 'aws',
    displayName: 'AWS Site-to-Site VPN',
    shortName: 'AWS',
    factsDate: '2023 (user guide archive) / live API reference',
    sources: [
        { id: 'S-A9', ref: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateCustomerGateway.html' },
        { id: 'S-A10', ref: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpnGateway.html' },
        { id: 'S-A1', ref: 'awsdocs/aws-site-to-site-vpn-user-guide@doc_source/VPNTunnels.md (https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html)' },
        { id: 'S-A4', ref: 'awsdocs/aws-site-to-site-vpn-user-guide@doc_source/VPNRoutingTypes.md' },
        { id: 'S-A5', ref: 'awsdocs/aws-site-to-site-vpn-user-guide@doc_source/VPN_CloudHub.md' },
        { id: 'S-A6', ref: 'awsdocs/aws-site-to-site-vpn-user-guide@doc_source/your-cgw.md' },
        { id: 'S-A7', ref: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpnTunnelOptionsSpecification.html' },
    ],
    ikeVersions: [1, 2], // `ikev1`, `ikev2`, both by default; IKEv1 main mode only
    defaultIke: 2,
    versions: { 1: caps, 2: caps },
    spelling: { ike: IKE, esp: ESP },
    settingSpelling: { ike: { 1: 'ikev1', 2: 'ikev2' }, routing: { static: 'Static', bgp: 'Dynamic (requires BGP)', policy: 'Static (one CIDR pair: local/remote IPv4 network CIDR)' } },
    // [S-A1] "8-64 characters; alphanumeric, period and underscore; cannot start with zero"
    psk: pskRule({
        description: '8 to 64 characters, only letters, digits, `.` and `_`, and it must not start with `0` [S-A1]',
        min: 8,
        max: 64,
        allowed: c => isAlnum(c) || c === '.' || c === '_',
        allowedText: 'letters, digits, `.` and `_`',
        extra: key => key.startsWith('0') ? ['it must not start with `0`'] : [],
    }),
    routing: ['policy', 'static', 'bgp'],
    routingNote: 'route-based: static (StaticRoutesOnly) or BGP; policy-based peers must consolidate to one SA pair (LocalIpv4NetworkCidr / RemoteIpv4NetworkCidr, one CIDR each) [S-A1, S-A4, S-A6]',
    selectors: {
        childSas: 'one',
        ikev1FirstCidrOnly: false,
        maxCidrsPerSide: 1,
        note: 'one SA pair per tunnel: one CIDR on each side (or 0.0.0.0/0) [S-A1, S-A6]',
    },
    // [S-A1] "Each Site-to-Site VPN connection has two tunnels, with each tunnel using a unique public IP
    // address. It is important to configure both tunnels for redundancy." (one is down during maintenance)
    redundancy: { tunnels: 2, connection: 'VPN connection', consequence: 'AWS takes one tunnel of a VPN connection down at a time for maintenance: with one tunnel configured, the connection is down then [S-A1]' },
    hub: { capable: 'yes', note: 'VPN CloudHub (one VGW, BGP with a unique ASN per site) or Transit Gateway [S-A5]' },
    // §4.2, §4.3 [S-A1, S-A7, S-A9, S-A10]
    bgp: {
        asnAllowed: [{ from: 64512, to: 65534 }, { from: 4200000000, to: 4294967294 }],
        asnDefault: 64512,
        inside: {
            v4: {
                within: ['169.254.0.0/16'], lengths: [30],
                reserved: ['169.254.0.0/30', '169.254.1.0/30', '169.254.2.0/30', '169.254.3.0/30', '169.254.4.0/30', '169.254.5.0/30', '169.254.169.252/30'],
                note: 'a /30 of 169.254.0.0/16; AWS refuses 169.254.0.0/30 to 169.254.5.0/30 and 169.254.169.252/30 [S-A1, S-A7]',
            },
            v6: { within: ['fd00::/8'], lengths: [126], note: 'a /126 of fd00::/8, on Transit Gateway / Cloud WAN connections only [S-A1, S-A7]' },
        },
        note: 'Amazon-side ASN 64512-65534 or 4200000000-4294967294 (default 64512) [S-A10]; customer gateway ASN 1-4294967295 [S-A9]; VPN CloudHub needs a unique ASN per site [S-A5]',
        sources: ['S-A1', 'S-A5', 'S-A7', 'S-A9', 'S-A10'],
    },
    // §4.1 [S-A1, S-A7]: DPD timeout >= 30 s (default 40 in the current API doc); action clear/none/restart
    dpd: { settable: true, min: 30, default: 40, canDisable: false, note: 'DPD timeout at least 30 s (default 40); the timeout action (clear, none, restart) decides what follows [S-A1, S-A7]', sources: ['S-A1', 'S-A7'] },
    notes: [
        { text: 'no 3DES, MD5, DES or AES-192; no DH group 1 or 31; group 5 only for PFS', sources: ['S-A1'] },
        { text: 'each VPN connection has two tunnels, configured separately', sources: ['S-A1'] },
        { text: 'startup action `start` being IKEv2-only', unconfirmed: true, sources: ['S-A1'] },
    ],
    behaviour: {
        narrows: { 1: 'unknown', 2: 'unknown' },
        initiates: 'both',
        pfsMismatchAtRekey: 'unknown',
        note: 'the customer gateway initiates by default (startup action `add`); with `start` AWS initiates. Whether it narrows selectors is not documented: policy-based peers must offer one SA pair',
        sources: ['S-A1'],
    },
};
