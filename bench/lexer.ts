/**
 * In-process reference points for `npm run bench`: Langium's lexer alone (`parser.Lexer.tokenize`)
 * and lexer + parser (`parser.LangiumParser.parse`) on the same text the CLI and the language
 * server get. Bundled by bench/run.mjs with esbuild (as out/*.cjs are), so it measures the
 * same code.
 */
import '../language-server/src/polyfills.js';
import { EmptyFileSystem, URI } from 'langium';
import { ANALYSES } from '../language-server/src/analyses/index.js';
import { createTopoServices } from '../language-server/src/topo-module.js';

const { Topo } = createTopoServices(EmptyFileSystem);

/** Tokenizes `text`; returns the number of tokens. */
export function lex(text: string): number {
    return Topo.parser.Lexer.tokenize(text).tokens.length;
}

/** Lexes and parses `text` into an AST with its CST; returns the number of statements. */
export function parse(text: string): number {
    const result = Topo.parser.LangiumParser.parse(text);
    return (result.value as { statements?: unknown[] }).statements?.length ?? 0;
}

/** The analyses registered when the benchmark runs (it measures whatever is registered). */
export function analyses(): string[] {
    return ANALYSES.map(a => a.name);
}

/**
 * A full in-process build (parse, index, scopes, link, index references, validate) of `texts`
 * as one folder, with the time of each phase: where a cold check spends its time.
 */
export async function phases(texts: string[]): Promise<Record<string, number>> {
    const { shared } = createTopoServices(EmptyFileSystem);
    const out: Record<string, number> = {};
    let last = performance.now();
    for (const [state, name] of [[1, 'parse'], [2, 'index'], [3, 'scopes'], [4, 'link'], [5, 'indexReferences'], [6, 'validate']] as const) {
        shared.workspace.DocumentBuilder.onBuildPhase(state, () => {
            const now = performance.now();
            out[name] = (out[name] ?? 0) + now - last;
            last = now;
        });
    }
    const docs = texts.map((text, i) => {
        const doc = shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(`file:///bench/phases/${i}.topo`));
        shared.workspace.LangiumDocuments.addDocument(doc);
        return doc;
    });
    last = performance.now();
    const t0 = last;
    await shared.workspace.DocumentBuilder.build(docs, { validation: true });
    out.total = performance.now() - t0;
    return out;
}
