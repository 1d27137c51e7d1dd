/**
 * What an incremental parse changed (see incremental-parse.ts), attached to its parse result:
 * the linker reads it to link again only what the change can affect.
 */
import type { AstNode, ParseResult } from 'langium';

const CHANGE = Symbol('topo.statementChange');

/** What an incremental parse changed: statements removed from and inserted into the parse result `from`. */
export interface StatementChange {
    from: ParseResult;
    removed: AstNode[];
    inserted: AstNode[];
}

/** The statements an incremental parse replaced, when `result` came from one. */
export function statementChangeOf(result: ParseResult): StatementChange | undefined {
    return (result as ParseResult & { [CHANGE]?: StatementChange })[CHANGE];
}

/**
 * Attaches `change` to `result`. The previous result forgets its own change, so that parse
 * results never form a chain back to the first one (each kept its predecessor: a leak per edit);
 * at most one previous result is kept, until the next edit.
 */
export function setStatementChange(result: ParseResult, change: StatementChange): void {
    delete (change.from as ParseResult & { [CHANGE]?: StatementChange })[CHANGE];
    (result as ParseResult & { [CHANGE]?: StatementChange })[CHANGE] = change;
}
