/**
 * Can the centre of a star carry spoke-to-spoke traffic? A provider whose VPN gateway does not
 * route between its own tunnels (GCP Cloud VPN without an NCC hub) breaks the contract's
 * "spoke to spoke through the hub" reachability. Capability data: providers/<id>.ts `hub`.
 */
import type { Finding, Topology } from '../model/types.js';
import { getProfile, providerLabel } from '../providers/index.js';

export function analyseHubs(topology: Topology): Finding[] {
    const findings: Finding[] = [];
    for (const star of topology.stars) {
        if (star.spokes.length < 2) continue; // no spoke-to-spoke traffic to carry
        const hub = star.hub;
        const { capable, note } = getProfile(hub.provider).hub;
        if (capable === 'yes') continue;
        const label = providerLabel(hub.provider);
        const pairs = star.spokes.length * (star.spokes.length - 1) / 2;
        findings.push({
            code: 'hub-unsupported',
            severity: capable === 'no' ? 'error' : 'warning',
            at: hub.nameSrc,
            message: capable === 'no'
                ? `Site ${hub.name} is the centre of a star, but a ${label} gateway does not route traffic between its own tunnels (${note}); the ${pairs} spoke-to-spoke path${pairs === 1 ? '' : 's'} through ${hub.name} will not work. Use a hub on a provider that can transit, or join the spokes with their own tunnels.`
                : `Site ${hub.name} is the centre of a star; a ${label} gateway carries spoke-to-spoke traffic only partly (${note}). Check that the ${pairs} spoke-to-spoke path${pairs === 1 ? '' : 's'} through ${hub.name} can be routed.`,
            related: star.spokes.slice(0, 5).map(s => ({ at: s.nameSrc, message: `${s.name} is a spoke of ${hub.name}.` })),
        });
    }
    return findings;
}
