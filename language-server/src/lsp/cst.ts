/**
 * CST look-ups for the editor's read requests that stay within one statement's own nodes.
 */
import { AstUtils, GrammarAST, isCompositeCstNode, type CstNode } from 'langium';

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
