/**
 * Linking within a topology: a reference resolves to the sites and tunnels of the documents
 * that belong to the same topology (see topology-service.ts), not to every file in the
 * workspace, so two independent example topologies may both have a site `pek3`.
 */
import { DefaultScopeProvider, MultiMapScope, WorkspaceCache, AstUtils, type AstNode, type ReferenceInfo, type Scope, type LangiumDocuments } from 'langium';
import { DefaultDocumentBuilder, URI, type LangiumDocument, type LangiumSharedCoreServices } from 'langium';
import { DefaultScopeComputation, interruptAndCheck, MultiMap, type AstNodeDescription, type LocalSymbols } from 'langium';
import { DefaultIndexManager, DocumentState, type DefaultReferenceDescriptionProvider, type ReferenceDescription , type Stream } from 'langium';
import { CstUtils, UriUtils, type CstNode } from 'langium';
import { CancellationToken } from 'vscode-languageserver';
import type { Model } from '../../generated/ast.js';
import type { TopoServices } from '../types.js';
import { topologyKeyOf } from '../workspace/topology-service.js';
import { forEachReference } from './linker.js';

export class TopoScopeProvider extends DefaultScopeProvider {
    private readonly documents: LangiumDocuments;
    private readonly topologyScopes: WorkspaceCache<string, Scope>;
    private readonly rootScopes: WorkspaceCache<LangiumDocument, Map<string, Scope>>;

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
        if (!localSymbols) return this.getGlobalScope(referenceType, context);
        const root = doc.parseResult.value;
        const chain: AstNode[] = [];
        for (let n: AstNode | undefined = context.container; n && n !== root; n = n.$container) if (localSymbols.has(n)) chain.push(n);
        // the scope of the root alone: one per document and reference type (asked for by every reference)
        const byType = this.rootScopes.get(doc, () => new Map<string, Scope>());
        let result = byType.get(referenceType);
        if (!result) {
            const outer = this.getGlobalScope(referenceType, context);
            result = localSymbols.has(root)
                ? new MultiMapScope(localSymbols.getStream(root).filter(d => this.reflection.isSubtype(d.type, referenceType)), outer)
                : outer;
            byType.set(referenceType, result);
        }
        for (let i = chain.length - 1; i >= 0; i--) {
            const node = chain[i];
            result = this.createScope(localSymbols.getStream(node).filter(d => this.reflection.isSubtype(d.type, referenceType)), result);
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
    /** During one update: the topologies of the deleted documents, and the folders that got new files (not parsed yet, so their topology is unknown). */
    private readonly deletedKeys = new Set<string>();
    private readonly foldersWithNewFiles = new Set<string>();

    constructor(services: LangiumSharedCoreServices) {
        super(services);
        this.docs = services.workspace.LangiumDocuments;
    }

    override async update(changed: URI[], deleted: URI[], cancelToken?: CancellationToken): Promise<void> {
        for (const uri of changed) {
            if (this.docs.hasDocument(uri)) continue;
            this.foldersWithNewFiles.add(uri.toString()); // a created folder: its files' folder
            this.foldersWithNewFiles.add(UriUtils.dirname(uri).toString());
        }
        try {
            await super.update(changed, deleted, cancelToken);
        } finally {
            this.deletedKeys.clear();
            this.foldersWithNewFiles.clear();
        }
    }

    protected override cleanUpDeleted(document: LangiumDocument): void {
        this.deletedKeys.add(topologyKeyOf(document));
        super.cleanUpDeleted(document);
    }

    /**
     * Besides Langium's reasons: a document of a multi-file topology is linked and checked again
     * when another document of that topology changed or was deleted (a site that overlaps, a name
     * declared twice), or when a file appeared in its folder (it may join the topology).
     */
    protected override shouldRelink(document: LangiumDocument, changedUris: Set<string>): boolean {
        if (super.shouldRelink(document, changedUris)) return true;
        const key = topologyKeyOf(document);
        if (key.startsWith('file:')) return false;
        if (this.deletedKeys.has(key)) return true;
        if (this.foldersWithNewFiles.size > 0 && this.foldersWithNewFiles.has(UriUtils.dirname(document.uri).toString())) return true;
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
 *
 * The description of a statement is made once and kept while the statement keeps its AST node,
 * name and index (incremental parsing keeps the nodes of unchanged statements): an edit then
 * costs a lookup per statement, not a description. Its text segments are computed when asked,
 * from the current positions, so they stay right when text before the statement changes.
 */
export class TopoScopeComputation extends DefaultScopeComputation {
    private readonly described = new WeakMap<AstNode, AstNodeDescription>();

    override async collectExportedSymbols(document: LangiumDocument, cancelToken = CancellationToken.None): Promise<AstNodeDescription[]> {
        const root = document.parseResult.value as Model;
        if (!Array.isArray(root.statements)) return super.collectExportedSymbols(document, cancelToken);
        await interruptAndCheck(cancelToken);
        const exports: AstNodeDescription[] = [];
        this.addExportedSymbol(root, exports, document);
        for (const node of root.statements) {
            const d = this.describe(node, document);
            if (d) exports.push(d);
        }
        return exports;
    }

    override async collectLocalSymbols(document: LangiumDocument, cancelToken = CancellationToken.None): Promise<LocalSymbols> {
        const root = document.parseResult.value as Model;
        const symbols = new MultiMap<AstNode, AstNodeDescription>();
        if (!Array.isArray(root.statements)) return super.collectLocalSymbols(document, cancelToken);
        await interruptAndCheck(cancelToken);
        for (const node of root.statements) {
            const d = this.describe(node, document);
            if (d) symbols.add(root, d);
        }
        return symbols;
    }

    private describe(node: AstNode, document: LangiumDocument): AstNodeDescription | undefined {
        const name = this.nameProvider.getName(node);
        if (!name) return undefined;
        const known = this.described.get(node) as (AstNodeDescription & { index?: number }) | undefined;
        if (known && known.name === name && known.index === node.$containerIndex && known.documentUri === document.uri) return known;
        const d = new StatementDescription(node, name, document.uri, this.nameProvider);
        this.described.set(node, d);
        return d;
    }
}

/**
 * A statement's description. A class, so that its segment getters live on the prototype: an
 * object literal with getters is kept by V8 as a dictionary (about 400 bytes, against 80), and
 * there is one per site, host and tunnel (10,000-site star: 23,000).
 */
class StatementDescription implements AstNodeDescription {
    readonly type: string;
    readonly path: string;
    readonly index: number | undefined;
    constructor(readonly node: AstNode, readonly name: string, readonly documentUri: URI,
        private readonly nameProvider: { getNameNode(node: AstNode): CstNode | undefined }) {
        this.type = node.$type;
        this.index = node.$containerIndex;
        this.path = `/statements@${node.$containerIndex}`;
    }
    get nameSegment() { return CstUtils.toDocumentSegment(this.nameProvider.getNameNode(this.node) ?? this.node.$cstNode); }
    get selectionSegment() { return CstUtils.toDocumentSegment(this.node.$cstNode); }
}

/**
 * Langium's index manager, with the reference index made when asked (find references, rename)
 * instead of after every link: describing every reference of a 10,000-site file took 0.25 s per
 * keystroke. Whether a document is affected by a change is read from its resolved references.
 */
export class TopoIndexManager extends DefaultIndexManager {
    private readonly pending = new Map<string, LangiumDocument>();

    override async updateReferences(document: LangiumDocument, cancelToken = CancellationToken.None): Promise<void> {
        await interruptAndCheck(cancelToken);
        const uri = document.uri.toString();
        this.referenceIndex.delete(uri);
        this.pending.set(uri, document);
    }

    override removeReferences(uri: URI): void {
        this.pending.delete(uri.toString());
        super.removeReferences(uri);
    }

    override findAllReferences(targetNode: AstNode, astNodePath: string): Stream<ReferenceDescription> {
        this.describePending();
        return super.findAllReferences(targetNode, astNodePath);
    }

    override isAffected(document: LangiumDocument, changedUris: Set<string>): boolean {
        const uri = document.uri.toString();
        for (const ref of document.references) {
            const target = (ref as { $nodeDescription?: AstNodeDescription }).$nodeDescription?.documentUri?.toString();
            if (target !== undefined && target !== uri && changedUris.has(target)) return true;
        }
        return false;
    }

    private describePending(): void {
        for (const [uri, document] of this.pending) {
            const descriptions: ReferenceDescription[] = [];
            if (document.state >= DocumentState.Linked) {
                const provider = this.serviceRegistry.getServices(document.uri).workspace.ReferenceDescriptionProvider as DefaultReferenceDescriptionProvider;
                const describe = (provider as unknown as { createInfoDescriptions(r: ReferenceInfo): ReferenceDescription[] }).createInfoDescriptions.bind(provider);
                forEachReference(document.parseResult.value, refInfo => {
                    if (!refInfo.reference.error) descriptions.push(...describe(refInfo));
                }, true);
            }
            this.referenceIndex.set(uri, descriptions);
        }
        this.pending.clear();
    }
}
