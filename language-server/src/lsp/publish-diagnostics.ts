/**
 * Publishes a document's diagnostics only when they changed. Langium sends them for every
 * document a build validates; an edit in one file of a 3,000-file topology revalidates all of
 * them, and sending 3,000 unchanged lists per keystroke costs the client more than the check.
 * The last list sent is kept per document as a digest (not the list): some 60 bytes per
 * document ever published, removed ones included.
 */
import { createHash } from 'node:crypto';
import type { Connection, PublishDiagnosticsParams } from 'vscode-languageserver';

export function publishOnlyChanges(connection: Connection): void {
    const sent = new Map<string, string>();
    const send = connection.sendDiagnostics.bind(connection);
    connection.sendDiagnostics = (params: PublishDiagnosticsParams) => {
        const digest = createHash('sha1').update(JSON.stringify(params.diagnostics)).digest('base64');
        if (sent.get(params.uri) === digest) return Promise.resolve();
        sent.set(params.uri, digest);
        return send(params);
    };
}
