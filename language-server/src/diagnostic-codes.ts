/**
 * Every diagnostic code Topo reports, with its default severity and a one-line summary
 * (used for SARIF rules, hovers and documentation). The contract's codes come first.
 */
import type { Severity } from './model/types.js';

export interface CodeInfo { severity: Severity; summary: string }

export const DIAGNOSTIC_CODES = {
    'cidr-invalid': { severity: 'error', summary: 'Not an address or prefix (e.g. 300.1.1.0/24, /33).' },
    'cidr-host-bits': { severity: 'warning', summary: 'A prefix with host bits set (192.168.0.5/24); the fix normalises it.' },
    'cidr-overlap': { severity: 'error', summary: "Two sites' networks overlap and the sites must reach each other (warning otherwise)." },
    'host-outside-site': { severity: 'error', summary: "A host's address is not in its site's networks." },
    'selector-self-overlap': { severity: 'error', summary: "A tunnel end's remote selector overlaps its own site's networks." },
    'selector-mismatch': { severity: 'error', summary: 'The two ends of a tunnel are not mirror images (A.local != B.remote or A.remote != B.local).' },
    'missing-route': { severity: 'error', summary: 'Intended traffic between two sites is not carried: no selector covers it at some hop, or a required route is missing.' },
    'ike-version-unsupported': { severity: 'error', summary: 'The provider does not offer that IKE version.' },
    'proposal-unsupported': { severity: 'error', summary: 'An algorithm the provider does not offer.' },
    'proposal-mismatch': { severity: 'error', summary: 'The ends share no proposal, or the declared ends differ (phase 1, phase 2 or PFS).' },
    'weak-crypto': { severity: 'warning', summary: 'Weak per RFC 8247 / RFC 8221 / RFC 9395.' },
    'psk-literal': { severity: 'warning', summary: 'A pre-shared key written into the file.' },
    'psk-mismatch': { severity: 'error', summary: "The two ends' pre-shared keys differ." },
    'psk-policy': { severity: 'error', summary: "The pre-shared key breaks a provider's rules (length, characters)." },
    'routing-unsupported': { severity: 'error', summary: 'A routing mode the provider does not offer (e.g. bgp on QingCloud).' },
    // Beyond the contract
    'syntax-error': { severity: 'error', summary: 'The text does not follow the Topo grammar.' },
    'unresolved-reference': { severity: 'error', summary: 'A name that no site or tunnel of this topology declares.' },
    'duplicate-name': { severity: 'error', summary: 'A site, host or tunnel name declared more than once.' },
    'name-collision': { severity: 'error', summary: 'Two tunnel ends with the same connection name at a site once case and _/- are ignored, or two tunnels reading the same TOPO_PSK_ variable.' },
    'psk-encoding': { severity: 'warning', summary: 'A pre-shared key that begins with 0x or 0s, which strongSwan reads as hex or base64.' },
    'string-control': { severity: 'error', summary: 'A quoted value (region) with a control character such as a line break.' },
    'name-too-long': { severity: 'error', summary: 'A site name or connection name over 255 bytes (strongSwan refuses it).' },
    'psk-env-credential': { severity: 'warning', summary: "psk env names a variable that looks like another credential (GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY...)." },
    'duplicate-tunnel': { severity: 'error', summary: 'The same tunnel end configured by two statements.' },
    'tunnel-self': { severity: 'error', summary: 'A tunnel from a site to itself.' },
    'provider-unknown': { severity: 'error', summary: 'A provider id Topo does not know.' },
    'hub-not-centre': { severity: 'error', summary: 'A hub that is itself a spoke of another hub.' },
    'route-foreign-tunnel': { severity: 'error', summary: 'A route via a tunnel that does not end at this site.' },
    'ikev1-multiple-selectors': { severity: 'error', summary: 'An IKEv1 tunnel with several selector pairs in one child SA towards a gateway that uses only the first (GCP Classic VPN); the other networks are not carried.' },
    'proposal-invalid': { severity: 'error', summary: 'A proposal with a token that is not an algorithm strongSwan knows.' },
    'proposal-chosen': { severity: 'hint', summary: 'A tunnel that declares no proposals: Topo chose the strongest suite both ends accept (the fix writes it in).' },
    'selector-sa-limit': { severity: 'warning', summary: "More selectors than a provider negotiates in one SA (AWS: one CIDR per side; GCP: one child SA)." },
    'hub-unsupported': { severity: 'error', summary: "The centre of a star is on a provider whose gateway cannot route between its tunnels (warning when only partly)." },
    'gateway-unknown': { severity: 'error', summary: "A tunnel's local-gateway / remote-gateway that is not one of its site's gateway addresses." },
    'redundant-mismatch': { severity: 'warning', summary: 'Redundant tunnels between the same two sites configure an end differently (selectors, IKE version, proposals, routing).' },
    'redundancy-missing': { severity: 'warning', summary: 'Fewer tunnels to a peer than the provider builds in (AWS: two per VPN connection; GCP HA VPN: one per interface), with the consequence.' },
    'asn-invalid': { severity: 'error', summary: "A site's ASN that is not a number from 1 to 4294967295, or that its provider reserves or does not allow." },
    'asn-same': { severity: 'error', summary: 'The two ends of a BGP tunnel in the same autonomous system (eBGP needs two ASNs; cloud gateways speak eBGP only).' },
    'asn-missing': { severity: 'info', summary: 'A BGP tunnel at a site whose provider has no default ASN (GCP Cloud Router, a self-managed router) and none is written.' },
    'inside-invalid': { severity: 'error', summary: "BGP inside addresses that are not in one /30 (IPv6 /126) of the provider's range, equal, a network or broadcast address, reserved by the provider, or used twice at a site." },
    'bgp-required': { severity: 'error', summary: 'A tunnel on a gateway that only does BGP (GCP HA VPN) with another routing mode.' },
    'value-invalid': { severity: 'error', summary: 'A lifetime or DPD value that is not a duration (28800, 480m, 8h, 1d).' },
    'lifetime-unsupported': { severity: 'error', summary: "A written lifetime outside the provider's range, or other than its fixed value (GCP, QingCloud)." },
    'lifetime-mismatch': { severity: 'warning', summary: "The two ends' lifetimes differ (IKEv1: warning, the responder may refuse or shorten; IKEv2: info, each end rekeys on its own)." },
    'identity-mismatch': { severity: 'error', summary: "One end's remote-id is not the identity the other end presents (AUTHENTICATION_FAILED)." },
    'dpd-unsupported': { severity: 'error', summary: "A written dpd the provider cannot take: outside its range (AWS: 30 s or more; Azure 9-3600; Tencent 30-60), off where DPD is always on, or any value where the provider runs DPD with its own values (GCP, QingCloud, Alibaba)." },
    'nat-identity': { severity: 'error', summary: 'A gateway behind NAT (behind-nat) with no local-id presents its own address; the peer expects the public one (AUTHENTICATION_FAILED).' },
    'ipv6-unsupported': { severity: 'error', summary: 'IPv6 networks over a provider or product that does not carry them (GCP Classic VPN; GCP HA VPN with IKEv1).' },
    'internal-error': { severity: 'warning', summary: 'One of Topo\'s analyses failed; its checks are missing.' },
    'too-large': { severity: 'warning', summary: 'The file is too large or too broken to analyse fully.' },
} as const satisfies Record<string, CodeInfo>;

/** A code Topo reports: a finding with any other code does not type-check. */
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export function isDiagnosticCode(code: string): code is DiagnosticCode {
    return Object.prototype.hasOwnProperty.call(DIAGNOSTIC_CODES, code);
}

export function describeCode(code: string): CodeInfo {
    return isDiagnosticCode(code) ? DIAGNOSTIC_CODES[code] : { severity: 'error', summary: code };
}
