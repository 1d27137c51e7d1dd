/**
 * Statement-level incremental parsing.
 *
 * Langium parses the whole file again on every change; on a 10,000-site file that is a second
 * per keystroke. Topo's statements start with a keyword (`site`, `host`, `tunnel`) and the parser
 * is at the same point of the grammar at every statement start, so an edit only needs the
 * statements it touches parsed again:
 *
 * 1. The changed span is the text between the common prefix and the common suffix of the old
 *    and the new text.
 * 2. The region to parse again is the statements the span touches, plus one unchanged
 *    statement on each side (it must come out of the new parse exactly as before, which proves
 *    the parser was back at a statement start), or up to the end of the file.
 * 3. The region's new statements replace the old ones in the AST and the CST; every node after
 *    the region keeps its object and only has its offsets and positions moved.
 *
 * Unchanged statements keep their AST nodes, so caches keyed by AST nodes (model, analyses)
 * survive the edit. Whenever the conditions do not hold (an edit before the first statement,
 * a region whose neighbours do not parse back unchanged, a parse limit), this returns a
 * `Fallback` naming why (one of `FALLBACK_REASONS`) and the caller parses the whole text; the
 * document factory counts them by reason (`stats`), which the `topo/validated` request reports. A differential test
 * (test/foundation/incremental-parse.test.ts) compares the result with a full parse on random edits.
 */
import { DefaultLangiumDocumentFactory, DocumentState, type AstNode, type CstNode, type LangiumDocument, type LangiumParser, type Mutable, type ParseResult } from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import type { ILexingError, IRecognitionException, IToken } from 'chevrotain';
import type { Model } from '../../generated/ast.js';
import { setStatementChange } from './statement-change.js';
import { LEX_CHECK_CHARS as UNCOUNTED_CHARS, MAX_CHARS, MAX_SYNTAX_ERRORS, MAX_TOKENS, parseLimitOf, setTokenCount, tokenCountOf } from './limits.js';

type Lexer = { tokenize(text: string): { tokens: unknown[] } };

interface Leaf {
    _offset: number; _startLine: number; _startColumn: number; _endLine: number; _endColumn: number;
}
interface Composite { content: CstNode[]; container?: Composite; _rangeCache?: unknown }
interface RootCst extends Composite { _text: string }

/** A token's or a CST leaf's place, 0-based as in the CST; moved in place by a `Move`. */
interface Place { offset: number; line: number; column: number; endLine: number; endColumn: number }
type Move = (p: Place) => void;

function isLeaf(node: CstNode): boolean {
    return !('content' in node);
}

/** Moves every leaf under `node` by `move` and drops the composites' cached ranges. */
function moveLeaves(node: CstNode, move: Move): void {
    if (isLeaf(node)) {
        const leaf = node as unknown as Leaf;
        const p = { offset: leaf._offset, line: leaf._startLine, column: leaf._startColumn, endLine: leaf._endLine, endColumn: leaf._endColumn };
        move(p);
        leaf._offset = p.offset;
        leaf._startLine = p.line;
        leaf._startColumn = p.column;
        leaf._endLine = p.endLine;
        leaf._endColumn = p.endColumn;
        return;
    }
    const c = node as unknown as Composite;
    c._rangeCache = undefined;
    for (const child of c.content) moveLeaves(child, move);
}

/** Lines and the column at the end of `text` (Chevrotain's line terminators: \n, \r\n, \r). */
function endOf(text: string): { lines: number; column: number } {
    let lines = 0;
    let lineStart = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) { lines++; lineStart = i + 1; }
    }
    return { lines, column: text.length - lineStart };
}

/** A token moved by `shift` (tokens after the region) or placed at the region start (tokens inside it). */
function movedToken<T extends IToken | undefined>(token: T, move: Move): T {
    if (!token || !isValidToken(token)) return token;
    const p = { offset: token.startOffset, line: token.startLine! - 1, column: token.startColumn! - 1, endLine: token.endLine! - 1, endColumn: token.endColumn! };
    move(p);
    const length = token.endOffset! - token.startOffset;
    return { ...token, startOffset: p.offset, endOffset: p.offset + length, startLine: p.line + 1, startColumn: p.column + 1, endLine: p.endLine + 1, endColumn: p.endColumn };
}

function isValidToken(token: IToken | undefined): token is IToken {
    return !!token && Number.isFinite(token.startOffset) && token.startOffset >= 0 && Number.isFinite(token.startLine) && Number.isFinite(token.endOffset);
}

