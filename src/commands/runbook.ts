/**
 * Console runbooks in the editor: `topo.showRunbook` (run by the server's "Generate console
 * steps for ..." code actions, args `[uri, provider?]`) and `topo.generateRunbook` (palette:
 * asks for the provider). The runbook opens beside the file as a read-only Markdown document
 * (scheme `topo-runbook`) whose text comes from the server's `topo.runbook` command; it
 * refreshes when a .topo document changes.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import { runbookLanguage, runbookProvider } from '../config.js';
import type { TopoCommand, TopoContext } from './types.js';

const SCHEME = 'topo-runbook';
const PROVIDER_NAMES: Record<string, string> = {
    qingcloud: 'QingCloud', tencent: 'Tencent Cloud', gcp: 'Google Cloud', aws: 'AWS', azure: 'Azure',
    alibaba: 'Alibaba Cloud', huawei: 'Huawei Cloud', strongswan: 'strongSwan',
};
/** Wait this long after the last keystroke before regenerating an open runbook. */
const REFRESH_DELAY_MS = 600;

/** The virtual document of a runbook: which file, which provider, which language. */
function runbookUri(source: vscode.Uri, provider: string | undefined, lang: string): vscode.Uri {
    const base = source.path.split('/').pop()?.replace(/\.topo$/, '') ?? 'topology';
    const query = new URLSearchParams({ source: source.toString(), provider: provider ?? '', lang });
    return vscode.Uri.from({ scheme: SCHEME, path: `/${base}.${provider ?? 'all'}.${lang}.md`, query: query.toString() });
}

class RunbookDocuments implements vscode.TextDocumentContentProvider {
    private readonly changed = new vscode.EventEmitter<vscode.Uri>();
    readonly onDidChange = this.changed.event;
    private timer: ReturnType<typeof setTimeout> | undefined;

    constructor(private readonly ctx: TopoContext) { }

    async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
        const q = new URLSearchParams(uri.query);
        const client = this.ctx.client();
        if (!client?.isRunning()) return '> The Topo language server is not running (Topo: Restart Language Server).\n';
        try {
            const markdown = await client.sendRequest(ExecuteCommandRequest.type,
                { command: 'topo.runbook', arguments: [q.get('source'), q.get('provider') || null, q.get('lang') || 'en'] }, token);
            return typeof markdown === 'string' ? markdown : '> The language server returned no runbook.\n';
        } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            this.ctx.output.error(`Topo: runbook: ${message}`);
            return `> Topo could not generate this runbook: ${message}\n`;
        }
    }

    /** Regenerates every open runbook a little after the last change to a .topo file. */
    topologyChanged(): void {
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => {
            for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === SCHEME) this.changed.fire(doc.uri);
        }, REFRESH_DELAY_MS);
    }
}

let documents: RunbookDocuments | undefined;

function ensureProvider(ctx: TopoContext): RunbookDocuments {
    if (documents) return documents;
    const provider = documents = new RunbookDocuments(ctx);
    ctx.extension.subscriptions.push(
        vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider),
        vscode.workspace.onDidChangeTextDocument(e => { if (e.document.languageId === 'topo') provider.topologyChanged(); }),
        vscode.workspace.onDidSaveTextDocument(d => { if (d.languageId === 'topo') provider.topologyChanged(); }),
    );
    return provider;
}

async function showRunbook(ctx: TopoContext, source: vscode.Uri, provider: string | undefined): Promise<vscode.TextEditor> {
    ensureProvider(ctx);
    const uri = runbookUri(source, provider, runbookLanguage(source));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
    ctx.output.info(`Topo: runbook ${uri.path} for ${source.fsPath}`);
    return editor;
}

function activeTopoUri(): vscode.Uri | undefined {
    const doc = vscode.window.activeTextEditor?.document;
    return doc?.languageId === 'topo' ? doc.uri : undefined;
}

export const RUNBOOK_COMMANDS: TopoCommand[] = [
    {
        id: 'topo.showRunbook',
        run: async (ctx, uri?: string | vscode.Uri, provider?: string | null) => {
            const source = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri ?? activeTopoUri();
            if (!source) return void vscode.window.showWarningMessage('Topo: open a .topo file to generate its console steps.');
            return showRunbook(ctx, source, provider ?? undefined);
        },
    },
    {
        id: 'topo.generateRunbook',
        run: async ctx => {
            const source = activeTopoUri();
            if (!source) return void vscode.window.showWarningMessage('Topo: open a .topo file to generate its console steps.');
            let provider = runbookProvider(source);
            if (!provider) {
                // only the providers this topology has sites on (the server knows), plus all of them
                const client = ctx.client();
                const ids = client?.isRunning()
                    ? await client.sendRequest(ExecuteCommandRequest.type, { command: 'topo.runbookProviders', arguments: [source.toString()] })
                        .then(r => (Array.isArray(r) ? r as string[] : []), () => [] as string[])
                    : [];
                const items = [
                    ...ids.map(p => ({ label: PROVIDER_NAMES[p] ?? p, description: p, provider: p as string | undefined })),
                    { label: 'All providers', description: ids.map(p => PROVIDER_NAMES[p] ?? p).join(', '), provider: undefined as string | undefined },
                ];
                const pick = await vscode.window.showQuickPick(items, { title: 'Topo: console steps for which provider?' });
                if (!pick) return undefined;
                provider = pick.provider;
            }
            return showRunbook(ctx, source, provider);
        },
    },
];
