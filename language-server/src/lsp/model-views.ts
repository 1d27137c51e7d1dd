/**
 * Small views of the model that several editor features share. (From AST nodes to the model:
 * the topology service's `index`, resolve/index.ts.)
 */
import { DocumentState, type LangiumDocument, type URI } from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import type { Site, Topology } from '../model/types.js';
import type { TopoServices } from '../services/types.js';

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
