/**
 * The resolve stage: AST -> the topology (model/build.ts: sites, hosts, both ends of every
 * tunnel, selectors), each tunnel end's effective settings with their provenance
 * (./settings.ts) and the AST <-> model index. Everything after it (analyses, editor features,
 * runbooks, adapters) reads this and works nothing out again.
 */
import type * as ast from '../generated/ast.js';
import { buildTopology, type NodeMaps, type SourceDocument } from '../model/build.js';
import type { Finding, Site, Topology, TunnelEnd } from '../model/types.js';

export * from './settings.js';
export * from './connections.js';

/** From statements to the model objects they make (by node identity, not by position). */
export class AstIndex {
    static readonly EMPTY = new AstIndex(undefined, { siteOfNode: new Map(), endOfNode: new Map() });

    constructor(private readonly topology: Topology | undefined, private readonly nodes: NodeMaps) { }

    /** The site of a `site` statement (undefined for a duplicate declaration). */
    site(node: ast.Site): Site | undefined {
        const s = this.nodes.siteOfNode.get(node);
        return s && this.topology?.siteByName.get(s.name) === s ? s : undefined;
    }

    /** The tunnel end a `tunnel` statement configures (its first site's end). */
    end(node: ast.Tunnel): TunnelEnd | undefined {
        return this.nodes.endOfNode.get(node);
    }
}

export interface Resolved {
    topology: Topology;
    /** Findings of building the model (invalid CIDRs, duplicate names, ...). */
    findings: Finding[];
    index: AstIndex;
}

export function resolveTopology(docs: SourceDocument[]): Resolved {
    const built = buildTopology(docs);
    return { topology: built.topology, findings: built.findings, index: new AstIndex(built.topology, built.nodes) };
}