/** Where an error is: its token, or the token before it for errors at the end of the input; -1 if neither. */
function errorOffset(e: IRecognitionException): number {
    if (isValidToken(e.token)) return e.token.startOffset;
    const previous = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
    return isValidToken(previous) ? previous.startOffset : -1;
}

function movedError(e: IRecognitionException, move: Move): IRecognitionException {
    // a copy, own non-enumerable properties (message, stack) included
    const out = Object.create(Object.getPrototypeOf(e), Object.getOwnPropertyDescriptors(e)) as IRecognitionException;
    out.token = movedToken(e.token, move);
    const previous = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
    if (previous) (out as IRecognitionException & { previousToken?: IToken }).previousToken = movedToken(previous, move);
    return out;
}

function movedLexerError(e: ILexingError, move: Move): ILexingError {
    const p = { offset: e.offset, line: (e.line ?? 1) - 1, column: (e.column ?? 1) - 1, endLine: (e.line ?? 1) - 1, endColumn: (e.column ?? 1) - 1 };
    move(p);
    return { ...e, offset: p.offset, line: p.line + 1, column: p.column + 1 };
}

function span(node: AstNode): { offset: number; end: number } | undefined {
    const cst = node.$cstNode;
    return cst ? { offset: cst.offset, end: cst.end } : undefined;
}

/** Why an edit was parsed in full rather than incrementally. */
export const FALLBACK_REASONS = {
    'no-previous-tree': 'the old parse result is not a whole model of the old text',
    'no-statements': 'the old text has no statement',
    'parse-limit': 'the old or new text is at one of the parse limits (characters, tokens, syntax errors)',
    header: 'the edit, or junk the parser skipped, is before the first statement (the `topology` line)',
    region: 'the statements the edit touches could not be delimited',
    'unparsed-rest': 'the parser stopped before the end of the text (junk after the region, or the region leaves text unparsed)',
    'neighbour-changed': 'an unchanged statement beside the region does not parse back as it was',
    'open-token': 'an unclosed /* or " could reach across the region\'s ends',
    'error-at-edge': 'a syntax error lies at an edge of the region, or its message looks at text outside it',
} as const;
export type FallbackReason = keyof typeof FALLBACK_REASONS;
export interface Fallback { fallback: FallbackReason }

const fallbacks = Object.fromEntries(Object.keys(FALLBACK_REASONS).map(r => [r, Object.freeze({ fallback: r })])) as Record<FallbackReason, Fallback>;
function fallback(reason: FallbackReason): Fallback {
    return fallbacks[reason];
}

export function isFallback(r: ParseResult | Fallback): r is Fallback {
    return 'fallback' in r;
}

/**
 * The parse result of `newText` made from `old` (the parse result of `oldText`) by parsing only
 * the statements the change touches; a `Fallback` with the reason when that is not possible or
 * not safe. On success, `old`'s AST and CST are updated in place and must not be used as the old
 * state again.
 */
