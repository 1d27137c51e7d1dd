/**
 * Topologies built in plain code (no Langium) for the unit tests of the network analyses.
 * Every written thing gets its own source line, so tests can tell where a finding points.
 */
import { prefix } from '../../language-server/src/net/prefix.js';
import type {
    EndSource, Net, ProviderId, RoutingMode, SelectorOrigin, Site, SourceRef, Star, Topology, Tunnel, TunnelEnd,
} from '../../language-server/src/model/types.js';

export const URI = 'file:///unit.topo';

export class ModelBuilder {
    private line = 0;
    readonly sites: Site[] = [];
    readonly tunnels: Tunnel[] = [];

    ref(): SourceRef {
        const line = this.line++;
        return { uri: URI, range: { start: { line, character: 0 }, end: { line, character: 10 } } };
    }

    nets(cidrs: string[]): Net[] {
        return cidrs.map(c => ({ prefix: prefix(c), src: this.ref() }));
    }

    site(name: string, cidrs: string[], opts: { provider?: ProviderId; hub?: Site | 'self' } = {}): Site {
        const s: Site = {
            name, provider: opts.provider, networks: this.nets(cidrs), gateways: [], routes: [], hosts: [], ends: [],
            src: this.ref(), nameSrc: this.ref(), propertiesEnd: this.ref(),
        };
        if (opts.hub === 'self') s.hub = s;
        else if (opts.hub) s.hub = opts.hub;
        this.sites.push(s);
        return s;
    }

    route(site: Site, cidr: string, via: Tunnel): void {
        site.routes.push({ destination: { prefix: prefix(cidr), src: this.ref() }, via, viaName: via.name, src: this.ref() });
    }

    private source(): EndSource {
        return { statement: this.ref(), nameSrc: this.ref(), propertiesEnd: this.ref(), hasPropertyList: true, mirrored: false, localSrc: this.ref(), remoteSrc: this.ref() };
    }

    private end(name: string, site: Site, peer: Site, tunnel: Tunnel, declared: boolean, local: Net[], remote: Net[], lo: SelectorOrigin, ro: SelectorOrigin, routing?: RoutingMode, source?: EndSource): TunnelEnd {
        const e: TunnelEnd = {
            name, site, peer, tunnel, declared, local, remote, localOrigin: lo, remoteOrigin: ro,
            ikeProposals: [], espProposals: [], routing, source,
        };
        site.ends.push(e);
        return e;
    }

    /** `tunnel NAME a -> b < local .. remote .. >` and `tunnel NAME2 b -> a < local .. remote .. >`. */
    pair(name: string, a: Site, b: Site, sa: { local: string[]; remote: string[] }, sb: { local: string[]; remote: string[] }): Tunnel {
        const t = { name, kind: 'pair' } as Tunnel;
        t.a = this.end(name, a, b, t, true, this.nets(sa.local), this.nets(sa.remote), 'declared', 'declared', undefined, this.source());
        t.b = this.end(`${name}-back`, b, a, t, true, this.nets(sb.local), this.nets(sb.remote), 'declared', 'declared', undefined, this.source());
        this.tunnels.push(t);
        return t;
    }

    /** `tunnel NAME a <-> b < local .. remote .. >` (selectors default to the sites' networks, derived). */
    both(name: string, a: Site, b: Site, sel: { local?: string[]; remote?: string[]; routing?: RoutingMode } = {}): Tunnel {
        const t = { name, kind: 'both' } as Tunnel;
        const src = { ...this.source(), mirrored: true };
        const local = sel.local ? this.nets(sel.local) : a.networks.map(n => ({ prefix: n.prefix }));
        const remote = sel.remote ? this.nets(sel.remote) : b.networks.map(n => ({ prefix: n.prefix }));
        const lo: SelectorOrigin = sel.local ? 'declared' : 'derived', ro: SelectorOrigin = sel.remote ? 'declared' : 'derived';
        t.a = this.end(name, a, b, t, true, local, remote, lo, ro, sel.routing, src);
        t.b = this.end(name, b, a, t, true, remote, local, ro === 'declared' ? 'mirrored' : 'derived', lo === 'declared' ? 'mirrored' : 'derived', sel.routing, src);
        this.tunnels.push(t);
        return t;
    }

    /** Derived hub <-> spoke tunnels for every spoke of `hub` without one, as the model builder makes them. */
    deriveStar(hub: Site): void {
        const spokes = this.sites.filter(s => s.hub === hub && s !== hub);
        for (const spoke of spokes) {
            if (hub.ends.some(e => e.peer === spoke)) continue;
            const t = { name: `${hub.name}-${spoke.name}`, kind: 'derived' } as Tunnel;
            const hubLocal = [...hub.networks, ...spokes.filter(s => s !== spoke).flatMap(s => s.networks)].map(n => ({ prefix: n.prefix }));
            const spokeNets = spoke.networks.map(n => ({ prefix: n.prefix }));
            t.a = this.end(t.name, hub, spoke, t, false, hubLocal, spokeNets, 'derived', 'derived');
            t.b = this.end(`${spoke.name}-${hub.name}`, spoke, hub, t, false, spokeNets.map(n => ({ ...n })), hubLocal.map(n => ({ ...n })), 'derived', 'derived');
            this.tunnels.push(t);
        }
    }

    topology(): Topology {
        const stars = new Map<Site, Star>();
        for (const s of this.sites) {
            if (!s.hub) continue;
            let star = stars.get(s.hub);
            if (!star) stars.set(s.hub, star = { hub: s.hub, spokes: [] });
            if (s !== s.hub) star.spokes.push(s);
        }
        return {
            uris: [URI], sites: this.sites, siteByName: new Map(this.sites.map(s => [s.name, s])),
            hosts: this.sites.flatMap(s => s.hosts), tunnels: this.tunnels, stars: [...stars.values()],
        };
    }
}
