/**
 * Incremental parsing must give exactly what a full parse gives: the same AST (types, values,
 * references, container indexes), the same CST (every leaf's offset and line/column, every
 * composite's range) and the same syntax errors at the same places. Checked on random edits of
 * random, example and broken topologies; and through the document builder, the same
 * diagnostics as a fresh check, with the unchanged statements keeping their AST nodes.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { AstUtils, CstUtils, URI, isCompositeCstNode, type AstNode, type CstNode, type LangiumDocument, type ParseResult } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Model } from '../../language-server/src/generated/ast.js';
import { isFallback, reparseIncrementally, TopoDocumentFactory, type FallbackReason } from '../../language-server/src/services/parser/incremental-parse.js';
import { check, services, shared } from '../helpers.js';
import { exampleTexts, mutatedArb, topologyArb } from '../fuzz/generators.js';

const parser = services.parser.LangiumParser;
const lexer = services.parser.Lexer;

function pos(r: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
    return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

function astShape(node: AstNode): unknown {
    const out: Record<string, unknown> = { $type: node.$type, at: node.$cstNode ? `${node.$cstNode.offset}+${node.$cstNode.length} ${pos(node.$cstNode.range)}` : null, index: node.$containerIndex };
    for (const [k, v] of Object.entries(node)) {
        if (k.startsWith('$')) continue;
        const one = (x: unknown): unknown => {
            if (x && typeof x === 'object' && '$refText' in x) {
                const r = x as { $refText: string; $refNode?: CstNode };
                return { ref: r.$refText, at: r.$refNode ? `${r.$refNode.offset} ${pos(r.$refNode.range)}` : null };
            }
            if (x && typeof x === 'object' && '$type' in x) return astShape(x as AstNode);
            return x;
        };
        out[k] = Array.isArray(v) ? v.map(one) : one(v);
    }
    return out;
}

function cstShape(root: CstNode): string[] {
    const out: string[] = [];
    for (const n of CstUtils.streamCst(root)) {
        out.push(isCompositeCstNode(n)
            ? `C ${n.offset}-${n.end} ${pos(n.range)} ${n.content.length} ${n.astNode.$type}`
            : `L ${n.offset}+${n.length} ${pos(n.range)} ${n.hidden} ${JSON.stringify(n.text)}`);
    }
    return out;
}

function errorShape(r: ParseResult): string[] {
    const tok = (t?: { startOffset: number; startLine?: number; startColumn?: number; endLine?: number; endColumn?: number; image: string }) =>
        t ? `${t.startOffset} ${t.startLine}:${t.startColumn}-${t.endLine}:${t.endColumn} ${JSON.stringify(t.image)}` : '-';
    return [
        ...r.lexerErrors.map(e => `lex ${e.offset} ${e.line}:${e.column} ${e.length} ${e.message}`),
        ...r.parserErrors.map(e => `parse ${e.message} @ ${tok(e.token)} prev ${tok((e as { previousToken?: Parameters<typeof tok>[0] }).previousToken)}`),
    ].sort();
}

function snapshot(r: ParseResult, text: string) {
    const root = r.value.$cstNode!;
    return { text: root.root.fullText === text, ast: astShape(r.value), cst: cstShape(root), errors: errorShape(r) };
}

type Edit = { at: number; remove: number; insert: string };

function apply(text: string, e: Edit): string {
    const at = text.length ? e.at % (text.length + 1) : 0;
    return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
}

const editArb: fc.Arbitrary<Edit> = fc.oneof(
    // typing or deleting one character anywhere
    { weight: 6, arbitrary: fc.record({ at: fc.nat(), remove: fc.constantFrom(0, 0, 1), insert: fc.constantFrom('', 'a', 'x', '1', '9', '.', '/', ' ', '\n', '<', '>', '"', '-', ',', 'é', '\r\n') }) },
    // a word, a statement, a comment
    { weight: 2, arbitrary: fc.record({ at: fc.nat(), remove: fc.nat({ max: 3 }), insert: fc.constantFrom(' site', 'site z < cidr 10.9.0.0/24 >\n', '\nhost h9 10.9.0.5 in z\n', 'tunnel q a -> b < ike v2 >\n', ' hub a', '// note\n', '/* c */', ' psk "', '>', 'topology t\n') }) },
    // deleting a span
    { weight: 1, arbitrary: fc.record({ at: fc.nat(), remove: fc.integer({ min: 2, max: 40 }), insert: fc.constant('') }) },
);

const baseArb = fc.oneof(
    { weight: 3, arbitrary: topologyArb },
    { weight: 2, arbitrary: fc.constantFrom(...exampleTexts().map(e => e.text)) },
    { weight: 1, arbitrary: mutatedArb(topologyArb) },
);

