/**
 * Error messages a network engineer understands: parse errors that name what was expected in
 * the language's terms ("a site name", "an address or prefix"), and unresolved references that
 * list what could be meant.
 */
import {
    interruptAndCheck, isAstNode, isReference,
    DefaultDocumentValidator, DefaultLexerErrorMessageProvider, DefaultLinker, DocumentValidator, LangiumParserErrorMessageProvider,
    type AstNode, type AstNodeDescription, type CstNode, type ParseResult, type Reference, type LangiumDocument, type ValidateSingleNodeOptions, type LinkingError, type ReferenceInfo, type ValidationOptions,
} from 'langium';
import { CancellationToken, type Diagnostic } from 'vscode-languageserver';
import { statementChangeOf } from './statement-change.js';
import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';

const TOKEN_WORDS: Record<string, string> = {
    NAME: 'a name',
    NUMBER_NAME: 'a name',
    IPV4: 'an IPv4 address or prefix (e.g. 192.168.0.0/24)',
    IPV6: 'an IPv6 address or prefix',
    STRING: 'a quoted string',
};

function describe(t: TokenType): string {
    if (t.name.endsWith(':KW')) return `'${t.name.slice(0, -3)}'`;
    return TOKEN_WORDS[t.name] ?? t.name;
}

/**
 * What the parser found, as a message shows it: never a quoted string or the word after `psk`
 * (either may be a pre-shared key, and messages end up in CI logs), at most 40 characters.
 */
function found(token: IToken | undefined, previous?: IToken): string {
    if (!token?.image) return 'the end of the file';
    if (token.tokenType?.name === 'STRING') return 'a quoted string';
    // after psk, or right after a quoted string (a stray quote earlier on the line shifts which
    // quotes pair up: `"... psk "KEY`), the word may be a key
    if (previous?.image === 'psk' || previous?.tokenType?.name === 'STRING') return 'a word that is not shown (it may be a pre-shared key)';
    return token.image.length > 40 ? `'${token.image.slice(0, 32)}…'` : `'${token.image}'`;
}

export class TopoParserErrorMessageProvider extends LangiumParserErrorMessageProvider implements IParserErrorMessageProvider {
    override buildMismatchTokenMessage({ expected, actual, previous }: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
        return `Expected ${describe(expected)} but found ${found(actual, previous)}.`;
    }

    override buildNotAllInputParsedMessage({ firstRedundant }: { firstRedundant: IToken; ruleName: string }): string {
        return `Expected a statement (topology, site, host or tunnel) but found ${found(firstRedundant)}.`;
    }

    override buildNoViableAltMessage(options: { expectedPathsPerAlt: TokenType[][][]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string }): string {
        const firsts = new Set<string>();
        for (const alt of options.expectedPathsPerAlt) for (const path of alt) if (path[0]) firsts.add(describe(path[0]));
        const list = [...firsts];
        const expected = list.length <= 1 ? list[0] ?? 'something else' : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
        return `Expected ${expected} but found ${found(options.actual[0], options.previous)}.`;
    }

    override buildEarlyExitMessage(options: { expectedIterationPaths: TokenType[][]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string }): string {
        const firsts = [...new Set(options.expectedIterationPaths.map(p => p[0]).filter(Boolean).map(describe))];
        return `Expected ${firsts.join(' or ') || 'more input'} but found ${found(options.actual[0], options.previous)}.`;
    }
}

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

/** What Langium's `unlink` does to one reference: unresolved again. */
function resetReference(ref: Reference): void {
    const r = ref as unknown as { _ref?: unknown; _nodeDescription?: unknown };
    r._ref = undefined;
    delete r._nodeDescription;
}

const KIND_WORDS: Record<string, string> = { Site: 'site', Tunnel: 'tunnel' };

/**
 * Whether a token stands inside an unclosed `psk "...` on its line: a key being typed, which the
 * parser's error recovery may take for a name or a reference. Messages and the outline do not show it.
 */
