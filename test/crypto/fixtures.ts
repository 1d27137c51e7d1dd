/**
 * Plain-code topology fixtures for the crypto tests (no Langium). Every written property gets its
 * own SourceRef on its own line, so tests can check where a finding points.
 */
import type {
    EndSource, IkeVersion, Net, ProviderId, Psk, RoutingMode, Site, SourceRef, Topology, Tunnel, TunnelEnd,
} from '../../language-server/src/model/types.js';
import { prefix } from '../../language-server/src/net/prefix.js';

export const URI = 'file:///t.topo';
let nextLine = 0;

export function ref(): SourceRef {
    const line = nextLine++;
    return { uri: URI, range: { start: { line, character: 2 }, end: { line, character: 30 } } };
}

const nets = (cidrs: string[]): Net[] => cidrs.map(c => ({ prefix: prefix(c), src: ref() }));

export function site(name: string, provider: ProviderId | undefined, cidrs: string[]): Site {
    return {
        name, provider, networks: nets(cidrs), gateways: [], routes: [], hosts: [], ends: [],
        src: ref(), nameSrc: ref(), providerSrc: provider ? ref() : undefined, propertiesEnd: ref(),
    };
}

export interface Props {
    ike?: IkeVersion;
    ikeProposal?: string[];
    espProposal?: string[];
    psk?: { env: string } | { literal: string };
    routing?: RoutingMode;
    local?: string[];
    remote?: string[];
    /** `tunnel N A <-> B` with no `< >` at all. */
    noPropertyList?: boolean;
}

function endSource(p: Props, mirrored: boolean): EndSource {
    return {
        statement: ref(), nameSrc: ref(),
        localSrc: p.local ? ref() : undefined, remoteSrc: p.remote ? ref() : undefined,
        ikeSrc: p.ike ? ref() : undefined, ikeProposalSrc: p.ikeProposal ? ref() : undefined,
        espProposalSrc: p.espProposal ? ref() : undefined, routingSrc: p.routing ? ref() : undefined,
        propertiesEnd: ref(), hasPropertyList: !p.noPropertyList, mirrored,
    };
}

function settings(p: Props, src?: EndSource): Pick<TunnelEnd, 'ike' | 'ikeProposals' | 'espProposals' | 'psk' | 'routing'> {
    const psk: Psk | undefined = !p.psk ? undefined
        : 'env' in p.psk ? { kind: 'env', variable: p.psk.env, src: ref() } : { kind: 'literal', value: p.psk.literal, src: ref() };
    return {
        ike: p.ike,
        ikeProposals: (p.ikeProposal ?? []).map(text => ({ text, src: src?.ikeProposalSrc })),
        espProposals: (p.espProposal ?? []).map(text => ({ text, src: src?.espProposalSrc })),
        psk, routing: p.routing,
    };
}

function end(name: string, s: Site, peer: Site, tunnel: Tunnel, declared: boolean, p: Props, src: EndSource | undefined, sel: { local: string[]; remote: string[] }): TunnelEnd {
    const e: TunnelEnd = {
        name, site: s, peer, tunnel, declared,
        local: sel.local.map(c => ({ prefix: prefix(c) })), remote: sel.remote.map(c => ({ prefix: prefix(c) })),
        localOrigin: 'declared', remoteOrigin: 'declared', ...settings(p, src), source: src,
    };
    s.ends.push(e);
    return e;
}

const cidrsOf = (s: Site) => s.networks.map(n => n.prefix.text);

/** `tunnel NAME A <-> B < props >` (kind 'both'), or `A -> B` (kind 'one') with `oneWay`. */
export function tunnel(name: string, a: Site, b: Site, p: Props = {}, oneWay = false): Tunnel {
    const t = { name, kind: oneWay ? 'one' : 'both' } as Tunnel;
    const src = endSource(p, !oneWay);
    const local = p.local ?? cidrsOf(a), remote = p.remote ?? cidrsOf(b);
    t.a = end(name, a, b, t, true, p, src, { local, remote });
    // the mirrored end shares the statement's settings (and, for `<->`, its source)
    const bEnd = end(oneWay ? `${b.name}-${a.name}` : name, b, a, t, !oneWay, p, oneWay ? undefined : src, { local: remote, remote: local });
    bEnd.psk = t.a.psk;
    t.b = bEnd;
    return t;
}

/** `tunnel N1 A -> B < pa >` and `tunnel N2 B -> A < pb >`. */
export function pair(name: string, a: Site, b: Site, pa: Props, pb: Props): Tunnel {
    const t = { name, kind: 'pair' } as Tunnel;
    t.a = end(name, a, b, t, true, pa, endSource(pa, false), { local: pa.local ?? cidrsOf(a), remote: pa.remote ?? cidrsOf(b) });
    t.b = end(`${name}-back`, b, a, t, true, pb, endSource(pb, false), { local: pb.local ?? cidrsOf(b), remote: pb.remote ?? cidrsOf(a) });
    return t;
}

/** A hub <-> spoke tunnel derived from `hub` (no statement). */
export function derived(hub: Site, spoke: Site): Tunnel {
    const t = { name: `${hub.name}-${spoke.name}`, kind: 'derived' } as Tunnel;
    t.a = end(t.name, hub, spoke, t, false, {}, undefined, { local: cidrsOf(hub), remote: cidrsOf(spoke) });
    t.b = end(`${spoke.name}-${hub.name}`, spoke, hub, t, false, {}, undefined, { local: cidrsOf(spoke), remote: cidrsOf(hub) });
    return t;
}

export function topology(sites: Site[], tunnels: Tunnel[]): Topology {
    return {
        uris: [URI], sites, siteByName: new Map(sites.map(s => [s.name, s])), hosts: [], tunnels, stars: [],
    };
}

/** The Tencent <-> GCP seed (language.md "The seeds, written in Topo"). */
export function tencentGcpSeed(overrides: Props = {}) {
    const tx = site('tencent-hk', 'tencent', ['10.0.0.0/16']);
    const gcp = site('gcp-hk', 'gcp', ['10.170.0.0/20']);
    const t = tunnel('tx-gcp', tx, gcp, {
        ike: 1,
        ikeProposal: ['aes128-sha1-modp1024'],
        espProposal: ['aes128-sha1-modp1024'],
        psk: { env: 'TX_GCP_PSK' },
        routing: 'policy',
        ...overrides,
    });
    return { tx, gcp, t, topo: topology([tx, gcp], [t]) };
}
