/**
 * The topology as a graph: the one builder behind the `topo/graph` request of the language
 * server, `topo graph` and the diagram at the top of a runbook.
 *
 * Sites are grouped by provider and region; tunnels carry both ends (declared, mirrored or
 * derived from `hub`); every site, tunnel and end carries the worst diagnostic written on its
 * statement (code and message) and where it is written, so that a diagram can colour it and
 * reveal it in the editor. Ids are built from names (`site:pek3`, `tunnel:pek3-sh1`,
 * `tunnel:pek3-sh1@sh1` for an end, `tunnel:pek3>gd2` for a tunnel derived from a star), so
 * they stay the same across edits that do not rename.
 *
 * Pure function of the resolved model and the documents' diagnostics: no Langium here.
 */
import type { Range, Severity, Site, SourceRef, Topology, Tunnel, TunnelEnd } from '../model/types.js';

/** A diagnostic as the graph reads it (from LSP diagnostics or from findings). */
export interface GraphDiagnostic { uri: string; range: Range; severity: Severity; code?: string; message: string }

/** The worst diagnostic of an element: `clean` when it has none worse than info. */
export interface GraphStatus {
    level: 'error' | 'warning' | 'clean';
    code?: string;
    message?: string;
    /** Diagnostics of this element (errors and warnings). */
    count: number;
}

/** What an adapter last observed of a tunnel end (e.g. strongSwan's state record). */
export interface GraphLiveState {
    adapter: string;
    /**
     * strongSwan: `initiated` (the adapter initiated it at `at`) or `failed` (its last run failed
     * at this end). A cloud end: `up` / `down` as its provider reported it after the last apply,
     * `unknown` when the provider's API reports no tunnel status (QingCloud).
     */
    state: 'initiated' | 'failed' | 'up' | 'down' | 'unknown';
    at?: string;
    /** A cloud end: the provider's own word (`ESTABLISHED`, `AVAILABLE`, `NO_INCOMING_PACKETS`...). */
    status?: string;
}

export interface GraphGroup { id: string; provider: string; region: string; sites: string[] }

export interface GraphSite {
    id: string;
    name: string;
    provider?: string;
    region?: string;
    group: string;
    networks: string[];
    gateway?: string;
    /** `hub`: the centre of a star; `spoke`: a member of one; `site`: neither. */
    role: 'hub' | 'spoke' | 'site';
    /** The centre of its star (site id), for spokes. */
    hub?: string;
    src: SourceRef;
    /** Its name in the statement (where the editor's hover describes it). */
    nameSrc: SourceRef;
    status: GraphStatus;
}

export interface GraphEnd {
    id: string;
    name: string;
    site: string;
    peer: string;
    /** Written in the file (`->` or `<->`); otherwise mirrored from the other end or derived. */
    declared: boolean;
    /** Its statement; for an end that is not written, where the tunnel comes from (the spoke's `hub`). */
    src: SourceRef;
    /** The tunnel's name in that statement; for an end not written, the far site's name. */
    nameSrc: SourceRef;
    status: GraphStatus;
    live?: GraphLiveState;
}

export interface GraphTunnel {
    id: string;
    name: string;
    kind: Tunnel['kind'];
    derived: boolean;
    /** Redundant tunnels between the same two sites share a group id (`pair:A~B`), else undefined. */
    redundancy?: string;
    ends: [GraphEnd, GraphEnd];
    status: GraphStatus;
}

export interface TopoGraph {
    version: 1;
    topology?: string;
    uris: string[];
    groups: GraphGroup[];
    sites: GraphSite[];
    tunnels: GraphTunnel[];
    stars: { hub: string; spokes: string[] }[];
    /** Diagnostics of the topology's documents: errors, warnings. */
    totals: { errors: number; warnings: number };
}

