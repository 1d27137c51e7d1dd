/**
 * The canonical algorithm model: every IKE/ESP transform Topo knows, keyed by its IANA
 * transform id (IKEv2 registry, RFC 7296 §3.3.2: Type 1 encryption, Type 2 PRF, Type 3
 * integrity, Type 4 DH / key exchange), with its strongSwan keyword(s), common provider
 * spellings as aliases, and a grade with a short reason.
 *
 * Sources (see docs/reference/providers.md):
 * - [S-W1] strongswan/strongswan@src/libstrongswan/crypto/proposal/proposal_keywords_static.txt
 *   (keywords, aliases, key sizes; read at commit 00520b3a)
 * - providers.md §8 (provider value -> IANA -> strongSwan keyword tables)
 * - providers.md §10 / [S-R1] RFC 8247 (IKEv2), [S-R2] RFC 8221 (ESP), [S-R3] RFC 9395,
 *   [S-N1] NIST SP 800-77r1, [S-N2] NIST SP 800-131A r2 (grades; §10.3 "proposed grades").
 *
 * The canonical `id` of an algorithm is its primary strongSwan keyword (`aes128`, `sha256`,
 * `prfsha256`, `modp2048`). `AES-CBC-128`, `AES128`, `aes`, `aes-128` and `aes128` all resolve
 * to `aes128` through {@link findAlgorithm}.
 */

export type AlgKind = 'encryption' | 'integrity' | 'prf' | 'dh';
export const ALG_KINDS: readonly AlgKind[] = ['encryption', 'integrity', 'prf', 'dh'];

/** broken < weak < acceptable < strong (providers.md §10.3). */
export type Grade = 'broken' | 'weak' | 'acceptable' | 'strong';
export const GRADE_ORDER: Record<Grade, number> = { broken: 0, weak: 1, acceptable: 2, strong: 3 };

export interface Algorithm {
    /** Canonical id = primary strongSwan keyword. */
    id: string;
    kind: AlgKind;
    /** Human name, e.g. `AES-128-CBC`, `HMAC-SHA2-256-128`, `MODP-2048 (group 14)`. */
    name: string;
    /** IANA IKEv2 transform id; undefined for private-use / non-IANA algorithms (SM4, Serpent, ...). */
    iana?: number;
    /** IANA transform name, e.g. `ENCR_AES_CBC`. */
    ianaName: string;
    /** Key length attribute in bits (encryption only, where the transform takes one). */
    keyLength?: number;
    /** Authenticated encryption (no separate integrity algorithm). */
    aead?: boolean;
    /** strongSwan keywords accepted in proposals; the first is the canonical one (= id). Empty when strongSwan has none. */
    keywords: string[];
    /** Other spellings (provider consoles/APIs, docs); matched case- and separator-insensitively. */
    aliases: string[];
    grade: Grade;
    reason: string;
    /** Preference within the kind; higher = preferred when choosing the strongest common suite. */
    rank: number;
    /** For integrity algorithms: the PRF strongSwan derives from it when a proposal names none. */
    prf?: string;
    /** DH group modulus/curve size (informative). */
    bits?: number;
    /** Not in the IANA registry / not in mainline strongSwan (`sm4`, `sm3` are Topo-only keywords). */
    nonStandard?: boolean;
}

type Def = Omit<Algorithm, 'keywords' | 'aliases'> & { keywords?: string[]; aliases?: string[] };

const R8247 = 'RFC 8247';
const R8221 = 'RFC 8221';

// ---------------------------------------------------------------------------------------------
// Encryption (IKEv2 Transform Type 1)
// ---------------------------------------------------------------------------------------------

const ENCRYPTION: Def[] = [];

