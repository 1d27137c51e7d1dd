/**
 * Outline and breadcrumbs: the topology, then its sites (with provider and networks), hosts
 * (with address) and tunnels (with their ends), in file order.
 */
import type { LangiumDocument, MaybePromise } from 'langium';
import type { DocumentSymbolProvider } from 'langium/lsp';
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';
import { insideUnclosedPsk } from '../services/parser/messages.js';
import { firstNodeForProperty } from './cst.js';

function nameRange(node: ast.Statement | ast.Model): Range | undefined {
    return firstNodeForProperty(node.$cstNode, 'name')?.range;
}

function statementSymbol(s: ast.Statement): DocumentSymbol | undefined {
    if (!s.name) return undefined;
    const nameNode = firstNodeForProperty(s.$cstNode, 'name');
    // a key being typed (psk "... unclosed) that error recovery took for a name is not listed
    if (!nameNode || insideUnclosedPsk(nameNode)) return undefined;
    const range = s.$cstNode?.range;
    const selectionRange = nameNode.range;
    if (!range) return undefined;
    if (ast.isSite(s)) {
        const provider = s.properties.find(ast.isProviderProperty)?.provider;
        const cidrs = s.properties.filter(ast.isCidrProperty).flatMap(p => p.cidrs.map(c => c.value));
        const hub = s.hub?.$refText;
        const detail = [provider, cidrs.join(', '), hub && hub !== s.name ? `spoke of ${hub}` : hub ? 'hub' : undefined].filter(Boolean).join(' · ');
        return { name: s.name, kind: SymbolKind.Namespace, range, selectionRange, detail };
    }
    if (ast.isHost(s)) {
        return { name: s.name, kind: SymbolKind.Variable, range, selectionRange, detail: `${s.address?.value ?? ''} in ${s.site?.$refText ?? ''}` };
    }
    return {
        name: s.name, kind: SymbolKind.Interface, range, selectionRange,
        detail: `${s.from?.$refText ?? '?'} ${s.mirrored ? '<->' : '->'} ${s.to?.$refText ?? '?'}`,
    };
}

export class TopoDocumentSymbolProvider implements DocumentSymbolProvider {
    getSymbols(document: LangiumDocument): MaybePromise<DocumentSymbol[]> {
        const model = document.parseResult.value as ast.Model;
        const children = model.statements.map(statementSymbol).filter((s): s is DocumentSymbol => s !== undefined);
        const range = model.$cstNode?.range;
        const selectionRange = nameRange(model);
        if (model.name && range && selectionRange) {
            return [{ name: model.name, kind: SymbolKind.Module, detail: 'topology', range, selectionRange, children }];
        }
        return children;
    }
}
