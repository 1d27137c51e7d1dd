/**
 * `cidr-overlap`: networks of two sites that overlap (an error when the two sites must reach
 * each other per the contract's intended reachability, a warning otherwise), two networks of one
 * site that overlap (warning), and hosts that share an address.
 *
 * Sort and sweep: every network is an address range; sorted by start (larger first on a tie),
 * CIDR prefixes either nest or are disjoint, so the ranges still open when a network starts are a
 * chain of enclosing prefixes (at most 129 deep). Identical prefixes are grouped, so even many
 * sites with the same network cost one comparison per enclosing group, not one per site:
 * O(n log n) for n networks, with no all-pairs loop.
 */
import { comparePrefixes, type Prefix } from '../net/prefix.js';
import type { Finding, Host, Net, Site, SourceRef, Topology } from '../model/types.js';
import { NetworkView } from './network.js';

interface Entry { site: Site; net: Net; order: number }

/** The sites that wrote one prefix, in source order. */
interface Group {
    prefix: Prefix;
    /** First entry per site. */
    bySite: Map<Site, Entry>;
    /** First entry per star centre, to find a same-star member without scanning. */
    byHub: Map<Site, Entry>;
    first: Entry;
    count: number;
}

const refOf = (e: Entry): SourceRef => e.net.src ?? e.site.nameSrc;

function describeRelation(inner: Prefix, outer: Prefix): string {
    if (inner.first === outer.first && inner.last === outer.last) return 'is the same network as';
    return 'lies inside';
}

export function analyseOverlaps(topology: Topology): Finding[] {
    const view = new NetworkView(topology);
    const findings: Finding[] = [];
    const entries: Entry[] = [];
    for (const site of topology.sites) for (const net of site.networks) entries.push({ site, net, order: entries.length });
    // Source order decides which of two equal networks is "the second" (the one reported). Sites
    // are listed in source order (documents in `uris` order, statements as written), so the
    // order of the entries is the source order, and no position needs to be read.
    entries.sort((x, y) => comparePrefixes(x.net.prefix, y.net.prefix) || x.order - y.order);

    const stack: Group[] = [];
    for (const e of entries) {
        const p = e.net.prefix;
        while (stack.length) {
            const top = stack[stack.length - 1].prefix;
            if (top.version === p.version && top.last >= p.first) break;
            stack.pop();
        }
        for (const g of stack) {
            const sameSite = g.bySite.get(e.site);
            if (sameSite) {
                findings.push({
                    code: 'cidr-overlap', severity: 'warning', at: refOf(e),
                    message: `Site ${e.site.name}: its network ${p.text} ${describeRelation(p, g.prefix)} its network ${g.prefix.text}; list each network once.`,
                    related: [{ at: refOf(sameSite), message: `${g.prefix.text} of site ${e.site.name} is written here.` }],
                });
            }
            const others = g.count - (sameSite ? 1 : 0);
            if (others === 0) continue;
            // Name a site that must reach this one, if the group has one (that makes it an error).
            let peer: Entry | undefined = e.site.hub ? g.byHub.get(e.site.hub) : undefined;
            if (peer?.site === e.site) peer = undefined;
            if (!peer) {
                for (const end of e.site.ends) {
                    const m = g.bySite.get(end.peer);
                    if (m) { peer = m; break; }
                }
            }
            if (!peer && e.site.hub && g.byHub.has(e.site.hub)) {
                // The only same-star member is this site itself: look for another one.
                for (const m of g.bySite.values()) if (m.site !== e.site && m.site.hub === e.site.hub) { peer = m; break; }
            }
            const must = peer !== undefined;
            const named = peer ?? (g.first.site !== e.site ? g.first : [...g.bySite.values()].find(m => m.site !== e.site)!);
            const more = others - 1;
            const also = more > 0 ? ` (and ${more} other site${more === 1 ? '' : 's'} with ${g.prefix.text})` : '';
            findings.push({
                code: 'cidr-overlap', severity: must ? 'error' : 'warning', at: refOf(e),
                message: must
                    ? `Network ${p.text} of site ${e.site.name} ${describeRelation(p, g.prefix)} ${g.prefix.text} of site ${named.site.name}${also}; ${e.site.name} and ${named.site.name} must reach each other (${view.reason(e.site, named.site)}), which overlapping networks cannot do. Renumber one of them.`
                    : `Network ${p.text} of site ${e.site.name} ${describeRelation(p, g.prefix)} ${g.prefix.text} of site ${named.site.name}${also}; ${view.reason(e.site, named.site)}, but they could never be joined without renumbering.`,
                related: [{ at: refOf(named), message: `${g.prefix.text} of site ${named.site.name} is written here.` }],
            });
        }
        const top = stack[stack.length - 1];
        if (top && top.prefix.first === p.first && top.prefix.last === p.last && top.prefix.version === p.version) {
            if (!top.bySite.has(e.site)) {
                top.bySite.set(e.site, e);
                top.count++;
                if (e.site.hub && !top.byHub.has(e.site.hub)) top.byHub.set(e.site.hub, e);
            }
        } else {
            stack.push({
                prefix: p, bySite: new Map([[e.site, e]]), byHub: new Map(e.site.hub ? [[e.site.hub, e]] : []), first: e, count: 1,
            });
        }
    }
    findings.push(...duplicateHosts(topology, view));
    return findings;
}

/** Hosts with the same address: sort by address, compare neighbours. */
function duplicateHosts(topology: Topology, view: NetworkView): Finding[] {
    const findings: Finding[] = [];
    const hosts = topology.hosts.map((h, i) => ({ h, i }));
    // hosts are listed in source order (see above)
    hosts.sort((x, y) => comparePrefixes(x.h.address, y.h.address) || x.i - y.i);
    let first: Host | undefined;
    for (const { h } of hosts) {
        const same = first && first.address.version === h.address.version && first.address.first === h.address.first;
        if (!same || !first) { first = h; continue; }
        const address = h.address.text.replace(/\/(32|128)$/, '');
        const must = first.site === h.site || view.mustReach(first.site, h.site);
        findings.push({
            code: 'cidr-overlap', severity: must ? 'error' : 'warning', at: h.addressSrc,
            message: first.site === h.site
                ? `Host ${h.name} has the address ${address} of host ${first.name}, in the same site ${h.site.name}.`
                : `Host ${h.name} (site ${h.site.name}) has the address ${address} of host ${first.name} (site ${first.site.name})${must ? `; the two sites must reach each other (${view.reason(h.site, first.site)})` : ''}.`,
            related: [{ at: first.addressSrc, message: `Host ${first.name} has ${address} here.` }],
        });
    }
    return findings;
}
