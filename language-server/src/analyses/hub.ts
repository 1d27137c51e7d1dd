/**
 * Can the centre of a star carry spoke-to-spoke traffic? A provider whose VPN gateway does not
 * route between its own tunnels (GCP Cloud VPN without an NCC hub) breaks the contract's
 * "spoke to spoke through the hub" reachability. Capability data: providers/<id>.ts `hub`.
 */
import type { Finding, Topology } from '../model/types.js';
import { getProfile, providerLabel, providerShortLabel } from '../providers/index.js';

export function analyseHubs(topology: Topology): Finding[] {
    const findings: Finding[] = [];
    for (const star of topology.stars) {
        if (star.spokes.length < 2) continue; // no spoke-to-spoke traffic to carry
        const hub = star.hub;
        const { capable, note } = getProfile(hub.provider).hub;
        if (capable === 'yes') continue;
        const label = providerLabel(hub.provider), short = providerShortLabel(hub.provider);
        const pairs = star.spokes.length * (star.spokes.length - 1) / 2;
        findings.push({
            code: 'hub-unsupported',
            severity: capable === 'no' ? 'error' : 'warning',
            at: hub.nameSrc,
            message: capable === 'no'
                ? `Site ${hub.name} is the centre of a star, but ${short} does not route between its own tunnels: the ${pairs} spoke-to-spoke path${pairs === 1 ? '' : 's'} through it will not work. Use a hub that can transit, or join the spokes directly.`
                : `Site ${hub.name} is the centre of a star; ${short} carries spoke-to-spoke traffic only partly: check that the ${pairs} spoke-to-spoke path${pairs === 1 ? '' : 's'} through it can be routed.`,
            related: [{ at: hub.nameSrc, message: `${label}: ${note}.` }, ...star.spokes.slice(0, 5).map(s => ({ at: s.nameSrc, message: `${s.name} is a spoke of ${hub.name}.` }))],
        });
    }
    return findings;
}
