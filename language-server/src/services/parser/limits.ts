/**
 * Limits that keep the language server responsive on text that is far too large or too broken
 * to analyse (a pasted log, a half-deleted file, a generated megabyte of garbage).
 *
 * Chevrotain's error recovery re-enters a repetition once per recovered error, so a file with
 * junk between its statements (`, site a < >` repeated) overflows the default stack after about
 * a thousand errors (about 16 KB of such text), and recovering costs 0.2-0.5 ms per error, so a
 * megabyte of broken text takes tens of seconds to parse. The parser here stops early instead:
 *
 * - beyond MAX_CHARS characters or MAX_TOKENS tokens (twice the largest topology Topo is
 *   benchmarked on), only the text before the limit is parsed;
 * - after MAX_SYNTAX_ERRORS syntax errors, parsing stops and the text before the error that
 *   crossed the limit is parsed again on its own;
 * - a stack overflow during parsing is handled like too many errors;
 * - completion's own parser (text before the cursor) gives up at the same limits, and on a
 *   long text parses only from the last statement start within 64 KB of the cursor.
 *
 * The part that was parsed is analysed as usual; one `too-large` warning marks where Topo
 * stopped, and the document counts as having syntax errors (so it is not formatted).
 */
import {
    createCompletionParser, createParser, DocumentValidator, LangiumParser, type LangiumCompletionParser, type LangiumCoreServices, type LangiumDocument, type ParseResult,
    type ValidationOptions,
} from 'langium';
import type { IRecognitionException, IToken } from 'chevrotain';
import type { CancellationToken, Diagnostic } from 'vscode-languageserver';
import { TopoDocumentValidator } from './messages.js';

/** Characters parsed at most (twice a 10,000-site star with its tunnels written out). */
export const MAX_CHARS = 4_000_000;
/** Tokens parsed at most (likewise). */
export const MAX_TOKENS = 400_000;
/** Syntax errors after which parsing stops. */
export const MAX_SYNTAX_ERRORS = 200;
/** Longer texts are first parsed on about this many characters, to fail fast when broken. */
const PROBE_CHARS = 64 * 1024;
/** Completion parses at most about this much before the cursor (from a statement start). */
const COMPLETION_WINDOW = 64 * 1024;

export interface ParseLimit {
    reason: 'size' | 'tokens' | 'errors' | 'stack';
    /** Offset in the full text where parsing stopped. */
    offset: number;
    message: string;
}

class ParseBudgetExceeded extends Error {
    constructor(readonly token: IToken | undefined, readonly offset?: number) {
        super('Topo: syntax error budget exceeded');
    }
}

const LIMIT = Symbol('topo.parseLimit');
/** Token count of a parse result, when the text was long enough to count it. */
const TOKEN_COUNT = Symbol('topo.tokenCount');

/** Where and why the parser stopped early for this parse result, if it did. */
export function parseLimitOf(result: ParseResult | undefined): ParseLimit | undefined {
    return (result as (ParseResult & { [LIMIT]?: ParseLimit }) | undefined)?.[LIMIT];
}

/**
 * The number of tokens of the parsed text, when it was counted: texts longer than
 * LEX_CHECK_CHARS are (they might exceed MAX_TOKENS); shorter ones cannot exceed it.
 */
export function tokenCountOf(result: ParseResult): number | undefined {
    return (result as ParseResult & { [TOKEN_COUNT]?: number })[TOKEN_COUNT];
}

export function setTokenCount(result: ParseResult, count: number): void {
    (result as ParseResult & { [TOKEN_COUNT]?: number })[TOKEN_COUNT] = count;
}

/** Texts up to this length cannot hold MAX_TOKENS tokens (a token is at least a character). */
export const LEX_CHECK_CHARS = MAX_TOKENS;

function isStackOverflow(e: unknown): boolean {
    return e instanceof RangeError && /call stack/i.test(e.message);
}

