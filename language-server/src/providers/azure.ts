/**
 * Azure VPN Gateway with a custom IPsec/IKE policy. Facts: providers.md §5 (Azure FAQ ms.date 06/04/2026).
 *
 * Sources:
 * - [S-Z1] MicrosoftDocs/azure-docs@articles/vpn-gateway/vpn-gateway-vpn-faq.md (https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-vpn-faq):
 *   IPsec/IKE policy values, PSK rule, fixed IKE lifetime, BGP
 * - [S-Z2] MicrosoftDocs/azure-docs@includes/vpn-gateway-faq-ipsecikepolicy-include.md (2022: DES/DES3 for IKE, now legacy)
 * - [S-Z4] MicrosoftDocs/azure-docs@articles/vpn-gateway/vpn-gateway-about-vpn-devices.md (default policies)
 * - [S-Z5] MicrosoftDocs/azure-docs@articles/vpn-gateway/about-gateway-skus.md
 * - [S-Z7] hashicorp/terraform-provider-azurerm@website/docs/r/virtual_network_gateway_connection.html.markdown
 */
import type { ProviderProfile, SpellingTable } from './types.js';
import { pskRule } from './util.js';

// [S-Z1] ikeEncryption: GCMAES256, GCMAES128, AES256, AES192, AES128 (DES/DES3 treated as removed, [S-Z2]).
// ikeIntegrity: SHA384, SHA256, SHA1, MD5 (with GCM it acts as the PRF). dhGroup: DHGroup24, ECP384, ECP256, DHGroup14, DHGroup2, DHGroup1.
const IKE: SpellingTable = {
    encryption: { aes256gcm16: 'GCMAES256', aes128gcm16: 'GCMAES128', aes256: 'AES256', aes192: 'AES192', aes128: 'AES128' },
    integrity: { sha384: 'SHA384', sha256: 'SHA256', sha1: 'SHA1', md5: 'MD5' },
    dh: { modp2048s256: 'DHGroup24', ecp384: 'ECP384', ecp256: 'ECP256', modp2048: 'DHGroup14', modp1024: 'DHGroup2', modp768: 'DHGroup1' },
};

// [S-Z1] ipsecEncryption, ipsecIntegrity (no SHA-384/512; with GCM the integrity must be the same GCMAESxxx), pfsGroup.
const ESP: SpellingTable = {
    encryption: {
        aes256gcm16: 'GCMAES256', aes192gcm16: 'GCMAES192', aes128gcm16: 'GCMAES128',
        aes256: 'AES256', aes192: 'AES192', aes128: 'AES128', '3des': 'DES3', des: 'DES', null: 'None',
    },
    integrity: { sha256: 'SHA256', sha1: 'SHA1', md5: 'MD5' },
    dh: { modp2048s256: 'PFS24', ecp384: 'ECP384', ecp256: 'ECP256', modp2048: 'PFS2048', modp1024: 'PFS2', modp768: 'PFS1' },
};

const ikeCaps = { encryption: Object.keys(IKE.encryption!), integrity: Object.keys(IKE.integrity!), prf: 'from-integrity' as const, dh: Object.keys(IKE.dh!) };
const espCaps = { encryption: Object.keys(ESP.encryption!), integrity: Object.keys(ESP.integrity!), prf: [], dh: Object.keys(ESP.dh!) };

const caps = {
    ike: ikeCaps,
    esp: espCaps,
    pfs: 'optional' as const, // pfsGroup `None`
    lifetimes: {
        ike: { fixed: 28800 },
        esp: { min: 300, default: 27000, note: 'data size >= 1,024 KB, default 102,400,000 KB' },
    },
};

const PSK_FORBIDDEN = new Set([' ', '-', '~']);