/** A plain copy: the model's source refs may be lazy getters, which JSON (the LSP answer) drops. */
const plain = (r: SourceRef): SourceRef => ({ uri: r.uri, range: { start: { ...r.range.start }, end: { ...r.range.end } } });

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

const clean = (): GraphStatus => ({ level: 'clean', count: 0 });

function add(status: GraphStatus, d: GraphDiagnostic): void {
    if (d.severity !== 'error' && d.severity !== 'warning') return;
    status.count++;
    const level = d.severity;
    if (status.level === 'clean' || (status.level === 'warning' && level === 'error')) {
        status.level = level;
        status.code = d.code;
        status.message = d.message;
    }
}

function worst(...all: GraphStatus[]): GraphStatus {
    const out = clean();
    for (const s of all) {
        out.count += s.count;
        if (s.level !== 'clean' && (out.level === 'clean' || (out.level === 'warning' && s.level === 'error'))) {
            out.level = s.level;
            out.code = s.code;
            out.message = s.message;
        }
    }
    return out;
}

const before = (a: { line: number; character: number }, b: { line: number; character: number }) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);

/**
 * Statements of one document, sorted by start, each with the statuses a diagnostic inside it
 * marks; `named` statuses only take diagnostics whose message names `name` (a tunnel derived
 * from a star is written only as the spoke's `hub`: its problems are reported on the spoke).
 */
interface Statement { range: Range; targets: GraphStatus[]; named?: { name: string; status: GraphStatus }[] }

export function groupIdOf(provider: string | undefined, region: string | undefined): string {
    return `group:${provider ?? '?'}/${region ?? '?'}`;
}

/** Options: what an adapter observed, by end id. */
export interface GraphOptions { live?: Map<string, GraphLiveState> }

