/**
 * In-process reference points for `npm run bench`: Langium's lexer alone (`parser.Lexer.tokenize`)
 * and lexer + parser (`parser.LangiumParser.parse`) on the same text the CLI and the language
 * server get. Bundled by bench/run.mjs with esbuild (as out/*.cjs are), so it measures the
 * same code.
 */
import { EmptyFileSystem } from 'langium';
import { ANALYSES } from '../language-server/src/analyses/index.js';
import { createTopoServices } from '../language-server/src/services/topo-module.js';

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