for (const k of [128, 192, 256] as const) {
    // AES-CBC: ENCR_AES_CBC (12). RFC 8247 / 8221: MUST. providers.md §10.3: acceptable.
    ENCRYPTION.push({
        id: `aes${k}`, kind: 'encryption', name: `AES-${k}-CBC`, iana: 12, ianaName: 'ENCR_AES_CBC', keyLength: k,
        keywords: k === 128 ? ['aes128', 'aes'] : [`aes${k}`],
        // GCP/Tencent `AES-CBC-128`, AWS/Azure `AES128`, Alibaba `aes`/`aes192`/`aes256`, Huawei `aes-128`
        aliases: [`AES-CBC-${k}`, `AES-${k}-CBC`, `AES-${k}`, `AES${k}`, `aes${k}cbc`],
        grade: 'acceptable', reason: `AES-CBC is MUST in ${R8247} and ${R8221}; needs a separate integrity algorithm`,
        rank: 68 + (k - 128) / 64,
    });
    // AES-CTR: ENCR_AES_CTR (13).
    ENCRYPTION.push({
        id: `aes${k}ctr`, kind: 'encryption', name: `AES-${k}-CTR`, iana: 13, ianaName: 'ENCR_AES_CTR', keyLength: k,
        aliases: [`AES-CTR-${k}`],
        grade: 'acceptable', reason: `AES-CTR is MAY in ${R8221}`, rank: 60 + (k - 128) / 64,
    });
    // AES-GCM with 8/12/16-octet ICV: ENCR_AES_GCM_8/12/16 (18/19/20).
    for (const [icv, iana] of [[16, 20], [12, 19], [8, 18]] as const) {
        const strong = icv === 16;
        ENCRYPTION.push({
            id: `aes${k}gcm${icv}`, kind: 'encryption', name: `AES-${k}-GCM (${icv}-octet ICV)`, iana, ianaName: `ENCR_AES_GCM_${icv}`,
            keyLength: k, aead: true,
            keywords: icv === 16 ? [`aes${k}gcm16`, `aes${k}gcm128`, `aes${k}gcm`] : [`aes${k}gcm${icv}`, `aes${k}gcm${icv * 8}`],
            aliases: icv === 16
                // GCP `AES-GCM-16-128`, AWS `AES128-GCM-16`, Azure `GCMAES128`, Tencent `AES128GCM128`, Huawei `aes-128-gcm-16`
                ? [`AES-GCM-16-${k}`, `AES${k}-GCM-16`, `GCMAES${k}`, `AES${k}GCM128`, `AES-${k}-GCM-16`, `AES-${k}-GCM-128`, `AES-${k}-GCM`]
                : [`AES-GCM-${icv}-${k}`],
            grade: strong ? 'strong' : 'acceptable',
            reason: strong ? `AES-GCM-16 is SHOULD in ${R8247} and MUST in ${R8221} (AEAD)` : `AES-GCM with a ${icv}-octet ICV: shorter tag than the recommended 16 octets (${R8221})`,
            rank: (strong ? 90 : icv === 12 ? 82 : 78) + (k - 128) / 32,
        });
        // AES-CCM: ENCR_AES_CCM_8/12/16 (14/15/16).
        ENCRYPTION.push({
            id: `aes${k}ccm${icv}`, kind: 'encryption', name: `AES-${k}-CCM (${icv}-octet ICV)`, iana: ({ 8: 14, 12: 15, 16: 16 } as const)[icv],
            ianaName: `ENCR_AES_CCM_${icv}`, keyLength: k, aead: true,
            keywords: icv === 16 ? [`aes${k}ccm16`, `aes${k}ccm128`, `aes${k}ccm`] : [`aes${k}ccm${icv}`, `aes${k}ccm${icv * 8}`],
            grade: 'acceptable', reason: `AES-CCM is SHOULD (IoT) in ${R8247} / ${R8221}`, rank: 72 + icv / 4 + (k - 128) / 64,
        });
    }
}

