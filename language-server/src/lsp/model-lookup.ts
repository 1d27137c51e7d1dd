/**
 * From AST nodes to the resolved model (for hovers, lenses and hints), and small views of the
 * model that several editor features share.
 */
import { DocumentState, type LangiumDocument, type URI } from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import type * as ast from '../generated/ast.js';
import type { Site, Topology, TunnelEnd } from '../model/types.js';
import type { TopologyService } from '../services/topology-service.js';
import type { TopoServices } from '../services/topo-module.js';

export function topologyOf(service: TopologyService, document: LangiumDocument): Topology {
    return service.resultFor(document).topology;
}

/** The model site of a `site` statement (undefined for a duplicate declaration). */
export function siteOf(t: Topology, node: ast.Site, uri: string): Site | undefined {
    const s = t.siteByName.get(node.name);
    const start = node.$cstNode?.range.start;
    return s && s.src.uri === uri && start && s.src.range.start.line === start.line && s.src.range.start.character === start.character ? s : undefined;
}

/** The tunnel end a `tunnel` statement configures (its first site's end). */
export function endOf(t: Topology, node: ast.Tunnel, uri: string): TunnelEnd | undefined {
    const start = node.$cstNode?.range.start;
    if (!start) return undefined;
    for (const tunnel of t.tunnels) {
        for (const e of [tunnel.a, tunnel.b]) {
            const s = e.source?.statement;
            if (e.declared && !(e.source?.mirrored && e === tunnel.b) && s && s.uri === uri
                && s.range.start.line === start.line && s.range.start.character === start.character) return e;
        }
    }
    return undefined;
}

/**
 * How many sites this site must reach (the contract's intended reachability: its star and its
 * tunnel peers), counted without listing them: O(tunnels of the site), also for a large hub.
 */
export function intendedPeerCount(site: Site, t: Topology): number {
    const star = site.hub ? t.stars.find(s => s.hub === site.hub) : undefined;
    const inStar = star ? star.spokes.length : 0; // star members other than this site: spokes + hub - 1
    const outside = new Set(site.ends.map(e => e.peer).filter(p => !star || (p.hub !== star.hub)));
    return inStar + outside.size;
}

export const nets = (list: { prefix: { text: string } }[]): string => list.map(n => n.prefix.text).join(', ') || '(none)';

/**
 * The document at `uri`, validated (for requests that read the resolved model and diagnostics):
 * in a language server, after the workspace is loaded and the latest edit is validated; a file
 * that is neither open nor in the workspace is read from disk.
 */
export async function validatedDocument(services: TopoServices, uri: URI, token?: CancellationToken): Promise<LangiumDocument> {
    const documents = services.shared.workspace.LangiumDocuments;
    const builder = services.shared.workspace.DocumentBuilder;
    // in a language server, wait for the workspace to be loaded (no connection: nothing to wait for)
    if (services.shared.lsp.Connection) await services.shared.workspace.WorkspaceManager.ready;
    let doc: LangiumDocument | undefined = documents.getDocument(uri);
    if (!doc) {
        // not open and not in the workspace folders: read it from disk
        doc = await documents.getOrCreateDocument(uri);
        if (doc.state < DocumentState.Validated) await builder.build([doc], { validation: true }, token);
    } else if (doc.state < DocumentState.Validated) {
        await builder.waitUntil(DocumentState.Validated, uri, token);
        doc = documents.getDocument(uri) ?? doc;
    }
    return doc;
}