/** A cut at or before `offset` that does not split a line, unless the line is the whole prefix. */
function cutBefore(text: string, offset: number): number {
    const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
    return lineStart > 0 && lineStart < offset + 1 ? lineStart : offset;
}

type Wrapper = { SAVE_ERROR(e: IRecognitionException): IRecognitionException; errors: IRecognitionException[] };

export class TopoLimitedParser extends LangiumParser {
    private errorBudget = Infinity;
    private readonly lexerService: LangiumCoreServices['parser']['Lexer'];
    /** A text this parser has just lexed to count its tokens: the parse reuses the tokens. */
    private lexed: { text: string; result: ReturnType<LangiumCoreServices['parser']['Lexer']['tokenize']> } | undefined;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.lexerService = services.parser.Lexer;
        const shared = this.lexerService;
        const own = Object.create(shared) as typeof shared;
        own.tokenize = (text, options) => {
            const lexed = this.lexed;
            this.lexed = undefined;
            return lexed && lexed.text === text ? lexed.result : shared.tokenize(text, options);
        };
        (this as unknown as { lexer: typeof shared }).lexer = own;
        const wrapper = this.wrapper as unknown as Wrapper;
        const save = wrapper.SAVE_ERROR.bind(wrapper);
        wrapper.SAVE_ERROR = (e: IRecognitionException) => {
            const saved = save(e);
            if (wrapper.errors.length > this.errorBudget) throw new ParseBudgetExceeded(e.token);
            return saved;
        };
    }

    override parse<T extends import('langium').AstNode = import('langium').AstNode>(input: string, options?: { rule?: string }): ParseResult<T> {
        try {
            return this.parseWithinLimits<T>(input, options);
        } finally {
            this.releaseTokens();
        }
    }

    /**
     * Chevrotain keeps the token vector of the last parse as the parser's input until the next
     * parse: every token of the whole file (10,000-site star: about 30 MB of the 270 MB the
     * check holds) for as long as the analyses run. The CST keeps what it needs of them.
     */
    private releaseTokens(): void {
        (this.wrapper as unknown as { input: IToken[] }).input = [];
    }

    private parseWithinLimits<T extends import('langium').AstNode>(input: string, options?: { rule?: string }): ParseResult<T> {
        if (options?.rule) return super.parse<T>(input, options);
        let limit: ParseLimit | undefined;
        let text = input;
        if (text.length > MAX_CHARS) {
            const cut = cutBefore(text, MAX_CHARS);
            limit = { reason: 'size', offset: cut, message: `Topo analysed only the first ${cut.toLocaleString('en')} characters of this file: it has ${input.length.toLocaleString('en')}, more than the ${MAX_CHARS.toLocaleString('en')} Topo analyses in one file. Split the topology into several files.` };
            text = text.slice(0, cut);
        }
        // A long text is first tried on its beginning: a broken megabyte fails there within the
        // budget, without lexing the rest.
        if (text.length > 2 * PROBE_CHARS) {
            const probeEnd = cutBefore(text, PROBE_CHARS);
            if (probeEnd > 0 && this.exceedsErrorBudget(text.slice(0, probeEnd))) text = text.slice(0, probeEnd);
        }
        let count: number | undefined;
        if (text.length > LEX_CHECK_CHARS) {
            const lexed = this.lexerService.tokenize(text);
            const tokens = lexed.tokens;
            if (tokens.length > MAX_TOKENS) {
                const cut = cutBefore(text, tokens[MAX_TOKENS].startOffset);
                limit = { reason: 'tokens', offset: cut, message: `Topo analysed only the text before this line: the file has more than ${MAX_TOKENS.toLocaleString('en')} words and symbols, too large to analyse fully. Split the topology into several files.` };
                text = text.slice(0, cut);
            } else {
                count = tokens.length;
                this.lexed = { text, result: lexed }; // the parse below uses these tokens
            }
        }
        // Parse; on too many errors (or a stack overflow in error recovery), parse again up to
        // where it went wrong. Each attempt parses a strictly shorter text; the last one is empty.
        let budget = MAX_SYNTAX_ERRORS;
        for (let attempt = 0; ; attempt++) {
            this.errorBudget = attempt < 3 ? budget : Infinity;
            try {
                const result = super.parse<T>(text);
                // characters no token matches are lexer errors, not parser errors: as many count too
                const lexed = result.lexerErrors;
                if (lexed.length > this.errorBudget && attempt < 3) throw new ParseBudgetExceeded(undefined, lexed[this.errorBudget].offset);
                if (limit) this.markLimited(result, input, limit);
                else if (count !== undefined && attempt === 0) setTokenCount(result, count);
                return result;
            } catch (e) {
                if (!(e instanceof ParseBudgetExceeded) && !isStackOverflow(e)) throw e;
                this.resetAfterAbort();
                const errors = (this.wrapper as unknown as Wrapper).errors;
                const at = e instanceof ParseBudgetExceeded ? e.token : errors[Math.floor(errors.length / 2)]?.token;
                const at0 = e instanceof ParseBudgetExceeded && e.offset !== undefined ? e.offset : at?.startOffset;
                const offset = at0 !== undefined && Number.isFinite(at0) && at0 < text.length ? at0 : Math.floor(text.length / 2);
                const cut = attempt < 2 ? cutBefore(text, offset) : 0;
                const overflow = isStackOverflow(e);
                limit = {
                    reason: overflow ? 'stack' : 'errors', offset: cut,
                    message: overflow
                        ? 'Topo stopped analysing this file here: it is too broken to analyse fully (recovering from its syntax errors ran out of stack). Fix the syntax errors above first.'
                        : `Topo stopped analysing this file here: it has more than ${MAX_SYNTAX_ERRORS} syntax errors, too broken to analyse fully. Fix the syntax errors above first.`,
                };
                text = text.slice(0, Math.min(cut, text.length - 1));
                budget = MAX_SYNTAX_ERRORS * 2;
            } finally {
                this.errorBudget = Infinity;
                this.lexed = undefined;
            }
        }
    }

    private exceedsErrorBudget(text: string): boolean {
        this.errorBudget = MAX_SYNTAX_ERRORS;
        try {
            return super.parse(text).lexerErrors.length > MAX_SYNTAX_ERRORS;
        } catch (e) {
            if (!(e instanceof ParseBudgetExceeded) && !isStackOverflow(e)) throw e;
            this.resetAfterAbort();
            return true;
        } finally {
            this.errorBudget = Infinity;
        }
    }

    /** After an aborted parse the parser's own stacks hold the half-built nodes. */
    private resetAfterAbort(): void {
        const self = this as unknown as { stack: unknown[]; lexerResult?: unknown };
        self.stack.length = 0;
        self.lexerResult = undefined;
        this.unorderedGroups.clear();
    }

    /** Records the limit and adds a syntax error at the first token that was not parsed. */
    private markLimited(result: ParseResult, input: string, limit: ParseLimit): void {
        (result as ParseResult & { [LIMIT]?: ParseLimit })[LIMIT] = limit;
        const token = this.tokenAt(input, limit.offset);
        const error = {
            name: 'TooLarge', message: limit.message, token, resyncedTokens: [],
            context: { ruleStack: [], ruleOccurrenceStack: [] },
        } as IRecognitionException;
        result.parserErrors.push(error);
    }

    /** The first token at or after `offset` in `input` (lexing only a little of the rest), or an empty range there. */
    private tokenAt(input: string, offset: number): IToken {
        const tok = this.lexerService.tokenize(input.slice(offset, offset + 256)).tokens[0];
        const start = tok ? offset + tok.startOffset : offset;
        const length = tok ? tok.image.length : 0;
        const before = input.slice(0, start);
        let line = 1;
        let lineStart = 0;
        for (const m of before.matchAll(/\r\n?|\n/g)) { line++; lineStart = m.index + m[0].length; }
        const column = start - lineStart + 1;
        return {
            image: input.slice(start, start + length), startOffset: start, endOffset: start + Math.max(0, length - 1),
            startLine: line, endLine: line, startColumn: column, endColumn: column + length - 1,
            tokenTypeIdx: tok?.tokenTypeIdx ?? 0, tokenType: tok?.tokenType ?? ({ name: 'TooLarge' } as IToken['tokenType']),
        };
    }
}

