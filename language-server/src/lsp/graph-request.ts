/**
 * The `topo/graph` request: the topology a document belongs to as a graph (graph/build.ts), and
 * on request its picture as SVG (what the diagram webview shows).
 *
 * Params `{ uri, svg?, expanded?, workdir? }`: `svg: true` adds the laid-out SVG (without
 * styles: the client brings them), `expanded` lists the group nodes the user opened in a large
 * topology, `workdir` is the strongSwan adapter's work folder (live state of its tunnels),
 * `stateDir` the cloud adapters' state folder (each cloud end's status as its provider reported it).
 * Waits until the latest edit of the document is validated, so the answer follows the text.
 */
import { URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { ResponseError, ErrorCodes, type CancellationToken, type Connection } from 'vscode-languageserver';
import { graphOfDocument, layoutGraph, renderSvg, type TopoGraph } from '../graph/index.js';
import type { TopoServices } from '../services/types.js';
import { validatedDocument } from './model-views.js';

export const GRAPH_REQUEST = 'topo/graph';

export interface GraphParams { uri: string; svg?: boolean; expanded?: string[]; workdir?: string; stateDir?: string }
export interface GraphResult {
    graph: TopoGraph;
    svg?: string;
    /** How it was laid out, and which group nodes are drawn collapsed. */
    layout?: { kind: string; collapsed: string[] };
}

export function parseGraphParams(params: unknown): GraphParams {
    const p = (params ?? {}) as Record<string, unknown>;
    if (typeof p.uri !== 'string' || p.uri === '') throw new ResponseError(ErrorCodes.InvalidParams, `${GRAPH_REQUEST}: 'uri' must be the document URI`);
    if (p.expanded !== undefined && !(Array.isArray(p.expanded) && p.expanded.every(x => typeof x === 'string'))) {
        throw new ResponseError(ErrorCodes.InvalidParams, `${GRAPH_REQUEST}: 'expanded' must be a list of group ids`);
    }
    if (p.workdir !== undefined && typeof p.workdir !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, `${GRAPH_REQUEST}: 'workdir' must be a folder`);
    if (p.stateDir !== undefined && typeof p.stateDir !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, `${GRAPH_REQUEST}: 'stateDir' must be a folder`);
    return { uri: p.uri, svg: p.svg === true, expanded: p.expanded as string[] | undefined, workdir: p.workdir as string | undefined || undefined, stateDir: p.stateDir as string | undefined || undefined };
}

export async function graphFor(shared: LangiumSharedServices, params: GraphParams, token?: CancellationToken): Promise<GraphResult> {
    const uri = URI.parse(params.uri);
    const services = shared.ServiceRegistry.getServices(uri) as TopoServices;
    const doc = await validatedDocument(services, uri, token);
    const graph = graphOfDocument(services, doc, { workdir: params.workdir, stateDir: params.stateDir });
    if (!params.svg) return { graph };
    const layout = await layoutGraph(graph, { expanded: params.expanded });
    return { graph, svg: renderSvg(layout, { standalone: false }), layout: { kind: layout.kind, collapsed: layout.collapsed } };
}

export function registerGraphRequest(connection: Connection, shared: LangiumSharedServices): void {
    connection.onRequest(GRAPH_REQUEST, (params: unknown, token: CancellationToken) => graphFor(shared, parseGraphParams(params), token));
}