export function insideUnclosedPsk(node: CstNode | undefined): boolean {
    if (!node) return false;
    const line = node.root.fullText.slice(Math.max(0, node.offset - 4096), node.offset).split(/\r\n|\r|\n/).pop() ?? '';
    return /\bpsk\s*"[^"]*$/.test(line);
}

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
            for (const ref of previous.refs) {
                const info = ref as unknown as { node?: AstNode; property?: string; _ref?: unknown; _nodeDescription?: AstNodeDescription };
                let statement = info.node;
                while (statement && statement.$container && statement.$container !== root) statement = statement.$container;
                if (!statement || !info.node || !info.property) { resetReference(ref); continue; }
                if (removed.has(statement) || statement.$container !== root) { resetReference(ref); continue; }
                const target = info._nodeDescription?.documentUri?.toString();
                if (ref.error || info._ref === undefined || target !== uri || names.has(ref.$refText)) {
                    resetReference(ref);
                    this.doLink({ reference: ref, container: info.node, property: info.property }, document);
                } else {
                    document.references.push(ref);
                }
            }
            for (let i = 0; i < change.inserted.length; i++) {
                if (i % 256 === 0) await interruptAndCheck(cancelToken);
                forEachReference(change.inserted[i], link, true);
            }
            return;
        }
        if (previous) for (const ref of previous.refs) resetReference(ref);
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

export class TopoLexerErrorMessageProvider extends DefaultLexerErrorMessageProvider {
    override buildUnexpectedCharactersMessage(fullText: string, startOffset: number, length: number): string {
        if (fullText[startOffset] === '"') return 'Unterminated quoted string: the closing " is missing on this line.';
        const lineStart = Math.max(fullText.lastIndexOf('\n', startOffset - 1), fullText.lastIndexOf('\r', startOffset - 1)) + 1;
        if (/\bpsk\b/.test(fullText.substring(lineStart, startOffset))) {
            // after `psk` on the same line: possibly part of a key being typed; do not repeat it
            return `Unexpected character${length > 1 ? 's' : ''} (not shown: on a psk line they may be part of a key): not part of a name, an address or prefix, or a keyword.`;
        }
        const text = fullText.substring(startOffset, startOffset + Math.min(length, 40));
        const shown = [...text].map(c => (c < ' ' || c === '\u007f' ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('');
        return `Unexpected character${length > 1 ? 's' : ''} '${shown}': not part of a name, an address or prefix, or a keyword.`;
    }
}

/**
 * Stable codes for the framework's own diagnostics, so users (and `topo check --format json`)
 * see `syntax-error` and `unresolved-reference` rather than internal names.
 */
export class TopoDocumentValidator extends DefaultDocumentValidator {
    private rootOnly: boolean | undefined;

    /**
     * Topo's checks run on the resolved topology, registered on the root (`Model`). When no check
     * is registered for any other node type, the per-node walk over a large file (with an
     * `await` per node) would visit tens of thousands of nodes for nothing: stop at the root.
     */
    protected override validateSingleNodeOptions(node: AstNode, options: ValidationOptions): ValidateSingleNodeOptions {
        const base = super.validateSingleNodeOptions(node, options);
        if (node.$container === undefined) {
            this.rootOnly ??= [...(this.validationRegistry as unknown as { entries: { keys(): Iterable<string> } }).entries.keys()].every(k => k === 'Model');
            if (this.rootOnly) return { ...base, validateChildren: false };
        }
        return base;
    }

    override async validateDocument(document: LangiumDocument, options?: ValidationOptions, cancelToken?: CancellationToken): Promise<Diagnostic[]> {
        const diagnostics = await super.validateDocument(document, options, cancelToken);
        for (const d of diagnostics) {
            const internal = (d.data as { code?: string } | undefined)?.code;
            if (d.code === undefined && (internal === DocumentValidator.LexingError || internal === DocumentValidator.ParsingError)) d.code = 'syntax-error';
            else if (d.code === undefined && internal === DocumentValidator.LinkingError) d.code = 'unresolved-reference';
            else if (d.code === undefined && /^An error occurred during validation/.test(typeof d.message === 'string' ? d.message : d.message.value)) {
                // a check threw (a bug): the exception's text may quote the file, so it goes to the log only
                d.code = 'internal-error';
                d.message = "Topo's checks failed on this file, so some problems may be missing here. Please report this with the file.";
            }
        }
        return diagnostics;
    }
}
