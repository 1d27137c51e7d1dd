/**
 * The canonical layout (format on save is safe: whitespace only, idempotent):
 * one statement per line, one space between tokens, `a, b` lists; a property list that
 * spans lines keeps one property per line, indented, with `>` on its own line.
 */
import { CstUtils, GrammarUtils, type AstNode } from 'langium';
import { AbstractFormatter, Formatting } from 'langium/lsp';
import * as ast from '../generated/ast.js';

const PROPERTY_KEYWORDS = [
    'provider', 'region', 'cidr', 'gateway', 'route', 'local', 'remote', 'ike', 'ike-proposal', 'esp-proposal', 'psk', 'routing',
    'local-gateway', 'remote-gateway', 'asn', 'local-inside', 'remote-inside', 'ike-lifetime', 'esp-lifetime', 'dpd', 'local-id', 'remote-id',
];

export class TopoFormatter extends AbstractFormatter {
    protected format(node: AstNode): void {
        if (ast.isModel(node)) {
            const f = this.getNodeFormatter(node);
            f.keyword('topology').append(Formatting.oneSpace());
            const first = node.statements[0];
            // statements start on their own line; a blank line the user left between two is kept (one at most)
            let previousEnd = GrammarUtils.findNodeForProperty(node.$cstNode, 'name')?.range.end.line;
            node.statements.forEach(s => {
                const start = s.$cstNode?.range.start.line ?? 0;
                if (s === first && !node.name) f.node(s).prepend(Formatting.noSpace());
                else f.node(s).prepend(previousEnd !== undefined && start - previousEnd >= 2 ? Formatting.newLines(2) : Formatting.newLine());
                previousEnd = s.$cstNode?.range.end.line;
            });
        } else if (ast.isSite(node) || ast.isTunnel(node)) {
            const f = this.getNodeFormatter(node);
            const open = f.keyword('<');
            const close = f.keyword('>');
            const multiline = this.spansLines(node);
            f.keywords('->', '<->', 'hub').surround(Formatting.oneSpace());
            f.property('name').prepend(Formatting.oneSpace());
            open.prepend(Formatting.oneSpace());
            const props = (node.properties as AstNode[]).map(p => f.node(p));
            if (multiline) {
                props.forEach(p => p.prepend(Formatting.indent()));
                close.prepend(Formatting.newLine());
            } else {
                props.forEach(p => p.prepend(Formatting.oneSpace()));
                close.prepend(Formatting.oneSpace());
            }
            if (node.properties.length === 0) close.prepend(Formatting.oneSpace());
        } else if (ast.isHost(node)) {
            const f = this.getNodeFormatter(node);
            f.property('name').prepend(Formatting.oneSpace());
            f.property('address').prepend(Formatting.oneSpace());
            f.keyword('in').surround(Formatting.oneSpace());
        } else if (node.$type.endsWith('Property')) {
            const f = this.getNodeFormatter(node);
            f.keywords(',').prepend(Formatting.noSpace()).append(Formatting.oneSpace());
            f.keywords('via', 'env').surround(Formatting.oneSpace());
            // one space after the property keyword (`cidr 10.0.0.0/8`, `ike v2`)
            f.keywords(...PROPERTY_KEYWORDS).append(Formatting.oneSpace());
        }
    }

    /** A property list is laid out on several lines when the user wrote it so. */
    private spansLines(node: ast.Site | ast.Tunnel): boolean {
        const leaves = node.$cstNode ? CstUtils.flattenCst(node.$cstNode).toArray() : [];
        const open = leaves.find(c => c.text === '<');
        const close = [...leaves].reverse().find(c => c.text === '>');
        return !!open && !!close && close.range.start.line > open.range.end.line;
    }
}
