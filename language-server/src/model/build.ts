/**
 * AST -> resolved topology model.
 *
 * Resolves sites, hosts and both ends of every tunnel (declared, mirrored or derived from
 * `hub`), the effective traffic selectors of each end, routes and the crypto settings as
 * written. Problems that are visible while building (invalid CIDRs, duplicate names, hosts
 * outside their site, ...) are returned as findings; everything else is left to the analyses.
 *
 * Runs on every edit, so what a statement says on its own (its name, parsed CIDRs, settings,
 * where its parts are written, the findings of parsing them) is read once per AST node and
 * kept in a WeakMap keyed by the node: the incremental parser keeps the node objects of
 * unchanged statements, so a rebuild only reads the edited statements and then links fresh
 * model objects (sites, hosts, tunnels, stars) from the kept parts. The kept parts hold no
 * positions: every `SourceRef` reads its node's CST when its range is read (the CST of a kept
 * node is moved in place when text before it changes), so kept parts stay right.
 */
import type { AstNode, CstNode } from 'langium';
import { AstUtils, GrammarUtils, isCompositeCstNode } from 'langium';
import * as ast from '../generated/ast.js';
import { parsePrefix, type Prefix } from '../net/prefix.js';
import { editAt } from './edits.js';
import { listDerived, setOfNets } from './selectors.js';
import {
    isProviderId, PROVIDER_IDS, routeBased, type DerivedSelector, type Dpd, type EndSource, type Finding, type Host, type Identity, type IkeVersion, type InsideAddress, type Net,
    type ProposalText, type ProviderId, type Psk, type Range, type Route, type RoutingMode, type SelectorOrigin, type Site,
    type SourceRef, type Star, type Topology, type Tunnel, type TunnelEnd,
} from './types.js'
import { caches } from '../util/cache-store.js';

export interface SourceDocument { uri: string; root: ast.Model }

/** The model objects of the statements (for the AST <-> model index of resolve/index.ts). */
export interface NodeMaps {
    /** Every `site` statement's site, duplicates included (a duplicate is not in `siteByName`). */
    siteOfNode: ReadonlyMap<ast.Site, Site>;
    /** The end each `tunnel` statement configures (its first site's end); none for a duplicate. */
    endOfNode: ReadonlyMap<ast.Tunnel, TunnelEnd>;
}

export interface BuildResult { topology: Topology; findings: Finding[]; nodes: NodeMaps }

const EMPTY_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

// -------------------------------------------------------------------- positions

/**
 * Where a node (or one property of it) is written. The range is computed from the CST each time
 * it is read and never kept: a node kept across edits has its CST moved in place, and only the
 * few places a finding or quick fix points at are ever read.
 */
class NodeRef implements SourceRef {
    readonly #node: AstNode | undefined;
    readonly #property: string | undefined;

    constructor(readonly uri: string, node: AstNode | undefined, property?: string) {
        this.#node = node;
        this.#property = property;
    }

