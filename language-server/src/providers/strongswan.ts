/**
 * A self-managed Linux gateway running strongSwan (also what a site without `provider` means).
 * It accepts every algorithm strongSwan has a keyword for.
 *
 * Sources:
 * - [S-W1] strongswan/strongswan@src/libstrongswan/crypto/proposal/proposal_keywords_static.txt (keywords; read at commit 00520b3a)
 * - [S-W2] https://docs.strongswan.org/docs/latest/config/proposals.html (proposal syntax, AEAD, PFS in ESP)
 * - [S-W3] https://docs.strongswan.org/docs/latest/config/IKEv2CipherSuites.html
 * - https://docs.strongswan.org/docs/latest/swanctl/swanctlConf.html (rekey_time defaults: IKE 4h, CHILD 1h)
 * - strongSwan 5.9.8 observed in network namespaces (the project's netns recipe, as test/netns runs it):
 *   "IKEv1 uses only the first traffic selector of a child SA, silently"
 * - [S-W4] RFC 7296 §2.9 (traffic selector narrowing) and §1.3.1/§2.8 (the first CHILD_SA is created in
 *   IKE_AUTH without a key exchange; a CHILD_SA rekey carries one)
 * - [S-W6] https://docs.strongswan.org/docs/latest/swanctl/swanctlConf.html (dpd_delay, local/remote id)
 * - [S-W5] measured: strongSwan 5.9.8 in network namespaces, the generated cases of `npm run test:netns`
 *   (test/netns/generated.mjs): narrowing under IKEv2 and IKEv1, rekeys with different PFS groups
 */
import { ALGORITHMS, type AlgKind } from '../crypto/algorithms.js';
import type { ProviderProfile, SpellingTable } from './types.js';
import { pskRule } from './util.js';

function table(phase: 'ike' | 'esp'): SpellingTable {
    const t: SpellingTable = {};
    for (const a of ALGORITHMS) {
        if (a.nonStandard || a.keywords.length === 0) continue;
        if (phase === 'esp' && a.kind === 'prf') continue;
        if (phase === 'ike' && a.id === 'null') continue; // no NULL encryption for IKE
        const kind: AlgKind = a.kind;
        (t[kind] ??= {})[a.id] = a.keywords[0];
    }
    return t;
}

const IKE = table('ike');
const ESP = table('esp');
const keys = (t: SpellingTable, k: AlgKind) => Object.keys(t[k] ?? {});

const caps = {
    ike: { encryption: keys(IKE, 'encryption'), integrity: keys(IKE, 'integrity'), prf: keys(IKE, 'prf'), dh: keys(IKE, 'dh') },
    esp: { encryption: keys(ESP, 'encryption'), integrity: keys(ESP, 'integrity'), prf: [], dh: keys(ESP, 'dh') },
    pfs: 'optional' as const,
    lifetimes: {
        ike: { default: 14400, note: 'swanctl rekey_time, freely configurable' },
        esp: { default: 3600, note: 'swanctl children rekey_time, freely configurable' },
    },
};

export const strongswan: ProviderProfile = {
    id: 'strongswan',
    displayName: 'strongSwan (self-managed Linux gateway)',
    shortName: 'strongSwan',
    factsDate: 'strongSwan 5.9 / 6.x docs',
    sources: [
        { id: 'S-W6', ref: 'https://docs.strongswan.org/docs/latest/swanctl/swanctlConf.html' },
        { id: 'S-W1', ref: 'strongswan/strongswan@src/libstrongswan/crypto/proposal/proposal_keywords_static.txt' },
        { id: 'S-W2', ref: 'https://docs.strongswan.org/docs/latest/config/proposals.html' },
        { id: 'S-W3', ref: 'https://docs.strongswan.org/docs/latest/config/IKEv2CipherSuites.html' },
        { id: 'S-W4', ref: 'https://www.rfc-editor.org/rfc/rfc7296#section-2.9' },
        { id: 'S-W5', ref: 'test/netns/generated.mjs (strongSwan 5.9.8, measured)' },
    ],
    ikeVersions: [1, 2],
    defaultIke: 2,
    versions: { 1: caps, 2: caps },
    spelling: { ike: IKE, esp: ESP },
    settingSpelling: { ike: { 1: 'version = 1', 2: 'version = 2' }, routing: { policy: 'policy (local_ts/remote_ts)', static: 'route-based (XFRM interface / VTI)', bgp: 'BGP daemon (FRR/BIRD) over XFRM interfaces' } },
    psk: pskRule({ description: 'any non-empty string (quote it in swanctl.conf; `0x`/`0s` prefixes mean hex/base64)', min: 1 }),
    routing: ['policy', 'static', 'bgp'],
    routingNote: 'policy-based selectors, route-based with XFRM interfaces/VTI, BGP with a routing daemon',
    selectors: {
        childSas: 'any',
        ikev1FirstCidrOnly: true,
        note: 'IKEv2: several CIDRs per child; IKEv1: only the first traffic selector of a child is used, silently (use one child per local/remote pair)',
    },
    hub: { capable: 'yes', note: 'a Linux gateway routes between its tunnels (forwarding enabled, send_redirects=0)' },
    // a self-managed gateway: BGP comes from a daemon (FRR, BIRD) on XFRM interfaces, any ASN and inside range
    bgp: {
        inside: {
            v4: { within: ['0.0.0.0/0'], lengths: [30, 31], reserved: [], note: 'any inside addresses the BGP daemon is given' },
            v6: { within: ['::/0'], lengths: [126, 127], note: 'any inside addresses the BGP daemon is given' },
        },
        note: 'a BGP daemon (FRR, BIRD) beside charon; its ASN must be chosen',
        sources: ['S-W6'],
    },
    // swanctl.conf dpd_delay (0 = off)
    dpd: { settable: true, min: 1, canDisable: true, note: 'swanctl.conf dpd_delay (seconds between liveness checks; 0 turns DPD off)', sources: ['S-W6'] },
    ipv6: { routing: { policy: true, static: true, bgp: true }, ike: [1, 2], note: 'IPv6 selectors with IKEv1 and IKEv2', sources: ['S-W6'] },
    identities: { kinds: ['address', 'fqdn', 'user-fqdn'], note: 'swanctl.conf local id / remote id: an address, FQDN or user FQDN', sources: ['S-W6'] },
    notes: [
        { text: 'IKEv1 has no AEAD ciphers for the IKE SA (RFC 5282 defines AEAD for IKEv2 only)', sources: ['S-W2'] },
    ],
    behaviour: {
        narrows: { 1: true, 2: true },
        initiates: 'both',
        pfsMismatchAtRekey: 'fails',
        note: 'as responder narrows offered selectors to the intersection with its own, as initiator accepts narrowed ones (IKEv2 and IKEv1); a CHILD_SA rekey with a PFS group the peer does not list fails (no acceptable KEY_EXCHANGE_METHOD)',
        sources: ['S-W4', 'S-W5'],
    },
};
