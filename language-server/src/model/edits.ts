/**
 * Quick-fix edits whose range is read from a `SourceRef` when the edit is read, not when it is
 * made: findings kept across edits (analysis caches) then still point at the right text after
 * the text before it moved. The range is an own enumerable getter, so the edit serializes
 * (diagnostic data) and compares (tests) like a plain `{ uri, range, newText }`.
 */
import type { Edit, Position, Range, SourceRef } from './types.js';

/** Replaces the text at `at`. */
export function editAt(at: SourceRef, newText: string): Edit {
    return { uri: at.uri, get range(): Range { return at.range; }, newText };
}

/** Inserts at a position computed from the current ranges (e.g. the start of `at`). */
export function insertAt(uri: string, position: () => Position, newText: string): Edit {
    return { uri, get range(): Range { const p = position(); return { start: p, end: p }; }, newText };
}
