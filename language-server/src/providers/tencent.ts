/**
 * Tencent Cloud VPN gateway (VPN网关 / 对端网关 / VPN通道). Facts: providers.md §2
 * (tencentcloud-sdk-go vendored in terraform-provider-tencentcloud HEAD f6970a9, 2026-08).
 *
 * Sources:
 * - [S-T1] tencentcloudstack/terraform-provider-tencentcloud@vendor/github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/vpc/v20170312/models.go
 *   (IKEOptionsSpecification, IPSECOptionsSpecification, CreateVpnConnectionRequestParams: enums, defaults, ranges)
 * - [S-T2] tencentcloudstack/terraform-provider-tencentcloud@website/docs/r/vpn_connection.html.markdown
 * - [S-T5] tencentcloudstack/terraform-provider-tencentcloud@website/docs/r/vpn_gateway_route.html.markdown
 * - [S-T7] https://www.tencentcloud.com/document/product/1037/39635 (Creating a VPN Tunnel, 2024-01-09: SPD limits)
 * - seed 000 (2019): https://cloud.tencent.com/document/product/554/18904 (cipher list; "IKEv1 only" no longer holds)
 */
import type { ProviderProfile, SpellingTable } from './types.js';
import { capsFromSpelling, groups, isAsciiPrintableNoSpace, pskRule } from './util.js';

const GROUPS = [1, 2, 5, 14, 15, 16, 19, 20, 21, 24];

// [S-T1] PropoEncryAlgorithm / PropoAuthenAlgorithm / DhGroupName. The AES-GCM values
// (`AES128GCM128`, ...) exist only on "4.0" gateways: Topo cannot tell the gateway version, so it
// conservatively leaves them out.
const IKE: SpellingTable = {
    encryption: { aes128: 'AES-CBC-128', aes192: 'AES-CBC-192', aes256: 'AES-CBC-256', '3des': '3DES-CBC', des: 'DES-CBC', sm4: 'SM4' },
    integrity: { md5: 'MD5', sha1: 'SHA', sha256: 'SHA-256', sha512: 'SHA-512' }, // no SHA-384 in IKE
    dh: groups(n => `GROUP${n}`, GROUPS),
};

// [S-T1] EncryptAlgorithm / IntegrityAlgorithm / PfsDhGroup. SHA-384/SHA-512/SM3 appear only in the
// deprecated field `IntegrityAlgorith` (UNCONFIRMED whether still accepted) -> left out.
const ESP: SpellingTable = {
    encryption: { aes128: 'AES-CBC-128', aes192: 'AES-CBC-192', aes256: 'AES-CBC-256', '3des': '3DES-CBC', des: 'DES-CBC', sm4: 'SM4', null: 'NULL' },
    integrity: { md5: 'MD5', sha1: 'SHA1', sha256: 'SHA-256' },
    dh: groups(n => `DH-GROUP${n}`, GROUPS),
};

const caps = {
    ike: capsFromSpelling(IKE),
    esp: capsFromSpelling(ESP),
    pfs: 'optional' as const, // PfsDhGroup `NULL` (= no PFS) is the API default
    lifetimes: {
        ike: { min: 60, max: 604800, default: 86400 },
        esp: { min: 180, max: 604800, default: 14400, note: 'the TF doc says 3600; traffic lifetime 2560-4294967295 KB' },
    },
};

