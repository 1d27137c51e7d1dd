/**
 * The `topo/validated` request: answers once the latest edit of a document is validated.
 *
 * Diagnostics are published only when they change (publish-diagnostics.ts), so an edit that
 * leaves a file's findings as they were sends nothing; the benchmark and tests that time an
 * edit ask this instead. Params `{ uri }`; the answer is the number of diagnostics the document
 * has after that validation, and how the server's parses went since it started (incremental,
 * full, and the full parses of changed texts by reason: incremental-parse.ts).
 */
import { URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { ResponseError, ErrorCodes, type CancellationToken, type Connection } from 'vscode-languageserver';
import type { TopoDocumentFactory } from '../services/parser/incremental-parse.js';
import type { TopoServices } from '../services/types.js';
import { validatedDocument } from './model-views.js';

export const VALIDATED_REQUEST = 'topo/validated';

export interface ValidatedResult {
    diagnostics: number;
    parses: TopoDocumentFactory['stats'];
}

export function registerValidatedRequest(connection: Connection, shared: LangiumSharedServices): void {
    connection.onRequest(VALIDATED_REQUEST, async (params: unknown, token: CancellationToken): Promise<ValidatedResult> => {
        const p = (params ?? {}) as Record<string, unknown>;
        if (typeof p.uri !== 'string' || p.uri === '') throw new ResponseError(ErrorCodes.InvalidParams, `${VALIDATED_REQUEST}: 'uri' must be the document URI`);
        const uri = URI.parse(p.uri);
        const doc = await validatedDocument(shared.ServiceRegistry.getServices(uri) as TopoServices, uri, token);
        const { stats } = shared.workspace.LangiumDocumentFactory as TopoDocumentFactory;
        return { diagnostics: doc.diagnostics?.length ?? 0, parses: { incremental: stats.incremental, full: stats.full, fallbacks: { ...stats.fallbacks } } };
    });
}
