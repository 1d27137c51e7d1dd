/**
 * Redundant tunnels: several tunnels between the same two sites, each on its own pair of gateway
 * addresses (AWS's two tunnels per VPN connection, GCP HA VPN interfaces 0 and 1, Azure
 * active-active, two on-premises routers). Traffic fails over between them, so they must agree.
 * - `redundant-mismatch`: two tunnels of one group configure a site's end differently (selectors,
 *   IKE version, proposals, routing): after a failover the traffic or the negotiation changes.
 * - `redundancy-missing`: a provider that builds in redundancy (providers/*: `redundancy`) is used
 *   with fewer tunnels to a peer than it provides, with the consequence (maintenance outage, SLA).
 */
import { getProfile, providerLabel } from '../providers/index.js';
import type { Finding, Site, Topology, TunnelEnd } from '../model/types.js';
import { setOf, statementRef } from './network.js';
import { addressText } from '../net/prefix.js';
import { connectionsTo, settingsOf } from '../resolve/index.js';

export function analyseRedundancy(topology: Topology): Finding[] {
    const findings: Finding[] = [];
    for (const site of topology.sites) {
        // this site's ends grouped by peer (a site has few peers with several tunnels; most have one end each)
        const byPeer = new Map<Site, TunnelEnd[]>();
        for (const e of site.ends) {
            const list = byPeer.get(e.peer);
            if (list) list.push(e); else byPeer.set(e.peer, [e]);
        }
        for (const [peer, ends] of byPeer) {
            // each disagreement once: at the site that comes first in the pair
            if (ends.length > 1 && site.name < peer.name) findings.push(...disagreements(ends));
            const missing = missingRedundancy(site, peer, ends);
            if (missing) findings.push(missing);
        }
    }
    return findings;
}

const proposals = (e: TunnelEnd, phase: 'ikeProposals' | 'espProposals') => e[phase].map(p => p.text.trim().toLowerCase()).sort().join(',');

/** What differs between two ends at the same site, in words; empty when they agree. */
function differences(x: TunnelEnd, y: TunnelEnd): string[] {
    const out: string[] = [];
    for (const side of ['local', 'remote'] as const) {
        if (!setOf(x[side]).equals(setOf(y[side]))) out.push(`${side} selector`);
    }
    if ((x.ike ?? 0) !== (y.ike ?? 0)) out.push(`IKE version (${x.ike ? `v${x.ike}` : 'default'} / ${y.ike ? `v${y.ike}` : 'default'})`);
    if (proposals(x, 'ikeProposals') !== proposals(y, 'ikeProposals')) out.push('ike-proposal');
    if (proposals(x, 'espProposals') !== proposals(y, 'espProposals')) out.push('esp-proposal');
    if ((x.routing ?? 'policy') !== (y.routing ?? 'policy')) out.push(`routing (${x.routing ?? 'policy'} / ${y.routing ?? 'policy'})`);
    return out;
}

function disagreements(ends: TunnelEnd[]): Finding[] {
    const first = ends[0];
    const out: Finding[] = [];
    for (const e of ends.slice(1)) {
        const diff = differences(first, e);
        if (!diff.length) continue;
        out.push({
            code: 'redundant-mismatch', severity: 'warning', at: statementRef(e),
            message: `Redundant tunnels ${first.tunnel.name} and ${e.tunnel.name} between ${e.site.name} and ${e.peer.name} differ in ${diff.join(', ')}: traffic changes when one fails over to the other.`,
            related: [{ at: statementRef(first), message: `Tunnel ${first.tunnel.name}, the first between ${e.site.name} and ${e.peer.name}.` }],
        });
    }
    return out;
}

/** Tunnels on distinct gateway addresses of this site (unknown addresses: one each). */
const distinctGateways = (ends: TunnelEnd[]) => new Set(ends.map(e => { const g = settingsOf(e).gateway.value; return g ? addressText(g) : e.tunnel.name; })).size;

/**
 * Fewer tunnels to a peer, on distinct gateway addresses of this site, than the provider builds in.
 * Counted per peer, not per connection: two customer gateways with one tunnel each still fail over.
 * Where the provider groups tunnels in a connection (AWS) and they all sit in one, the message says so.
 */
function missingRedundancy(site: Site, peer: Site, ends: TunnelEnd[]): Finding | undefined {
    const expected = getProfile(site.provider).redundancy;
    if (!expected) return undefined;
    const relevant = ends.filter(e => !expected.routing || (e.routing !== undefined && expected.routing.includes(e.routing)));
    if (!relevant.length) return undefined;
    const used = distinctGateways(relevant);
    if (used >= expected.tunnels) return undefined;
    const e = relevant[0];
    const connections = connectionsTo(site, peer);
    const what = connections.length === 1 ? `${used} of the ${expected.tunnels} tunnels of its ${connections[0].kind}` : `${used} of its ${expected.tunnels} tunnels`;
    return {
        code: 'redundancy-missing', severity: 'warning', at: statementRef(e),
        message: `${site.name} (${providerLabel(site.provider, e.routing)}) has ${what} to ${peer.name}: add a tunnel on its other gateway address.`,
        related: [{ at: site.gatewaySrc ?? site.nameSrc, message: expected.consequence }],
    };
}
