/**
 * Semantic highlighting: sites, tunnels and hosts as declarations and references, networks as
 * numbers, proposals as enum members, providers as types.
 *
 * One pass over the syntax tree in text order: each node's token type comes from the assignment
 * its text is parsed for and the type of the element it belongs to (`Site.name`, `Cidr.value`,
 * ...), looked up in TOKENS (by grammar element, once). Langium's per-property look-ups (`{ node, property }`) walk a
 * statement's nodes once per property, which cost seconds on a file of 10,000 sites; a range
 * request visits only the statements in its range.
 */
import { isCompositeCstNode, type CstNode, type GrammarAST, type LangiumDocument } from 'langium';
import { AbstractSemanticTokenProvider, SemanticTokensBuilder, type SemanticTokenAcceptor } from 'langium/lsp';
import { interruptAndCheck, type AstNode } from 'langium';
import { SemanticTokenModifiers, SemanticTokenTypes, SemanticTokensBuilder as EncodingBuilder, type CancellationToken } from 'vscode-languageserver';
import type * as ast from '../generated/ast.js';
import { assignmentOf } from './cst.js';

interface TokenKind { type: string; modifier?: string[] }

const declaration = [SemanticTokenModifiers.declaration];

/** `ElementType.property` -> how the text assigned to that property is highlighted. */
const TOKENS: Record<string, TokenKind> = {
    'Model.name': { type: SemanticTokenTypes.namespace, modifier: declaration },
    'Site.name': { type: SemanticTokenTypes.class, modifier: declaration },
    'Site.hub': { type: SemanticTokenTypes.class },
    'Host.name': { type: SemanticTokenTypes.variable, modifier: declaration },
    'Host.site': { type: SemanticTokenTypes.class },
    'Tunnel.name': { type: SemanticTokenTypes.function, modifier: declaration },
    'Tunnel.from': { type: SemanticTokenTypes.class },
    'Tunnel.to': { type: SemanticTokenTypes.class },
    'RouteProperty.tunnel': { type: SemanticTokenTypes.function },
    'Cidr.value': { type: SemanticTokenTypes.number },
    'Proposal.value': { type: SemanticTokenTypes.enumMember },
    'ProviderProperty.provider': { type: SemanticTokenTypes.type },
    'RegionProperty.region': { type: SemanticTokenTypes.string },
    'PskProperty.env': { type: SemanticTokenTypes.variable, modifier: [SemanticTokenModifiers.readonly] },
} satisfies Partial<Record<`${ast.Model['$type'] | ast.Statement['$type'] | 'RouteProperty' | 'Cidr' | 'Proposal' | 'ProviderProperty' | 'RegionProperty' | 'PskProperty'}.${string}`, TokenKind>>;

/**
 * Langium's builder keeps every token as an object and sorts them when done; the tokens come in
 * text order here, so each goes straight to the encoder of vscode-languageserver (which still
 * sorts the rare token that comes out of order).
 */
class InOrderTokensBuilder extends SemanticTokensBuilder {
    override push(line: number, char: number, length: number, tokenType: number, tokenModifiers: number): void {
        EncodingBuilder.prototype.push.call(this, line, char, length, tokenType, tokenModifiers);
    }
}

/** TOKENS by property, then by element type: looked up without building a key per node. */
const BY_FEATURE = new Map<string, Map<string, TokenKind>>();
for (const [key, kind] of Object.entries(TOKENS)) {
    const [type, feature] = key.split('.');
    if (!BY_FEATURE.has(feature)) BY_FEATURE.set(feature, new Map());
    BY_FEATURE.get(feature)!.set(type, kind);
}

export class TopoSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected override getDocumentTokensBuilder(document: LangiumDocument): SemanticTokensBuilder {
        const uri = document.uri.toString();
        let builder = this.tokensBuilders.get(uri);
        if (!builder) this.tokensBuilders.set(uri, builder = new InOrderTokensBuilder());
        return builder;
    }

    /** For each grammar element met (a grammar has a few hundred): the kinds of its assignment's property. */
    private readonly kinds = new Map<GrammarAST.AbstractElement, Map<string, TokenKind> | null>();

    protected override async computeHighlighting(document: LangiumDocument, acceptor: SemanticTokenAcceptor, cancelToken: CancellationToken): Promise<void> {
        const root = document.parseResult.value.$cstNode;
        if (!root || !isCompositeCstNode(root)) return;
        // a range request: only the top-level nodes that reach into it (by offset)
        const range = this.currentRange;
        const from = range ? document.textDocument.offsetAt(range.start) : 0;
        const to = range ? document.textDocument.offsetAt(range.end) : Infinity;
        for (const top of root.content) {
            if (top.end < from || top.offset > to) continue;
            await interruptAndCheck(cancelToken);
            this.highlightCst(top, acceptor);
        }
    }

    private highlightCst(node: CstNode, acceptor: SemanticTokenAcceptor): void {
        const byType = this.tokensOf(node);
        if (byType) {
            const kind = byType.get(node.astNode.$type);
            if (kind) {
                acceptor({ cst: node, type: kind.type, modifier: kind.modifier });
                return;
            }
        }
        if (isCompositeCstNode(node)) for (const child of node.content) this.highlightCst(child, acceptor);
    }

    /** The token kinds by element type of the property `node` is parsed for, if any property of TOKENS. */
    private tokensOf(node: CstNode): Map<string, TokenKind> | undefined {
        if (node.hidden) return undefined;
        const source = node.grammarSource;
        if (!source) return undefined;
        let kinds = this.kinds.get(source);
        if (kinds === undefined) {
            const feature = assignmentOf(node)?.feature;
            this.kinds.set(source, kinds = (feature && BY_FEATURE.get(feature)) || null);
        }
        return kinds ?? undefined;
    }

    /** Not used: computeHighlighting above visits the syntax tree itself. */
    protected highlightElement(_node: AstNode, _acceptor: SemanticTokenAcceptor): void { /* see computeHighlighting */ }
}
