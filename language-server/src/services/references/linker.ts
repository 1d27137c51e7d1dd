/**
 * Linking in Topo: references live only in statements, and after an incremental parse only the
 * references an edit can affect are linked again. Unresolved references get a message that
 * lists what could be meant (without repeating a key being typed).
 */
import {
    DefaultLinker, interruptAndCheck, isAstNode, isReference,
    type AstNode, type AstNodeDescription, type LangiumDocument, type LinkingError, type ParseResult, type Reference, type ReferenceInfo,
} from 'langium';
import { CancellationToken } from 'vscode-languageserver';
import { insideUnclosedPsk } from '../parser/messages.js';
import { statementChangeOf } from '../parser/statement-change.js';

/**
 * Calls `f` for every cross-reference of `node` (and of its descendants when `deep`), in the order
 * Langium's `streamAst` + `streamReferences` give them, without their iterator objects.
 */
export function forEachReference(node: AstNode, f: (ref: ReferenceInfo) => void, deep: boolean): void {
    const record = node as unknown as Record<string, unknown>;
    let children = false;
    for (const property in record) {
        if (property.charCodeAt(0) === 36 /* $ */) continue;
        const value = record[property];
        if (typeof value !== 'object' || value === null) continue;
        if (Array.isArray(value)) {
            for (let index = 0; index < value.length; index++) {
                const item = value[index];
                if (isReference(item)) f({ reference: item, container: node, property, index });
                else children ||= isAstNode(item);
            }
        } else if (isReference(value)) {
            f({ reference: value, container: node, property });
        } else {
            children ||= isAstNode(value);
        }
    }
    if (!deep || !children) return;
    for (const property in record) {
        if (property.charCodeAt(0) === 36) continue;
        const value = record[property];
        if (typeof value !== 'object' || value === null) continue;
        if (Array.isArray(value)) {
            for (let index = 0; index < value.length; index++) if (isAstNode(value[index])) forEachReference(value[index] as AstNode, f, true);
        } else if (isAstNode(value)) {
            forEachReference(value, f, true);
        }
    }
}

const KIND_WORDS: Record<string, string> = { Site: 'site', Tunnel: 'tunnel' };

export class TopoLinker extends DefaultLinker {
    /** References of a document that were unlinked but not yet reset (see `unlink`). */
    private readonly unlinked = new WeakMap<LangiumDocument, { parseResult: ParseResult; refs: Reference[] }>();

    /**
     * Langium resets every reference of a changed document before it is parsed again. Here the
     * reset waits for `link`: when the new parse result is an incremental parse of the one these
     * references belong to, only the references that can resolve differently are linked again.
     */
    override unlink(document: LangiumDocument): void {
        const earlier = this.unlinked.get(document);
        const refs = earlier ? [...earlier.refs, ...(document.references as Reference[])] : (document.references as Reference[]);
        this.unlinked.set(document, { parseResult: earlier?.parseResult ?? document.parseResult, refs });
        document.references = [];
    }

    /**
     * As Langium's, but references live only in statements: they are visited statement by
     * statement, yielding to the event loop between batches rather than at every AST node (an
     * `await` per node cost a 10,000-site file a third of a second per keystroke).
     *
     * After an incremental parse, a reference in an unchanged statement keeps its target unless
     * its name is the name of a removed or inserted statement, it did not resolve, or it resolved
     * to another file (whose statements may have changed): a keystroke links a few references,
     * not every reference of the file.
     */
    override async link(document: LangiumDocument, cancelToken = CancellationToken.None): Promise<void> {
        const previous = this.unlinked.get(document);
        this.unlinked.delete(document);
        const change = statementChangeOf(document.parseResult);
        const root = document.parseResult.value as AstNode & { statements?: AstNode[] };
        const link = (ref: ReferenceInfo) => this.doLink(ref, document);
        if (previous && change && change.from === previous.parseResult && Array.isArray(root.statements)) {
            const removed = new Set(change.removed);
            const names = new Set<string>();
            for (const s of [...change.removed, ...change.inserted]) {
                const name = (s as { name?: unknown }).name;
                if (typeof name === 'string') names.add(name);
            }
            const uri = document.uri.toString();
            const kept: Reference[] = [];
            const again: ReferenceInfo[] = [];
            const dropped: Reference[] = [];
            for (const ref of previous.refs) {
                const info = ref as unknown as { node?: AstNode; property?: string; _ref?: unknown; _nodeDescription?: AstNodeDescription };
                let statement = info.node;
                while (statement && statement.$container && statement.$container !== root) statement = statement.$container;
                if (!statement || !info.node || !info.property || removed.has(statement) || statement.$container !== root) {
                    dropped.push(ref);
                } else if (ref.error || info._ref === undefined || info._nodeDescription?.documentUri?.toString() !== uri || names.has(ref.$refText)) {
                    again.push({ reference: ref, container: info.node, property: info.property });
                } else {
                    kept.push(ref);
                }
            }
            // Langium's own unlink resets what goes and what is linked again
            document.references = [...dropped, ...again.map(r => r.reference as Reference)];
            super.unlink(document);
            document.references = kept;
            for (const info of again) this.doLink(info, document);
            for (let i = 0; i < change.inserted.length; i++) {
                if (i % 256 === 0) await interruptAndCheck(cancelToken);
                forEachReference(change.inserted[i], link, true);
            }
            return;
        }
        if (previous) {
            document.references = previous.refs;
            super.unlink(document);
        }
        if (!Array.isArray(root.statements)) return super.link(document, cancelToken);
        forEachReference(root, link, false);
        const statements = root.statements;
        for (let i = 0; i < statements.length; i++) {
            if (i % 256 === 0) await interruptAndCheck(cancelToken);
            forEachReference(statements[i], link, true);
        }
    }

    protected override createLinkingError(refInfo: ReferenceInfo, targetDescription?: AstNodeDescription): LinkingError {
        const error = super.createLinkingError(refInfo, targetDescription);
        const type = this.reflection.getReferenceType(refInfo);
        const kind = KIND_WORDS[type] ?? type;
        const known = [...new Set(this.scopeProvider.getScope(refInfo).getAllElements().map(d => d.name))];
        const shown = known.slice(0, 8).join(', ') + (known.length > 8 ? `, ... (${known.length} in all)` : '');
        const hint = known.length === 0 ? ` No ${kind} is declared in this topology yet.` : ` Known ${kind}s: ${shown}.`;
        // a key being typed after psk can end up as a reference while the parser recovers: not repeated
        const name = insideUnclosedPsk(refInfo.reference.$refNode) ? '(not shown: it follows psk " and may be a key)' : `'${refInfo.reference.$refText}'`;
        return { ...error, message: `Unknown ${kind} ${name}.${hint}` };
    }
}
