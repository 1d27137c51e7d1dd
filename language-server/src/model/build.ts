/**
 * AST -> resolved topology model.
 *
 * Resolves sites, hosts and both ends of every tunnel (declared, mirrored or derived from
 * `hub`), the effective traffic selectors of each end, routes and the crypto settings as
 * written. Problems that are visible while building (invalid CIDRs, duplicate names, hosts
 * outside their site, ...) are returned as findings; everything else is left to the analyses.
 */
import type { AstNode, CstNode } from 'langium';
import { AstUtils, GrammarUtils, isCompositeCstNode } from 'langium';
import * as ast from '../generated/ast.js';
import { parsePrefix, PrefixSet, type Prefix } from '../net/prefix.js';
import { setDerived } from './selectors.js';
import {
    isProviderId, PROVIDER_IDS, type DerivedSelector, type EndSource, type Finding, type Host, type Net, type ProposalText, type Psk,
    type Range, type Route, type Site, type SourceRef, type Star, type Topology, type Tunnel, type TunnelEnd,
} from './types.js';

export interface SourceDocument { uri: string; root: ast.Model }

export interface BuildResult { topology: Topology; findings: Finding[] }

const EMPTY_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

class Builder {
    readonly findings: Finding[] = [];
    readonly sites: Site[] = [];
    readonly siteByName = new Map<string, Site>();
    readonly siteOfNode = new Map<ast.Site, Site>();
    readonly hosts: Host[] = [];
    readonly tunnels: Tunnel[] = [];
    readonly tunnelOfNode = new Map<ast.Tunnel, Tunnel>();
    readonly stars = new Map<Site, Star>();
    private uri = '';

    build(docs: SourceDocument[]): BuildResult {
        const name = docs.map(d => d.root.name).find(n => n !== undefined);
        for (const doc of docs) this.withDoc(doc.uri, () => doc.root.statements.filter(ast.isSite).forEach(s => this.addSite(s)));
        for (const doc of docs) this.withDoc(doc.uri, () => doc.root.statements.filter(ast.isSite).forEach(s => this.resolveHub(s)));
        const stars = this.computeStars();
        for (const doc of docs) this.withDoc(doc.uri, () => doc.root.statements.filter(ast.isHost).forEach(h => this.addHost(h)));
        const statements: { uri: string; node: ast.Tunnel }[] = [];
        for (const doc of docs) for (const t of doc.root.statements.filter(ast.isTunnel)) statements.push({ uri: doc.uri, node: t });
        this.addTunnels(statements, stars);
        for (const doc of docs) this.withDoc(doc.uri, () => doc.root.statements.filter(ast.isSite).forEach(s => this.addRoutes(s)));
        this.checkDuplicateHostNames();
        const topology: Topology = {
            name, uris: docs.map(d => d.uri), sites: this.sites, siteByName: this.siteByName,
            hosts: this.hosts, tunnels: this.tunnels, stars,
        };
        return { topology, findings: this.findings };
    }

    private withDoc(uri: string, f: () => void): void {
        this.uri = uri;
        f();
    }

    // ---------------------------------------------------------------- positions

    /**
     * Where something is written. The range is computed when first read: positions cost a walk of
     * the CST, and only the few places a finding or quick fix points at are ever read.
     */
    lazyRef(find: () => Range | undefined): SourceRef {
        let range: Range | undefined;
        return {
            uri: this.uri,
            get range() { return range ??= find() ?? EMPTY_RANGE; },
        };
    }

    ref(cst: CstNode | undefined): SourceRef {
        return this.lazyRef(() => cst?.range);
    }

    refOf(node: AstNode | undefined): SourceRef {
        return this.ref(node?.$cstNode);
    }

    refProp(node: AstNode, property: string, index?: number): SourceRef {
        return this.lazyRef(() => (GrammarUtils.findNodeForProperty(node.$cstNode, property, index) ?? node.$cstNode)?.range);
    }

    /** Just before the closing `>` of a property list (or the end of the node). */
    propertiesEnd(node: AstNode): { at: SourceRef; hasList: boolean } {
        // `<` and `>` are direct children of a site or tunnel statement: no deep CST walk needed.
        let cst = node.$cstNode;
        // a statement's node wraps its rule's node (Statement: Site | Host | Tunnel)
        while (isCompositeCstNode(cst) && cst.content.length === 1 && isCompositeCstNode(cst.content[0])) cst = cst.content[0];
        const children = isCompositeCstNode(cst) ? cst.content : [];
        let close: CstNode | undefined;
        for (let i = children.length - 1; i >= 0 && !close; i--) if (children[i].grammarSource?.$type === 'Keyword' && children[i].text === '>') close = children[i];
        if (close) {
            const closer = close;
            return { at: this.lazyRef(() => ({ start: closer.range.start, end: closer.range.start })), hasList: true };
        }
        return { at: this.lazyRef(() => { const end = node.$cstNode?.range.end ?? EMPTY_RANGE.end; return { start: end, end }; }), hasList: false };
    }

