/**
 * Runs one input (one or more documents of a workspace) through every service the language
 * server offers and checks the robustness invariants:
 *
 * - no exception escapes (build, every LSP feature, the runbook generator), no validation check
 *   or analysis fails inside (Langium's "An error occurred during validation", `internal-error`);
 * - every range of a diagnostic, related information, edit, symbol, hover, hint, lens or token
 *   lies inside its document; every diagnostic has a known code;
 * - formatting (when it formats) is idempotent and keeps the AST and the findings the same;
 * - no pre-shared key written in the input appears in any output or log;
 * - the input is done within the time budget.
 *
 * Features are looked up through the Langium services, so a provider added later is covered
 * without changing this file.
 */
import { EmptyFileSystem, URI, isAstNode, isReference, type AstNode, type LangiumDocument } from 'langium';
import type { LangiumServices, LangiumSharedServices } from 'langium/lsp';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { createTopoServices, type TopoServices } from '../../language-server/src/topo-module.js';
import { DIAGNOSTIC_CODES } from '../../language-server/src/diagnostic-codes.js';
import * as runbooks from '../../language-server/src/runbooks/index.js';
import { buildGraph, graphOfDocument, layoutGraph, renderDot, renderSvg, renderText } from '../../language-server/src/graph/index.js';
import type { Site, Topology, Tunnel } from '../../language-server/src/model/types.js';
import { lensTitles } from '../../language-server/src/lsp/code-lens.js';
import { tokenize } from './generators.js';

export interface Outcome {
    /** Time the services took (build, every feature, runbooks); not the harness's own checks. */
    ms: number;
    /** Wall time including the harness's checks (re-parsing formatted text, applying fixes). */
    wallMs: number;
    chars: number;
    diagnostics: number;
    failures: string[];
    /** Milliseconds per feature (for finding what is slow). */
    phases: Record<string, number>;
}

export interface RunOptions {
    /** Per-input budget in ms (checked by the caller with `ms`). */
    budgetMs?: number;
    /** Fewer positions for hovers and completion (large inputs). */
    light?: boolean;
    /** Also apply up to this many quick fixes and rebuild the result. */
    applyFixes?: number;
    /** Only what typing costs: diagnostics, then completion and hover at the end of the text. */
    typing?: boolean;
}

const FORMAT_OPTIONS = { tabSize: 4, insertSpaces: true };
/** Phases that only verify (not counted in an input's time). */
const VERIFICATION = new Set(['rebuild after a quick fix', 'formatting (second pass)']);

/**
 * Pre-shared keys written in the texts: what follows a `psk` keyword (not one inside a string or
 * a comment) in quotes, also unterminated; words of at least 8 letters or digits of it that the
 * texts do not show outside a key.
 */
export function secretsOf(texts: string[]): string[] {
    const out = new Set<string>();
    const keys: string[] = [];
    let outside = '';
    for (const text of texts) {
        const tokens = tokenize(text);
        for (let i = 0; i < tokens.length; i++) {
            const t = tokens[i];
            if (t === 'psk') {
                let j = i + 1;
                while (j < tokens.length && /^\s+$/.test(tokens[j])) j++;
                if (tokens[j]?.startsWith('"')) { keys.push(tokens[j]); outside += 'psk '; i = j; continue; }
            }
            outside += t;
        }
    }
    for (const k of keys) for (const w of k.split(/[^A-Za-z0-9]+/)) if (w.length >= 8 && !outside.includes(w)) out.add(w);
    return [...out];
}

type DocInfo = { doc: LangiumDocument; text: TextDocument; uri: string };

function inside(r: Range | undefined, t: TextDocument): boolean {
    if (!r || !r.start || !r.end) return false;
    const ok = (p: Position) => Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0
        && p.line < t.lineCount && p.character <= lineLength(t, p.line);
    return ok(r.start) && ok(r.end) && (r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character));
}

const lineLengths = new WeakMap<TextDocument, number[]>();

function lineLength(t: TextDocument, line: number): number {
    let lengths = lineLengths.get(t);
    if (!lengths) {
        lengths = t.getText().split(/\r\n|\r|\n/).map(l => l.length);
        lineLengths.set(t, lengths);
    }
    return lengths[line] ?? 0;
}