ENCRYPTION.push(
    {
        id: 'chacha20poly1305', kind: 'encryption', name: 'ChaCha20-Poly1305', iana: 28, ianaName: 'ENCR_CHACHA20_POLY1305', keyLength: 256, aead: true,
        aliases: ['ChaCha20-Poly1305'], grade: 'strong', reason: `ChaCha20-Poly1305 is SHOULD in ${R8247} and ${R8221} (AEAD)`, rank: 93,
    },
    {
        id: '3des', kind: 'encryption', name: '3DES-CBC', iana: 3, ianaName: 'ENCR_3DES',
        aliases: ['3DES-CBC', 'DES3', 'TripleDES', 'DES-EDE3'],
        grade: 'weak', reason: `3DES: 64-bit block, SHOULD NOT in ${R8221}; NIST SP 800-131A r2 disallows it for encryption after 2023`, rank: 20,
    },
    {
        id: 'des', kind: 'encryption', name: 'DES-CBC', iana: 2, ianaName: 'ENCR_DES', aliases: ['DES-CBC'],
        grade: 'broken', reason: `DES: 56-bit key, MUST NOT in ${R8247} and ${R8221}`, rank: 2,
    },
    {
        id: 'null', kind: 'encryption', name: 'NULL (no encryption)', iana: 11, ianaName: 'ENCR_NULL', aliases: ['None'],
        grade: 'broken', reason: 'NULL encryption sends the traffic in clear text (ESP authentication only)', rank: 0,
    },
    {
        id: 'cast128', kind: 'encryption', name: 'CAST-128', iana: 6, ianaName: 'ENCR_CAST', keyLength: 128, aliases: ['CAST'],
        grade: 'weak', reason: 'CAST: 64-bit block, deprecated by RFC 9395', rank: 15,
    },
    {
        id: 'blowfish128', kind: 'encryption', name: 'Blowfish', iana: 7, ianaName: 'ENCR_BLOWFISH', keyLength: 128,
        keywords: ['blowfish128', 'blowfish'], aliases: [],
        grade: 'weak', reason: `Blowfish: 64-bit block, MUST NOT in ${R8221}, deprecated by RFC 9395`, rank: 14,
    },
    {
        id: 'serpent128', kind: 'encryption', name: 'Serpent-128-CBC', ianaName: 'ENCR_SERPENT_CBC (private use)', keyLength: 128,
        keywords: ['serpent128', 'serpent'], grade: 'weak', reason: 'Serpent has no IANA codepoint (strongSwan private use): poor interoperability', rank: 30,
    },
    {
        id: 'twofish128', kind: 'encryption', name: 'Twofish-128-CBC', ianaName: 'ENCR_TWOFISH_CBC (private use)', keyLength: 128,
        keywords: ['twofish128', 'twofish'], grade: 'weak', reason: 'Twofish has no IANA codepoint (strongSwan private use): poor interoperability', rank: 30,
    },
    {
        id: 'sm4', kind: 'encryption', name: 'SM4', ianaName: '(none)', keywords: ['sm4'], nonStandard: true,
        grade: 'weak', reason: 'SM4 (Chinese national standard) has no IANA codepoint and no mainline strongSwan keyword: only Chinese clouds interoperate',
        rank: 40,
    },
);
for (const k of [128, 192, 256] as const) {
    ENCRYPTION.push({
        id: `camellia${k}`, kind: 'encryption', name: `Camellia-${k}-CBC`, iana: 23, ianaName: 'ENCR_CAMELLIA_CBC', keyLength: k,
        keywords: k === 128 ? ['camellia128', 'camellia'] : [`camellia${k}`],
        grade: 'weak', reason: `Camellia has no requirement level in ${R8221}; few peers implement it (providers.md §10.3)`, rank: 45 + (k - 128) / 64,
    });
}

// ---------------------------------------------------------------------------------------------
// Integrity (Type 3) and PRF (Type 2)
// ---------------------------------------------------------------------------------------------

