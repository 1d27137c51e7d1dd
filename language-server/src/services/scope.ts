/**
 * Linking within a topology: a reference resolves to the sites and tunnels of the documents
 * that belong to the same topology (see topology-service.ts), not to every file in the
 * workspace, so two independent example topologies may both have a site `pek3`.
 */
import { DefaultScopeProvider, MultiMapScope, WorkspaceCache, AstUtils, type ReferenceInfo, type Scope, type LangiumDocuments } from 'langium';
import { DefaultDocumentBuilder, URI, type LangiumDocument, type LangiumSharedCoreServices } from 'langium';
import type { TopoServices } from './topo-module.js';
import { topologyKeyOf } from './topology-service.js';

export class TopoScopeProvider extends DefaultScopeProvider {
    private readonly documents: LangiumDocuments;
    private readonly topologyScopes: WorkspaceCache<string, Scope>;

    constructor(services: TopoServices) {
        super(services);
        this.documents = services.shared.workspace.LangiumDocuments;
        this.topologyScopes = new WorkspaceCache(services.shared);
    }

    protected override getGlobalScope(referenceType: string, context: ReferenceInfo): Scope {
        const doc = AstUtils.getDocument(context.container);
        const key = topologyKeyOf(doc);
        return this.topologyScopes.get(`${referenceType}\u0000${key}`, () => {
            const keyOfUri = new Map<string, string>();
            const elements = this.indexManager.allElements(referenceType).filter(d => {
                const uri = d.documentUri.toString();
                let k = keyOfUri.get(uri);
                if (k === undefined) {
                    const other = this.documents.getDocument(d.documentUri);
                    k = other ? topologyKeyOf(other) : '';
                    keyOfUri.set(uri, k);
                }
                return k === key;
            });
            return new MultiMapScope(elements);
        });
    }
}

/**
 * Findings of one file can depend on the other files of its topology (an overlap with a site
 * declared elsewhere), so a change re-validates every document of the same topology.
 */
export class TopoDocumentBuilder extends DefaultDocumentBuilder {
    private readonly docs: LangiumDocuments;

    constructor(services: LangiumSharedCoreServices) {
        super(services);
        this.docs = services.workspace.LangiumDocuments;
    }

    protected override shouldRelink(document: LangiumDocument, changedUris: Set<string>): boolean {
        if (super.shouldRelink(document, changedUris)) return true;
        const key = topologyKeyOf(document);
        if (key.startsWith('file:')) return false;
        for (const uri of changedUris) {
            const changed = this.docs.getDocument(URI.parse(uri));
            if (changed && topologyKeyOf(changed) === key) return true;
        }
        return false;
    }
}
