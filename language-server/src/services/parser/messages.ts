/**
 * Error messages a network engineer understands: parse errors that name what was expected in
 * the language's terms ("a site name", "an address or prefix"); stable codes for the
 * framework's diagnostics. (Unresolved references: linker.ts.)
 */
import {
    DefaultDocumentValidator, DefaultLexer, DefaultLexerErrorMessageProvider, DocumentValidator, LangiumParserErrorMessageProvider,
    type LexerResult, type TokenizeOptions,
    type AstNode, type CstNode, type LangiumDocument, type ValidateSingleNodeOptions, type ValidationOptions,
} from 'langium';
import type { CancellationToken, Diagnostic } from 'vscode-languageserver';
import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { nameKeywords } from '../references/name-keywords.js';

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

/** What may come next, in words: "a name", not "a name, 'topology', 'site', ..." (every keyword is a name too). */
function describeAll(types: Iterable<TokenType>): string[] {
    const list = [...types];
    const anyName = list.some(t => t.name === 'NAME');
    const words = new Set<string>();
    for (const t of list) {
        // a keyword's token type is named by the keyword (Langium)
        if (anyName && nameKeywords().has(t.name.endsWith(':KW') ? t.name.slice(0, -3) : t.name)) continue;
        words.add(describe(t));
    }
    return [...words];
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
        const firsts: TokenType[] = [];
        for (const alt of options.expectedPathsPerAlt) for (const path of alt) if (path[0]) firsts.push(path[0]);
        const list = describeAll(firsts);
        const expected = list.length <= 1 ? list[0] ?? 'something else' : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
        return `Expected ${expected} but found ${found(options.actual[0], options.previous)}.`;
    }

    override buildEarlyExitMessage(options: { expectedIterationPaths: TokenType[][]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string }): string {
        const firsts = describeAll(options.expectedIterationPaths.map(p => p[0]).filter(Boolean));
        return `Expected ${firsts.join(' or ') || 'more input'} but found ${found(options.actual[0], options.previous)}.`;
    }
}

/**
 * Whether a token stands inside an unclosed `psk "...` on its line: a key being typed, which the
 * parser's error recovery may take for a name or a reference. Messages and the outline do not show it.
 */
export function insideUnclosedPsk(node: CstNode | undefined): boolean {
    if (!node) return false;
    // the text of its line before it (at most 4096 characters back), found without splitting the text
    const text = node.root.fullText;
    const floor = Math.max(0, node.offset - 4096);
    let start = node.offset;
    while (start > floor) {
        const c = text.charCodeAt(start - 1);
        if (c === 10 || c === 13) break;
        start--;
    }
    return /\bpsk\s*"[^"]*$/.test(text.slice(start, node.offset));
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

/**
 * The lexer, without the words of an unclosed quoted string. `psk "Q2p Lk9vRt4Zw` has no closing
 * quote, so Chevrotain reports the `"` and lexes the key's characters as names and keywords: they
 * appeared in syntax errors ("but found 'Lk9vRt4Zw'"), and a key containing `site x` became a site
 * in completion, the outline and runbooks. Here an unclosed `"` takes the rest of its line with
 * it: the lexer error ("the closing \" is missing") stays, the tokens up to the end of the line go.
 */
export class TopoLexer extends DefaultLexer {
    override tokenize(text: string, options?: TokenizeOptions): LexerResult {
        const result = super.tokenize(text, options);
        const cuts: [number, number][] = [];
        for (const e of result.errors) {
            if (text[e.offset] !== '"') continue;
            const nl = text.slice(e.offset).search(/[\r\n]/);
            cuts.push([e.offset, nl < 0 ? text.length : e.offset + nl]);
        }
        if (!cuts.length) return result;
        const outside = (t: IToken) => !cuts.some(([from, to]) => t.startOffset > from && t.startOffset < to);
        return { ...result, tokens: result.tokens.filter(outside), hidden: result.hidden.filter(outside) };
    }
}
