/**
 * Simulates the incremental parser for tests and profiling: after an edit, the AST nodes of the
 * statements whose text did not change stay the SAME objects (their CST positions are updated in
 * place), and only the edited statements get new nodes. References are re-resolved by name
 * within the document (as the linker does after an edit).
 *
 * `reparse(root, newText)` parses `newText`, keeps the longest common prefix and suffix of
 * statements with identical text (old objects, new positions), and splices the new nodes of the
 * statements in between into the old root's `statements`.
 */
import type { AstNode, CstNode, LangiumCoreServices } from 'langium';
import { AstUtils, isCompositeCstNode, isLeafCstNode } from 'langium';
import * as ast from '../../language-server/src/generated/ast.js';

type Any = Record<string, unknown>;

/** Copies the positions of `from` (same text, parsed anew) into `to`, in place. */
function movePositions(to: CstNode, from: CstNode): void {
    if (isLeafCstNode(to) && isLeafCstNode(from)) {
        for (const k of ['_offset', '_length', '_startLine', '_startColumn', '_endLine', '_endColumn']) (to as unknown as Any)[k] = (from as unknown as Any)[k];
        return;
    }
    if (isCompositeCstNode(to) && isCompositeCstNode(from)) {
        (to as unknown as Any)._rangeCache = undefined;
        // hidden nodes (whitespace, comments) may differ around a statement: match the visible ones
        const a = to.content.filter(c => !c.hidden), b = from.content.filter(c => !c.hidden);
        if (a.length !== b.length) throw new Error('reparse: statements with the same text have different CSTs');
        for (let i = 0; i < a.length; i++) movePositions(a[i], b[i]);
    }
}

const textOf = (n: AstNode): string => n.$cstNode?.text ?? '';

/** Sets every cross-reference of the document to the statement of that name (first declared). */
export function relink(root: ast.Model): void {
    const sites = new Map<string, ast.Site>(), tunnels = new Map<string, ast.Tunnel>();
    for (const s of root.statements) {
        if (ast.isSite(s) && s.name && !sites.has(s.name)) sites.set(s.name, s);
        if (ast.isTunnel(s) && s.name && !tunnels.has(s.name)) tunnels.set(s.name, s);
    }
    for (const node of AstUtils.streamAst(root)) {
        for (const [prop, value] of Object.entries(node)) {
            if (prop.startsWith('$') || !value || typeof value !== 'object' || !('$refText' in value)) continue;
            const ref = value as unknown as Any & { $refText: string };
            const target = prop === 'tunnel' ? tunnels.get(ref.$refText) : sites.get(ref.$refText);
            if (!target) throw new Error(`reparse: ${ref.$refText} does not resolve`);
            ref._ref = target;
        }
    }
}

export interface Reparsed {
    /** The statements that got new AST nodes. */
    replaced: AstNode[];
}

export function reparse(services: LangiumCoreServices, root: ast.Model, newText: string): Reparsed {
    const fresh = services.parser.LangiumParser.parse<ast.Model>(newText).value;
    const olds = root.statements, news = fresh.statements;
    let pre = 0;
    while (pre < olds.length && pre < news.length && textOf(olds[pre]) === textOf(news[pre])) pre++;
    let suf = 0;
    while (suf < olds.length - pre && suf < news.length - pre && textOf(olds[olds.length - 1 - suf]) === textOf(news[news.length - 1 - suf])) suf++;
    const kept = new Map<ast.Statement, ast.Statement>(); // new node -> old node
    for (let i = 0; i < pre; i++) kept.set(news[i], olds[i]);
    for (let i = 0; i < suf; i++) kept.set(news[news.length - 1 - i], olds[olds.length - 1 - i]);
    for (const [n, o] of kept) movePositions(o.$cstNode!, n.$cstNode!);
    // the root CST: the new text, the kept statements' CST nodes where they are now
    const rootCst = root.$cstNode as unknown as Any & { content: CstNode[] };
    const freshCst = fresh.$cstNode as unknown as { content: CstNode[] };
    const cstOf = new Map<CstNode, CstNode>();
    for (const [n, o] of kept) cstOf.set(n.$cstNode!, o.$cstNode!);
    rootCst._text = newText;
    rootCst._rangeCache = undefined;
    rootCst.content = freshCst.content.map(c => {
        const k = cstOf.get(c) ?? c;
        (k as unknown as Any).container = rootCst;
        return k;
    });
    const replaced: AstNode[] = [];
    const statements = news.map(n => {
        const k = kept.get(n);
        if (k) return k;
        replaced.push(n);
        return n;
    });
    statements.forEach((s, i) => {
        (s as unknown as Any).$container = root;
        (s as unknown as Any).$containerIndex = i;
    });
    root.statements.splice(0, root.statements.length, ...statements);
    (root as unknown as Any).name = fresh.name;
    relink(root);
    return { replaced };
}
