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

export function setStatementChange(result: ParseResult, change: StatementChange): void {
    (result as ParseResult & { [CHANGE]?: StatementChange })[CHANGE] = change;
}