/** The AST without positions or containers: references by their text. */
export function shape(node: unknown): unknown {
    if (Array.isArray(node)) return node.map(shape);
    if (isReference(node)) return { ref: node.$refText };
    if (isAstNode(node)) {
        const out: Record<string, unknown> = { $type: node.$type };
        for (const [k, v] of Object.entries(node)) if (!k.startsWith('$')) out[k] = shape(v);
        return out;
    }
    return node;
}

/** A few positions spread over the document: starts of words, the end, and some out of range. */
function samplePositions(t: TextDocument, max: number): Position[] {
    const text = t.getText();
    const starts: number[] = [];
    const re = /[^\s]+/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null && starts.length < 20000) starts.push(m.index, m.index + Math.floor(m[0].length / 2));
    const picks: Position[] = [];
    const step = Math.max(1, Math.floor(starts.length / max));
    for (let i = 0; i < starts.length && picks.length < max; i += step) picks.push(t.positionAt(starts[i]));
    picks.push(t.positionAt(text.length), { line: 0, character: 0 });
    return picks;
}

export class FuzzHarness {
    readonly shared: LangiumSharedServices;
    readonly services: TopoServices;
    /** Console output and TopologyService logs of the current input. */
    readonly logs: string[] = [];
    private phases: Record<string, number> = {};
    private counter = 0;

    constructor() {
        const { shared, Topo } = createTopoServices(EmptyFileSystem);
        this.shared = shared;
        this.services = Topo;
        Topo.topo.TopologyService.log = m => { this.logs.push(String(m)); };
    }

    private layoutReady: Promise<unknown> | undefined;

    /** Runs `texts` (documents of one workspace) through everything; never throws. */
    async run(texts: string[], opts: RunOptions = {}): Promise<Outcome> {
        // Graphviz's WebAssembly compiles once per process (the language server's first mesh
        // pays it once): not part of any input's time budget.
        await (this.layoutReady ??= layoutGraph(buildGraph(meshOfTwo(), [])).catch(() => undefined));
        this.logs.length = 0;
        this.phases = {};
        const failures: string[] = [];
        const outputs: string[] = [];
        const restore = this.captureConsole();
        const t0 = performance.now();
        let diagnostics = 0;
        try {
            const tb = performance.now();
            const infos = await this.build(texts);
            this.phases.build = performance.now() - tb;
            for (const info of infos) {
                diagnostics += (info.doc.diagnostics ?? []).length;
                await this.exercise(info, infos, opts, failures, outputs);
            }
            const tr = performance.now();
            if (!opts.typing) await this.runbooks(infos, failures, outputs);
            this.phases.runbooks = performance.now() - tr;
        } catch (e) {
            failures.push(`exception escaped: ${describeError(e)}`);
        } finally {
            restore();
        }
        const wallMs = performance.now() - t0;
        const ms = Object.entries(this.phases).filter(([k]) => !VERIFICATION.has(k)).reduce((n, [, v]) => n + v, 0);
        outputs.push(...this.logs);
        for (const log of this.logs) {
            if (/error occurred|failed|exception/i.test(log)) failures.push(`logged: ${log.slice(0, 300)}`);
        }
        const secrets = secretsOf(texts);
        for (const s of secrets) {
            const hit = outputs.find(o => o.includes(s));
            if (hit !== undefined) failures.push(`pre-shared key '${s}' appears in an output: ${hit.slice(0, 300)}`);
        }
        if (opts.budgetMs !== undefined && ms > opts.budgetMs) failures.push(`took ${Math.round(ms)} ms (budget ${opts.budgetMs} ms)`);
        return { ms, wallMs, chars: texts.reduce((n, t) => n + t.length, 0), diagnostics, failures, phases: this.phases };
    }

