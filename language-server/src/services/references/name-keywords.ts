/**
 * The keywords that are also names (the `Name` rule of the grammar: a site may be called `hub`).
 * Read from the grammar, so a keyword added there is a name everywhere without a second list.
 */
import { AstUtils, GrammarAST } from 'langium';
import { TopoGrammar } from '../../generated/grammar.js';

let names: ReadonlySet<string> | undefined;

export function nameKeywords(): ReadonlySet<string> {
    if (names) return names;
    const rule = TopoGrammar().rules.find(r => r.name === 'Name');
    const out = new Set<string>();
    if (rule && GrammarAST.isParserRule(rule)) {
        for (const node of AstUtils.streamAllContents(rule)) if (GrammarAST.isKeyword(node)) out.add(node.value);
    }
    return (names = out);
}

/** Whether a grammar element is one of the keyword alternatives of `Name`. */
export function isNameKeyword(feature: GrammarAST.AbstractElement): boolean {
    return GrammarAST.isKeyword(feature) && AstUtils.getContainerOfType(feature, GrammarAST.isParserRule)?.name === 'Name';
}