    report(f: Finding): void {
        this.findings.push(f);
    }

    // ---------------------------------------------------------------- CIDRs

    /** Parses a written address/prefix; reports cidr-invalid / cidr-host-bits. */
    parseCidr(node: ast.Cidr | undefined, what: string, expectAddress = false): Prefix | undefined {
        // A statement cut short by a syntax error has no value here; the parser reported it.
        if (typeof node?.value !== 'string') return undefined;
        const at = this.refOf(node);
        const r = parsePrefix(node.value);
        if (!r.ok) {
            this.report({ code: 'cidr-invalid', severity: 'error', message: `${what}: ${r.reason}.`, at });
            return undefined;
        }
        const bits = r.prefix.version === 4 ? 32 : 128;
        if (expectAddress) {
            if (r.prefix.length !== bits) {
                this.report({ code: 'cidr-invalid', severity: 'error', message: `${what}: expected a single address, not the network ${node.value}.`, at });
                return undefined;
            }
            return r.prefix;
        }
        if (r.hostBits) {
            this.report({
                code: 'cidr-host-bits', severity: 'warning', at,
                message: `${what}: ${node.value} has host bits set; the network is ${r.prefix.text}.`,
                fixes: [{ title: `Change to ${r.prefix.text}`, preferred: true, edits: [{ ...at, newText: r.prefix.text }] }],
            });
        }
        return r.prefix;
    }

    nets(nodes: ast.Cidr[], what: string): Net[] {
        const out: Net[] = [];
        for (const n of nodes) {
            const p = this.parseCidr(n, what);
            if (p) out.push({ prefix: p, src: this.refOf(n) });
        }
        return out;
    }

    // ---------------------------------------------------------------- sites

    addSite(node: ast.Site): void {
        if (!node.name) return;
        const src = this.refOf(node);
        const nameSrc = this.refProp(node, 'name');
        const end = this.propertiesEnd(node);
        const site: Site = {
            name: node.name, networks: [], routes: [], hosts: [], ends: [], src, nameSrc, propertiesEnd: end.at,
        };
        for (const p of node.properties) {
            if (ast.isProviderProperty(p)) {
                if (!p.provider) continue;
                site.providerSrc = this.refProp(p, 'provider');
                if (isProviderId(p.provider)) site.provider = p.provider;
                else {
                    this.report({
                        code: 'provider-unknown', severity: 'error', at: site.providerSrc,
                        message: `Unknown provider '${p.provider}' for site ${node.name}. Known providers: ${PROVIDER_IDS.join(', ')}.`,
                    });
                }
            } else if (ast.isRegionProperty(p)) {
                // STRING values arrive unquoted and unescaped (Langium's value converter)
                if (p.region) site.region = p.region;
            } else if (ast.isCidrProperty(p)) {
                site.networks.push(...this.nets(p.cidrs, `Site ${node.name}`));
            } else if (ast.isGatewayProperty(p)) {
                site.gatewaySrc = this.refOf(p.address);
                site.gateway = this.parseCidr(p.address, `Gateway of site ${node.name}`, true);
            }
        }
        this.siteOfNode.set(node, site);
        const prior = this.siteByName.get(node.name);
        if (prior) {
            this.report({
                code: 'duplicate-name', severity: 'error', at: nameSrc,
                message: `Site ${node.name} is declared more than once.`,
                related: [{ at: prior.nameSrc, message: `Site ${node.name} is first declared here.` }],
            });
            return;
        }
        this.siteByName.set(node.name, site);
        this.sites.push(site);
    }

    resolveHub(node: ast.Site): void {
        const site = this.siteOfNode.get(node);
        const hubNode = node.hub?.ref;
        if (!site || !hubNode) return;
        const hub = this.siteOfNode.get(hubNode);
        if (!hub) return;
        const hubOfHub = hubNode.hub?.ref;
        if (hub !== site && hubOfHub && hubOfHub !== hubNode) {
            this.report({
                code: 'hub-not-centre', severity: 'error', at: this.refProp(node, 'hub'),
                message: `Site ${site.name} names ${hub.name} as its hub, but ${hub.name} is itself a spoke of ${hubOfHub.name}. A star has one centre; write 'hub ${hubOfHub.name}' here, or 'hub ${hub.name}' on ${hub.name}.`,
                // the hub may be declared in another file of the topology
                related: [{ at: { ...this.refProp(hubNode, 'hub'), uri: AstUtils.findRootNode(hubNode).$document?.uri.toString() ?? this.uri }, message: `${hub.name} is a spoke of ${hubOfHub.name} here.` }],
            });
            return;
        }
        site.hub = hub;
        hub.hub ??= hub;
    }