    private captureConsole(): () => void {
        const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
        const sink = (...args: unknown[]) => { this.logs.push(args.map(a => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(' ')); };
        console.log = console.info = console.warn = console.error = console.debug = sink;
        return () => Object.assign(console, saved);
    }

    private async build(texts: string[]): Promise<DocInfo[]> {
        const { workspace } = this.shared;
        const old = workspace.LangiumDocuments.all.map(d => d.uri).toArray();
        if (old.length) await workspace.DocumentBuilder.update([], old);
        const batch = ++this.counter;
        const docs = texts.map((text, i) => {
            const doc = workspace.LangiumDocumentFactory.fromString(text, URI.parse(`file:///fuzz/${batch}/f${i}.topo`));
            workspace.LangiumDocuments.addDocument(doc);
            return doc;
        });
        await workspace.DocumentBuilder.build(docs, { validation: true });
        return docs.map(doc => ({ doc, text: doc.textDocument as TextDocument, uri: doc.uri.toString() }));
    }

    private async exercise(info: DocInfo, all: DocInfo[], opts: RunOptions, failures: string[], outputs: string[]): Promise<void> {
        const { doc, text, uri } = info;
        const lsp: LangiumServices['lsp'] = this.services.lsp;
        const textDocument = { uri };
        const byUri = new Map(all.map(i => [i.uri, i.text]));
        const where = (what: string, r: Range | undefined, u = uri) => {
            const t = byUri.get(u);
            if (t && !inside(r, t)) failures.push(`${what}: range ${JSON.stringify(r)} is outside the document (${t.lineCount} lines)`);
        };
        const guard = async <T>(what: string, f: () => Promise<T> | T): Promise<T | undefined> => {
            const t0 = performance.now();
            try {
                return await f();
            } catch (e) {
                failures.push(`${what} threw: ${describeError(e)}`);
                return undefined;
            } finally {
                this.phases[what] = (this.phases[what] ?? 0) + performance.now() - t0;
            }
        };
        const checkEdits = (what: string, edit: WorkspaceEdit | undefined) => {
            for (const [u, edits] of Object.entries(edit?.changes ?? {})) for (const e of edits) where(`${what} edit`, e.range, u);
            for (const dc of edit?.documentChanges ?? []) {
                if ('edits' in dc) for (const e of dc.edits) where(`${what} edit`, e.range, dc.textDocument.uri);
            }
        };

        // diagnostics
        const diags: Diagnostic[] = doc.diagnostics ?? [];
        for (const d of diags) {
            const message = messageText(d.message);
            outputs.push(message);
            where(`diagnostic [${String(d.code)}] ${message.slice(0, 80)}`, d.range);
            if (typeof d.code !== 'string' || !(d.code in DIAGNOSTIC_CODES)) failures.push(`diagnostic without a known code: ${String(d.code)} ${message.slice(0, 120)}`);
            if (d.code === 'internal-error' || /error occurred during validation/i.test(message)) failures.push(`internal failure reported: ${message.slice(0, 300)}`);
            for (const r of d.relatedInformation ?? []) {
                outputs.push(r.message);
                where(`related information of [${String(d.code)}]`, r.location.range, r.location.uri);
            }
        }
        const positions = opts.typing ? [text.positionAt(text.getText().length)] : samplePositions(text, opts.light ? 4 : 12);
        const farAway: Position[] = [{ line: text.lineCount + 10, character: 0 }, { line: 0, character: 1_000_000 }, { line: 1_000_000_000, character: 1_000_000_000 }];

        if (opts.typing) {
            const position = positions[0];
            const list = await guard('completion', () => lsp.CompletionProvider?.getCompletion(doc, { textDocument, position }));
            for (const item of list?.items ?? []) {
                const te = item.textEdit;
                if (te && 'range' in te) where(`completion '${item.label}'`, te.range);
            }
            const hover = await guard('hover', () => lsp.HoverProvider?.getHoverContent(doc, { textDocument, position: text.positionAt(Math.max(0, text.getText().length - 1)) }));
            if (hover?.range) where('hover', hover.range);
            return;
        }
        // hovers
        if (lsp.HoverProvider) {
            for (const position of [...positions, ...farAway]) {
                const hover = await guard('hover', () => lsp.HoverProvider!.getHoverContent(doc, { textDocument, position }));
                if (hover) {
                    const c = hover.contents;
                    outputs.push(typeof c === 'string' ? c : Array.isArray(c) ? c.map(x => (typeof x === 'string' ? x : x.value)).join('\n') : c.value);
                    if (hover.range) where('hover', hover.range);
                }
            }
        }
        // completion
        if (lsp.CompletionProvider) {
            const at = opts.light ? [positions[positions.length - 2]] : [positions[positions.length - 2], ...positions.filter((_, i) => i % 4 === 1).slice(0, 3), farAway[0]];
            for (const position of at) {
                const list = await guard('completion', () => lsp.CompletionProvider!.getCompletion(doc, { textDocument, position }));
                for (const item of list?.items ?? []) {
                    outputs.push(`${item.label} ${item.detail ?? ''}`);
                    const te = item.textEdit;
                    if (te && 'range' in te) where(`completion '${item.label}'`, te.range);
                    if (te && 'insert' in te) { where(`completion '${item.label}'`, te.insert); where(`completion '${item.label}'`, te.replace); }
                }
            }
        }
        // navigation
        for (const position of positions.slice(0, opts.light ? 2 : 6)) {
            if (lsp.DefinitionProvider) {
                const links = await guard('definition', () => lsp.DefinitionProvider!.getDefinition(doc, { textDocument, position }));
                for (const l of links ?? []) where('definition', l.targetRange, l.targetUri);
            }
            if (lsp.ReferencesProvider) {
                const refs = await guard('references', () => lsp.ReferencesProvider!.findReferences(doc, { textDocument, position, context: { includeDeclaration: true } }));
                for (const l of refs ?? []) where('reference', l.range, l.uri);
            }
            if (lsp.DocumentHighlightProvider) {
                const hs = await guard('highlight', () => lsp.DocumentHighlightProvider!.getDocumentHighlight(doc, { textDocument, position }));
                for (const h of hs ?? []) where('highlight', h.range);
            }
            if (lsp.RenameProvider) {
                const r = await guard('prepareRename', () => lsp.RenameProvider!.prepareRename(doc, { textDocument, position }));
                if (r) where('prepareRename', 'range' in r ? (r as { range: Range }).range : r as Range);
                const edit = await guard('rename', () => lsp.RenameProvider!.rename(doc, { textDocument, position, newName: 'renamed1' }));
                checkEdits('rename', edit);
            }
        }
        // whole-document features
        if (lsp.DocumentSymbolProvider) {
            const symbols = await guard('document symbols', () => lsp.DocumentSymbolProvider!.getSymbols(doc, { textDocument }));
            const walk = (list: typeof symbols) => {
                for (const s of list ?? []) {
                    outputs.push(`${s.name} ${s.detail ?? ''}`);
                    where(`symbol ${s.name}`, s.range);
                    where(`symbol ${s.name} (selection)`, s.selectionRange);
                    walk(s.children);
                }
            };
            walk(symbols);
        }
        if (lsp.FoldingRangeProvider) {
            const folds = await guard('folding ranges', () => lsp.FoldingRangeProvider!.getFoldingRanges(doc, { textDocument }));
            for (const f of folds ?? []) {
                if (f.startLine < 0 || f.endLine >= text.lineCount || f.startLine > f.endLine) failures.push(`folding range ${f.startLine}-${f.endLine} outside ${text.lineCount} lines`);
            }
        }
        const whole: Range = { start: { line: 0, character: 0 }, end: text.positionAt(text.getText().length) };
        if (lsp.InlayHintProvider) {
            const hints = await guard('inlay hints', () => lsp.InlayHintProvider!.getInlayHints(doc, { textDocument, range: whole }));
            for (const h of hints ?? []) {
                outputs.push(typeof h.label === 'string' ? h.label : h.label.map(p => p.value).join(''));
                if (typeof h.tooltip === 'string') outputs.push(h.tooltip); else if (h.tooltip) outputs.push(h.tooltip.value);
                where('inlay hint', { start: h.position, end: h.position });
                for (const e of h.textEdits ?? []) where('inlay hint edit', e.range);
            }
        }
        if (lsp.CodeLensProvider) {
            // resolved, as the editor shows them (codeLens/resolve gives the titles)
            const lenses = await guard('code lenses', () => lensTitles(lsp.CodeLensProvider!, doc));
            for (const l of lenses ?? []) {
                if (l.command) outputs.push(l.command.title, JSON.stringify(l.command.arguments ?? []));
                where('code lens', l.range);
            }
        }
        if (lsp.SemanticTokenProvider) {
            const tokens = await guard('semantic tokens', () => lsp.SemanticTokenProvider!.semanticHighlight(doc, { textDocument }));
            const data = tokens?.data ?? [];
            let line = 0, char = 0;
            for (let i = 0; i + 4 < data.length + 1 && i < data.length; i += 5) {
                line += data[i];
                char = data[i] === 0 ? char + data[i + 1] : data[i + 1];
                const len = data[i + 2];
                if (line >= text.lineCount || char + len > lineLength(text, line)) {
                    failures.push(`semantic token at ${line}:${char} (+${len}) outside the document`);
                    break;
                }
            }
        }
        // quick fixes
        if (lsp.CodeActionProvider && diags.length) {
            const actions = await guard('code actions', () => lsp.CodeActionProvider!.getCodeActions(doc, {
                textDocument, range: whole, context: { diagnostics: diags },
            }));
            const applicable: TextEdit[][] = [];
            for (const a of actions ?? []) {
                outputs.push(a.title);
                if ('edit' in a && a.edit) {
                    checkEdits(`code action '${a.title}'`, a.edit);
                    const own = a.edit.changes?.[uri];
                    if (own && Object.keys(a.edit.changes ?? {}).length === 1) applicable.push(own);
                }
                if ('command' in a && a.command && typeof a.command === 'object') outputs.push(a.command.title);
            }
            const toApply = applicable.slice(0, opts.applyFixes ?? 0);
            for (const edits of toApply) {
                let fixed: string;
                try {
                    fixed = TextDocument.applyEdits(text, edits);
                } catch (e) {
                    failures.push(`a quick fix's edits cannot be applied: ${describeError(e)}`);
                    continue;
                }
                const rebuilt = await guard('rebuild after a quick fix', () => this.build(all.map(i => (i.uri === uri ? fixed : i.text.getText()))));
                for (const r of rebuilt ?? []) {
                    for (const d of r.doc.diagnostics ?? []) {
                        const message = messageText(d.message);
                        if (d.code === 'internal-error' || /error occurred during validation/i.test(message)) failures.push(`after a quick fix: ${message.slice(0, 300)}`);
                    }
                }
            }
            if (toApply.length) {
                const restored = await this.build(all.map(i => i.text.getText()));
                restored.forEach((r, i) => Object.assign(all[i], r));
            }
        }
        // formatting
        if (lsp.Formatter) await this.checkFormatting(info, all, failures, where, guard);
    }

    private async checkFormatting(
        info: DocInfo, all: DocInfo[], failures: string[],
        where: (what: string, r: Range | undefined, u?: string) => void,
        guard: <T>(what: string, f: () => Promise<T> | T) => Promise<T | undefined>,
    ): Promise<void> {
        const formatter = this.services.lsp.Formatter!;
        const { doc, text, uri } = info;
        const edits = await guard('formatting', () => formatter.formatDocument(doc, { textDocument: { uri }, options: FORMAT_OPTIONS }));
        if (!edits || edits.length === 0) return;
        for (const e of edits) where('formatting edit', e.range);
        let formatted: string;
        try {
            formatted = TextDocument.applyEdits(text, edits);
        } catch (e) {
            failures.push(`formatting edits cannot be applied: ${describeError(e)}`);
            return;
        }
        if (formatted === text.getText()) return;
        const before = { ast: JSON.stringify(shape(doc.parseResult.value)), findings: findingsKey(doc) };
        // the same workspace in the same order (the order of files decides which end is written first)
        const rebuilt = await this.build(all.map(i => (i.uri === uri ? formatted : i.text.getText())));
        const again = rebuilt[all.findIndex(i => i.uri === uri)];
        const after = { ast: JSON.stringify(shape(again.doc.parseResult.value)), findings: findingsKey(again.doc) };
        const errs = again.doc.parseResult.parserErrors.length + again.doc.parseResult.lexerErrors.length;
        if (errs) failures.push(`formatting introduced ${errs} syntax errors:\n${formatted.slice(0, 500)}`);
        else if (before.ast !== after.ast) failures.push(`formatting changed the AST:\n${formatted.slice(0, 500)}`);
        else if (before.findings !== after.findings) failures.push(`formatting changed the findings: ${diffKeys(before.findings, after.findings)}`);
        const second = await guard('formatting (second pass)', () => formatter.formatDocument(again.doc, { textDocument: { uri: again.uri }, options: FORMAT_OPTIONS }));
        if (second && second.length) {
            const twice = TextDocument.applyEdits(again.text, second);
            if (twice !== formatted) {
                // show where the two passes part, not only their first lines
                let at = 0;
                while (at < formatted.length && formatted[at] === twice[at]) at++;
                const from = Math.max(0, at - 200);
                failures.push(`formatting is not idempotent (first difference at offset ${at}):\n--- once\n${formatted.slice(from, at + 200)}\n--- twice\n${twice.slice(from, at + 200)}`);
            }
        }
        // restore the workspace to the input
        const restored = await this.build(all.map(i => i.text.getText()));
        restored.forEach((r, i) => Object.assign(all[i], r));
    }

    private async runbooks(infos: DocInfo[], failures: string[], outputs: string[]): Promise<void> {
        const api = runbooks as unknown as { runbookMarkdown?: (t: unknown, o?: object) => string; LANGS?: readonly string[] };
        if (typeof api.runbookMarkdown !== 'function' || infos.length === 0) return;
        let topology: unknown;
        try {
            topology = this.services.topo.TopologyService.resultFor(infos[0].doc).topology;
        } catch (e) {
            failures.push(`topology service threw: ${describeError(e)}`);
            return;
        }
        for (const lang of api.LANGS ?? ['en']) {
            try {
                outputs.push(api.runbookMarkdown(topology, { lang }));
            } catch (e) {
                failures.push(`runbook (${lang}) threw: ${describeError(e)}`);
            }
        }
        // the diagram: the graph (topo/graph), its text, DOT and SVG pictures
        try {
            const graph = graphOfDocument(this.services, infos[0].doc);
            outputs.push(JSON.stringify(graph), renderText(graph), renderDot(graph), renderSvg(await layoutGraph(graph)));
        } catch (e) {
            failures.push(`diagram threw: ${describeError(e)}`);
        }
    }
}

/** Two sites and a tunnel between them, built in code: a graph that Graphviz lays out. */
function meshOfTwo(): Topology {
    const src = { uri: 'file:///warm-up.topo', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
    const site = (name: string) => ({ name, networks: [], routes: [], hosts: [], ends: [], src, nameSrc: src, propertiesEnd: src }) as unknown as Site;
    const a = site('a'), b = site('b');
    const tunnel = { name: 't', kind: 'both' } as Tunnel;
    const end = (s: Site, peer: Site) => ({ name: 't', site: s, peer, tunnel, declared: true, local: [], remote: [], ikeProposals: [], espProposals: [] }) as unknown as Tunnel['a'];
    tunnel.a = end(a, b);
    tunnel.b = end(b, a);
    return { uris: [src.uri], sites: [a, b], siteByName: new Map([['a', a], ['b', b]]), hosts: [], tunnels: [tunnel], stars: [] };
}

function findingsKey(doc: LangiumDocument): string {
    return (doc.diagnostics ?? []).map(d => `${String(d.code)}|${d.severity}|${messageText(d.message)}`).sort().join('\n');
}

function messageText(m: string | { value: string }): string {
    return typeof m === 'string' ? m : m.value;
}

function diffKeys(a: string, b: string): string {
    const sa = new Set(a.split('\n')), sb = new Set(b.split('\n'));
    return `lost [${[...sa].filter(x => !sb.has(x)).slice(0, 3).join(' ; ')}] gained [${[...sb].filter(x => !sa.has(x)).slice(0, 3).join(' ; ')}]`;
}

/** Per-input budget (the 1 s). */
export const BUDGET_MS = 1000;

/** Runs an input; an input over budget is measured once more (a GC pause or a busy machine). */
export async function runChecked(harness: FuzzHarness, input: string[], opts: RunOptions = {}): Promise<Outcome> {
    let o = await harness.run(input, { budgetMs: BUDGET_MS, ...opts });
    if (o.failures.length && o.failures.every(f => f.startsWith('took '))) o = await harness.run(input, { budgetMs: BUDGET_MS, ...opts });
    return o;
}

export function describeError(e: unknown): string {
    if (e instanceof Error) return `${e.name}: ${e.message.slice(0, 300)}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}`;
    return String(e).slice(0, 300);
}

export type { AstNode };
