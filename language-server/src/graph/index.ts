/**
 * The graph of the topology a document belongs to, from a built Langium workspace: the
 * `topo/graph` request and `topo graph` both come here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LangiumDocument } from 'langium';
import type { Topology } from '../model/types.js';
import type { StateRecord } from '../adapters/strongswan/adapter.js';
import { readCloudStatus, statusKey } from '../adapters/cloud/status.js';
import type { TopoServices } from '../services/types.js';
import { buildGraph, severityOf, type GraphDiagnostic, type GraphLiveState, type TopoGraph } from './build.js';

export { buildGraph, type TopoGraph } from './build.js';
export { layoutGraph, type Layout, type ViewOptions } from './layout.js';
export { renderSvg, GRAPH_CSS } from './svg.js';
export { renderDot, renderText } from './text.js';

/** The diagnostics of every document of the topology, as the graph reads them. */
function* diagnosticsOf(documents: Iterable<LangiumDocument>): Iterable<GraphDiagnostic> {
    for (const doc of documents) {
        const uri = doc.uri.toString();
        for (const d of doc.diagnostics ?? []) {
            yield { uri, range: d.range, severity: severityOf(d.severity), code: d.code === undefined ? undefined : String(d.code), message: typeof d.message === 'string' ? d.message : d.message.value };
        }
    }
}

/**
 * What the strongSwan adapter recorded in `<workdir>/<site>/topo-state.json` (see
 * adapters/strongswan/adapter.ts): the ends it initiated, or that its last run failed.
 * Keyed by graph end id.
 */
export function strongswanLiveState(t: Topology, graph: TopoGraph, workdir: string): Map<string, GraphLiveState> {
    const out = new Map<string, GraphLiveState>();
    const records = new Map<string, StateRecord | undefined>();
    for (const tunnel of graph.tunnels) {
        for (const end of tunnel.ends) {
            const site = t.siteByName.get(end.site.slice('site:'.length));
            if (site?.provider !== 'strongswan') continue;
            if (!records.has(site.name)) {
                let record: StateRecord | undefined;
                try { record = JSON.parse(fs.readFileSync(path.join(workdir, site.name, 'topo-state.json'), 'utf8')) as StateRecord; } catch { /* never applied */ }
                records.set(site.name, record);
            }
            const record = records.get(site.name);
            if (!record) continue;
            const initiated = Object.entries(record.initiated ?? {}).find(([child]) => child === end.name || child.startsWith(`${end.name}-`));
            if (record.lastRun && !record.lastRun.ok) out.set(end.id, { adapter: 'strongswan', state: 'failed', at: record.lastRun.at });
            else if (initiated) out.set(end.id, { adapter: 'strongswan', state: 'initiated', at: initiated[1] });
        }
    }
    return out;
}

/**
 * What the cloud adapter recorded in its journal `<stateDir>/<topology>.json` after the last
 * apply: each cloud end's status as its provider reported it (adapters/cloud/status.ts). Keyed by
 * graph end id.
 */
export function cloudLiveState(t: Topology, graph: TopoGraph, stateDir: string): Map<string, GraphLiveState> {
    const out = new Map<string, GraphLiveState>();
    const status = readCloudStatus(stateDir, t);
    if (!status.size) return out;
    for (const tunnel of graph.tunnels) {
        for (const end of tunnel.ends) {
            const s = status.get(statusKey(end.site.slice('site:'.length), end.name));
            if (s) out.set(end.id, { adapter: s.provider, state: s.state, at: s.at, status: s.status });
        }
    }
    return out;
}

export interface GraphRequestOptions {
    /** The strongSwan adapter's work folder: its state record gives each tunnel's live state. */
    workdir?: string;
    /** The cloud adapters' state folder: the journal gives each cloud end's status as reported. */
    stateDir?: string;
}

/** The graph of the topology `doc` belongs to (the document must be validated). */
export function graphOfDocument(services: TopoServices, doc: LangiumDocument, options: GraphRequestOptions = {}): TopoGraph {
    const service = services.topo.TopologyService;
    const { topology } = service.resultFor(doc);
    const uris = new Set([doc.uri.toString(), ...topology.uris]);
    const docs = [...services.shared.workspace.LangiumDocuments.all].filter(d => uris.has(d.uri.toString()));
    const graph = buildGraph(topology, diagnosticsOf(docs));
    if (options.workdir) {
        const live = strongswanLiveState(topology, graph, options.workdir);
        for (const tunnel of graph.tunnels) for (const end of tunnel.ends) end.live = live.get(end.id);
    }
    if (options.stateDir) {
        const live = cloudLiveState(topology, graph, options.stateDir);
        for (const tunnel of graph.tunnels) for (const end of tunnel.ends) end.live = live.get(end.id) ?? end.live;
    }
    return graph;
}