export const azure: ProviderProfile = {
    id: 'azure',
    displayName: 'Azure VPN Gateway',
    shortName: 'Azure',
    factsDate: '2026-06-04',
    sources: [
        { id: 'S-Z6', ref: 'MicrosoftDocs/azure-docs@articles/vpn-gateway/vpn-gateway-howto-aws-bgp.md' },
        { id: 'S-Z1', ref: 'MicrosoftDocs/azure-docs@articles/vpn-gateway/vpn-gateway-vpn-faq.md (https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-vpn-faq)' },
        { id: 'S-Z2', ref: 'MicrosoftDocs/azure-docs@includes/vpn-gateway-faq-ipsecikepolicy-include.md' },
        { id: 'S-Z4', ref: 'MicrosoftDocs/azure-docs@articles/vpn-gateway/vpn-gateway-about-vpn-devices.md' },
        { id: 'S-Z5', ref: 'MicrosoftDocs/azure-docs@articles/vpn-gateway/about-gateway-skus.md' },
        { id: 'S-Z7', ref: 'hashicorp/terraform-provider-azurerm@website/docs/r/virtual_network_gateway_connection.html.markdown' },
    ],
    ikeVersions: [1, 2], // connectionProtocol IKEv2 (default) / IKEv1 (not on Basic route-based)
    defaultIke: 2,
    versions: { 1: caps, 2: caps },
    spelling: { ike: IKE, esp: ESP },
    settingSpelling: { ike: { 1: 'IKEv1', 2: 'IKEv2' }, noPfs: 'None', routing: { policy: 'UsePolicyBasedTrafficSelectors', static: 'RouteBased', bgp: 'EnableBgp' } },
    // [S-Z1] "printable ASCII except space, hyphen and tilde; 1-128 characters"
    psk: pskRule({
        description: '1 to 128 printable ASCII characters except space, `-` and `~` [S-Z1]',
        min: 1,
        max: 128,
        allowed: c => c >= ' ' && c <= '~' && !PSK_FORBIDDEN.has(c),
        allowedText: 'printable ASCII characters other than space, `-` and `~`',
    }),
    routing: ['policy', 'static', 'bgp'],
    routingNote: 'route-based (static or BGP, not on Basic); policy-based via the Basic SKU (IKEv1) or `usePolicyBasedTrafficSelectors` [S-Z1, S-Z5]',
    selectors: {
        childSas: 'any',
        ikev1FirstCidrOnly: false,
        note: 'with usePolicyBasedTrafficSelectors Azure builds one selector per local x remote prefix pair; custom trafficSelectorPolicies only when Azure initiates [S-Z1]',
    },
    hub: { capable: 'yes', note: 'BGP transit between S2S and VNet-to-VNet connections; Virtual WAN for larger setups [S-Z1]' },
    // §5.4 [S-Z1, S-Z6]
    bgp: {
        asnReserved: [
            { from: 8074, to: 8075, why: 'reserved by Azure' }, { from: 12076, to: 12076, why: 'reserved by Azure' },
            { from: 65517, to: 65520, why: 'reserved by Azure' }, { from: 23456, to: 23456, why: 'reserved by IANA' },
            { from: 64496, to: 64511, why: 'reserved by IANA' }, { from: 65535, to: 65551, why: 'reserved by IANA' },
        ],
        asnDefault: 65515,
        peerAsnReserved: [
            { from: 8074, to: 8075, why: 'reserved by Azure' }, { from: 12076, to: 12076, why: 'reserved by Azure' },
            { from: 65515, to: 65515, why: "Azure's own default" }, { from: 65517, to: 65520, why: 'reserved by Azure' },
            { from: 23456, to: 23456, why: 'reserved by IANA' }, { from: 64496, to: 64511, why: 'reserved by IANA' }, { from: 65535, to: 65551, why: 'reserved by IANA' },
        ],
        inside: {
            v4: { within: ['169.254.21.0/24', '169.254.22.0/24'], lengths: [30], reserved: [], note: 'custom BGP (APIPA) addresses only from 169.254.21.0 to 169.254.22.255 [S-Z6]' },
        },
        initiates: false,
        note: 'default ASN 65515; Azure does not open BGP sessions from APIPA addresses, the peer must [S-Z1, S-Z6]',
        sources: ['S-Z1', 'S-Z6'],
    },
    // §5.1 [S-Z1, S-Z7]: dpdTimeoutSeconds 9-3600, default 45
    dpd: { settable: true, min: 9, max: 3600, default: 45, canDisable: false, note: 'DPD timeout 9-3600 s, default 45 (Microsoft recommends 30-45) [S-Z1, S-Z7]', sources: ['S-Z1', 'S-Z7'] },
    notes: [
        { text: 'without a custom policy Azure proposes DH group 2 and, as initiator, no PFS: always set a custom IPsec/IKE policy', sources: ['S-Z4'] },
        { text: 'with a GCM cipher in ESP, `ipsecIntegrity` must be the same GCMAESxxx value', sources: ['S-Z1'] },
        { text: 'IKE encryption DES/DES3 (2022 list, ARM enum) are treated as removed', unconfirmed: true, sources: ['S-Z1', 'S-Z2'] },
        { text: 'whether usePolicyBasedTrafficSelectors still requires a custom policy', unconfirmed: true, sources: ['S-Z1'] },
    ],
    behaviour: {
        narrows: { 1: 'unknown', 2: 'unknown' },
        initiates: 'both',
        pfsMismatchAtRekey: 'unknown',
        note: 'custom traffic selector policies are used only when Azure initiates; behind NAT the on-premises device must initiate. Whether it narrows selectors it is offered is not documented',
        sources: ['S-Z1'],
    },
};
