/**
 * QingCloud VPC IPsec tunnel (VPC router static rule type 7, "三层 IPsec 隧道"). Facts: providers.md §3
 * (qingcloud-docs page dated 2020-02-28, commit 0e6116a; the tunnel dialog re-read at commit 4c3a583).
 *
 * Sources:
 * - [S-Q1] yunify/qingcloud-docs@content/network/vpc/manual/tunnel/ipsec.md (parameter table, fixed lifetimes, PSK, policy-only;
 *   at 4c3a583 the dialog lists 加密方法 AES / 3DES / 自动匹配, 开启 PFS and "IKE 版本", the security group's 应用更改)
 * - [S-Q2] yunify/qingcloud-docs@content/network/vpc/manual/tunnel/gre.md (star topology with the VPC as hub)
 * - [S-Q3] yunify/qingcloud-docs@content/network/vpc/api/vpc_api/add_router_statics.md (val1 `|`-separated)
 *
 * QingCloud "auto-negotiates" from a Libreswan-like list; the console exposes no cipher field.
 * Key and hash widths are not stated, so Topo takes the conservative reading: `AES` = AES-128,
 * `SHA2` = SHA-256 (both UNCONFIRMED).
 */
import type { ProviderProfile, SpellingTable } from './types.js';
import { capsFromSpelling, groups, pskRule } from './util.js';

const GROUPS = [2, 5, 14, 15, 16, 17, 18, 22, 23, 24]; // no ECP, no group 1 [S-Q1]
const HASH = { md5: 'MD5', sha1: 'SHA1', sha256: 'SHA2' };

const IKE: SpellingTable = {
    encryption: { aes128: 'AES', '3des': '3DES' },
    integrity: HASH,
    dh: groups(n => `${n}`, GROUPS),
};

const ESP: SpellingTable = {
    encryption: {
        aes128: 'AES', '3des': '3DES', des: 'DES', cast128: 'CAST', blowfish128: 'BLOWFISH',
        camellia128: 'CAMELLIA', serpent128: 'SERPENT', twofish128: 'TWOFISH',
    },
    integrity: HASH,
    dh: groups(n => `${n}`, GROUPS),
};

const caps = {
    ike: capsFromSpelling(IKE),
    esp: capsFromSpelling(ESP),
    pfs: 'required' as const, // [S-Q1] PFS "up"; group presumably the DH group (UNCONFIRMED)
    lifetimes: {
        ike: { fixed: 3600 },
        esp: { fixed: 28800, note: 'the IPsec SA outlives the IKE SA, the reverse of the usual convention' },
    },
};

export const qingcloud: ProviderProfile = {
    id: 'qingcloud',
    displayName: 'QingCloud VPC IPsec',
    shortName: 'QingCloud',
    factsDate: '2020-02-28',
    sources: [
        { id: 'S-Q1', ref: 'yunify/qingcloud-docs@content/network/vpc/manual/tunnel/ipsec.md' }, // read at commit 4c3a583
        { id: 'S-Q2', ref: 'yunify/qingcloud-docs@content/network/vpc/manual/tunnel/gre.md' },
        { id: 'S-Q3', ref: 'yunify/qingcloud-docs@content/network/vpc/api/vpc_api/add_router_statics.md' },
    ],
    ikeVersions: [1, 2], // [S-Q1] IKE ikev1 (default) / ikev2
    defaultIke: 1,
    ikeVersionSettable: true, // [S-Q1] @4c3a583: the dialog has an "IKE 版本" field (IKEv1 / IKEv2 / 自动匹配)
    versions: { 1: caps, 2: caps },
    spelling: { ike: IKE, esp: ESP },
    settingSpelling: { ike: { 1: 'ikev1', 2: 'ikev2' }, routing: { policy: 'IPsec (local networks / target networks)' } },
    // [S-Q1] "可以为任意字符串"; a `|` would break the `|`-separated API field val1 [S-Q3] (inference)
    psk: pskRule({
        description: 'any string [S-Q1]; Topo rejects `|`, which would break the `|`-separated API field val1 [S-Q3]',
        min: 1,
        extra: key => key.includes('|') ? ['it must not contain `|` (the API separates fields of val1 with `|`)'] : [],
    }),
    routing: ['policy'],
    routingNote: 'policy-based only (local networks / target networks are the traffic selectors); no BGP for IPsec (absence UNCONFIRMED) [S-Q1]',
    selectors: {
        childSas: 'one-per-pair',
        ikev1FirstCidrOnly: false,
        note: 'local/target network lists (`|`-separated); at most 800 IPsec tunnels per VPC [S-Q1]',
    },
    hub: { capable: 'yes', note: 'star topology with the VPC router as hub, documented for GRE ("IPsec similar"); transit only for networks in the tunnel selectors [S-Q1, S-Q2]' },
    // §3.1 [S-Q1]: DPDDelay 15 s, fixed
    dpd: { settable: false, canDisable: false, note: 'DPD with a fixed 15 s delay [S-Q1]', sources: ['S-Q1'] },
    notes: [
        { text: '`AES` key length not stated: Topo assumes AES-128 only', unconfirmed: true, sources: ['S-Q1'] },
        { text: '`SHA2` width not stated: Topo assumes SHA-256 only', unconfirmed: true, sources: ['S-Q1'] },
        { text: 'PFS is always on; its group presumably follows the DH group', unconfirmed: true, sources: ['S-Q1'] },
        { text: 'no BGP parameter is documented for IPsec', unconfirmed: true, sources: ['S-Q1', 'S-Q3'] },
        { text: 'the security group must allow UDP 500, UDP 4500, AH and ESP, then apply ("应用更改")', sources: ['S-Q1'] },
    ],
};