    get range(): Range {
        const cst = this.#node?.$cstNode;
        if (!cst) return EMPTY_RANGE;
        if (this.#property === undefined) return cst.range;
        return (GrammarUtils.findNodeForProperty(cst, this.#property) ?? cst).range;
    }
}

/** The closing `>` of a site's or tunnel's property list (a direct child of the statement's node). */
function closingBracket(node: AstNode): CstNode | undefined {
    let cst = node.$cstNode;
    // a statement's node wraps its rule's node (Statement: Site | Host | Tunnel)
    while (isCompositeCstNode(cst) && cst.content.length === 1 && isCompositeCstNode(cst.content[0])) cst = cst.content[0];
    const children = isCompositeCstNode(cst) ? cst.content : [];
    for (let i = children.length - 1; i >= 0; i--) if (children[i].grammarSource?.$type === 'Keyword' && children[i].text === '>') return children[i];
    return undefined;
}

/** Just before the closing `>` of a property list, or the end of the node when it has none. */
class PropertiesEndRef implements SourceRef {
    readonly #node: AstNode;

    constructor(readonly uri: string, node: AstNode) {
        this.#node = node;
    }

    get range(): Range {
        const close = closingBracket(this.#node);
        if (close) { const start = close.range.start; return { start, end: start }; }
        const end = this.#node.$cstNode?.range.end ?? EMPTY_RANGE.end;
        return { start: end, end };
    }
}

// -------------------------------------------------------------------- what each statement says on its own

/** Parses a written address/prefix; reports cidr-invalid / cidr-host-bits into `findings`. */
function parseCidr(uri: string, node: ast.Cidr | undefined, what: string, findings: Finding[], expectAddress = false): Prefix | undefined {
    // A statement cut short by a syntax error has no value here; the parser reported it.
    if (typeof node?.value !== 'string') return undefined;
    const r = parsePrefix(node.value);
    if (!r.ok) {
        findings.push({ code: 'cidr-invalid', severity: 'error', message: `${what}: ${r.reason}.`, at: new NodeRef(uri, node) });
        return undefined;
    }
    const bits = r.prefix.version === 4 ? 32 : 128;
    if (expectAddress) {
        if (r.prefix.length !== bits) {
            findings.push({ code: 'cidr-invalid', severity: 'error', message: `${what}: expected a single address, not the network ${node.value}.`, at: new NodeRef(uri, node) });
            return undefined;
        }
        return r.prefix;
    }
    if (r.hostBits) {
        const at = new NodeRef(uri, node);
        findings.push({
            code: 'cidr-host-bits', severity: 'warning', at,
            message: `${what}: ${node.value} has host bits set; the network is ${r.prefix.text}.`,
            fixes: [{ title: `Change to ${r.prefix.text}`, preferred: true, edits: [editAt(at, r.prefix.text)] }],
        });
    }
    return r.prefix;
}

function parseNets(uri: string, nodes: ast.Cidr[], what: string, findings: Finding[]): Net[] {
    const out: Net[] = [];
    for (const n of nodes) {
        const p = parseCidr(uri, n, what, findings);
        if (p) out.push({ prefix: p, src: new NodeRef(uri, n) });
    }
    return out;
}

/** A BGP inside address with its prefix length (`169.254.10.1/30`); reports cidr-invalid. */
function parseInside(uri: string, node: ast.Cidr | undefined, what: string, findings: Finding[]): InsideAddress | undefined {
    if (typeof node?.value !== 'string') return undefined;
    const written = node.value;
    const slash = written.indexOf('/');
    const r = parsePrefix(written);
    const a = parsePrefix(slash < 0 ? written : written.slice(0, slash));
    if (!r.ok || !a.ok || slash < 0) {
        const reason = !r.ok ? r.reason : `write the address with its prefix length, e.g. ${a.ok && a.prefix.version === 6 ? 'fd00:10::1/126' : '169.254.10.1/30'}`;
        findings.push({ code: 'cidr-invalid', severity: 'error', message: `${what}: ${reason}.`, at: new NodeRef(uri, node) });
        return undefined;
    }
    return { address: a.prefix, network: r.prefix, text: `${a.prefix.text.replace(/\/(32|128)$/, '')}/${r.prefix.length}` };
}

/** A duration in seconds: `28800`, `28800s`, `480m`, `8h`, `1d`; undefined when it is not one. */
export function parseSeconds(text: string | undefined): number | undefined {
    const m = /^([0-9]{1,9})([smhd]?)$/.exec(text ?? '');
    if (!m) return undefined;
    return Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
}

function identityOf(p: ast.LocalIdProperty | ast.RemoteIdProperty, uri: string, what: string, findings: Finding[]): Identity | undefined {
    if (p.address) {
        const a = parseCidr(uri, p.address, what, findings, true);
        return a ? { kind: 'address', value: a.text.replace(/\/(32|128)$/, '') } : undefined;
    }
    const v = p.text;
    if (typeof v !== 'string') return undefined;
    if (!v || /[\u0000-\u0020\u007f"]/.test(v)) {
        findings.push({ code: 'string-control', severity: 'error', at: new NodeRef(uri, p), message: `${what}: an identity is an IP address, a domain name or user@domain, without spaces or control characters.` });
        return undefined;
    }
    return { kind: v.includes('@') ? 'user-fqdn' : 'fqdn', value: v };
}

interface SiteParts {
    uri: string;
    name: string;
    provider?: ProviderId;
    providerSrc?: SourceRef;
    region?: string;
    networks: Net[];
    gateways: Prefix[];
    gatewaySrc?: SourceRef;
    nat: Prefix[];
    natSrc?: SourceRef;
    asn?: number;
    asnSrc?: SourceRef;
    src: SourceRef;
    nameSrc: SourceRef;
    hubSrc: SourceRef;
    propertiesEnd: SourceRef;
    /** Findings of the provider, cidr and gateway properties, in written order. */
    findings: Finding[];
    routes: RouteParts[];
}

interface RouteParts {
    node: ast.RouteProperty;
    destination?: Net;
    /** Findings of parsing the destination. */
    findings: Finding[];
    src: SourceRef;
    tunnelSrc: SourceRef;
}

interface HostParts {
    uri: string;
    name: string;
    address?: Prefix;
    findings: Finding[];
    src: SourceRef;
    nameSrc: SourceRef;
    addressSrc: SourceRef;
}

type Settings = Pick<TunnelEnd, 'ike' | 'ikeProposals' | 'espProposals' | 'psk' | 'routing' | 'ikeLifetime' | 'espLifetime' | 'dpd'>;

/** A `local-gateway` / `remote-gateway` as written (relative to the statement's first site). */
interface WrittenGateway { address: Prefix; src: SourceRef }

interface TunnelParts {
    uri: string;
    src: SourceRef;
    nameSrc: SourceRef;
    /** Declared selectors and the findings of parsing them. */
    sel: { local?: Net[]; remote?: Net[] };
    selFindings: Finding[];
    settings: Settings;
    source: EndSource;
    localGateway?: WrittenGateway;
    remoteGateway?: WrittenGateway;
    localInside?: { value: InsideAddress; src: SourceRef };
    remoteInside?: { value: InsideAddress; src: SourceRef };
    localId?: { value: Identity; src: SourceRef };
    remoteId?: { value: Identity; src: SourceRef };
}

const siteMemo = caches.weak<ast.Site, SiteParts>('build.siteParts');
const hostMemo = caches.weak<ast.Host, HostParts>('build.hostParts');
const tunnelMemo = caches.weak<ast.Tunnel, TunnelParts>('build.tunnelParts');

function siteParts(uri: string, node: ast.Site & { name: string }): SiteParts {
    const known = siteMemo.get(node);
    if (known && known.uri === uri) return known;
    const findings: Finding[] = [];
    const parts: SiteParts = {
        uri, name: node.name, provider: undefined, providerSrc: undefined, region: undefined, networks: [], gateways: [], gatewaySrc: undefined, nat: [],
        src: new NodeRef(uri, node), nameSrc: new NodeRef(uri, node, 'name'), hubSrc: new NodeRef(uri, node, 'hub'),
        propertiesEnd: new PropertiesEndRef(uri, node), findings, routes: [],
    };
    for (const p of node.properties) {
        if (ast.isProviderProperty(p)) {
            if (!p.provider) continue;
            parts.providerSrc = new NodeRef(uri, p, 'provider');
            if (isProviderId(p.provider)) parts.provider = p.provider;
            else {
                findings.push({
                    code: 'provider-unknown', severity: 'error', at: parts.providerSrc,
                    message: `Unknown provider '${p.provider}' for site ${node.name}. Known providers: ${PROVIDER_IDS.join(', ')}.`,
                });
            }
        } else if (ast.isRegionProperty(p)) {
            // STRING values arrive unquoted and unescaped (Langium's value converter): a `\n` in
            // one would forge lines in runbooks and commands, so control characters are refused
            if (p.region && /[\u0000-\u001f\u007f]/.test(p.region)) {
                findings.push({
                    code: 'string-control', severity: 'error', at: new NodeRef(uri, p),
                    message: `Site ${node.name}: the region contains a control character (a line break or tab, e.g. written as \\n); write it on one line without escapes.`,
                });
            } else if (p.region) parts.region = p.region;
        } else if (ast.isCidrProperty(p)) {
            parts.networks.push(...parseNets(uri, p.cidrs, `Site ${node.name}`, findings));
        } else if (ast.isGatewayProperty(p)) {
            parts.gatewaySrc ??= new NodeRef(uri, p.addresses[0]);
            for (const a of p.addresses) {
                const g = parseCidr(uri, a, `Gateway of site ${node.name}`, findings, true);
                if (!g) continue;
                if (parts.gateways.some(x => x.text === g.text)) {
                    findings.push({ code: 'duplicate-name', severity: 'error', at: new NodeRef(uri, a), message: `Site ${node.name} lists gateway ${g.text} twice.` });
                } else parts.gateways.push(g);
            }
        } else if (ast.isBehindNatProperty(p)) {
            parts.natSrc ??= new NodeRef(uri, p);
            for (const a of p.addresses) {
                const g = parseCidr(uri, a, `Address behind NAT of site ${node.name}`, findings, true);
                if (g) parts.nat.push(g);
            }
        } else if (ast.isAsnProperty(p)) {
            if (typeof p.value !== 'string') continue;
            parts.asnSrc ??= new NodeRef(uri, p, 'value');
            const n = /^[0-9]{1,10}$/.test(p.value) ? Number(p.value) : NaN;
            if (n >= 1 && n <= 4294967295) parts.asn ??= n;
            else findings.push({ code: 'asn-invalid', severity: 'error', at: new NodeRef(uri, p, 'value'), message: `Site ${node.name}: ASN '${p.value.slice(0, 20)}' is not a number from 1 to 4294967295.` });
        } else if (ast.isRouteProperty(p)) {
            const rf: Finding[] = [];
            const dest = parseCidr(uri, p.destination, `Route of site ${node.name}`, rf);
            parts.routes.push({
                node: p, destination: dest ? { prefix: dest, src: new NodeRef(uri, p.destination) } : undefined, findings: rf,
                src: new NodeRef(uri, p), tunnelSrc: new NodeRef(uri, p, 'tunnel'),
            });
        }
    }
    siteMemo.set(node, parts);
    return parts;
}

function hostParts(uri: string, node: ast.Host & { name: string }): HostParts {
    const known = hostMemo.get(node);
    if (known && known.uri === uri) return known;
    const findings: Finding[] = [];
    const address = parseCidr(uri, node.address, `Host ${node.name}`, findings, true);
    const parts: HostParts = {
        uri, name: node.name, address, findings,
        src: new NodeRef(uri, node), nameSrc: new NodeRef(uri, node, 'name'), addressSrc: new NodeRef(uri, node.address),
    };
    hostMemo.set(node, parts);
    return parts;
}

function tunnelParts(uri: string, node: ast.Tunnel & { name: string }): TunnelParts {
    const known = tunnelMemo.get(node);
    if (known && known.uri === uri) return known;
    const refOf = (n: AstNode | undefined) => new NodeRef(uri, n);
    let ike: IkeVersion | undefined;
    let psk: Psk | undefined;
    let routing: RoutingMode | undefined;
    const ikeProposals: ProposalText[] = [];
    const espProposals: ProposalText[] = [];
    let local: ast.LocalProperty | undefined, remote: ast.RemoteProperty | undefined;
    let localGw: ast.LocalGatewayProperty | undefined, remoteGw: ast.RemoteGatewayProperty | undefined;
    let localIn: ast.LocalInsideProperty | undefined, remoteIn: ast.RemoteInsideProperty | undefined;
    let localIdP: ast.LocalIdProperty | undefined, remoteIdP: ast.RemoteIdProperty | undefined;
    let ikeLifetime: number | undefined, espLifetime: number | undefined, dpd: Dpd | undefined;
    const src: Partial<Record<'localSrc' | 'remoteSrc' | 'ikeSrc' | 'ikeProposalSrc' | 'espProposalSrc' | 'routingSrc' | 'ikeLifetimeSrc' | 'espLifetimeSrc' | 'dpdSrc', SourceRef>> = {};
    const early: Finding[] = [];
    const seconds = (p: ast.IkeLifetimeProperty | ast.EspLifetimeProperty | ast.DpdProperty, what: string): number | undefined => {
        if (typeof p.value !== 'string') return undefined;
        const v = parseSeconds(p.value);
        if (v === undefined || v === 0) early.push({ code: 'value-invalid', severity: 'error', at: refOf(p), message: `Tunnel ${node.name}: ${what} '${p.value.slice(0, 20)}' is not a duration (seconds, or with a unit: 28800, 480m, 8h, 1d).` });
        return v || undefined;
    };
    for (const p of node.properties) {
        if (ast.isIkeProperty(p)) { ike = p.version === 'v1' ? 1 : 2; src.ikeSrc ??= refOf(p); }
        else if (ast.isIkeProposalProperty(p)) { for (const x of p.proposals) ikeProposals.push({ text: x.value, src: refOf(x) }); src.ikeProposalSrc ??= refOf(p); }
        else if (ast.isEspProposalProperty(p)) { for (const x of p.proposals) espProposals.push({ text: x.value, src: refOf(x) }); src.espProposalSrc ??= refOf(p); }
        else if (ast.isRoutingProperty(p)) { routing = p.mode; src.routingSrc ??= refOf(p); }
        else if (ast.isLocalProperty(p)) { local ??= p; src.localSrc ??= refOf(p); }
        else if (ast.isRemoteProperty(p)) { remote ??= p; src.remoteSrc ??= refOf(p); }
        else if (ast.isLocalGatewayProperty(p)) localGw ??= p;
        else if (ast.isRemoteGatewayProperty(p)) remoteGw ??= p;
        else if (ast.isLocalInsideProperty(p)) localIn ??= p;
        else if (ast.isRemoteInsideProperty(p)) remoteIn ??= p;
        else if (ast.isLocalIdProperty(p)) localIdP ??= p;
        else if (ast.isRemoteIdProperty(p)) remoteIdP ??= p;
        else if (ast.isIkeLifetimeProperty(p)) { ikeLifetime ??= seconds(p, 'ike-lifetime'); src.ikeLifetimeSrc ??= refOf(p); }
        else if (ast.isEspLifetimeProperty(p)) { espLifetime ??= seconds(p, 'esp-lifetime'); src.espLifetimeSrc ??= refOf(p); }
        else if (ast.isDpdProperty(p)) {
            if (p.off) dpd ??= 'off';
            else { const d = seconds(p, 'dpd'); if (d) dpd ??= { delay: d }; }
            src.dpdSrc ??= refOf(p);
        }
        else if (ast.isPskProperty(p)) {
            psk = p.env !== undefined
                ? { kind: 'env', variable: p.env, src: refOf(p) }
                : { kind: 'literal', value: p.literal ?? '', src: refOf(p) };
        }
    }
    const selFindings: Finding[] = early;
    const sel = {
        local: local ? parseNets(uri, local.cidrs, `Tunnel ${node.name} (local)`, selFindings) : undefined,
        remote: remote ? parseNets(uri, remote.cidrs, `Tunnel ${node.name} (remote)`, selFindings) : undefined,
    };
    const gateway = (p: ast.LocalGatewayProperty | ast.RemoteGatewayProperty | undefined, which: string): WrittenGateway | undefined => {
        const address = p && parseCidr(uri, p.address, `Tunnel ${node.name} (${which})`, selFindings, true);
        return address ? { address, src: refOf(p) } : undefined;
    };
    const localGateway = gateway(localGw, 'local-gateway');
    const remoteGateway = gateway(remoteGw, 'remote-gateway');
    const inside = (p: ast.LocalInsideProperty | ast.RemoteInsideProperty | undefined, which: string) => {
        const value = p && parseInside(uri, p.address, `Tunnel ${node.name} (${which})`, selFindings);
        return value ? { value, src: refOf(p) } : undefined;
    };
    const localInside = inside(localIn, 'local-inside');
    const remoteInside = inside(remoteIn, 'remote-inside');
    const identity = (p: ast.LocalIdProperty | ast.RemoteIdProperty | undefined, which: string) => {
        const value = p && identityOf(p, uri, `Tunnel ${node.name} (${which})`, selFindings);
        return value ? { value, src: refOf(p) } : undefined;
    };
    const localId = identity(localIdP, 'local-id');
    const remoteId = identity(remoteIdP, 'remote-id');
    const nameSrc = new NodeRef(uri, node, 'name');
    const statement = refOf(node);
    const source: EndSource = {
        statement, nameSrc,
        localSrc: src.localSrc, remoteSrc: src.remoteSrc, ikeSrc: src.ikeSrc,
        ikeProposalSrc: src.ikeProposalSrc, espProposalSrc: src.espProposalSrc, routingSrc: src.routingSrc,
        localGatewaySrc: localGateway?.src, remoteGatewaySrc: remoteGateway?.src,
        localInsideSrc: localInside?.src, remoteInsideSrc: remoteInside?.src, localIdSrc: localId?.src, remoteIdSrc: remoteId?.src,
        ikeLifetimeSrc: src.ikeLifetimeSrc, espLifetimeSrc: src.espLifetimeSrc, dpdSrc: src.dpdSrc,
        propertiesEnd: new PropertiesEndRef(uri, node), hasPropertyList: closingBracket(node) !== undefined,
        // `A <-> B` describes both ends; a `->` statement is never the mirror of another
        mirrored: node.mirrored,
    };
    const parts: TunnelParts = {
        uri, src: statement, nameSrc, sel, selFindings, settings: { ike, ikeProposals, espProposals, psk, routing, ikeLifetime, espLifetime, dpd }, source,
        localGateway, remoteGateway, localInside, remoteInside, localId, remoteId,
    };
    tunnelMemo.set(node, parts);
    return parts;
}

// -------------------------------------------------------------------- tunnel ends

/**
 * One end of a tunnel. A derived selector (`localDerived` / `remoteDerived`) is listed when first
 * read (a hub with 10,000 spokes would otherwise list 10,000 networks on each of its ends);
 * assigning `local` / `remote` replaces the value.
 */
class End implements TunnelEnd {
    localOrigin: SelectorOrigin = 'derived';
    remoteOrigin: SelectorOrigin = 'derived';
    localDerived?: DerivedSelector = undefined;
    remoteDerived?: DerivedSelector = undefined;
    ike?: IkeVersion;
    ikeProposals: ProposalText[];
    espProposals: ProposalText[];
    psk?: Psk;
    routing?: RoutingMode;
    gateway?: Prefix;
    peerGateway?: Prefix;
    gatewaySrc?: SourceRef;
    peerGatewaySrc?: SourceRef;
    inside?: InsideAddress;
    peerInside?: InsideAddress;
    insideSrc?: SourceRef;
    peerInsideSrc?: SourceRef;
    localId?: Identity;
    remoteId?: Identity;
    localIdSrc?: SourceRef;
    remoteIdSrc?: SourceRef;
    ikeLifetime?: number;
    espLifetime?: number;
    dpd?: Dpd;
    source?: EndSource;
    settingsSlot: unknown = undefined;
    #local: Net[] | undefined = undefined;
    #remote: Net[] | undefined = undefined;

    constructor(
        public name: string, public site: Site, public peer: Site, public tunnel: Tunnel, public declared: boolean,
        settings: Settings | undefined, source: EndSource | undefined,
    ) {
        this.ike = settings?.ike;
        this.ikeProposals = settings?.ikeProposals ?? [];
        this.espProposals = settings?.espProposals ?? [];
        this.psk = settings?.psk;
        this.routing = settings?.routing;
        this.ikeLifetime = settings?.ikeLifetime;
        this.espLifetime = settings?.espLifetime;
        this.dpd = settings?.dpd;
        this.source = source;
        this.gateway = site.gateway;
        this.peerGateway = peer.gateway;
    }

    get local(): Net[] { return this.#local ??= this.localDerived ? listDerived(this.localDerived) : []; }
    set local(value: Net[]) { this.#local = value; }
    get remote(): Net[] { return this.#remote ??= this.remoteDerived ? listDerived(this.remoteDerived) : []; }
    set remote(value: Net[]) { this.#remote = value; }
}

// -------------------------------------------------------------------- linking

class Builder {
    readonly findings: Finding[] = [];
    readonly sites: Site[] = [];
    readonly siteByName = new Map<string, Site>();
    readonly siteOfNode = new Map<ast.Site, Site>();
    readonly hosts: Host[] = [];
    readonly tunnels: Tunnel[] = [];
    readonly tunnelOfNode = new Map<ast.Tunnel, Tunnel>();
    readonly endOfNode = new Map<ast.Tunnel, TunnelEnd>();
    readonly stars = new Map<Site, Star>();

    build(docs: SourceDocument[]): BuildResult {
        const name = docs.map(d => d.root.name).find(n => n !== undefined);
        // Statements are Site | Host | Tunnel (no subtypes): compare `$type` rather than ask the reflection.
        type Named<T> = T & { name: string };
        for (const doc of docs) for (const s of doc.root.statements) if (s.$type === 'Site' && s.name) this.addSite(s as Named<ast.Site>, siteParts(doc.uri, s as Named<ast.Site>));
        for (const doc of docs) for (const s of doc.root.statements) if (s.$type === 'Site') this.resolveHub(s as ast.Site, doc.uri);
        const stars = this.computeStars();
        for (const doc of docs) for (const s of doc.root.statements) if (s.$type === 'Host' && s.name) this.addHost(s as ast.Host, hostParts(doc.uri, s as Named<ast.Host>));
        const statements: { uri: string; node: ast.Tunnel }[] = [];
        for (const doc of docs) for (const s of doc.root.statements) if (s.$type === 'Tunnel') statements.push({ uri: doc.uri, node: s as ast.Tunnel });
        this.addTunnels(statements, stars);
        for (const doc of docs) for (const s of doc.root.statements) if (s.$type === 'Site' && s.name) this.addRoutes(s as ast.Site, siteParts(doc.uri, s as Named<ast.Site>));
        this.checkDuplicateHostNames();
        const topology: Topology = {
            name, uris: docs.map(d => d.uri), sites: this.sites, siteByName: this.siteByName,
            hosts: this.hosts, tunnels: this.tunnels, stars,
        };
        return { topology, findings: this.findings, nodes: { siteOfNode: this.siteOfNode, endOfNode: this.endOfNode } };
    }

    report(f: Finding): void {
        this.findings.push(f);
    }

    // ---------------------------------------------------------------- sites

    addSite(node: ast.Site & { name: string }, parts: SiteParts): void {
        const site: Site = {
            name: parts.name, provider: parts.provider, region: parts.region, networks: parts.networks, gateway: parts.gateways[0], gateways: parts.gateways,
            asn: parts.asn, asnSrc: parts.asnSrc, nat: parts.nat, natSrc: parts.natSrc,
            routes: [], hosts: [], ends: [], hub: undefined,
            src: parts.src, nameSrc: parts.nameSrc, providerSrc: parts.providerSrc, propertiesEnd: parts.propertiesEnd, gatewaySrc: parts.gatewaySrc,
        };
        for (const f of parts.findings) this.report(f);
        this.siteOfNode.set(node, site);
        const prior = this.siteByName.get(parts.name);
        if (prior) {
            this.report({
                code: 'duplicate-name', severity: 'error', at: parts.nameSrc,
                message: `Site ${parts.name} is declared more than once.`,
                related: [{ at: prior.nameSrc, message: `Site ${parts.name} is first declared here.` }],
            });
            return;
        }
        this.siteByName.set(parts.name, site);
        this.sites.push(site);
    }

    resolveHub(node: ast.Site, uri: string): void {
        const site = this.siteOfNode.get(node);
        const hubNode = node.hub?.ref;
        if (!site || !hubNode) return;
        const hub = this.siteOfNode.get(hubNode);
        if (!hub) return;
        const hubOfHub = hubNode.hub?.ref;
        if (hub !== site && hubOfHub && hubOfHub !== hubNode) {
            this.report({
                code: 'hub-not-centre', severity: 'error', at: new NodeRef(uri, node, 'hub'),
                message: `Site ${site.name} names ${hub.name} as its hub, but ${hub.name} is itself a spoke of ${hubOfHub.name}. A star has one centre; write 'hub ${hubOfHub.name}' here, or 'hub ${hub.name}' on ${hub.name}.`,
                // the hub may be declared in another file of the topology
                related: [{ at: new NodeRef(AstUtils.findRootNode(hubNode).$document?.uri.toString() ?? uri, hubNode, 'hub'), message: `${hub.name} is a spoke of ${hubOfHub.name} here.` }],
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

    addHost(node: ast.Host, parts: HostParts): void {
        for (const f of parts.findings) this.report(f);
        const site = node.site?.ref ? this.siteOfNode.get(node.site.ref) : undefined;
        const address = parts.address;
        if (!site || !address) return;
        const host: Host = { name: parts.name, address, site, src: parts.src, nameSrc: parts.nameSrc, addressSrc: parts.addressSrc };
        this.hosts.push(host);
        site.hosts.push(host);
        if (site.networks.length > 0 && !setOfNets(site.networks).covers(address)) {
            this.report({
                code: 'host-outside-site', severity: 'error', at: host.addressSrc,
                message: `Host ${parts.name} (${node.address.value}) is not in the networks of site ${site.name} (${site.networks.map(n => n.prefix.text).join(', ')}).`,
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

    addTunnels(statements: { uri: string; node: ast.Tunnel }[], stars: Star[]): void {
        // Group the written statements by the unordered pair of sites they join.
        // Redundant tunnels between the same two sites each use their own pair of gateway
        // addresses: statements are grouped by the sites and the gateways they use.
        type Written = { node: ast.Tunnel & { name: string }; parts: TunnelParts; from: Site; to: Site; fromGw?: Prefix; toGw?: Prefix };
        const byPair = new Map<string, Written[]>();
        const pairKey = (a: Site, b: Site) => (a.name < b.name ? `${a.name}\u0000${b.name}` : `${b.name}\u0000${a.name}`);
        const groupKey = (w: Written) => {
            const [x, y] = w.from.name < w.to.name ? [w.fromGw, w.toGw] : [w.toGw, w.fromGw];
            return `${pairKey(w.from, w.to)}\u0000${x?.text ?? ''}\u0000${y?.text ?? ''}`;
        };
        const tunnelNames = new Map<string, SourceRef>();
        for (const { uri, node } of statements) {
            if (!node.name) continue;
            const parts = tunnelParts(uri, node as ast.Tunnel & { name: string });
            const prior = tunnelNames.get(node.name);
            if (prior) {
                this.report({
                    code: 'duplicate-name', severity: 'error', at: parts.nameSrc, message: `Tunnel ${node.name} is declared more than once.`,
                    related: [{ at: prior, message: `Tunnel ${node.name} is first declared here.` }],
                });
                continue;
            }
            tunnelNames.set(node.name, parts.nameSrc);
            const from = node.from?.ref ? this.siteOfNode.get(node.from.ref) : undefined;
            const to = node.to?.ref ? this.siteOfNode.get(node.to.ref) : undefined;
            if (!from || !to) continue; // unresolved: reported by the linker
            if (from === to) {
                this.report({ code: 'tunnel-self', severity: 'error', at: parts.src, message: `Tunnel ${node.name} joins site ${from.name} to itself.` });
                continue;
            }
            for (const f of parts.selFindings) this.report(f);
            const fromGw = this.tunnelGateway(node.name, from, parts.localGateway, 'local-gateway');
            const toGw = this.tunnelGateway(node.name, to, parts.remoteGateway, 'remote-gateway');
            const w: Written = { node: node as ast.Tunnel & { name: string }, parts, from, to, fromGw, toGw };
            const key = groupKey(w);
            const list = byPair.get(key);
            if (list) list.push(w); else byPair.set(key, [w]);
        }

        const declaredPairs = new Set<string>();
        for (const written of byPair.values()) {
            declaredPairs.add(pairKey(written[0].from, written[0].to));
            const first = written[0];
            // Which statements configure which end?
            const aEnd = first;
            let bEnd: Written | undefined;
            for (let i = 1; i < written.length; i++) {
                const w = written[i];
                const duplicate = first.node.mirrored || w.node.mirrored || w.from === first.from || bEnd !== undefined;
                if (duplicate) {
                    this.report({
                        code: 'duplicate-tunnel', severity: 'error', at: w.parts.nameSrc,
                        message: `Tunnel ${w.node.name} configures ${w.from.name}'s end towards ${w.to.name} again, as ${first.node.name}${bEnd ? ` and ${bEnd.node.name}` : ''} do${bEnd ? '' : 'es'}`
                            + `${w.fromGw || w.toGw ? ` on the same gateways (${gwText(w.fromGw)} -> ${gwText(w.toGw)})` : ''}; a redundant tunnel needs its own (local-gateway, remote-gateway).`,
                        related: [{ at: first.parts.src, message: `${first.node.name} is declared here.` }],
                    });
                } else bEnd = w;
            }
            const kind: Tunnel['kind'] = aEnd.node.mirrored ? 'both' : bEnd ? 'pair' : 'one';
            const tunnel = { name: aEnd.node.name, kind } as Tunnel;
            const aSettings = aEnd.parts.settings;
            const a = new End(aEnd.node.name, aEnd.from, aEnd.to, tunnel, true, aSettings, aEnd.parts.source);
            a.gateway = aEnd.fromGw;
            a.peerGateway = aEnd.toGw;
            a.gatewaySrc = aEnd.parts.localGateway?.src;
            a.peerGatewaySrc = aEnd.parts.remoteGateway?.src;
            let b: End;
            if (bEnd) {
                b = new End(bEnd.node.name, bEnd.from, bEnd.to, tunnel, true, bEnd.parts.settings, bEnd.parts.source);
                this.tunnelOfNode.set(bEnd.node, tunnel);
                this.endOfNode.set(bEnd.node, b);
            } else {
                b = new End(
                    kind === 'both' ? aEnd.node.name : `${aEnd.to.name}-${aEnd.from.name}`, aEnd.to, aEnd.from, tunnel, kind === 'both',
                    { ...aSettings, ikeProposals: [...aSettings.ikeProposals], espProposals: [...aSettings.espProposals] },
                    kind === 'both' ? a.source : undefined,
                );
                b.localOrigin = b.remoteOrigin = 'mirrored';
            }
            b.gateway = aEnd.toGw;
            b.peerGateway = aEnd.fromGw;
            // written at b's own statement (a pair), else at a's (`<->`, or the mirror of `->`)
            b.gatewaySrc = bEnd ? bEnd.parts.localGateway?.src ?? aEnd.parts.remoteGateway?.src : aEnd.parts.remoteGateway?.src;
            b.peerGatewaySrc = bEnd ? bEnd.parts.remoteGateway?.src ?? aEnd.parts.localGateway?.src : aEnd.parts.localGateway?.src;
            // inside addresses and identities: relative to each statement's first site, like the gateways
            const mine = (own: { value: any; src: SourceRef } | undefined, theirs: { value: any; src: SourceRef } | undefined) => own ?? theirs;
            const aP = aEnd.parts, bP = bEnd?.parts;
            const set = <K extends 'inside' | 'peerInside' | 'localId' | 'remoteId'>(e: End, key: K, srcKey: `${K}Src`, w: { value: TunnelEnd[K]; src: SourceRef } | undefined) => {
                if (!w) return;
                e[key] = w.value as End[K];
                e[srcKey] = w.src;
            };
            set(a, 'inside', 'insideSrc', mine(aP.localInside, bP?.remoteInside));
            set(a, 'peerInside', 'peerInsideSrc', mine(aP.remoteInside, bP?.localInside));
            set(b, 'inside', 'insideSrc', mine(bP?.localInside, aP.remoteInside));
            set(b, 'peerInside', 'peerInsideSrc', mine(bP?.remoteInside, aP.localInside));
            // identities: a's own is its local-id; the peer's own is a's remote-id
            set(a, 'localId', 'localIdSrc', mine(aP.localId, bP?.remoteId));
            set(a, 'remoteId', 'remoteIdSrc', mine(aP.remoteId, bP?.localId));
            set(b, 'localId', 'localIdSrc', mine(bP?.localId, aP.remoteId));
            set(b, 'remoteId', 'remoteIdSrc', mine(bP?.remoteId, aP.localId));
            tunnel.a = a;
            tunnel.b = b;
            this.tunnelOfNode.set(aEnd.node, tunnel);
            this.endOfNode.set(aEnd.node, a);
            this.resolveSelectors(a, b, aEnd.parts.sel, bEnd?.parts.sel ?? {});
            this.addTunnel(tunnel);
        }

        // Derived tunnels: hub <-> spoke where nothing is written between them.
        for (const star of stars) {
            for (const spoke of star.spokes) {
                if (declaredPairs.size > 0 && declaredPairs.has(pairKey(star.hub, spoke))) continue;
                const name = `${star.hub.name}-${spoke.name}`;
                const tunnel = { name, kind: 'derived' } as Tunnel;
                tunnel.a = new End(name, star.hub, spoke, tunnel, false, undefined, undefined);
                tunnel.b = new End(`${spoke.name}-${star.hub.name}`, spoke, star.hub, tunnel, false, undefined, undefined);
                this.resolveSelectors(tunnel.a, tunnel.b, {}, {});
                this.addTunnel(tunnel);
            }
        }
    }

    /** The gateway address a tunnel uses at `site`: the written one (which must be one of the site's), else the site's first. */
    private tunnelGateway(tunnel: string, site: Site, written: WrittenGateway | undefined, property: string): Prefix | undefined {
        if (!written) return site.gateway;
        if (site.gateways.length > 0 && !site.gateways.some(g => g.text === written.address.text)) {
            this.report({
                code: 'gateway-unknown', severity: 'error', at: written.src,
                message: `Tunnel ${tunnel}: ${property} ${written.address.text} is not a gateway of site ${site.name} (${site.gateways.map(g => g.text).join(', ')}).`,
                related: site.gatewaySrc ? [{ at: site.gatewaySrc, message: `The gateways of site ${site.name}.` }] : undefined,
            });
        }
        return written.address;
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
        // a's local and b's remote describe a's side; a's remote and b's local b's side
        let aSide: DerivedSelector | undefined, bSide: DerivedSelector | undefined;
        const set = (e: TunnelEnd, side: 'local' | 'remote', own: Net[] | undefined, mirror: Net[] | undefined, derivedFrom: TunnelEnd) => {
            const originKey = side === 'local' ? 'localOrigin' : 'remoteOrigin';
            if (own) { e[side] = own; e[originKey] = 'declared'; return; }
            if (mirror) { e[side] = mirror; e[originKey] = 'mirrored'; return; }
            e[originKey] = 'derived';
            const d = derivedFrom === a ? (aSide ??= this.derivedLocal(a)) : (bSide ??= this.derivedLocal(b));
            // listed when first read (End)
            e[side === 'local' ? 'localDerived' : 'remoteDerived'] = d;
        };
        if (routeBased(a) && routeBased(b)) {
            // route-based (static, bgp): the ends negotiate any <-> any; routes steer the traffic
            const all = catchAll(a.site, b.site);
            for (const e of [a, b]) for (const side of ['local', 'remote'] as const) {
                const own = e === a ? aSel[side] : bSel[side];
                const mirror = e === a ? bSel[side === 'local' ? 'remote' : 'local'] : aSel[side === 'local' ? 'remote' : 'local'];
                if (own) { e[side] = own; e[side === 'local' ? 'localOrigin' : 'remoteOrigin'] = 'declared'; }
                else if (mirror) { e[side] = mirror; e[side === 'local' ? 'localOrigin' : 'remoteOrigin'] = 'mirrored'; }
                else { e[side] = all; e[side === 'local' ? 'localOrigin' : 'remoteOrigin'] = 'derived'; }
            }
            return;
        }
        set(a, 'local', aSel.local, bSel.remote, a);
        set(a, 'remote', aSel.remote, bSel.local, b);
        set(b, 'local', bSel.local, aSel.remote, b);
        set(b, 'remote', bSel.remote, aSel.local, a);
    }

    // ---------------------------------------------------------------- routes

    addRoutes(node: ast.Site, parts: SiteParts): void {
        const site = this.siteOfNode.get(node);
        if (!site) return;
        for (const r of parts.routes) {
            for (const f of r.findings) this.report(f);
            const destination = r.destination;
            if (!destination) continue;
            const p = r.node;
            const tunnelNode = p.tunnel?.ref;
            const via = tunnelNode ? this.tunnelOfNode.get(tunnelNode) : undefined;
            const route: Route = { destination, via, viaName: p.tunnel?.$refText ?? '', src: r.src };
            site.routes.push(route);
            if (via && via.a.site !== site && via.b.site !== site) {
                this.report({
                    code: 'route-foreign-tunnel', severity: 'error', at: r.tunnelSrc,
                    message: `Route ${destination.prefix.text} at site ${site.name} goes via tunnel ${via.name}, which joins ${via.a.site.name} and ${via.b.site.name}, not ${site.name}.`,
                });
            }
        }
    }
}

const ANY_V4 = parsePrefix('0.0.0.0/0');
const ANY_V6 = parsePrefix('::/0');

/** 0.0.0.0/0, and ::/0 when either site has IPv6 networks (only ::/0 when both have only IPv6). */
function catchAll(a: Site, b: Site): Net[] {
    const nets = [...a.networks, ...b.networks];
    const v6 = nets.some(n => n.prefix.version === 6);
    const v4 = nets.length === 0 || nets.some(n => n.prefix.version === 4);
    const out: Net[] = [];
    if (v4 && ANY_V4.ok) out.push({ prefix: ANY_V4.prefix });
    if (v6 && ANY_V6.ok) out.push({ prefix: ANY_V6.prefix });
    return out;
}

export function buildTopology(docs: SourceDocument[]): BuildResult {
    return new Builder().build(docs);
}

/** A gateway address as written (no host prefix length). */
function gwText(p: Prefix | undefined): string {
    return p ? p.text.replace(/\/(32|128)$/, '') : '?';
}
