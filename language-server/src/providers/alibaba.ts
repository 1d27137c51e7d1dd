/**
 * Alibaba Cloud VPN Gateway (IPsec-VPN). Facts: providers.md §6 (terraform-provider-alicloud HEAD 81c43b6).
 *
 * Sources:
 * - [S-L1] aliyun/terraform-provider-alicloud@website/docs/r/vpn_connection.html.markdown (ike_config / ipsec_config values, PSK rule, BGP)
 * - [S-L6] aliyun/terraform-provider-alicloud@alicloud/extension_vpn.go (constants; `group24` defined)
 * - [S-L7] alibabacloud Go SDK vpc-20160428 IkeConfig/IpsecConfig (SM algorithms; exact path UNCONFIRMED)
 * - [S-L8] https://www.alibabacloud.com/help/en/vpn/sub-product-ipsec-vpn/
 * - [S-L9] https://www.alibabacloud.com/help/en/cen/ (attach an IPsec-VPN connection to a transit router)
 */
import type { ProviderProfile, SpellingTable } from './types.js';
import { capsFromSpelling, groups, pskRule } from './util.js';

const ENC = { aes128: 'aes', aes192: 'aes192', aes256: 'aes256', des: 'des', '3des': '3des', sm4: 'sm4' };
const INTEG = { md5: 'md5', sha1: 'sha1', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512', sm3: 'sm3' };
// IkePfs / IpsecPfs: group1, 2, 5, 14. `group24` exists as a TF constant but is UNCONFIRMED -> left out.
const GROUPS = groups(n => `group${n}`, [1, 2, 5, 14]);

const IKE: SpellingTable = { encryption: ENC, integrity: INTEG, dh: GROUPS };
const ESP: SpellingTable = { encryption: ENC, integrity: INTEG, dh: GROUPS };

const caps = {
    ike: capsFromSpelling(IKE),
    esp: capsFromSpelling(ESP),
    pfs: 'optional' as const, // IpsecPfs `disabled`
    lifetimes: { ike: { min: 0, max: 86400, default: 86400 }, esp: { min: 0, max: 86400, default: 86400 } },
};

const PSK_SPECIALS = new Set([...'~!`@#$%^&*()_-+={}[]\\|;:\',.<>/?']);

export const alibaba: ProviderProfile = {
    id: 'alibaba',
    displayName: 'Alibaba Cloud VPN Gateway (IPsec-VPN)',
    shortName: 'Alibaba Cloud',
    factsDate: 'terraform-provider-alicloud HEAD 81c43b6',
    sources: [
        { id: 'S-L1', ref: 'aliyun/terraform-provider-alicloud@website/docs/r/vpn_connection.html.markdown' },
        { id: 'S-L6', ref: 'aliyun/terraform-provider-alicloud@alicloud/extension_vpn.go' },
        { id: 'S-L7', ref: 'alibabacloud-go vpc-20160428 SDK models (path UNCONFIRMED)' },
        { id: 'S-L8', ref: 'https://www.alibabacloud.com/help/en/vpn/sub-product-ipsec-vpn/' },
        { id: 'S-L9', ref: 'https://www.alibabacloud.com/help/en/cen/' },
    ],
    ikeVersions: [1, 2],
    defaultIke: 1, // TF default ikev1 (newer dual-tunnel APIs may default to ikev2, UNCONFIRMED)
    versions: { 1: caps, 2: caps },
    spelling: { ike: IKE, esp: ESP },
    settingSpelling: { ike: { 1: 'ikev1', 2: 'ikev2' }, noPfs: 'disabled', routing: { policy: 'protected data flows / policy-based route', static: 'destination-based route', bgp: 'BGP' } },
    // [S-L1] "1-100 characters; digits, letters and ~!`@#$%^&*()_-+={}[]\|;:',.<>/? (no spaces)"
    psk: pskRule({
        description: '1 to 100 characters: letters, digits and ~!`@#$%^&*()_-+={}[]\\|;:\',.<>/? (no spaces) [S-L1]',
        min: 1,
        max: 100,
        allowed: c => /^[A-Za-z0-9]$/.test(c) || PSK_SPECIALS.has(c),
        allowedText: 'letters, digits and the listed punctuation (no spaces)',
    }),
    routing: ['policy', 'static', 'bgp'],
    routingNote: 'protected data flows + policy-based routes, destination-based routing, or BGP (off by default) [S-L1, S-L8]',
    selectors: {
        childSas: 'any',
        ikev1FirstCidrOnly: false,
        note: 'local_subnet / remote_subnet CIDR lists; IKEv2 handles several CIDRs better; maximum count UNCONFIRMED [S-L1]',
    },
    hub: { capable: 'partial', note: 'through a CEN Transit Router (TR-attached IPsec connections); routing between tunnels of one gateway UNCONFIRMED [S-L9]' },
    // §6.3 [S-L1, S-L8]
    bgp: {
        asnDefault: 45104,
        inside: {
            v4: {
                within: ['169.254.0.0/16'], lengths: [30],
                reserved: ['169.254.0.0/30', '169.254.1.0/30', '169.254.2.0/30', '169.254.3.0/30', '169.254.4.0/30', '169.254.5.0/30', '169.254.6.0/30', '169.254.169.252/30'],
                note: 'tunnel_cidr: a /30 of 169.254.0.0/16; 169.254.0.0/30 to 169.254.6.0/30 and 169.254.169.252/30 are reserved (exact list UNCONFIRMED) [S-L1, S-L8]',
            },
        },
        note: 'Alibaba-side ASN 1-4294967295, default 45104 (Alibaba\'s public ASN); BGP is off by default [S-L1]',
        sources: ['S-L1', 'S-L8'],
    },
    // §6.2 [S-L1, S-L8]
    dpd: { settable: false, canDisable: true, note: 'enable_dpd, on by default; no interval setting [S-L1, S-L8]', sources: ['S-L1', 'S-L8'] },
    notes: [
        { text: 'no ECP groups, no AES-GCM (non-SM gateways), no DH groups 15-21', sources: ['S-L1'] },
        { text: '`group24` is a TF constant but not documented as accepted; Topo leaves it out', unconfirmed: true, sources: ['S-L6'] },
        { text: 'sm4 / sm3 only on NationalStandard (SM) gateways', unconfirmed: true, sources: ['S-L7'] },
        { text: 'default IPsec integrity is md5: always set it', sources: ['S-L1'] },
    ],
};
