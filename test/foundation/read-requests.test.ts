/**
 * The editor's read requests at scale (issue 18) answer what they answered before they were
 * made cheap: each fast path is compared with the straightforward Langium way on the examples,
 * the benchmark's topologies and texts cut off mid-statement (what error recovery leaves).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { AstUtils, DefaultCommentProvider, GrammarUtils, type AstNode, type LangiumDocument } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes, type CodeLens } from 'vscode-languageserver';
import * as ast from '../../language-server/src/generated/ast.js';
import { firstNodeForProperty, TopoCommentProvider } from '../../language-server/src/lsp/cst.js';
import { lensTitles, type TopoCodeLensProvider } from '../../language-server/src/lsp/code-lens.js';
import { startServer } from '../server-process.js';
import { selectorHead, selectorSize } from '../../language-server/src/model/selectors.js';
import { describeTunnel } from '../../language-server/src/analyses/describe.js';
import { check, services, GUIDE_STAR, TENCENT_GCP } from '../helpers.js';
// @ts-expect-error: a JavaScript module without types
import { scenarios } from '../../bench/generate.mjs';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLES = fs.readdirSync(path.join(ROOT, 'examples')).filter(f => f.endsWith('.topo')).map(f => fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8'));
const BENCH: string[] = (scenarios() as { id: string; files: { text: string }[] }[]).filter(s => s.id === 'star-100').map(s => s.files[0].text);
/** Each example cut at a few places: unclosed `<`, half a name, a dangling `psk "` and the like. */
const CUT = EXAMPLES.flatMap(t => [0.21, 0.5, 0.77].map(f => t.slice(0, Math.floor(t.length * f))))
    .concat(['site a < cidr 10.0.0.0/24 > hub a\ntunnel t a -> < psk "abc\nsite b < provider', 'topology x\nsite < cidr >\nhost h in\ntunnel a b']);
const TEXTS = [...EXAMPLES, ...BENCH, ...CUT, GUIDE_STAR, TENCENT_GCP];

/** The highlighting as it was written with Langium's per-property look-ups: the reference. */
class ReferenceTokens extends AbstractSemanticTokenProvider {
    protected highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        const decl = [SemanticTokenModifiers.declaration];
        if (ast.isModel(node) && node.name) acceptor({ node, property: 'name', type: SemanticTokenTypes.namespace, modifier: decl });
        else if (ast.isSite(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.class, modifier: decl });
            if (node.hub) acceptor({ node, property: 'hub', type: SemanticTokenTypes.class });
        } else if (ast.isHost(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.variable, modifier: decl });
            if (node.site) acceptor({ node, property: 'site', type: SemanticTokenTypes.class });
        } else if (ast.isTunnel(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.function, modifier: decl });
            if (node.from) acceptor({ node, property: 'from', type: SemanticTokenTypes.class });
            if (node.to) acceptor({ node, property: 'to', type: SemanticTokenTypes.class });
        } else if (ast.isRouteProperty(node) && node.tunnel) acceptor({ node, property: 'tunnel', type: SemanticTokenTypes.function });
        else if (ast.isCidr(node)) acceptor({ node, property: 'value', type: SemanticTokenTypes.number });
        else if (ast.isProposal(node)) acceptor({ node, property: 'value', type: SemanticTokenTypes.enumMember });
        else if (ast.isProviderProperty(node) && node.provider) acceptor({ node, property: 'provider', type: SemanticTokenTypes.type });
        else if (ast.isRegionProperty(node) && node.region) acceptor({ node, property: 'region', type: SemanticTokenTypes.string });
        else if (ast.isPskProperty(node) && node.env) acceptor({ node, property: 'env', type: SemanticTokenTypes.variable, modifier: [SemanticTokenModifiers.readonly] });
    }
}

describe('semantic tokens in one pass over the syntax tree', () => {
    const reference = new ReferenceTokens(services);
    const provider = services.lsp.SemanticTokenProvider!;

    test('the whole file and ranges of it: the same tokens as the per-property way', async () => {
        let tokens = 0;
        for (const text of TEXTS) {
            const doc = await check(text);
            const textDocument = { uri: doc.uri.toString() };
            const full = await provider.semanticHighlight(doc, { textDocument });
            expect(full.data, text).toEqual((await reference.semanticHighlight(doc, { textDocument })).data);
            tokens += full.data.length / 5;
            const lines = doc.textDocument.lineCount;
            for (const [a, b] of [[0, 3], [Math.floor(lines / 3), Math.floor(lines / 3) + 7], [lines - 4, lines + 2]]) {
                // ranges that start and end inside a line, too
                const range = { start: { line: Math.max(0, a), character: 3 }, end: { line: Math.max(0, b), character: 5 } };
                const part = await provider.semanticHighlightRange(doc, { textDocument, range });
                expect(part.data, `${text}\n${JSON.stringify(range)}`).toEqual((await reference.semanticHighlightRange(doc, { textDocument, range })).data);
            }
        }
        expect(tokens).toBeGreaterThan(1000);
    });
});