const INTEGRITY: Def[] = [
    {
        id: 'sha512', kind: 'integrity', name: 'HMAC-SHA2-512-256', iana: 14, ianaName: 'AUTH_HMAC_SHA2_512_256', keywords: ['sha512', 'sha2_512'],
        aliases: ['HMAC-SHA2-512-256', 'SHA2-512', 'SHA-512', 'SHA512', 'HMAC-SHA-512'], prf: 'prfsha512',
        grade: 'acceptable', reason: `HMAC-SHA2-512 is SHOULD in ${R8247} and ${R8221}`, rank: 90,
    },
    {
        id: 'sha384', kind: 'integrity', name: 'HMAC-SHA2-384-192', iana: 13, ianaName: 'AUTH_HMAC_SHA2_384_192', keywords: ['sha384', 'sha2_384'],
        aliases: ['HMAC-SHA2-384-192', 'SHA2-384', 'SHA-384', 'SHA384', 'HMAC-SHA-384'], prf: 'prfsha384',
        grade: 'acceptable', reason: `HMAC-SHA2-384 (no requirement level in ${R8247}; widely deployed)`, rank: 88,
    },
    {
        id: 'sha256', kind: 'integrity', name: 'HMAC-SHA2-256-128', iana: 12, ianaName: 'AUTH_HMAC_SHA2_256_128', keywords: ['sha256', 'sha2_256'],
        // QingCloud's `SHA2` is read as SHA-256 (width UNCONFIRMED, providers.md §3.1)
        aliases: ['HMAC-SHA2-256-128', 'SHA2-256', 'SHA-256', 'SHA256', 'HMAC-SHA-256', 'SHA2'], prf: 'prfsha256',
        grade: 'acceptable', reason: `HMAC-SHA2-256 is MUST in ${R8247} and ${R8221}`, rank: 86,
    },
    {
        id: 'aescmac', kind: 'integrity', name: 'AES-CMAC-96', iana: 8, ianaName: 'AUTH_AES_CMAC_96', aliases: ['AES-CMAC-96', 'AES-CMAC'], prf: 'prfaescmac',
        grade: 'acceptable', reason: `AES-CMAC-96 (${R8247}: SHOULD for IoT)`, rank: 60,
    },
    {
        id: 'aesxcbc', kind: 'integrity', name: 'AES-XCBC-96', iana: 5, ianaName: 'AUTH_AES_XCBC_96', aliases: ['AES-XCBC-96', 'AES-XCBC'], prf: 'prfaesxcbc',
        grade: 'acceptable', reason: `AES-XCBC-96 is SHOULD (IoT) in ${R8247} / ${R8221}`, rank: 58,
    },
    {
        id: 'sha256_96', kind: 'integrity', name: 'HMAC-SHA2-256-96 (non-standard truncation)', ianaName: 'AUTH_HMAC_SHA2_256_96 (private use)',
        keywords: ['sha256_96', 'sha2_256_96'], prf: 'prfsha256',
        grade: 'weak', reason: 'HMAC-SHA2-256 truncated to 96 bits is a pre-RFC 4868 Linux quirk; standard peers reject it', rank: 50,
    },
    {
        id: 'sm3', kind: 'integrity', name: 'HMAC-SM3', ianaName: '(none)', keywords: ['sm3'], nonStandard: true,
        grade: 'weak', reason: 'SM3 has no IANA codepoint and no mainline strongSwan keyword: only Chinese clouds interoperate', rank: 45,
    },
    {
        id: 'sha1_160', kind: 'integrity', name: 'HMAC-SHA1-160', iana: 7, ianaName: 'AUTH_HMAC_SHA1_160', keywords: ['sha1_160'], prf: 'prfsha1',
        grade: 'weak', reason: 'SHA-1 based; NIST SP 800-77r1 advises against SHA-1 for new deployments', rank: 31,
    },
    {
        id: 'sha1', kind: 'integrity', name: 'HMAC-SHA1-96', iana: 2, ianaName: 'AUTH_HMAC_SHA1_96', keywords: ['sha1', 'sha'],
        // GCP `HMAC-SHA1-96`, Tencent IKE `SHA`, Tencent IPsec / AWS / Azure `SHA1`
        aliases: ['HMAC-SHA1-96', 'SHA1', 'SHA-1', 'HMAC-SHA1'], prf: 'prfsha1',
        grade: 'weak', reason: `HMAC-SHA1 is MUST- in ${R8247} / ${R8221} (to be downgraded); NIST SP 800-77r1 advises against SHA-1`, rank: 30,
    },
    {
        id: 'md5_128', kind: 'integrity', name: 'HMAC-MD5-128', iana: 6, ianaName: 'AUTH_HMAC_MD5_128', keywords: ['md5_128'], prf: 'prfmd5',
        grade: 'broken', reason: 'MD5 is broken', rank: 6,
    },
    {
        id: 'md5', kind: 'integrity', name: 'HMAC-MD5-96', iana: 1, ianaName: 'AUTH_HMAC_MD5_96', aliases: ['HMAC-MD5-96', 'MD5', 'HMAC-MD5'], prf: 'prfmd5',
        grade: 'broken', reason: `HMAC-MD5 is MUST NOT in ${R8247} and ${R8221}`, rank: 5,
    },
];

