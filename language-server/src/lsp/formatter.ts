/**
 * The canonical layout (format on save is safe: whitespace only, idempotent):
 * one statement per line, one space between tokens, `a, b` lists; a property list that
 * spans lines keeps one property per line, indented, with `>` on its own line.
 */
import { CstUtils, GrammarUtils, type AstNode, type CompositeCstNode, type CstNode } from 'langium';
import { AbstractFormatter, Formatting, type FormattingAction, type FormattingContext } from 'langium/lsp';
import type { TextEdit } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';

const PROPERTY_KEYWORDS = [
    'provider', 'region', 'cidr', 'gateway', 'behind-nat', 'route', 'local', 'remote', 'ike', 'ike-proposal', 'esp-proposal', 'psk', 'routing',
    'local-gateway', 'remote-gateway', 'asn', 'local-inside', 'remote-inside', 'ike-lifetime', 'esp-lifetime', 'dpd', 'local-id', 'remote-id',
];

/** The indent of a comment line between properties (by identity: see createTextEdit). */
const COMMENT_INDENT = Formatting.indent();

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
                // a comment line between two properties: at the properties' depth
                for (const c of this.commentLines(node)) f.cst([c]).prepend(COMMENT_INDENT);
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

    /**
     * A comment on a line of its own is indented once, by Langium's pass over hidden nodes, at the
     * depth of the node it sits in. Langium (4.4) also indents it for the `append` formatting of
     * the token before it (`region`, `via`, `cidr` ... followed by a line break and `// note`),
     * computed from the same text at another depth: the comment then moved by two indents in one
     * pass, or went to one depth in one pass and back in the next (found by the fuzz, seed
     * 20261202). An append never spaces a comment anyway (a comment on the same line is left
     * alone), so formattings that reach a comment are dropped and only the comment's own pass remains.
     */
    protected override createTextEdit(a: CstNode | undefined, b: CstNode, formatting: FormattingAction, context: FormattingContext): TextEdit[] {
        return b.hidden && formatting !== COMMENT_INDENT ? [] : super.createTextEdit(a, b, formatting, context);
    }

    /** The comments on lines of their own directly in a property list (not inside a property). */
    private commentLines(node: ast.Site | ast.Tunnel): CstNode[] {
        const children = (node.$cstNode as CompositeCstNode | undefined)?.content ?? [];
        const open = children.findIndex(c => c.text === '<');
        const out: CstNode[] = [];
        for (let i = open + 1; open >= 0 && i < children.length && children[i].text !== '>'; i++) {
            const c = children[i];
            if (c.hidden && c.text.startsWith('/') && children[i - 1].range.end.line < c.range.start.line) out.push(c);
        }
        return out;
    }

    /** A property list is laid out on several lines when the user wrote it so. */
    private spansLines(node: ast.Site | ast.Tunnel): boolean {
        const leaves = node.$cstNode ? CstUtils.flattenCst(node.$cstNode).toArray() : [];
        const open = leaves.find(c => c.text === '<');
        const close = [...leaves].reverse().find(c => c.text === '>');
        return !!open && !!close && close.range.start.line > open.range.end.line;
    }
}
