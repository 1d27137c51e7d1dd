/**
 * Every provider profile, and accessors: `getProfile`, the accepted algorithms of a phase, and the
 * provider's own spelling of an algorithm (for runbooks).
 */
import { type AlgKind, type Algorithm, algorithm, findAlgorithm, prfForIntegrity } from '../crypto/algorithms.js';
import type { IkeVersion, ProviderId } from '../model/types.js';
import { alibaba } from './alibaba.js';
import { aws } from './aws.js';
import { azure } from './azure.js';
import { gcp } from './gcp.js';
import { huawei } from './huawei.js';
import { qingcloud } from './qingcloud.js';
import { strongswan } from './strongswan.js';
import { tencent } from './tencent.js';
import type { CryptoPhase, ProviderProfile } from './types.js';

export type { CryptoPhase, ProviderProfile } from './types.js';

export const PROFILES: Readonly<Record<ProviderId, ProviderProfile>> = { gcp, tencent, qingcloud, aws, azure, alibaba, huawei, strongswan };

/** The profile of a provider; a site without a provider is a self-managed strongSwan gateway. */
export function getProfile(id: ProviderId | undefined): ProviderProfile {
    return PROFILES[id ?? 'strongswan'];
}

/** Name for messages: `GCP Cloud VPN (HA VPN)` when the routing mode picks a product. */
export function providerLabel(id: ProviderId | undefined, routing?: 'policy' | 'static' | 'bgp'): string {
    const p = getProfile(id);
    const product = routing ? p.productByRouting?.[routing] : undefined;
    return product ? `${p.displayName} (${product})` : p.displayName;
}

/** The short name for a message's first line: `AWS`, `GCP HA VPN`, `strongSwan`. */
export function providerShortLabel(id: ProviderId | undefined, routing?: 'policy' | 'static' | 'bgp'): string {
    const p = getProfile(id);
    const product = routing ? p.productByRouting?.[routing] : undefined;
    return product ? `${p.shortName} ${product}` : p.shortName;
}

/**
 * The canonical ids a provider accepts for one kind in one phase with one IKE version.
 * IKEv1 phase 1 has no AEAD ciphers (RFC 5282 defines AEAD for the IKEv2 SA only), and
 * its PRF is the HMAC of the negotiated hash, so IKEv1 PRFs follow the integrity set.
 */
export function accepted(id: ProviderId | undefined, ike: IkeVersion, phase: CryptoPhase, kind: AlgKind): string[] {
    const v = getProfile(id).versions[ike];
    if (!v) return [];
    const caps = v[phase];
    if (kind === 'prf') {
        if (phase !== 'ike') return [];
        if (caps.prf === 'from-integrity' || ike === 1) {
            return [...new Set(caps.integrity.map(i => algorithm(i).prf).filter((x): x is string => !!x))];
        }
        return caps.prf;
    }
    const list = caps[kind];
    if (kind === 'encryption' && phase === 'ike' && ike === 1) return list.filter(e => !algorithm(e).aead);
    return list;
}

export function accepts(id: ProviderId | undefined, ike: IkeVersion, phase: CryptoPhase, alg: Algorithm): boolean {
    return accepted(id, ike, phase, alg.kind).includes(alg.id);
}

/**
 * The provider's own spelling of an algorithm, e.g. `spell('tencent', 'ike', 'integrity', 'sha1')` = `SHA`,
 * `spell('gcp', 'ike', 'dh', 'modp1024')` = `Group-2`, `spell('aws', 'esp', 'dh', 'modp1024')` = `2`.
 * `alg` may be a canonical id, any spelling {@link findAlgorithm} knows, or an Algorithm.
 * For providers without a PRF setting, the PRF is spelled as the integrity value that selects it.
 * Undefined when the provider does not accept the algorithm in that phase.
 */
export function spell(id: ProviderId | undefined, phase: CryptoPhase, kind: AlgKind, alg: string | Algorithm): string | undefined {
    const a = typeof alg === 'string' ? findAlgorithm(alg, kind) : alg;
    if (!a || a.kind !== kind) return undefined;
    const table = getProfile(id).spelling[phase];
    const direct = table[kind]?.[a.id];
    if (direct !== undefined) return direct;
    if (kind === 'prf' && phase === 'ike') {
        for (const [integ, text] of Object.entries(table.integrity ?? {})) {
            if (prfForIntegrity(algorithm(integ))?.id === a.id) return text;
        }
    }
    return undefined;
}

export { alibaba, aws, azure, gcp, huawei, qingcloud, strongswan, tencent };
export { factText } from './util.js';