const PRF: Def[] = [
    { id: 'prfsha512', kind: 'prf', name: 'PRF-HMAC-SHA2-512', iana: 7, ianaName: 'PRF_HMAC_SHA2_512', aliases: ['PRF-HMAC-SHA2-512'], grade: 'strong', reason: `PRF_HMAC_SHA2_512 is SHOULD+ in ${R8247}`, rank: 90 },
    { id: 'prfsha384', kind: 'prf', name: 'PRF-HMAC-SHA2-384', iana: 6, ianaName: 'PRF_HMAC_SHA2_384', aliases: ['PRF-HMAC-SHA2-384'], grade: 'strong', reason: 'PRF_HMAC_SHA2_384 (providers.md §10.3: strong)', rank: 88 },
    { id: 'prfsha256', kind: 'prf', name: 'PRF-HMAC-SHA2-256', iana: 5, ianaName: 'PRF_HMAC_SHA2_256', aliases: ['PRF-HMAC-SHA2-256'], grade: 'acceptable', reason: `PRF_HMAC_SHA2_256 is MUST in ${R8247}`, rank: 86 },
    { id: 'prfaescmac', kind: 'prf', name: 'PRF-AES128-CMAC', iana: 8, ianaName: 'PRF_AES128_CMAC', aliases: ['PRF-AES128-CMAC'], grade: 'acceptable', reason: `PRF_AES128_CMAC (${R8247}: IoT)`, rank: 60 },
    { id: 'prfaesxcbc', kind: 'prf', name: 'PRF-AES128-XCBC', iana: 4, ianaName: 'PRF_AES128_XCBC', aliases: ['PRF-AES128-XCBC'], grade: 'acceptable', reason: `PRF_AES128_XCBC is SHOULD (IoT) in ${R8247}`, rank: 58 },
    { id: 'prfsha1', kind: 'prf', name: 'PRF-HMAC-SHA1', iana: 2, ianaName: 'PRF_HMAC_SHA1', aliases: ['PRF-HMAC-SHA1', 'PRF-SHA1'], grade: 'weak', reason: `PRF_HMAC_SHA1 is MUST- in ${R8247}; SHA-1 is being retired`, rank: 30 },
    { id: 'prfmd5', kind: 'prf', name: 'PRF-HMAC-MD5', iana: 1, ianaName: 'PRF_HMAC_MD5', aliases: ['PRF-HMAC-MD5'], grade: 'broken', reason: `PRF_HMAC_MD5 is MUST NOT in ${R8247}`, rank: 5 },
];

// ---------------------------------------------------------------------------------------------
// Diffie-Hellman groups (Type 4). Preference (rank): elliptic curves first (ECP-384 first, the
// CNSA choice), then MODP 4096/3072 (>= 128-bit security at moderate cost), then MODP 8192/6144
// (stronger on paper, slow, and they enlarge IKE packets, which GCP asks to keep small, [S-G5]),
// then the 2048-bit groups, then the weak ones.
// ---------------------------------------------------------------------------------------------

/** Spellings of DH group n used by providers: `Group-14`, `GROUP14`, `group14`, `DH-GROUP14`, `DHGroup14`, `PFS14`, `14`, `DH14`. */
function groupAliases(n: number, extra: string[] = []): string[] {
    return [`Group-${n}`, `group${n}`, `DH-GROUP${n}`, `DHGroup${n}`, `PFS${n}`, `DH${n}`, `${n}`, ...extra];
}