    computeStars(): Star[] {
        const stars = this.stars;
        for (const s of this.sites) {
            if (!s.hub) continue;
            let star = stars.get(s.hub);
            if (!star) stars.set(s.hub, star = { hub: s.hub, spokes: [] });
            if (s !== s.hub) star.spokes.push(s);
        }
        return [...stars.values()];
    }

    /**
     * The networks a site puts on its side of a derived tunnel end towards its peer: its own,
     * and for the centre of a star towards a spoke, also every other spoke's (transit via the hub).
     * Described, not listed: a 10,000-spoke hub would otherwise hold 10^8 entries.
     */
    derivedLocal(end: TunnelEnd): DerivedSelector {
        const { site, peer } = end;
        const star = this.stars.get(site);
        if (!star || peer.hub !== site || peer === site) return { site };
        return { site, star, except: peer };
    }

    // ---------------------------------------------------------------- hosts

    addHost(node: ast.Host): void {
        if (!node.name) return;
        const site = node.site?.ref ? this.siteOfNode.get(node.site.ref) : undefined;
        const address = this.parseCidr(node.address, `Host ${node.name}`, true);
        if (!site || !address) return;
        const host: Host = {
            name: node.name, address, site, src: this.refOf(node), nameSrc: this.refProp(node, 'name'), addressSrc: this.refOf(node.address),
        };
        this.hosts.push(host);
        site.hosts.push(host);
        if (site.networks.length > 0 && !new PrefixSet(site.networks.map(n => n.prefix)).covers(address)) {
            this.report({
                code: 'host-outside-site', severity: 'error', at: host.addressSrc,
                message: `Host ${node.name} (${node.address.value}) is not in the networks of site ${site.name} (${site.networks.map(n => n.prefix.text).join(', ')}).`,
                related: [{ at: site.nameSrc, message: `Site ${site.name} is declared here.` }],
            });
        }
    }

    checkDuplicateHostNames(): void {
        const seen = new Map<string, Host>();
        for (const h of this.hosts) {
            const prior = seen.get(h.name);
            if (prior) {
                this.report({
                    code: 'duplicate-name', severity: 'error', at: h.nameSrc,
                    message: `Host ${h.name} is declared more than once.`,
                    related: [{ at: prior.nameSrc, message: `Host ${h.name} is first declared here.` }],
                });
            } else seen.set(h.name, h);
        }
    }

    // ---------------------------------------------------------------- tunnels

    private endSource(node: ast.Tunnel, mirrored: boolean): EndSource {
        const prop = <T extends AstNode>(guard: (n: unknown) => n is T) => {
            const p = node.properties.find(guard);
            return p ? this.refOf(p) : undefined;
        };
        const end = this.propertiesEnd(node);
        return {
            statement: this.refOf(node), nameSrc: this.refProp(node, 'name'),
            localSrc: prop(ast.isLocalProperty), remoteSrc: prop(ast.isRemoteProperty), ikeSrc: prop(ast.isIkeProperty),
            ikeProposalSrc: prop(ast.isIkeProposalProperty), espProposalSrc: prop(ast.isEspProposalProperty),
            routingSrc: prop(ast.isRoutingProperty), propertiesEnd: end.at, hasPropertyList: end.hasList, mirrored,
        };
    }

    private settings(node: ast.Tunnel): Pick<TunnelEnd, 'ike' | 'ikeProposals' | 'espProposals' | 'psk' | 'routing'> {
        const proposals = (ps: ast.Proposal[]): ProposalText[] => ps.map(p => ({ text: p.value, src: this.refOf(p) }));
        let ike: TunnelEnd['ike'];
        let psk: Psk | undefined;
        let routing: TunnelEnd['routing'];
        const ikeProposals: ProposalText[] = [];
        const espProposals: ProposalText[] = [];
        for (const p of node.properties) {
            if (ast.isIkeProperty(p)) ike = p.version === 'v1' ? 1 : 2;
            else if (ast.isIkeProposalProperty(p)) ikeProposals.push(...proposals(p.proposals));
            else if (ast.isEspProposalProperty(p)) espProposals.push(...proposals(p.proposals));
            else if (ast.isRoutingProperty(p)) routing = p.mode;
            else if (ast.isPskProperty(p)) {
                psk = p.env !== undefined
                    ? { kind: 'env', variable: p.env, src: this.refOf(p) }
                    : { kind: 'literal', value: p.literal ?? '', src: this.refOf(p) };
            }
        }
        return { ike, ikeProposals, espProposals, psk, routing };
    }