export function reparseIncrementally(old: ParseResult, oldText: string, newText: string, parser: LangiumParser, lexer: Lexer): ParseResult | Fallback {
    const model = old.value as Model;
    const root = model.$cstNode as unknown as RootCst | undefined;
    if (model.$type !== 'Model' || !root || root._text !== oldText || !Array.isArray(model.statements)) return fallback('no-previous-tree');
    if (parseLimitOf(old) || newText.length > MAX_CHARS) return fallback('parse-limit');
    const oldCount = tokenCountOf(old);
    if (newText.length > UNCOUNTED_CHARS && oldCount === undefined && oldText.length > UNCOUNTED_CHARS) return fallback('parse-limit');
    const statements = model.statements;
    const n = statements.length;
    if (n === 0) return fallback('no-statements');

    // 1. the changed span: [prefix, oldLen - suffix) in the old text
    const oldLen = oldText.length;
    const newLen = newText.length;
    const max = Math.min(oldLen, newLen);
    let prefix = 0;
    while (prefix < max && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
    if (prefix === oldLen && oldLen === newLen) return old;
    let suffix = 0;
    while (suffix < max - prefix && oldText.charCodeAt(oldLen - 1 - suffix) === newText.charCodeAt(newLen - 1 - suffix)) suffix++;
    const changeEnd = oldLen - suffix;

    // 2. the statements it touches (ends inclusive: typing right after a name extends it), plus a neighbour each side
    // statement spans are read only where the searches below look (a keystroke in a 10,000-statement
    // file reads a few dozen); a statement without text there makes it a full parse
    const known: ({ offset: number; end: number } | undefined)[] = new Array(n);
    let missing = false;
    const spanAt = (i: number): { offset: number; end: number } => {
        let sp = known[i];
        if (!sp) {
            sp = span(statements[i]);
            if (!sp || sp.end <= sp.offset) { missing = true; sp = { offset: 0, end: 0 }; }
            known[i] = sp;
        }
        return sp;
    };
    if (prefix < spanAt(0).offset) return fallback('header'); // the header or what precedes the first statement changed
    // lo: the first statement ending at or after the change; hi: the last starting at or before its
    // end (hi = lo - 1 when the change lies between two statements)
    let lo = 0;
    let hi = n - 1;
    { let a = 0, b = n; while (a < b) { const m = (a + b) >> 1; if (spanAt(m).end >= prefix) b = m; else a = m + 1; } lo = a; }
    { let a = -1, b = n - 1; while (a < b) { const m = (a + b + 1) >> 1; if (spanAt(m).offset <= changeEnd) a = m; else b = m - 1; } hi = a; }
    // old errors: those in the region go; a neighbour must have none (else it joins the region)
    const oldLexerErrors = old.lexerErrors;
    const oldParserErrors = old.parserErrors;
    // where the parser stopped reading (junk it could not take as a statement); the rest was not parsed
    let stoppedAt = Infinity;
    for (const e of oldParserErrors) {
        // junk before the first statement is handled by the top-level recovery, which looks ahead
        if (errorOffset(e) < spanAt(0).offset) return fallback('header');
        if (e.name === 'NotAllInputParsedException') stoppedAt = Math.min(stoppedAt, errorOffset(e));
    }
    const errorOffsets = [...oldLexerErrors.map(e => e.offset), ...oldParserErrors.map(errorOffset)];
    // a statement is clean when no error lies in it or in what follows it up to the next statement
    // (an unfinished statement ends where the parser gave up on it; the error comes after)
    const clean = (i: number) => {
        const to = i + 1 < n ? spanAt(i + 1).offset : Infinity;
        return !errorOffsets.some(o => o >= spanAt(i).offset && o < to);
    };
    let before = lo - 1;
    while (before >= 0 && !clean(before)) before--;
    let after = hi + 1;
    while (after < n && !clean(after)) after++;
    const hasBefore = before >= 0;
    const hasAfter = after < n;
    const first = hasBefore ? before : 0;
    const last = hasAfter ? after : n - 1;
    const start = spanAt(first).offset;
    const oldEnd = hasAfter ? spanAt(last).end : oldLen;
    if (start > prefix || oldEnd < changeEnd) return fallback('region');
    // junk the parser stopped at may only trail the last statement, inside the region
    if (stoppedAt < Infinity && (hasAfter || stoppedAt < start || stoppedAt < spanAt(n - 1).end)) return fallback('unparsed-rest');
    if (missing) return fallback('region');
    const newEnd = oldEnd + newLen - oldLen;
    const regionText = newText.slice(start, newEnd);

    // 3. parse the region on its own
    const region = parser.parse<Model>(regionText);
    if (parseLimitOf(region)) return fallback('parse-limit');
    const regionModel = region.value;
    if (regionModel.$type !== 'Model' || regionModel.name !== undefined || !Array.isArray(regionModel.statements)) return fallback('neighbour-changed');
    const fresh = regionModel.statements;
    if (fresh.length < (hasBefore ? 1 : 0) + (hasAfter ? 1 : 0)) return fallback('neighbour-changed');
    const freshSpans: { offset: number; end: number }[] = [];
    for (const s of fresh) {
        const sp = span(s);
        if (!sp) return fallback('neighbour-changed');
        freshSpans.push(sp);
    }
    // the neighbours parse back as they were (same span), without errors in them
    const beforeLength = hasBefore ? spanAt(first).end - spanAt(first).offset : 0;
    const afterLength = hasAfter ? spanAt(last).end - spanAt(last).offset : 0;
    if (hasBefore && (freshSpans[0].offset !== 0 || freshSpans[0].end !== beforeLength)) {
        return fallback('neighbour-changed');
    }
    if (hasAfter) {
        const sp = freshSpans[freshSpans.length - 1];
        if (sp.end !== regionText.length || sp.offset !== regionText.length - afterLength) return fallback('neighbour-changed');
    }
    const middleStart = hasBefore ? beforeLength : 0;
    const middleEnd = hasAfter ? regionText.length - afterLength : regionText.length;
    const inMiddle = (o: number) => o >= middleStart && (o < middleEnd || !hasAfter);
    // tokens that can reach across the region's ends: an unclosed /* (a comment to the next */
    // anywhere), an unclosed " (a string to the next " on the line)
    const lineStart = Math.max(oldText.lastIndexOf('\n', start - 1), oldText.lastIndexOf('\r', start - 1)) + 1;
    for (const e of oldLexerErrors) {
        if (oldText.startsWith('/*', e.offset)) return fallback('open-token');
        if (e.offset >= lineStart && e.offset < start) return fallback('open-token');
        // its message looks back along its line (psk), which the change may have edited
        if (e.offset >= oldEnd && !/[\r\n]/.test(oldText.slice(oldEnd, e.offset))) return fallback('open-token');
    }
    for (const e of region.lexerErrors) {
        if (regionText.startsWith('/*', e.offset)) return fallback('open-token');
        // an unclosed " takes the rest of its line (TopoLexer): the region must end its line
        if (regionText[e.offset] === '"' && hasAfter && !/^[ \t]*([\r\n]|$)/.test(newText.slice(newEnd, newEnd + 4096))) return fallback('open-token');
        if (!inMiddle(e.offset)) return fallback('error-at-edge');
        // the message looks at the line before the error (psk): the region must start the line
        if ((e.line ?? 1) === 1 && start > 0 && !/[\r\n]/.test(oldText[start - 1])) return fallback('error-at-edge');
    }
    for (const e of region.parserErrors) {
        const o = errorOffset(e);
        if (o < 0 || !inMiddle(o) || (fresh.length > 0 && o < freshSpans[0].offset)) return fallback('error-at-edge');
        if (e.name === 'NotAllInputParsedException' && (hasAfter || (fresh.length > 0 && o < freshSpans[fresh.length - 1].end))) return fallback('unparsed-rest');
    }
    // an old error lies wholly before, in or after the region (its token and the token before it)
    for (const e of oldParserErrors) {
        const offsets = [e.token, (e as IRecognitionException & { previousToken?: IToken }).previousToken].filter(isValidToken).map(t => t.startOffset);
        const side = (o: number) => (o < start ? 0 : o < oldEnd ? 1 : 2);
        if (offsets.some(o => side(o) !== side(offsets[0]))) return fallback('error-at-edge');
    }
    const keptParserErrors = oldParserErrors.filter(e => { const o = errorOffset(e); return o < start || o >= oldEnd; });
    const keptLexerErrors = oldLexerErrors.filter(e => e.offset < start || e.offset >= oldEnd);
    if (keptParserErrors.length + region.parserErrors.length > MAX_SYNTAX_ERRORS || keptLexerErrors.length + region.lexerErrors.length > MAX_SYNTAX_ERRORS) return fallback('parse-limit');
    // token count (only needed on texts that could exceed MAX_TOKENS)
    let newCount: number | undefined;
    if (newLen > UNCOUNTED_CHARS) {
        const counted = oldCount ?? lexer.tokenize(oldText).tokens.length;
        newCount = counted - lexer.tokenize(oldText.slice(start, oldEnd)).tokens.length + lexer.tokenize(regionText).tokens.length;
        if (newCount > MAX_TOKENS) return fallback('parse-limit');
    }
    const content = root.content;
    const regionRoot = regionModel.$cstNode as unknown as Composite;
    const regionContent = regionRoot.content;
    // the children of the CST root that change: between the neighbours (or from the first statement / to the end)
    const oldFrom = hasBefore ? content.indexOf(statements[first].$cstNode!) + 1 : content.indexOf(statements[0].$cstNode!);
    const oldTo = hasAfter ? content.indexOf(statements[last].$cstNode!) : content.length;
    const newFrom = hasBefore ? regionContent.indexOf(fresh[0].$cstNode!) + 1 : 0;
    const newTo = hasAfter ? regionContent.indexOf(fresh[fresh.length - 1].$cstNode!) : regionContent.length;
    if (oldFrom <= 0 && hasBefore || oldFrom < 0 || oldTo < oldFrom || newFrom <= 0 && hasBefore || newTo < newFrom) return fallback('region');

    // 4. splice: from here on the old tree is changed in place
    const startPos = statements[first].$cstNode!.range.start;
    const startLine = startPos.line;
    const startColumn = startPos.character;
    // tokens of the region's own parse are placed where the region starts
    const place: Move = p => {
        if (p.line === 0) p.column += startColumn;
        if (p.endLine === 0) p.endColumn += startColumn;
        p.offset += start;
        p.line += startLine;
        p.endLine += startLine;
    };
    // what follows the middle (the neighbour after, and the rest) moves as its first position does
    const oldAnchor = hasAfter ? statements[last].$cstNode!.range.start : { line: 0, character: 0 };
    const middle = endOf(regionText.slice(0, middleEnd));
    const newAnchorLine = startLine + middle.lines;
    const newAnchorColumn = middle.lines === 0 ? startColumn + middle.column : middle.column;
    const delta = newLen - oldLen;
    const lines = newAnchorLine - oldAnchor.line;
    const columns = newAnchorColumn - oldAnchor.character;
    const move: Move = p => {
        p.offset += delta;
        if (p.line === oldAnchor.line) p.column += columns;
        if (p.endLine === oldAnchor.line) p.endColumn += columns;
        p.line += lines;
        p.endLine += lines;
    };

    const added = regionContent.slice(newFrom, newTo) as CstNode[];
    for (const child of added) {
        moveLeaves(child, place);
        (child as unknown as Composite).container = root;
    }
    if (delta !== 0 || lines !== 0 || columns !== 0) {
        for (let i = oldTo; i < content.length; i++) moveLeaves(content[i], move);
    }
    content.splice(oldFrom, oldTo - oldFrom, ...added);
    root._text = newText;
    root._rangeCache = undefined;

    // AST: the region's new statements replace the old ones between the neighbours
    const keptBefore = hasBefore ? 1 : 0;
    const keptAfter = hasAfter ? 1 : 0;
    const inserted = fresh.slice(keptBefore, fresh.length - keptAfter);
    const removed = statements.splice(first + keptBefore, last - first + 1 - keptBefore - keptAfter, ...inserted);
    for (let i = first; i < statements.length; i++) {
        const st = statements[i] as AstNode & { $containerIndex?: number; $container: AstNode };
        st.$container = model;
        st.$containerIndex = i;
    }

    const result: ParseResult = {
        value: model,
        lexerErrors: [
            ...keptLexerErrors.filter(e => e.offset < start),
            ...region.lexerErrors.map(e => movedLexerError(e, place)),
            ...keptLexerErrors.filter(e => e.offset >= oldEnd).map(e => movedLexerError(e, move)),
        ],
        lexerReport: old.lexerReport,
        parserErrors: [
            ...keptParserErrors.filter(e => errorOffset(e) < start),
            ...region.parserErrors.map(e => movedError(e, place)),
            ...keptParserErrors.filter(e => errorOffset(e) >= oldEnd).map(e => movedError(e, move)),
        ],
    };
    if (newCount !== undefined) setTokenCount(result, newCount);
    setStatementChange(result, { from: old, removed, inserted });
    return result;
}

/**
 * Langium's document factory, with `update` parsing a changed text incrementally when it can.
 * Same contract as Langium's: the text comes from the open text document, or from the file.
 */
export class TopoDocumentFactory extends DefaultLangiumDocumentFactory {
    /** Parses done incrementally / in full since start, and why each full parse of a changed text was one (tests, bench). */
    readonly stats: { incremental: number; full: number; fallbacks: Partial<Record<FallbackReason, number>> } = { incremental: 0, full: 0, fallbacks: {} };

    override async update<T extends AstNode = AstNode>(document: Mutable<LangiumDocument<T>>, cancellationToken: CancellationToken): Promise<LangiumDocument<T>> {
        const oldResult = document.parseResult;
        const oldText = oldResult.value.$cstNode?.root.fullText;
        const textDocument = this.textDocuments?.get(document.uri.toString());
        const text = await this.getUpdatedText(document, textDocument, cancellationToken);
        if (textDocument) {
            Object.defineProperty(document, 'textDocument', { value: textDocument });
        } else {
            Object.defineProperty(document, 'textDocument', { get: this.createTextDocumentGetter(document.uri, text) });
        }
        if (oldText !== text) {
            const services = this.serviceRegistry.getServices(document.uri);
            const incremental = oldText === undefined ? fallback('no-previous-tree') : reparseIncrementally(oldResult, oldText, text, services.parser.LangiumParser, services.parser.Lexer);
            if (!isFallback(incremental)) {
                this.stats.incremental++;
                document.parseResult = incremental as ParseResult<T>;
            } else {
                this.stats.full++;
                this.stats.fallbacks[incremental.fallback] = (this.stats.fallbacks[incremental.fallback] ?? 0) + 1;
                document.parseResult = await this.parseAsync(document.uri, text, cancellationToken);
            }
            (document.parseResult.value as Mutable<AstNode>).$document = document;
        }
        document.state = DocumentState.Parsed;
        return document;
    }
}
