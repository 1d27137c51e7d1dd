/**
 * Semantic highlighting: sites, tunnels and hosts as declarations and references, networks as
 * numbers, proposals as enum members, providers as types.
 */
import type { AstNode } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';

export class TopoSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        const decl = [SemanticTokenModifiers.declaration];
        if (ast.isModel(node) && node.name) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.namespace, modifier: decl });
        } else if (ast.isSite(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.class, modifier: decl });
            if (node.hub) acceptor({ node, property: 'hub', type: SemanticTokenTypes.class });
        } else if (ast.isHost(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.variable, modifier: decl });
            if (node.site) acceptor({ node, property: 'site', type: SemanticTokenTypes.class });
        } else if (ast.isTunnel(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.function, modifier: decl });
            if (node.from) acceptor({ node, property: 'from', type: SemanticTokenTypes.class });
            if (node.to) acceptor({ node, property: 'to', type: SemanticTokenTypes.class });
        } else if (ast.isRouteProperty(node) && node.tunnel) {
            acceptor({ node, property: 'tunnel', type: SemanticTokenTypes.function });
        } else if (ast.isCidr(node)) {
            acceptor({ node, property: 'value', type: SemanticTokenTypes.number });
        } else if (ast.isProposal(node)) {
            acceptor({ node, property: 'value', type: SemanticTokenTypes.enumMember });
        } else if (ast.isProviderProperty(node) && node.provider) {
            acceptor({ node, property: 'provider', type: SemanticTokenTypes.type });
        } else if (ast.isRegionProperty(node) && node.region) {
            acceptor({ node, property: 'region', type: SemanticTokenTypes.string });
        } else if (ast.isPskProperty(node) && node.env) {
            acceptor({ node, property: 'env', type: SemanticTokenTypes.variable, modifier: [SemanticTokenModifiers.readonly] });
        }
    }
}