    private declaredSelectors(node: ast.Tunnel, tunnelName: string): { local?: Net[]; remote?: Net[] } {
        const local = node.properties.find(ast.isLocalProperty);
        const remote = node.properties.find(ast.isRemoteProperty);
        return {
            local: local ? this.nets(local.cidrs, `Tunnel ${tunnelName} (local)`) : undefined,
            remote: remote ? this.nets(remote.cidrs, `Tunnel ${tunnelName} (remote)`) : undefined,
        };
    }

    addTunnels(statements: { uri: string; node: ast.Tunnel }[], stars: Star[]): void {
        // Group the written statements by the unordered pair of sites they join.
        type Written = { uri: string; node: ast.Tunnel; from: Site; to: Site; sel: { local?: Net[]; remote?: Net[] } };
        const byPair = new Map<string, Written[]>();
        const pairKey = (a: Site, b: Site) => (a.name < b.name ? `${a.name}\u0000${b.name}` : `${b.name}\u0000${a.name}`);
        const tunnelNames = new Map<string, SourceRef>();
        for (const { uri, node } of statements) {
            this.uri = uri;
            if (!node.name) continue;
            const nameSrc = this.refProp(node, 'name');
            const prior = tunnelNames.get(node.name);
            if (prior) {
                this.report({
                    code: 'duplicate-name', severity: 'error', at: nameSrc, message: `Tunnel ${node.name} is declared more than once.`,
                    related: [{ at: prior, message: `Tunnel ${node.name} is first declared here.` }],
                });
                continue;
            }
            tunnelNames.set(node.name, nameSrc);
            const from = node.from?.ref ? this.siteOfNode.get(node.from.ref) : undefined;
            const to = node.to?.ref ? this.siteOfNode.get(node.to.ref) : undefined;
            if (!from || !to) continue; // unresolved: reported by the linker
            if (from === to) {
                this.report({ code: 'tunnel-self', severity: 'error', at: this.refOf(node), message: `Tunnel ${node.name} joins site ${from.name} to itself.` });
                continue;
            }
            const sel = this.declaredSelectors(node, node.name);
            const key = pairKey(from, to);
            const list = byPair.get(key) ?? [];
            byPair.set(key, list);
            list.push({ uri, node, from, to, sel });
        }

        const declaredPairs = new Set<string>();
        for (const [key, written] of byPair) {
            declaredPairs.add(key);
            const first = written[0];
            // Which statements configure which end?
            const aEnd = first;
            let bEnd: Written | undefined;
            for (const w of written.slice(1)) {
                const duplicate = first.node.mirrored || w.node.mirrored || w.from === first.from || bEnd !== undefined;
                if (duplicate) {
                    this.uri = w.uri;
                    this.report({
                        code: 'duplicate-tunnel', severity: 'error', at: this.refProp(w.node, 'name'),
                        message: `Tunnel ${w.node.name} configures the ${w.from.name} end of the tunnel between ${w.from.name} and ${w.to.name} again; it is already configured by ${first.node.name}${bEnd ? ` and ${bEnd.node.name}` : ''}.`,
                        related: [{ at: { uri: first.uri, range: first.node.$cstNode?.range ?? EMPTY_RANGE }, message: `${first.node.name} is declared here.` }],
                    });
                } else bEnd = w;
            }
            this.uri = aEnd.uri;
            const kind: Tunnel['kind'] = aEnd.node.mirrored ? 'both' : bEnd ? 'pair' : 'one';
            const tunnel = { name: aEnd.node.name, kind } as Tunnel;
            const aSettings = this.settings(aEnd.node);
            const a: TunnelEnd = {
                name: aEnd.node.name, site: aEnd.from, peer: aEnd.to, tunnel, declared: true,
                local: [], remote: [], localOrigin: 'derived', remoteOrigin: 'derived', ...aSettings,
                source: this.endSource(aEnd.node, kind === 'both'),
            };
            let b: TunnelEnd;
            if (bEnd) {
                this.uri = bEnd.uri;
                b = {
                    name: bEnd.node.name, site: bEnd.from, peer: bEnd.to, tunnel, declared: true,
                    local: [], remote: [], localOrigin: 'derived', remoteOrigin: 'derived', ...this.settings(bEnd.node),
                    source: this.endSource(bEnd.node, false),
                };
                this.tunnelOfNode.set(bEnd.node, tunnel);
            } else {
                b = {
                    name: kind === 'both' ? aEnd.node.name : `${aEnd.to.name}-${aEnd.from.name}`,
                    site: aEnd.to, peer: aEnd.from, tunnel, declared: kind === 'both',
                    local: [], remote: [], localOrigin: 'mirrored', remoteOrigin: 'mirrored',
                    ...aSettings, ikeProposals: [...aSettings.ikeProposals], espProposals: [...aSettings.espProposals],
                    source: kind === 'both' ? a.source : undefined,
                };
            }
            tunnel.a = a;
            tunnel.b = b;
            this.tunnelOfNode.set(aEnd.node, tunnel);
            this.resolveSelectors(a, b, aEnd.sel, bEnd?.sel ?? {});
            this.addTunnel(tunnel);
        }

        // Derived tunnels: hub <-> spoke where nothing is written between them.
        for (const star of stars) {
            for (const spoke of star.spokes) {
                if (declaredPairs.has(pairKey(star.hub, spoke))) continue;
                const name = `${star.hub.name}-${spoke.name}`;
                const tunnel = { name, kind: 'derived' } as Tunnel;
                const end = (site: Site, peer: Site): TunnelEnd => ({
                    name: `${site.name}-${peer.name}`, site, peer, tunnel, declared: false, local: [], remote: [],
                    localOrigin: 'derived', remoteOrigin: 'derived', ikeProposals: [], espProposals: [],
                });
                tunnel.a = end(star.hub, spoke);
                tunnel.b = end(spoke, star.hub);
                this.resolveSelectors(tunnel.a, tunnel.b, {}, {});
                this.addTunnel(tunnel);
            }
        }
    }