describe('incremental parsing', () => {
    test('gives what a full parse gives, on random edits of random topologies', () => {
        let incremental = 0;
        let edits = 0;
        fc.assert(fc.property(baseArb, fc.array(editArb, { minLength: 1, maxLength: 8 }), (base, list) => {
            let text = base;
            let current = parser.parse(text);
            for (const e of list) {
                const next = apply(text, e);
                const full = parser.parse(next);
                const inc = reparseIncrementally(current, text, next, parser, lexer);
                edits++;
                if (!isFallback(inc)) {
                    incremental++;
                    expect(snapshot(inc, next)).toEqual(snapshot(full, next));
                }
                text = next;
                current = isFallback(inc) ? full : inc;
            }
        }), { seed: Number(process.env.TOPO_SEED ?? 20261122), numRuns: Number(process.env.TOPO_RUNS ?? 600) });
        // most edits of these small files are done incrementally (the rest fall back to a full parse)
        expect(incremental / edits).toBeGreaterThan(0.4);
    }, 90_000); // 600 runs: a few seconds alone, far more on a machine shared by several test runs

    test('typing a statement at the end of a file: incremental at every keystroke, even while it does not parse', () => {
        const base = exampleTexts().find(e => e.name.startsWith('qingcloud-star.'))?.text ?? exampleTexts()[0].text;
        const typed = '\nsite gd9 < provider qingcloud cidr 192.168.9.0/24 > hub pek3\n';
        let text = base;
        let current = parser.parse(text);
        let fallbacks = 0;
        for (let i = 1; i <= typed.length; i++) {
            const next = base + typed.slice(0, i);
            const inc = reparseIncrementally(current, text, next, parser, lexer);
            const full = parser.parse(next);
            if (!isFallback(inc)) expect(snapshot(inc, next)).toEqual(snapshot(full, next));
            else fallbacks++;
            text = next;
            current = isFallback(inc) ? full : inc;
        }
        expect(fallbacks).toBe(0);
    });

    test('a full parse says why (an edit of the header, an unclosed comment); others stay incremental', () => {
        const base = 'topology t\nsite a < provider gcp cidr 10.0.1.0/24 >\nsite b < provider gcp cidr 10.0.2.0/24 >\nsite c < provider gcp cidr 10.0.3.0/24 >\n';
        const reason = (next: string): FallbackReason | 'incremental' => {
            const r = reparseIncrementally(parser.parse(base), base, next, parser, lexer);
            if (isFallback(r)) return r.fallback;
            expect(snapshot(r, next)).toEqual(snapshot(parser.parse(next), next));
            return 'incremental';
        };
        expect(reason(base.replace('topology t', 'topology u'))).toBe('header');
        expect(reason(base.replace('site b', '/* site b'))).toBe('open-token');
        expect(reason(base.replace('10.0.2.0/24', '10.0.2.0/25'))).toBe('incremental');
        // an unfinished statement in the middle still parses incrementally (and equals a full parse)
        expect(reason(base.replace('10.0.1.0/24 >\n', '10.0.1.0/24 >\ntunnel x: a -> '))).toBe('incremental');
    });

    test('through the document builder, on random edits: the same diagnostics and targets as a fresh check', async () => {
        const factory = shared.workspace.LangiumDocumentFactory as TopoDocumentFactory;
        const docs = shared.workspace.TextDocuments as unknown as { set(d: TextDocument): void; delete(u: string): void };
        const show = (d: LangiumDocument) => (d.diagnostics ?? []).map(x => `${x.code} ${pos(x.range)} ${x.message}`).sort();
        const targets = (m: Model) => m.statements.flatMap(s => {
            const refs: string[] = [];
            for (const n of AstUtils.streamAst(s)) AstUtils.streamReferences(n).forEach(r => {
                const t = (r.reference as { ref?: AstNode & { name?: string } }).ref;
                refs.push(`${r.reference.$refText}->${t ? `${t.$type} ${t.name} @${t.$cstNode?.offset}` : 'none'}`);
            });
            return refs;
        });
        const before = factory.stats.incremental;
        await fc.assert(fc.asyncProperty(baseArb, fc.array(editArb, { minLength: 1, maxLength: 5 }), async (base, list) => {
            const doc = await check(base);
            const uri = doc.uri.toString();
            let text = base;
            try {
                for (const [i, e] of list.entries()) {
                    text = apply(text, e);
                    docs.set(TextDocument.create(uri, 'topo', i + 2, text));
                    await shared.workspace.DocumentBuilder.update([URI.parse(uri)], []);
                }
            } finally {
                docs.delete(uri);
            }
            const got = { diagnostics: show(doc), targets: targets(doc.parseResult.value as Model) };
            const fresh = await check(text);
            expect(got).toEqual({ diagnostics: show(fresh), targets: targets(fresh.parseResult.value as Model) });
        }), { seed: Number(process.env.TOPO_SEED ?? 20261122), numRuns: Math.ceil(Number(process.env.TOPO_RUNS ?? 600) / 4) });
        expect(factory.stats.incremental).toBeGreaterThan(before);
    });

    test('through the document builder: same diagnostics as a fresh check, unchanged statements keep their nodes', async () => {
        const factory = shared.workspace.LangiumDocumentFactory as TopoDocumentFactory;
        const text = exampleTexts().find(e => e.name.startsWith('qingcloud-star-as-printed'))!.text;
        const doc = await check(text);
        const uri = doc.uri.toString();
        const before = [...(doc.parseResult.value as Model).statements];
        const stats = { ...factory.stats };
        // fix the guide's wrong selector: one statement changes
        const edited = text.replace('remote 192.168.0.0/24, 172.26.0.0/24', 'remote 192.168.0.0/24, 172.16.0.0/24');
        expect(edited).not.toBe(text);
        const docs = shared.workspace.TextDocuments as unknown as { set(d: TextDocument): void; delete(u: string): void };
        docs.set(TextDocument.create(uri, 'topo', 2, edited));
        try {
            await shared.workspace.DocumentBuilder.update([URI.parse(uri)], []);
        } finally {
            docs.delete(uri);
        }
        expect(factory.stats.incremental).toBe(stats.incremental + 1);
        const after = (doc.parseResult.value as Model).statements;
        const kept = after.filter(s => before.includes(s)).length;
        expect(kept).toBe(after.length - 1);
        expect(AstUtils.getDocument(after[0]).uri.toString()).toBe(uri);
        const show = (d: typeof doc) => (d.diagnostics ?? []).map(x => `${x.code} ${pos(x.range)} ${x.message}`).sort();
        const shown = show(doc);
        expect(shown).toEqual(show(await check(edited)));
        expect(shown).not.toEqual(show(await check(text)));
    });
});