export function createTopoLimitedParser(services: LangiumCoreServices): LangiumParser {
    const parser = new TopoLimitedParser(services);
    createParser(services.Grammar, parser, services.parser.Lexer.definition);
    parser.finalize();
    return parser;
}

/**
 * Completion parses the text before the cursor with its own parser (with error recovery, so the
 * same stack overflow and the same cost per error). Past the limits it gives up, and completion
 * offers what may start a statement.
 */
export function createTopoLimitedCompletionParser(services: LangiumCoreServices): LangiumCompletionParser {
    const parser = createCompletionParser(services);
    const wrapper = (parser as unknown as { wrapper: Wrapper }).wrapper;
    let budget = Infinity;
    const save = wrapper.SAVE_ERROR.bind(wrapper);
    wrapper.SAVE_ERROR = (e: IRecognitionException) => {
        const saved = save(e);
        if (wrapper.errors.length > budget) throw new ParseBudgetExceeded(e.token);
        return saved;
    };
    const parse = parser.parse.bind(parser);
    parser.parse = (whole: string) => {
        const nothing = { tokens: [], elementStack: [], tokenIndex: 0 };
        let input = whole;
        if (input.length > COMPLETION_WINDOW) {
            // the statement being typed decides what comes next: parse from the last statement
            // that starts a line within the window (none: a statement or junk that long)
            const window = input.slice(-COMPLETION_WINDOW);
            let start = -1;
            for (const m of window.matchAll(/(?:^|[\r\n])[ \t]*(?=(?:site|host|tunnel|topology)\b)/g)) start = m.index;
            if (start < 0) return nothing;
            input = window.slice(start).replace(/^[\r\n]/, '');
        }
        budget = MAX_SYNTAX_ERRORS;
        try {
            return parse(input);
        } catch (e) {
            if (!(e instanceof ParseBudgetExceeded) && !isStackOverflow(e)) throw e;
            parser.unorderedGroups.clear();
            return nothing;
        } finally {
            budget = Infinity;
        }
    };
    return parser;
}

