/**
 * Linking within a topology: a reference resolves to the sites and tunnels of the documents
 * that belong to the same topology (see topology-service.ts), not to every file in the
 * workspace, so two independent example topologies may both have a site `pek3`.
 */
import { DefaultScopeProvider, MultiMapScope, WorkspaceCache, AstUtils, type AstNode, type ReferenceInfo, type Scope, type LangiumDocuments } from 'langium';
import { DefaultDocumentBuilder, URI, type LangiumDocument, type LangiumSharedCoreServices } from 'langium';
import { DefaultScopeComputation, interruptAndCheck, MultiMap, type AstNodeDescription, type LocalSymbols } from 'langium';
import { CancellationToken } from 'vscode-languageserver';
import type { Model } from '../generated/ast.js';
import type { TopoServices } from './topo-module.js';
import { topologyKeyOf } from './topology-service.js';

export class TopoScopeProvider extends DefaultScopeProvider {
    private readonly documents: LangiumDocuments;
    private readonly topologyScopes: WorkspaceCache<string, Scope>;
    private readonly rootScopes: WorkspaceCache<string, Scope>;

    constructor(services: TopoServices) {
        super(services);
        this.documents = services.shared.workspace.LangiumDocuments;
        this.topologyScopes = new WorkspaceCache(services.shared);
        this.rootScopes = new WorkspaceCache(services.shared);
    }

    /**
     * As Langium's, but the local symbols of a document's root (every site, host and tunnel of
     * the file) are one hashed scope per document and reference type, built once per workspace
     * state: Langium's default scans them linearly for every reference, which made linking a
     * 10,000-site file quadratic (90 s).
     */
    override getScope(context: ReferenceInfo): Scope {
        const referenceType = this.reflection.getReferenceType(context);
        const doc = AstUtils.getDocument(context.container);
        const localSymbols = doc.localSymbols;
        let result = this.getGlobalScope(referenceType, context);
        if (!localSymbols) return result;
        const chain: AstNode[] = [];
        for (let n: AstNode | undefined = context.container; n; n = n.$container) if (localSymbols.has(n)) chain.push(n);
        const root = doc.parseResult.value;
        for (let i = chain.length - 1; i >= 0; i--) {
            const node = chain[i];
            const outer = result;
            const elements = () => localSymbols.getStream(node).filter(d => this.reflection.isSubtype(d.type, referenceType));
            result = node === root
                ? this.rootScopes.get(`${doc.uri.toString()}\u0000${referenceType}`, () => new MultiMapScope(elements(), outer))
                : this.createScope(elements(), outer);
        }
        return result;
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

/**
 * Only statements have names in Topo (sites, hosts, tunnels), so the local symbols are the named
 * statements of the root: Langium's default walks every node of the AST (every CIDR, proposal
 * and property) to find them, a second on a 10,000-site file.
 */
export class TopoScopeComputation extends DefaultScopeComputation {
    override async collectLocalSymbols(document: LangiumDocument, cancelToken = CancellationToken.None): Promise<LocalSymbols> {
        const root = document.parseResult.value as Model;
        const symbols = new MultiMap<AstNode, AstNodeDescription>();
        if (!Array.isArray(root.statements)) return super.collectLocalSymbols(document, cancelToken);
        await interruptAndCheck(cancelToken);
        for (const node of root.statements) this.addLocalSymbol(node, document, symbols);
        return symbols;
    }
}
