/**
 * Huawei Cloud VPN (Enterprise Edition, VPN API v5). Facts: providers.md §7 (Huawei FAQ updated 2024-07-23).
 *
 * Sources:
 * - [S-H1] huaweicloud/terraform-provider-huaweicloud@docs/resources/vpn_connection.md (ikepolicy / ipsecpolicy values, vpn_type)
 * - [S-H2] huaweicloud/terraform-provider-huaweicloud@docs/resources/vpn_gateway.md (flavors, ER attachment)
 * - [S-H4] huaweicloud/huaweicloud-sdk-go-v3@services/vpn/v5/model/ (PFS `disable`)
 * - [S-H5] https://support.huaweicloud.com/intl/en-us/vpn_faq/vpn_faq_00003.html (supported policies, 2024-07-23)
 * - [S-H7] https://support.huaweicloud.com/usermanual-vpn/vpn_04_0441.html (PSK complexity)
 */
import type { ProviderProfile, SpellingTable } from './types.js';
import { groups, pskRule } from './util.js';

// [S-H1] `aes-128-gcm-16` and `aes-128-gcm-128` are both listed; read as the same transform (UNCONFIRMED). No GCM-192.
const ENC = {
    aes128: 'aes-128', aes192: 'aes-192', aes256: 'aes-256', '3des': '3des',
    aes128gcm16: 'aes-128-gcm-16', aes256gcm16: 'aes-256-gcm-16',
};
const INTEG = { sha1: 'sha1', md5: 'md5', sha256: 'sha2-256', sha384: 'sha2-384', sha512: 'sha2-512' };

const IKE: SpellingTable = { encryption: ENC, integrity: INTEG, dh: groups(n => `group${n}`, [1, 2, 5, 14, 15, 16, 19, 20, 21]) };
// PFS list of the TF doc has no group15
const ESP: SpellingTable = { encryption: ENC, integrity: INTEG, dh: groups(n => `group${n}`, [1, 2, 5, 14, 16, 19, 20, 21]) };

const caps = {
    ike: { encryption: Object.keys(ENC), integrity: Object.keys(INTEG), prf: 'from-integrity' as const, dh: Object.keys(IKE.dh!) },
    esp: { encryption: Object.keys(ENC), integrity: Object.keys(INTEG), prf: [], dh: Object.keys(ESP.dh!) },
    pfs: 'optional' as const, // `disable` per the API/FAQ [S-H4, S-H5]
    lifetimes: { ike: { min: 60, max: 604800, default: 86400 }, esp: { min: 60, max: 604800, default: 3600 } },
};

// [S-H5]/[S-H7] at least 3 of 4 classes; special characters as read: ~!@#$%^()-_+={},./:;
const SPECIALS = new Set([...'~!@#$%^()-_+={},./:;']);
const CLASSES: [string, (c: string) => boolean][] = [
    ['uppercase letters', c => /^[A-Z]$/.test(c)],
    ['lowercase letters', c => /^[a-z]$/.test(c)],
    ['digits', c => /^[0-9]$/.test(c)],
    ['special characters ~!@#$%^()-_+={},./:;', c => SPECIALS.has(c)],
];

export const huawei: ProviderProfile = {
    id: 'huawei',
    displayName: 'Huawei Cloud VPN (Enterprise Edition)',
    shortName: 'Huawei Cloud',
    factsDate: '2024-07-23',
    sources: [
        { id: 'S-H3', ref: 'huaweicloud/terraform-provider-huaweicloud@docs/resources/vpn_customer_gateway.md' },
        { id: 'S-H1', ref: 'huaweicloud/terraform-provider-huaweicloud@docs/resources/vpn_connection.md' },
        { id: 'S-H2', ref: 'huaweicloud/terraform-provider-huaweicloud@docs/resources/vpn_gateway.md' },
        { id: 'S-H4', ref: 'huaweicloud/huaweicloud-sdk-go-v3@services/vpn/v5/model/' },
        { id: 'S-H5', ref: 'https://support.huaweicloud.com/intl/en-us/vpn_faq/vpn_faq_00003.html' },
        { id: 'S-H7', ref: 'https://support.huaweicloud.com/usermanual-vpn/vpn_04_0441.html' },
    ],
    ikeVersions: [1, 2],
    defaultIke: 2, // ike_version default v2 [S-H1]
    versions: { 1: caps, 2: caps },
    spelling: { ike: IKE, esp: ESP },
    settingSpelling: { ike: { 1: 'v1', 2: 'v2' }, noPfs: 'disable', routing: { policy: 'policy', static: 'static', bgp: 'bgp' } },
    psk: pskRule({
        description: 'at least 3 of: uppercase letters, lowercase letters, digits, special characters ~!@#$%^()-_+={},./:; [S-H5, S-H7]; length 8 to 128 (UNCONFIRMED, conservative)',
        unconfirmed: true,
        min: 8,
        max: 128,
        allowed: c => CLASSES.some(([, test]) => test(c)),
        allowedText: 'letters, digits and ~!@#$%^()-_+={},./:;',
        extra: key => {
            const present = CLASSES.filter(([, test]) => [...key].some(test));
            return present.length >= 3 ? [] : [`it must mix at least 3 of 4 character classes (uppercase, lowercase, digits, specials); it has ${present.length}`];
        },
    }),
    routing: ['policy', 'static', 'bgp'], // vpn_type policy / static / bgp [S-H1]
    routingNote: 'vpn_type `policy` (policy_rules), `static` (route-based) or `bgp` [S-H1]',
    selectors: {
        childSas: 'any',
        ikev1FirstCidrOnly: false,
        note: 'policy_rules: one source CIDR and a destination list per rule [S-H1]',
    },
    hub: { capable: 'partial', note: 'through an Enterprise Router attachment; a gateway-level hub switch (`enable_hub`) is UNCONFIRMED [S-H2]' },
    // §7.3 [S-H1, S-H2, S-H3]
    bgp: {
        asnDefault: 64512,
        inside: { v4: { within: ['169.254.0.0/16'], lengths: [30], reserved: [], note: 'tunnel_local_address / tunnel_peer_address, a /30 of 169.254.0.0/16 (UNCONFIRMED) [S-H1]' } },
        note: 'VPN gateway ASN 1-4294967295, default 64512 (the same as an AWS virtual private gateway\'s default) [S-H2]; customer gateway default 65000 [S-H3]',
        sources: ['S-H1', 'S-H2', 'S-H3'],
    },
    // §7.2 [S-H1]: dpd interval 10-3600 s (default 30), timeout 2-60 s
    dpd: { settable: true, min: 10, max: 3600, default: 30, canDisable: false, note: 'dpd interval 10-3600 s (default 30) and timeout 2-60 s (default 15) [S-H1]', sources: ['S-H1'] },
    notes: [
        { text: 'PSK length (8-128 assumed)', unconfirmed: true, sources: ['S-H5'] },
        { text: 'PFS default group14 (TF) vs group15 (FAQ)', unconfirmed: true, sources: ['S-H1', 'S-H5'] },
        { text: '`-gcm-16` and `-gcm-128` read as the same transform (16-octet ICV)', unconfirmed: true, sources: ['S-H1'] },
        { text: 'AWS VGW and Huawei VPN gateway both default to ASN 64512', sources: ['S-H2'] },
    ],
};
