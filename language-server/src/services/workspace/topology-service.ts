/**
 * Groups documents into topologies, builds the resolved model of each and runs the analyses,
 * once per workspace state (cached until the next document change).
 *
 * A document belongs to the topology named by its `topology NAME` line; documents in the same
 * folder that name the same topology form one (a topology split over files). A document
 * without that line is a topology of its own.
 */
import { DocumentState, UriUtils, WorkspaceCache, type LangiumDocument, type LangiumDocuments } from 'langium';
import type { Model } from '../../generated/ast.js';
import { AstIndex, resolveTopology, type Resolved } from '../../resolve/index.js';
import type { Finding, Topology } from '../../model/types.js';
import { describeError, runAnalyses } from '../../analyses/index.js';
import type { TopoServices } from '../types.js';
import { caches } from '../../util/cache-store.js';

export interface TopologyResult {
    topology: Topology;
    /** AST <-> model: the site of a `site` statement, the end of a `tunnel` statement. */
    index: AstIndex;
    /** Build and analysis findings, grouped by document URI. */
    findingsByUri: Map<string, Finding[]>;
}

const folderOf = caches.weak<LangiumDocument, string>('topology.folderOf');

const isTopoDocument = (doc: LangiumDocument) => doc.textDocument.languageId === 'topo' || doc.uri.path.endsWith('.topo');

export function topologyKeyOf(doc: LangiumDocument): string {
    const root = doc.parseResult?.value as Model | undefined;
    const name = root?.$type === 'Model' ? root.name : undefined;
    if (!name) return `file:${doc.uri.toString()}`;
    // asked for every reference while linking: the folder is computed once per document
    let folder = folderOf.get(doc);
    if (folder === undefined) folderOf.set(doc, folder = UriUtils.dirname(doc.uri).toString());
    return `topology:${folder}\u0000${name}`;
}

export class TopologyService {
    private readonly documents: LangiumDocuments;
    private readonly cache: WorkspaceCache<string, TopologyResult>;
    private readonly keyCache: WorkspaceCache<string, Map<string, LangiumDocument[]>>;
    log: (message: string) => void = m => console.error(m);
    /**
     * The language's caches (util/cache-store.ts): results kept across edits per statement with
     * their inputs, and bounded caches keyed by text. Entries keyed by a statement go with its AST
     * node (a closed or edited document's); everything is dropped when the last Topo document is.
     */
    readonly caches = caches;

    constructor(services: TopoServices) {
        this.documents = services.shared.workspace.LangiumDocuments;
        this.cache = new WorkspaceCache(services.shared);
        this.keyCache = new WorkspaceCache(services.shared);
        // Langium removes deleted documents before it notifies
        services.shared.workspace.DocumentBuilder.onUpdate((_changed, deleted) => {
            if (deleted.length > 0 && !this.documents.all.some(isTopoDocument)) caches.clear();
        });
    }

    /** All documents of each topology key. */
    groups(): Map<string, LangiumDocument[]> {
        return this.keyCache.get('groups', () => {
            const groups = new Map<string, LangiumDocument[]>();
            for (const doc of this.documents.all) {
                if (!isTopoDocument(doc)) continue;
                const key = topologyKeyOf(doc);
                const list = groups.get(key);
                if (list) list.push(doc); else groups.set(key, [doc]);
            }
            return groups;
        });
    }

    documentsOf(key: string): LangiumDocument[] {
        return this.groups().get(key) ?? [];
    }

    /** The resolved topology that `doc` belongs to, with every finding of it. */
    resultFor(doc: LangiumDocument): TopologyResult {
        const key = topologyKeyOf(doc);
        return this.cache.get(key, () => this.compute(key, doc));
    }

    findingsFor(doc: LangiumDocument): Finding[] {
        return this.resultFor(doc).findingsByUri.get(doc.uri.toString()) ?? [];
    }

    private compute(key: string, doc: LangiumDocument): TopologyResult {
        const docs = this.documentsOf(key);
        const members = (docs.length > 0 ? docs : [doc])
            .filter(d => d.state >= DocumentState.Linked || d === doc)
            .map(d => ({ uri: d.uri.toString(), root: d.parseResult.value as Model }))
            // in the order of their names, whichever file was opened or named first: the first written
            // end of a tunnel, and so its name, is the same in the editor and every command
            .sort((x, y) => (x.uri < y.uri ? -1 : x.uri > y.uri ? 1 : 0));
        let built: Resolved;
        try {
            built = resolveTopology(members);
        } catch (error) {
            // Never lose the other diagnostics (syntax, linking) to a bug in the model builder.
            this.log(`Topo: building the topology model failed: ${describeError(error)}`);
            const at = { uri: doc.uri.toString(), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
            const topology: Topology = { uris: members.map(m => m.uri), sites: [], siteByName: new Map(), hosts: [], tunnels: [], stars: [] };
            const finding: Finding = { code: 'internal-error', severity: 'warning', at, message: "Topo could not build this topology's model, so its network and crypto checks are missing here. Please report this with the file." };
            return { topology, index: AstIndex.EMPTY, findingsByUri: new Map([[at.uri, [finding]]]) };
        }
        const analysed = runAnalyses(built.topology, undefined, this.log);
        const findingsByUri = new Map<string, Finding[]>();
        for (const f of [...built.findings, ...analysed.findings]) {
            const list = findingsByUri.get(f.at.uri);
            if (list) list.push(f); else findingsByUri.set(f.at.uri, [f]);
        }
        return { topology: built.topology, index: built.index, findingsByUri };
    }
}