const DH: Def[] = [
    { id: 'ecp384', kind: 'dh', name: 'ECP-384 (group 20)', iana: 20, ianaName: 'ECP_384_BIT', bits: 384, aliases: groupAliases(20, ['ECP384']), grade: 'strong', reason: 'NIST P-384 (192-bit security)', rank: 100 },
    { id: 'ecp521', kind: 'dh', name: 'ECP-521 (group 21)', iana: 21, ianaName: 'ECP_521_BIT', bits: 521, aliases: groupAliases(21, ['ECP521']), grade: 'strong', reason: 'NIST P-521 (256-bit security)', rank: 98 },
    { id: 'curve448', kind: 'dh', name: 'Curve448 (group 32)', iana: 32, ianaName: 'CURVE_448', bits: 448, keywords: ['curve448', 'x448'], aliases: groupAliases(32), grade: 'strong', reason: 'Curve448 (224-bit security)', rank: 97 },
    { id: 'curve25519', kind: 'dh', name: 'Curve25519 (group 31)', iana: 31, ianaName: 'CURVE_25519', bits: 255, keywords: ['curve25519', 'x25519'], aliases: groupAliases(31), grade: 'strong', reason: 'Curve25519 (128-bit security)', rank: 96 },
    { id: 'ecp256', kind: 'dh', name: 'ECP-256 (group 19)', iana: 19, ianaName: 'ECP_256_BIT', bits: 256, aliases: groupAliases(19, ['ECP256']), grade: 'strong', reason: `NIST P-256, SHOULD in ${R8247}`, rank: 95 },
    { id: 'ecp512bp', kind: 'dh', name: 'Brainpool P512r1 (group 30)', iana: 30, ianaName: 'ECP_512_BP', bits: 512, aliases: groupAliases(30), grade: 'acceptable', reason: `Brainpool curve, no requirement level in ${R8247}`, rank: 90 },
    { id: 'ecp384bp', kind: 'dh', name: 'Brainpool P384r1 (group 29)', iana: 29, ianaName: 'ECP_384_BP', bits: 384, aliases: groupAliases(29), grade: 'acceptable', reason: `Brainpool curve, no requirement level in ${R8247}`, rank: 89 },
    { id: 'ecp256bp', kind: 'dh', name: 'Brainpool P256r1 (group 28)', iana: 28, ianaName: 'ECP_256_BP', bits: 256, aliases: groupAliases(28), grade: 'acceptable', reason: `Brainpool curve, no requirement level in ${R8247}`, rank: 88 },
    { id: 'modp4096', kind: 'dh', name: 'MODP-4096 (group 16)', iana: 16, ianaName: 'MODP_4096_BIT', bits: 4096, aliases: groupAliases(16), grade: 'strong', reason: '4096-bit MODP', rank: 80 },
    { id: 'modp3072', kind: 'dh', name: 'MODP-3072 (group 15)', iana: 15, ianaName: 'MODP_3072_BIT', bits: 3072, aliases: groupAliases(15), grade: 'strong', reason: '3072-bit MODP (128-bit security)', rank: 79 },
    { id: 'modp8192', kind: 'dh', name: 'MODP-8192 (group 18)', iana: 18, ianaName: 'MODP_8192_BIT', bits: 8192, aliases: groupAliases(18), grade: 'strong', reason: '8192-bit MODP (slow)', rank: 78 },
    { id: 'modp6144', kind: 'dh', name: 'MODP-6144 (group 17)', iana: 17, ianaName: 'MODP_6144_BIT', bits: 6144, aliases: groupAliases(17), grade: 'strong', reason: '6144-bit MODP (slow)', rank: 77 },
    { id: 'modp2048', kind: 'dh', name: 'MODP-2048 (group 14)', iana: 14, ianaName: 'MODP_2048_BIT', bits: 2048, aliases: groupAliases(14, ['DHGroup2048', 'PFS2048']), grade: 'acceptable', reason: `2048-bit MODP, MUST in ${R8247}`, rank: 60 },
    { id: 'modp2048s256', kind: 'dh', name: 'MODP-2048 with 256-bit subgroup (group 24)', iana: 24, ianaName: 'MODP_2048_256', bits: 2048, aliases: groupAliases(24, ['modp-2048-256']), grade: 'acceptable', reason: `acceptable-legacy: small-subgroup MODP group, SHOULD NOT in ${R8247}`, rank: 55 },
    { id: 'modp2048s224', kind: 'dh', name: 'MODP-2048 with 224-bit subgroup (group 23)', iana: 23, ianaName: 'MODP_2048_224', bits: 2048, aliases: groupAliases(23, ['modp-2048-224']), grade: 'acceptable', reason: `acceptable-legacy: small-subgroup MODP group, SHOULD NOT in ${R8247}`, rank: 54 },
    { id: 'ecp224', kind: 'dh', name: 'ECP-224 (group 26)', iana: 26, ianaName: 'ECP_224_BIT', bits: 224, aliases: groupAliases(26), grade: 'acceptable', reason: 'NIST P-224 (112-bit security)', rank: 50 },
    { id: 'ecp224bp', kind: 'dh', name: 'Brainpool P224r1 (group 27)', iana: 27, ianaName: 'ECP_224_BP', bits: 224, aliases: groupAliases(27), grade: 'acceptable', reason: 'Brainpool P224r1 (112-bit security)', rank: 49 },
    { id: 'ecp192', kind: 'dh', name: 'ECP-192 (group 25)', iana: 25, ianaName: 'ECP_192_BIT', bits: 192, aliases: groupAliases(25), grade: 'weak', reason: 'NIST P-192 (96-bit security)', rank: 25 },
    { id: 'modp1536', kind: 'dh', name: 'MODP-1536 (group 5)', iana: 5, ianaName: 'MODP_1536_BIT', bits: 1536, aliases: groupAliases(5), grade: 'weak', reason: `1536-bit MODP: SHOULD NOT in ${R8247}; NIST SP 800-131A r2 disallows DH moduli < 2048 bits`, rank: 20 },
    { id: 'modp1024', kind: 'dh', name: 'MODP-1024 (group 2)', iana: 2, ianaName: 'MODP_1024_BIT', bits: 1024, aliases: groupAliases(2), grade: 'weak', reason: `1024-bit MODP: SHOULD NOT in ${R8247}; NIST SP 800-131A r2 disallows DH moduli < 2048 bits`, rank: 10 },
    { id: 'modp1024s160', kind: 'dh', name: 'MODP-1024 with 160-bit subgroup (group 22)', iana: 22, ianaName: 'MODP_1024_160', bits: 1024, aliases: groupAliases(22, ['modp-1024-160']), grade: 'weak', reason: `1024-bit MODP with a 160-bit subgroup: SHOULD NOT in ${R8247}`, rank: 9 },
    { id: 'modp768', kind: 'dh', name: 'MODP-768 (group 1)', iana: 1, ianaName: 'MODP_768_BIT', bits: 768, aliases: groupAliases(1), grade: 'broken', reason: `768-bit MODP: MUST NOT in ${R8247}`, rank: 1 },
];