/**
 * The `too-large` warning where the parser stopped (instead of the generic syntax error), on
 * top of Topo's usual validation.
 */
export class TopoLimitsDocumentValidator extends TopoDocumentValidator {
    override async validateDocument(document: LangiumDocument, options?: ValidationOptions, cancelToken?: CancellationToken): Promise<Diagnostic[]> {
        const diagnostics = await super.validateDocument(document, options, cancelToken);
        const limit = parseLimitOf(document.parseResult);
        if (!limit) return diagnostics;
        for (const d of diagnostics) {
            if ((d.data as { code?: string } | undefined)?.code === DocumentValidator.ParsingError && d.message === limit.message) {
                d.code = 'too-large';
                d.severity = 2; // warning: the file may be fine, Topo just did not read all of it
                d.data = { code: 'too-large' };
            }
        }
        return diagnostics;
    }
}

/** Registered after Topo's own module in createTopoServices: the guarded parser and its diagnostic. */
export const TopoLimitsModule = {
    parser: {
        LangiumParser: (services: LangiumCoreServices) => createTopoLimitedParser(services),
        CompletionParser: (services: LangiumCoreServices) => createTopoLimitedCompletionParser(services),
    },
    validation: {
        DocumentValidator: (services: LangiumCoreServices) => new TopoLimitsDocumentValidator(services),
    },
};
