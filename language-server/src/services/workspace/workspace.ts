/**
 * The whole workspace is checked, not only the open files: at startup every .topo file of the
 * workspace folders is parsed, linked and validated (Langium's default initial build skips
 * validation, so a file nobody opened had no diagnostics until something else rebuilt it), and
 * after every file-system change the client reports (a file created, deleted, renamed or changed
 * outside the editor) the affected files are checked again. Both report LSP work-done progress
 * ("Topo: checking the workspace", "n of m files"), which VS Code shows in its status bar.
 */
import * as fs from 'node:fs';
import { DefaultWorkspaceManager, DocumentState, URI, UriUtils, type BuildOptions } from 'langium';
import { DefaultDocumentUpdateHandler, type LangiumSharedServices } from 'langium/lsp';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CancellationToken, Connection, DidChangeWatchedFilesParams, TextDocumentChangeEvent, WorkspaceFolder } from 'vscode-languageserver';

/** At most one progress report per this many milliseconds (a large workspace has thousands of files). */
const REPORT_EVERY_MS = 100;

/**
 * Runs `work` (a build) under one work-done progress: begins with `title`, reports how many of
 * the documents that still need checking are validated, ends when the build ends. Without a
 * connection, or when the client does not support progress, it only runs `work`.
 */
async function withProgress<T>(services: LangiumSharedServices, title: string, work: () => Promise<T>): Promise<T> {
    const connection: Connection | undefined = services.lsp.Connection;
    if (!connection) return work();
    const progress = await connection.window.createWorkDoneProgress();
    const documents = services.workspace.LangiumDocuments;
    let total = 0;
    let done = 0;
    let last = 0;
    progress.begin(title, 0, undefined, false);
    const subscription = services.workspace.DocumentBuilder.onDocumentPhase(DocumentState.Validated, () => {
        done++;
        const now = Date.now();
        if (now - last < REPORT_EVERY_MS) return;
        last = now;
        if (done === 1 || done > total) total = documents.all.filter(d => d.state < DocumentState.Validated).count() + done;
        progress.report(Math.min(100, Math.round(done * 100 / Math.max(total, 1))), `${done} of ${total} files`);
    });
    try {
        return await work();
    } finally {
        subscription.dispose();
        progress.done();
    }
}

export class TopoWorkspaceManager extends DefaultWorkspaceManager {
    /** Validate at startup too: the Problems panel lists every file's findings without opening it. */
    override initialBuildOptions: BuildOptions = { validation: true };

    constructor(private readonly shared: LangiumSharedServices) {
        super(shared);
    }

    override async initializeWorkspace(folders: WorkspaceFolder[], cancelToken?: CancellationToken): Promise<void> {
        await withProgress(this.shared, 'Topo: checking the workspace', () => super.initializeWorkspace(folders, cancelToken));
    }
}

/**
 * File-system changes are checked under a progress report (above). When an editor tab closes
 * (Langium would keep the document, with its last, possibly unsaved text, for as long as the
 * server runs):
 * - a file in a workspace folder that exists on disk goes back to the text on disk (an edit that
 *   was never saved no longer counts, e.g. a network that would overlap another file's);
 * - anything else (a file outside the workspace, an untitled or deleted file) is removed, with
 *   its diagnostics, so that opening and closing many files does not keep them all in memory.
 */
export class TopoDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
    private fromWatcher = false;

    constructor(private readonly shared: LangiumSharedServices) {
        super(shared);
    }

    didCloseDocument(event: TextDocumentChangeEvent<TextDocument>): void {
        const uri = URI.parse(event.document.uri);
        const folders = (this.workspaceManager.workspaceFolders ?? []).map(f => URI.parse(f.uri));
        const keep = uri.scheme === 'file' && folders.some(f => UriUtils.contains(f, uri)) && isFile(uri.fsPath);
        if (keep) this.fireDocumentUpdate([uri], []);
        else this.fireDocumentUpdate([], [uri]);
    }

    override didChangeWatchedFiles(params: DidChangeWatchedFilesParams): void {
        this.fromWatcher = true;
        try {
            super.didChangeWatchedFiles(params);
        } finally {
            this.fromWatcher = false;
        }
    }

    /** A file-system change that touches .topo files (or folders) is checked under a progress report; edits in the editor are not. */
    protected override fireDocumentUpdate(changed: URI[], deleted: URI[]): void {
        const relevant = (uri: URI) => !/\.[^/]*$/.test(UriUtils.basename(uri)) || this.serviceRegistry.hasServices(uri);
        if (!this.fromWatcher || !changed.concat(deleted).some(relevant)) {
            super.fireDocumentUpdate(changed, deleted);
            return;
        }
        this.workspaceManager.ready
            .then(() => this.workspaceLock.write(token =>
                withProgress(this.shared, 'Topo: checking changed files', () => this.documentBuilder.update(changed, deleted, token))))
            .catch(err => console.error('Topo: checking changed files failed', err));
    }
}

function isFile(p: string): boolean {
    try { return fs.statSync(p).isFile(); } catch { return false; }
}