export function buildGraph(t: Topology, diagnostics: Iterable<GraphDiagnostic>, options: GraphOptions = {}): TopoGraph {
    const statements = new Map<string, Statement[]>();
    const statement = (src: SourceRef | undefined, status: GraphStatus): Statement | undefined => {
        if (!src) return undefined;
        let list = statements.get(src.uri);
        if (!list) statements.set(src.uri, list = []);
        const s: Statement = { range: src.range, targets: [status] };
        list.push(s);
        return s;
    };
    const siteStatement = new Map<Site, Statement>();

    // a name declared twice (a duplicate-name error) still gets an id of its own: `site:a#2`
    const ids = new Set<string>();
    const next = new Map<string, number>();
    const unique = (id: string) => {
        let out = id;
        let n = next.get(id) ?? 2;
        while (ids.has(out)) out = `${id}#${n++}`;
        next.set(id, n);
        ids.add(out);
        return out;
    };

    const groups = new Map<string, GraphGroup>();
    const siteId = new Map<Site, string>();
    const sites: GraphSite[] = [];
    for (const s of t.sites) {
        const id = unique(`site:${s.name}`);
        siteId.set(s, id);
        const group = groupIdOf(s.provider, s.region);
        let g = groups.get(group);
        if (!g) groups.set(group, g = { id: group, provider: s.provider ?? '?', region: s.region ?? '?', sites: [] });
        g.sites.push(id);
        const status = clean();
        siteStatement.set(s, statement(s.src, status)!);
        for (const h of s.hosts) statement(h.src, status);
        sites.push({
            id, name: s.name, provider: s.provider, region: s.region, group,
            networks: s.networks.map(n => n.prefix.text),
            gateway: s.gateway?.text,
            role: s.hub === s ? 'hub' : s.hub ? 'spoke' : 'site',
            src: plain(s.src), nameSrc: plain(s.nameSrc), status,
        });
    }
    // a site object the topology does not list (a second declaration of a name, while typing) is drawn as the one it lists
    const idOf = (s: Site): string => siteId.get(s) ?? siteId.get(t.siteByName.get(s.name)!)!;
    for (const g of sites) {
        const s = t.siteByName.get(g.name);
        if (s?.hub && s.hub !== s) g.hub = idOf(s.hub);
    }

    const pairCount = new Map<string, number>();
    const pairOf = (x: Tunnel) => [x.a.site.name, x.b.site.name].sort().join('~');
    for (const x of t.tunnels) pairCount.set(pairOf(x), (pairCount.get(pairOf(x)) ?? 0) + 1);

    const tunnels: GraphTunnel[] = [];
    const endStatuses: [GraphTunnel, GraphStatus, GraphStatus][] = [];
    for (const x of t.tunnels) {
        const derived = x.kind === 'derived';
        const id = unique(derived ? `tunnel:${x.a.site.name}>${x.b.site.name}` : `tunnel:${x.name}`);
        const end = (e: TunnelEnd): GraphEnd => {
            const endId = unique(`${id}@${e.site.name}`);
            const written = e.source ?? (derived ? undefined : x.a.source);
            return {
                id: endId, name: e.name, site: idOf(e.site), peer: idOf(e.peer), declared: e.declared,
                src: plain(written?.statement ?? x.b.site.src), nameSrc: plain(written?.nameSrc ?? x.b.site.nameSrc),
                status: clean(), live: options.live?.get(endId),
            };
        };
        const a = end(x.a), b = end(x.b);
        // A statement configures the end at its first site; `A <-> B` configures both.
        if (x.a.declared) statement(x.a.source?.statement, a.status);
        if (x.b.declared && x.b.source && x.b.source.statement !== x.a.source?.statement) statement(x.b.source.statement, b.status);
        if (x.kind === 'both' && x.a.source) {
            const list = statements.get(x.a.source.statement.uri)!;
            list[list.length - 1].targets.push(b.status);
        }
        if (derived) (siteStatement.get(x.b.site)!.named ??= []).push({ name: x.name, status: b.status });
        const tunnel: GraphTunnel = {
            id, name: x.name, kind: x.kind, derived, ends: [a, b], status: clean(),
            redundancy: (pairCount.get(pairOf(x)) ?? 0) > 1 ? `pair:${pairOf(x)}` : undefined,
        };
        tunnels.push(tunnel);
        endStatuses.push([tunnel, a.status, b.status]);
    }

    for (const list of statements.values()) list.sort((p, q) => p.range.start.line - q.range.start.line || p.range.start.character - q.range.start.character);
    const totals = { errors: 0, warnings: 0 };
    for (const d of diagnostics) {
        if (d.severity === 'error') totals.errors++; else if (d.severity === 'warning') totals.warnings++;
        const list = statements.get(d.uri);
        if (!list || RANK[d.severity] < RANK.warning) continue;
        // the last statement that starts at or before the diagnostic, if the diagnostic lies in it
        let lo = 0, hi = list.length - 1, found = -1;
        while (lo <= hi) {
            const mid = (lo + hi) >> 1;
            if (before(list[mid].range.start, d.range.start)) { found = mid; lo = mid + 1; } else hi = mid - 1;
        }
        if (found < 0 || !before(d.range.start, list[found].range.end)) continue;
        for (const s of list[found].targets) add(s, d);
        for (const n of list[found].named ?? []) if (d.message.includes(n.name)) add(n.status, d);
    }
    for (const [tunnel, a, b] of endStatuses) tunnel.status = worst(a, b);

    return {
        version: 1,
        topology: t.name,
        uris: [...t.uris],
        groups: [...groups.values()],
        sites,
        tunnels,
        stars: t.stars.map(s => ({ hub: idOf(s.hub), spokes: s.spokes.map(idOf) })),
        totals,
    };
}

/** LSP diagnostic severities (1 error ... 4 hint) as the graph reads them. */
export function severityOf(lsp: number | undefined): Severity {
    return lsp === 1 ? 'error' : lsp === 2 ? 'warning' : lsp === 3 ? 'info' : lsp === 4 ? 'hint' : 'error';
}
