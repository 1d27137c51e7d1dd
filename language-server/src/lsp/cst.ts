/**
 * CST look-ups for the editor's read requests that stay within one statement's own nodes.
 */
import { AstUtils, DefaultCommentProvider, GrammarAST, isAstNodeWithComment, isCompositeCstNode, isLeafCstNode, isRootCstNode, type AstNode, type CstNode } from 'langium';

/** The assignment (`name=Name`, `cidrs+=Cidr`, ...) a CST node's text is parsed for, if any. */
export function assignmentOf(node: CstNode): GrammarAST.Assignment | undefined {
    return AstUtils.getContainerOfType(node.grammarSource, GrammarAST.isAssignment);
}

/**
 * The first CST node of `cst`'s own element that its `property` is assigned from: the node
 * `GrammarUtils.findNodeForProperty(cst, property)` returns, found without listing every
 * assignment of the element first (the outline asks this for 20,000 statements).
 */
export function firstNodeForProperty(cst: CstNode | undefined, property: string): CstNode | undefined {
    if (!cst || !isCompositeCstNode(cst)) return undefined;
    const element = cst.astNode;
    const visit = (node: CstNode): CstNode | undefined => {
        if (!isCompositeCstNode(node)) return undefined;
        for (const child of node.content) {
            if (assignmentOf(child)?.feature === property) return child;
            if (isCompositeCstNode(child) && child.astNode === element) {
                const found = visit(child);
                if (found) return found;
            }
        }
        return undefined;
    };
    return visit(cst);
}

/**
 * The index of `node` among its siblings, found by its offset (siblings are in text order) and
 * checked by identity; where offsets do not lead to it (an empty node of error recovery), the
 * plain search.
 */
function indexAmongSiblings(content: readonly CstNode[], node: CstNode): number {
    const target = node.offset;
    let lo = 0, hi = content.length;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (content[mid].offset < target) lo = mid + 1; else hi = mid;
    }
    for (let i = lo; i < content.length && content[i].offset <= target; i++) if (content[i] === node) return i;
    return content.indexOf(node);
}

/**
 * The documentation comment of a node: the `/* ... *\/` right before it, as Langium's default
 * finds it, but without `indexOf` over its siblings (CstUtils.getPreviousNode). Completion asks
 * it of every candidate: 10,000 sites, each an `indexOf` over 20,000 statements, cost seconds.
 */
export class TopoCommentProvider extends DefaultCommentProvider {
    override getComment(node: AstNode): string | undefined {
        if (isAstNodeWithComment(node)) return node.$comment;
        const cst = node.$cstNode;
        if (!cst) return undefined;
        const names = this.grammarConfig().multilineCommentRules;
        const isComment = (n: CstNode | undefined) => isLeafCstNode(n) && names.includes(n.tokenType.name);
        // the node before it, else before its container, and so on (CstUtils.getPreviousNode)
        for (let n: CstNode = cst; n.container; n = n.container) {
            const i = indexAmongSiblings(n.container.content, n);
            if (i > 0) {
                const previous = n.container.content[i - 1];
                return isComment(previous) ? previous.text : this.rootComment(cst, isComment);
            }
        }
        return this.rootComment(cst, isComment);
    }

    /** The root's own comment: the last comment before its first non-hidden node (CstUtils.findCommentNode). */
    private rootComment(cst: CstNode, isComment: (n: CstNode | undefined) => boolean): string | undefined {
        if (!isRootCstNode(cst)) return undefined;
        const end = cst.content.findIndex(e => !e.hidden);
        for (let i = end - 1; i >= 0; i--) if (isComment(cst.content[i])) return cst.content[i].text;
        return undefined;
    }
}