describe('document symbols find a statement\'s name without listing its assignments', () => {
    test('firstNodeForProperty finds the node GrammarUtils.findNodeForProperty finds', async () => {
        let compared = 0;
        for (const text of TEXTS) {
            const doc: LangiumDocument = await check(text);
            const model = doc.parseResult.value as ast.Model;
            for (const node of [model, ...model.statements]) {
                for (const property of ['name', 'hub', 'site', 'from', 'to', 'address', 'properties']) {
                    expect(firstNodeForProperty(node.$cstNode, property), `${property} of ${node.$cstNode?.text}`).toBe(GrammarUtils.findNodeForProperty(node.$cstNode, property));
                    compared++;
                }
            }
        }
        expect(compared).toBeGreaterThan(1000);
    });
});

/** A star of `spokes` spokes around `core`, one /24 each. */
function star(spokes: number): string {
    const lines = ['site core < cidr 172.16.0.0/16 > hub core'];
    for (let i = 1; i <= spokes; i++) lines.push(`site s${i} < cidr 10.${i >> 8}.${i & 255}.0/24 > hub core`);
    return lines.join('\n') + '\n';
}

describe('a large star: hints and hovers name the first networks and sites, then count the rest', () => {
    test('selectorHead and selectorSize agree with the listed selector on every end', async () => {
        let ends = 0;
        for (const text of [...EXAMPLES, ...BENCH, star(30), GUIDE_STAR, TENCENT_GCP]) {
            const doc = await check(text);
            const { topology } = services.topo.TopologyService.resultFor(doc);
            for (const t of topology.tunnels) for (const e of [t.a, t.b]) for (const side of ['local', 'remote'] as const) {
                for (const n of [1, 3, 8]) expect(selectorHead(e, side, n).map(x => x.prefix.text)).toEqual(e[side].slice(0, n).map(x => x.prefix.text));
                expect(selectorSize(e, side)).toBe(e[side].length);
                ends++;
            }
        }
        expect(ends).toBeGreaterThan(400);
    });

    test('the inlay hint of a spoke: the derived tunnel, its first networks in the tooltip, then a count', async () => {
        const doc = await check(star(60));
        const line = 5; // site s5
        const hints = await services.lsp.InlayHintProvider!.getInlayHints(doc, { textDocument: { uri: doc.uri.toString() }, range: { start: { line, character: 0 }, end: { line, character: 80 } } });
        expect(hints?.map(h => h.label)).toEqual([' derived s5-core']);
        const tooltip = hints?.[0].tooltip;
        const text = typeof tooltip === 'object' ? tooltip.value : String(tooltip);
        // local: s5's network; remote: the centre's and the other 59 spokes' networks, 8 shown
        expect(text).toContain('- `s5-core`: local 10.0.5.0/24 ⇄ remote 172.16.0.0/16, 10.0.1.0/24, 10.0.2.0/24, 10.0.3.0/24, 10.0.4.0/24, 10.0.6.0/24, 10.0.7.0/24, 10.0.8.0/24 and 52 more');
    });

    test('a tunnel\'s hover: a derived selector\'s first 20 networks, then a count', async () => {
        const doc = await check(star(30));
        const { topology } = services.topo.TopologyService.resultFor(doc);
        const md = describeTunnel(topology.tunnels.find(t => t.name === 'core-s5')!);
        const first20 = ['172.16.0.0/16', ...Array.from({ length: 30 }, (_, i) => `10.0.${i + 1}.0/24`).filter(n => n !== '10.0.5.0/24')].slice(0, 20);
        expect(md).toContain(`**core-s5** at core (towards s5), not written\n- local: ${first20.join(', ')} and 10 more _derived_\n- remote: 10.0.5.0/24 _derived_`);
    });

    test('the hover of a spoke traces traffic to its first 50 peers and counts the others', async () => {
        const text = star(60);
        const doc = await check(text);
        const hover = await services.lsp.HoverProvider!.getHoverContent(doc, { textDocument: { uri: doc.uri.toString() }, position: { line: 5, character: 6 } });
        const md = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
        expect(md).toContain('**site s5**');
        expect(md).toContain('- **core** (172.16.0.0/16) via tunnel `core-s5` (derived): to core carried, from core carried');
        expect(md.split('\n').filter(l => l.startsWith('- **')).length).toBe(50);
        expect(md).toContain('- and 10 more sites, not traced here (the check reports traffic dropped on the way to any of them)');
        // a small star: every peer, no count
        const small = await check(star(3));
        const h = await services.lsp.HoverProvider!.getHoverContent(small, { textDocument: { uri: small.uri.toString() }, position: { line: 1, character: 6 } });
        const smd = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
        expect(smd.split('\n').filter(l => l.startsWith('- **')).length).toBe(3);
        expect(smd).not.toContain('more site');
    });
});

