/**
 * What happens to a document when its editor tab closes (Langium keeps it, with its last,
 * possibly unsaved text, for as long as the server runs):
 * - a file in a workspace folder that exists on disk goes back to the text on disk (an edit that
 *   was never saved no longer counts, e.g. a network that would overlap another file's);
 * - anything else (a file outside the workspace, an untitled or deleted file) is removed, with
 *   its diagnostics, so that opening and closing many files does not keep them all in memory.
 */
import * as fs from 'node:fs';
import { URI, UriUtils } from 'langium';
import { DefaultDocumentUpdateHandler, type LangiumSharedServices } from 'langium/lsp';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentChangeEvent } from 'vscode-languageserver';

export class TopoDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
    private readonly folders: () => URI[];

    constructor(services: LangiumSharedServices) {
        super(services);
        const manager = services.workspace.WorkspaceManager;
        this.folders = () => (manager.workspaceFolders ?? []).map(f => URI.parse(f.uri));
    }

    didCloseDocument(event: TextDocumentChangeEvent<TextDocument>): void {
        const uri = URI.parse(event.document.uri);
        const keep = uri.scheme === 'file' && this.folders().some(f => UriUtils.contains(f, uri)) && isFile(uri.fsPath);
        if (keep) this.fireDocumentUpdate([uri], []);
        else this.fireDocumentUpdate([], [uri]);
    }
}

function isFile(p: string): boolean {
    try { return fs.statSync(p).isFile(); } catch { return false; }
}
