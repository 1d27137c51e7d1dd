/**
 * Which tunnels one provider object carries together: an AWS Site-to-Site VPN connection has two
 * tunnels (tunnel 1 and tunnel 2, each on its own AWS outside address) to one customer gateway
 * [S-A1]. A site of such a provider (providers/: `redundancy.connection`) groups its tunnel ends
 * by peer and by the peer's gateway address (the customer gateway), in file order, `tunnels` per
 * connection. The runbook creates one connection per group, the redundancy check counts the
 * tunnels of each and the hover names the connection: all read this.
 */
import { addressText, type Prefix } from '../net/prefix.js';
import type { Site, TunnelEnd } from '../model/types.js';
import { getProfile } from '../providers/index.js';
import { settingsOf } from './settings.js';
import { caches } from '../util/cache-store.js';

export interface Connection {
    site: Site;
    peer: Site;
    /** The peer's gateway address the tunnels use (the customer gateway); undefined while unknown. */
    peerGateway?: Prefix;
    /** The tunnel ends in the connection, tunnel 1 first. */
    ends: TunnelEnd[];
    /** The provider's name for it ("VPN connection") and how many tunnels it has. */
    kind: string;
    tunnels: number;
    /** 1-based, among the site's connections to the same peer. */
    index: number;
    /** How many connections the site has to that peer. */
    ofPeer: number;
    /** Its name in the runbook: the tunnel's with one tunnel, else `SITE-PEER` (`-N` when there are several to the peer). */
    name: string;
}

/** A site's connections, in order, and by peer and by end: built once per site object. */
interface SiteConnections { all: Connection[]; byPeer: Map<Site, Connection[]>; byEnd: Map<TunnelEnd, { connection: Connection; tunnel: number }> }

const bySite = caches.weak<Site, SiteConnections>('connections.bySite');

function connections(site: Site): SiteConnections {
    let c = bySite.get(site);
    if (!c) bySite.set(site, c = group(site));
    return c;
}

/** The site's connections, or an empty list when its provider has no such object. */
export function connectionsOf(site: Site): Connection[] {
    return connections(site).all;
}

/** The site's connections to one peer. */
export function connectionsTo(site: Site, peer: Site): Connection[] {
    return connections(site).byPeer.get(peer) ?? [];
}

/** The connection an end belongs to, and its tunnel number in it (1-based). */
export function connectionOf(end: TunnelEnd): { connection: Connection; tunnel: number } | undefined {
    return connections(end.site).byEnd.get(end);
}

function group(site: Site): SiteConnections {
    const out: SiteConnections = { all: [], byPeer: new Map(), byEnd: new Map() };
    const r = getProfile(site.provider).redundancy;
    if (!r?.connection) return out;
    // by peer, then by the peer's gateway address, in the order the ends come
    const byKey = new Map<string, { peer: Site; peerGateway?: Prefix; ends: TunnelEnd[] }>();
    for (const e of site.ends) {
        const g = settingsOf(e).peerGateway.value;
        const key = `${e.peer.name}\u0000${g ? addressText(g) : ''}`;
        const x = byKey.get(key);
        if (x) x.ends.push(e); else byKey.set(key, { peer: e.peer, peerGateway: g, ends: [e] });
    }
    for (const { peer, peerGateway, ends } of byKey.values()) {
        let same = out.byPeer.get(peer);
        if (!same) out.byPeer.set(peer, same = []);
        for (let i = 0; i < ends.length; i += r.tunnels) {
            const c: Connection = { site, peer, peerGateway, ends: ends.slice(i, i + r.tunnels), kind: r.connection, tunnels: r.tunnels, index: same.length + 1, ofPeer: 0, name: '' };
            same.push(c);
            out.all.push(c);
            c.ends.forEach((e, k) => out.byEnd.set(e, { connection: c, tunnel: k + 1 }));
        }
    }
    for (const c of out.all) {
        c.ofPeer = out.byPeer.get(c.peer)!.length;
        c.name = c.ends.length === 1 ? c.ends[0].name : c.ofPeer > 1 ? `${site.name}-${c.peer.name}-${c.index}` : `${site.name}-${c.peer.name}`;
    }
    return out;
}
