/**
 * What the Topo webviews beside the editor share (the diagram, src/commands/diagram.ts, and the
 * runbook, src/commands/runbook-view.ts):
 * - the page: a strict Content-Security-Policy (nothing remote; the script from out/webview/ and
 *   the styles only by nonce), theme colours through VS Code's CSS variables;
 * - following the text: a change to any .topo document (typed or saved) schedules `update()`
 *   after a short delay, and `latest()` drops the answers of requests a newer one has replaced;
 * - the message loop: `ready` from the page asks for the first update, the rest goes to `onMessage`.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { TopoContext } from './commands/types.js';

export interface PageSpec {
    /** The bundle in out/webview/ (esbuild.mjs), e.g. `diagram.js`. */
    script: string;
    title: string;
    css: string;
    body: string;
    lang?: string;
}

/** The page of a webview: CSP with a fresh nonce, the styles and the script by that nonce. */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, spec: PageSpec): string {
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'out', 'webview', spec.script));
    // nothing but the script and the styles carrying this nonce (no images, fonts or connections)
    const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
    return `<!DOCTYPE html>
<html lang="${spec.lang ?? 'en'}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${nonce}">${spec.css}</style>
<title>${spec.title}</title></head>
<body>
${spec.body}
<script nonce="${nonce}" src="${script}"></script>
</body></html>`;
}

/** A webview panel beside the editor, showing something of the topology `source` belongs to. */
export function createPanel(ctx: TopoContext, viewType: string, title: string): vscode.WebviewPanel {
    const root = vscode.Uri.joinPath(ctx.extension.extensionUri, 'out', 'webview');
    const panel = vscode.window.createWebviewPanel(viewType, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true, localResourceRoots: [root], retainContextWhenHidden: true });
    panel.iconPath = vscode.Uri.joinPath(ctx.extension.extensionUri, 'icons', 'topo-file.svg');
    return panel;
}

export abstract class TopoWebview {
    protected readonly disposables: vscode.Disposable[] = [];
    private sequence = 0;
    private timer: ReturnType<typeof setTimeout> | undefined;

    protected constructor(protected readonly ctx: TopoContext, protected readonly panel: vscode.WebviewPanel,
        protected source: vscode.Uri, private readonly delayMs: number) {
        this.disposables.push(
            panel.onDidDispose(() => this.dispose()),
            panel.webview.onDidReceiveMessage(m => (m?.type === 'ready' ? this.update() : this.onMessage(m))),
            vscode.workspace.onDidChangeTextDocument(e => { if (e.document.languageId === 'topo' && e.contentChanges.length) this.schedule(); }),
            vscode.workspace.onDidSaveTextDocument(d => { if (d.languageId === 'topo') this.schedule(); }),
        );
    }

    abstract update(): Promise<void>;
    protected abstract onMessage(m: Record<string, unknown>): unknown;

    protected schedule(): void {
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.update(), this.delayMs);
    }

    /**
     * Runs `request`: its answer or its error, or undefined when a newer request started
     * meanwhile (a stale answer is dropped, and so is a stale error).
     */
    protected async latest<T>(request: () => Thenable<T>): Promise<{ ok: true; value: T } | { ok: false; error: string } | undefined> {
        const seq = ++this.sequence;
        try {
            const value = await request();
            return seq === this.sequence ? { ok: true, value } : undefined;
        } catch (error) {
            return seq === this.sequence ? { ok: false, error: error instanceof Error ? error.message : String(error) } : undefined;
        }
    }

    reveal(): void {
        this.panel.reveal(vscode.ViewColumn.Beside, true);
    }

    protected dispose(): void {
        if (this.timer) clearTimeout(this.timer);
        for (const d of this.disposables) d.dispose();
    }
}