export const tencent: ProviderProfile = {
    id: 'tencent',
    displayName: 'Tencent Cloud VPN Gateway',
    shortName: 'Tencent Cloud',
    factsDate: '2026-08',
    sources: [
        { id: 'S-T1', ref: 'tencentcloudstack/terraform-provider-tencentcloud@vendor/github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/vpc/v20170312/models.go' },
        { id: 'S-T2', ref: 'tencentcloudstack/terraform-provider-tencentcloud@website/docs/r/vpn_connection.html.markdown' },
        { id: 'S-T5', ref: 'tencentcloudstack/terraform-provider-tencentcloud@website/docs/r/vpn_gateway_route.html.markdown' },
        { id: 'S-T7', ref: 'https://www.tencentcloud.com/document/product/1037/39635' },
    ],
    ikeVersions: [1, 2], // [S-T1] IKEVersion enum IKEV1 | IKEV2
    defaultIke: 1,
    versions: { 1: caps, 2: caps },
    spelling: { ike: IKE, esp: ESP },
    settingSpelling: {
        ike: { 1: 'IKEV1', 2: 'IKEV2' },
        noPfs: 'NULL',
        routing: { policy: 'Policy', static: 'StaticRoute', bgp: 'Bgp' },
    },
    // [S-T1] only "预共享密钥", no rule (UNCONFIRMED). Conservative: printable ASCII without spaces.
    psk: pskRule({
        description: 'no documented rule (UNCONFIRMED); Topo expects printable ASCII without spaces',
        unconfirmed: true,
        min: 1,
        allowed: isAsciiPrintableNoSpace,
        allowedText: 'printable ASCII characters without spaces',
    }),
    // seed 000 step 6 ("腾讯云-更新路由表": destination the GCP CIDR, next hop type VPN gateway);
    // providers.md §2.5 step 5 (`CreateRoutes`, GatewayType VPN)
    explicitRoute: { needed: true, company: 'Tencent Cloud' },
    routing: ['policy', 'static', 'bgp'], // [S-T1] RouteType STATIC/StaticRoute/Policy/Bgp
    routingNote: 'RouteType `Policy` (SPD), `StaticRoute` (destination routing) or `Bgp`; the VPC route table needs an entry with the VPN gateway as next hop [S-T1, seed 000 step 6]',
    selectors: {
        childSas: 'one-per-pair',
        ikev1FirstCidrOnly: false,
        note: 'policy mode: SPD mappings local CIDR -> remote CIDRs, one SA per local/remote pair, at most 200 mappings per gateway [S-T7]',
    },
    hub: { capable: 'partial', note: 'gateway routes with next hop VPNCONN/CCN and CCN-type gateways; IDC-to-IDC hair-pinning through one gateway UNCONFIRMED [S-T1, S-T5]' },
    // §2.4 [S-T1]
    bgp: {
        asnReserved: [{ from: 139341, to: 139341 }, { from: 45090, to: 45090 }, { from: 58835, to: 58835 }].map(r => ({ ...r, why: "Tencent Cloud's own" })),
        asnDefault: 64551,
        peerAsnReserved: [{ from: 139341, to: 139341 }, { from: 45090, to: 45090 }, { from: 58835, to: 58835 }].map(r => ({ ...r, why: "Tencent Cloud's own" })),
        inside: { v4: { within: ['169.254.0.0/16'], lengths: [30], reserved: [], note: 'BgpConfig TunnelCidr: a /30 of 169.254.0.0/16 (reserved ranges UNCONFIRMED) [S-T1]' } },
        note: 'VPN gateway BgpAsn default 64551; 139341, 45090 and 58835 are not usable on either side [S-T1]',
        sources: ['S-T1'],
    },
    // §2.3 [S-T1, S-T2, S-T7]: DpdTimeout 30-60 s, default 30; DpdEnable 0/1
    dpd: { settable: true, min: 30, max: 60, default: 30, canDisable: true, note: 'DpdEnable on/off, DpdTimeout 30-60 s (default 30) [S-T1, S-T2, S-T7]', sources: ['S-T1', 'S-T2', 'S-T7'] },
    notes: [
        { text: 'API defaults are weak/broken (IKEv1, 3DES-CBC, SHA or MD5, GROUP1, no PFS): always set every field', sources: ['S-T1', 'S-T2'] },
        { text: 'AES-GCM (AES128GCM128, AES192GCM128, AES256GCM128) only on "4.0" VPN gateways; Topo leaves them out', unconfirmed: true, sources: ['S-T1'] },
        { text: 'PSK rules are not documented', unconfirmed: true, sources: ['S-T1'] },
        { text: 'SM4 only interoperates with other Chinese national-crypto gateways', sources: ['S-T1'] },
    ],
};