    private addTunnel(t: Tunnel): void {
        this.tunnels.push(t);
        t.a.site.ends.push(t.a);
        t.b.site.ends.push(t.b);
    }

    /**
     * Effective selectors of both ends: as written; else the mirror of what the other end
     * wrote; else derived from the sites (star-aware, per the contract).
     */
    private resolveSelectors(a: TunnelEnd, b: TunnelEnd, aSel: { local?: Net[]; remote?: Net[] }, bSel: { local?: Net[]; remote?: Net[] }): void {
        const set = (e: TunnelEnd, side: 'local' | 'remote', own: Net[] | undefined, mirror: Net[] | undefined, derivedFrom: TunnelEnd) => {
            const originKey = side === 'local' ? 'localOrigin' : 'remoteOrigin';
            if (own) { e[side] = own; e[originKey] = 'declared'; return; }
            if (mirror) { e[side] = mirror; e[originKey] = 'mirrored'; return; }
            e[originKey] = 'derived';
            const d = this.derivedLocal(derivedFrom);
            e[side === 'local' ? 'localDerived' : 'remoteDerived'] = d;
            setDerived(e, side, d);
        };
        set(a, 'local', aSel.local, bSel.remote, a);
        set(a, 'remote', aSel.remote, bSel.local, b);
        set(b, 'local', bSel.local, aSel.remote, b);
        set(b, 'remote', bSel.remote, aSel.local, a);
    }

    // ---------------------------------------------------------------- routes

    addRoutes(node: ast.Site): void {
        const site = this.siteOfNode.get(node);
        if (!site) return;
        for (const p of node.properties) {
            if (!ast.isRouteProperty(p)) continue;
            const dest = this.parseCidr(p.destination, `Route of site ${site.name}`);
            if (!dest) continue;
            const tunnelNode = p.tunnel?.ref;
            const via = tunnelNode ? this.tunnelOfNode.get(tunnelNode) : undefined;
            const route: Route = { destination: { prefix: dest, src: this.refOf(p.destination) }, via, viaName: p.tunnel?.$refText ?? '', src: this.refOf(p) };
            site.routes.push(route);
            if (via && via.a.site !== site && via.b.site !== site) {
                this.report({
                    code: 'route-foreign-tunnel', severity: 'error', at: this.refProp(p, 'tunnel'),
                    message: `Route ${dest.text} at site ${site.name} goes via tunnel ${via.name}, which joins ${via.a.site.name} and ${via.b.site.name}, not ${site.name}.`,
                });
            }
        }
    }
}

export function buildTopology(docs: SourceDocument[]): BuildResult {
    return new Builder().build(docs);
}