describe('code lenses resolved lazily', () => {
    test('codeLens lists where the lenses are; codeLens/resolve gives each its title', async () => {
        const doc = await check(GUIDE_STAR);
        const provider = services.lsp.CodeLensProvider as TopoCodeLensProvider;
        const listed = (await provider.provideCodeLens(doc)) ?? [];
        // three sites and four tunnels; hosts have none
        expect(listed.map(l => l.range.start.line)).toEqual([2, 3, 4, 10, 11, 12, 13]);
        expect(listed.every(l => l.command === undefined)).toBe(true);
        const titles = listed.map(l => provider.resolveCodeLens(doc, JSON.parse(JSON.stringify(l))).command?.title);
        expect(titles[1]).toBe('reaches 1 of 2 sites · gd2 not reached: dropped at gd2-pek3 (remote selector) · 1 tunnel');
        expect(titles[6]).toMatch(/^gd2-pek3 @ gd2 ⇄ pek3-gd2 @ pek3 · .* · 3 problems$/);
        expect((await lensTitles(provider, doc)).map(l => l.command?.title)).toEqual(titles);
    });

    test('a lens listed before an edit is resolved for the statement now at its place', async () => {
        const doc = await check(GUIDE_STAR);
        const provider = services.lsp.CodeLensProvider as TopoCodeLensProvider;
        const listed = (await provider.provideCodeLens(doc)) ?? [];
        // the data names statement 1 (site sh1), the range the place of site gd2
        const moved = { range: listed[2].range, data: listed[1].data };
        expect(provider.resolveCodeLens(doc, moved).command?.title).toBe('reaches 1 of 2 sites · sh1 not reached: dropped at gd2-pek3 (remote selector) · 1 tunnel');
        expect(provider.resolveCodeLens(doc, { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, data: listed[0].data }).command?.title).toBe('');
    });

    test('the language server announces and answers codeLens/resolve', async () => {
        const server = await startServer();
        try {
            const init = await server.conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} }) as { capabilities: { codeLensProvider?: { resolveProvider?: boolean } } };
            expect(init.capabilities.codeLensProvider?.resolveProvider).toBe(true);
            await server.conn.sendNotification('initialized', {});
            const uri = 'file:///nowhere/star.topo';
            await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'topo', version: 1, text: GUIDE_STAR } });
            const lenses = await server.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } }) as CodeLens[];
            expect(lenses).toHaveLength(7);
            const resolved = await Promise.all(lenses.map(l => server.conn.sendRequest('codeLens/resolve', l) as Promise<CodeLens>));
            expect(resolved[0].command?.title).toBe('reaches 2 sites · 2 tunnels · no problems');
            expect(resolved[6].command?.title).toMatch(/^gd2-pek3 @ gd2 ⇄ pek3-gd2 @ pek3 · .* · 3 problems$/);
        } finally {
            server.stop();
        }
    }, 60000);
});

describe('documentation comments found by offset', () => {
    test('TopoCommentProvider finds the comment Langium\'s default finds, on every node', async () => {
        const commented = '/* the topology */\ntopology t\n/* Beijing */\nsite a < /* in */ cidr 10.0.0.0/24 > hub a\n// not a doc comment\nsite b < cidr 10.1.0.0/24 > hub a\n/* x */ /* the host */ host h 10.0.0.5 in a\n/* t */\ntunnel t a <-> b\n';
        const mine = new TopoCommentProvider(services), reference = new DefaultCommentProvider(services);
        let found = 0, compared = 0;
        for (const text of [commented, ...TEXTS]) {
            const doc = await check(text);
            for (const node of AstUtils.streamAst(doc.parseResult.value)) {
                const expected = reference.getComment(node);
                expect(mine.getComment(node), `${node.$type} ${node.$cstNode?.text}`).toBe(expected);
                if (expected) found++;
                compared++;
            }
        }
        expect(found).toBeGreaterThanOrEqual(4);
        expect(compared).toBeGreaterThan(1500);
    });
});