// ---------------------------------------------------------------------------------------------
// Index
// ---------------------------------------------------------------------------------------------

function complete(d: Def): Algorithm {
    return { ...d, keywords: d.keywords ?? [d.id], aliases: d.aliases ?? [] };
}

export const ALGORITHMS: readonly Algorithm[] = [...ENCRYPTION, ...INTEGRITY, ...PRF, ...DH].map(complete);

const byId = new Map<string, Algorithm>();
const byKeyword = new Map<string, Algorithm>();
const byAlias = new Map<string, Algorithm[]>();

/** Case- and separator-insensitive form used to match aliases: `AES-CBC-128` -> `aescbc128`. */
export function normaliseSpelling(s: string): string {
    return s.toLowerCase().replace(/[-_\s]/g, '');
}

for (const a of ALGORITHMS) {
    if (byId.has(a.id)) throw new Error(`duplicate algorithm id ${a.id}`);
    byId.set(a.id, a);
    for (const k of a.keywords) {
        if (byKeyword.has(k)) throw new Error(`duplicate strongSwan keyword ${k}`);
        byKeyword.set(k, a);
    }
    const forms = new Set([...a.keywords, ...a.aliases, a.name].map(normaliseSpelling));
    for (const f of forms) {
        const list = byAlias.get(f) ?? [];
        list.push(a);
        byAlias.set(f, list);
    }
}

/** The algorithm with this canonical id; throws for unknown ids (programming error). */
export function algorithm(id: string): Algorithm {
    const a = byId.get(id);
    if (!a) throw new Error(`unknown algorithm id '${id}'`);
    return a;
}

export function hasAlgorithm(id: string): boolean {
    return byId.has(id);
}

/** The algorithm for an exact strongSwan keyword (case-insensitive), as used in proposals. */
export function fromKeyword(keyword: string): Algorithm | undefined {
    return byKeyword.get(keyword.toLowerCase());
}

/**
 * Any spelling (strongSwan keyword, provider console/API value, IANA-ish name), case- and
 * separator-insensitive. With `kind`, only algorithms of that kind match (needed for spellings
 * such as AWS `2` = DH group 2, or `None` = NULL encryption).
 */
export function findAlgorithm(spelling: string, kind?: AlgKind): Algorithm | undefined {
    const kw = byKeyword.get(spelling.toLowerCase());
    if (kw && (!kind || kw.kind === kind)) return kw;
    const list = byAlias.get(normaliseSpelling(spelling)) ?? [];
    return list.find(a => !kind || a.kind === kind);
}

export function algorithmsOfKind(kind: AlgKind): Algorithm[] {
    return ALGORITHMS.filter(a => a.kind === kind).sort((x, y) => y.rank - x.rank);
}

/** Strongest first: grade, then rank. */
export function compareStrength(a: Algorithm, b: Algorithm): number {
    return GRADE_ORDER[b.grade] - GRADE_ORDER[a.grade] || b.rank - a.rank;
}

export function isWeak(a: Algorithm): boolean {
    return GRADE_ORDER[a.grade] <= GRADE_ORDER.weak;
}

/** The PRF strongSwan uses when an IKE proposal names none: derived from the integrity algorithm. */
export function prfForIntegrity(integrity: Algorithm): Algorithm | undefined {
    return integrity.prf ? byId.get(integrity.prf) : undefined;
}
