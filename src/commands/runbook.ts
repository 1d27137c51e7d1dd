/**
 * Console runbooks in the editor: `topo.showRunbook` (run by the server's "Generate console
 * steps for ..." code actions, args `[uri, provider?]`) and `topo.generateRunbook` (palette:
 * asks for the provider). The runbook opens beside the file as a checklist (RunbookPanel below)
 * whose text comes from the server's `topo.runbook` command; it follows edits to .topo files.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import { runbookLanguage, runbookProvider, type RunbookLanguage } from '../config.js';
import { renderRunbook, type RunbookPage } from '../runbook-html.js';
import { createPanel, TopoWebview, webviewHtml } from '../webview-panel.js';
import type { TopoCommand, TopoContext } from './types.js';

const VIEW_TYPE = 'topo.runbook';
const PROVIDER_NAMES: Record<string, string> = {
    qingcloud: 'QingCloud', tencent: 'Tencent Cloud', gcp: 'Google Cloud', aws: 'AWS', azure: 'Azure',
    alibaba: 'Alibaba Cloud', huawei: 'Huawei Cloud', strongswan: 'strongSwan',
};
/** Wait this long after the last keystroke before regenerating an open runbook. */
const REFRESH_DELAY_MS = 600;

const CSS = `
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family);
  font-size: var(--vscode-font-size); line-height: 1.5; padding: 0 16px 32px; max-width: 980px; }
#bar { position: sticky; top: 0; background: var(--vscode-editor-background); padding: 6px 0; border-bottom: 1px solid var(--vscode-panel-border); z-index: 2; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
code, pre { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); }
code { padding: 0 3px; border-radius: 3px; }
pre { padding: 8px; overflow-x: auto; margin: 0; }
.block { position: relative; } .block > .copy { position: absolute; top: 4px; right: 4px; }
table { border-collapse: collapse; } th, td { border: 1px solid var(--vscode-panel-border); padding: 2px 8px; text-align: left; }
.copy { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none;
  margin-left: 4px; padding: 0 5px; cursor: pointer; border-radius: 2px; font-size: 0.9em; }
.copy:hover { background: var(--vscode-button-secondaryHoverBackground); }
.copy:focus-visible, .tick:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
.tick { accent-color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); width: 1.1em; height: 1.1em; vertical-align: -2px; }
section.step.done h2 { color: var(--vscode-descriptionForeground); }
section.step.done h2 label::after { content: ' ✔'; color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
a { color: var(--vscode-textLink-foreground); }
`;
const BODY = '<div id="bar" role="status" aria-live="polite"><span id="status">Loading…</span></div>\n<main id="content"></main>';

/**
 * The runbook beside the editor: a webview (the diagram's plumbing, ../webview-panel.ts) showing
 * the server's `topo.runbook` Markdown as a checklist (../runbook-html.ts) that follows edits,
 * with a copy button per value and a tick per step, remembered per topology in workspace state.
 */
export class RunbookPanel extends TopoWebview {
    static current: RunbookPanel | undefined;
    private markdown = '';
    private page: RunbookPage = { html: '', steps: [] };
    private first: Promise<void>;
    private settle!: () => void;

    private constructor(ctx: TopoContext, panel: vscode.WebviewPanel, source: vscode.Uri, private provider: string | undefined, private lang: RunbookLanguage) {
        super(ctx, panel, source, REFRESH_DELAY_MS);
        this.first = new Promise(r => { this.settle = r; });
        panel.webview.html = webviewHtml(panel.webview, ctx.extension.extensionUri, { script: 'runbook.js', title: 'Console steps', css: CSS, body: BODY, lang: lang === 'zh' ? 'zh-CN' : 'en' });
        void this.update();
    }

    static async show(ctx: TopoContext, source: vscode.Uri, provider: string | undefined): Promise<RunbookPanel> {
        const lang = runbookLanguage(source);
        let p = RunbookPanel.current;
        if (p) {
            p.source = source; p.provider = provider; p.lang = lang;
            p.reveal();
            await p.update();
        } else {
            p = RunbookPanel.current = new RunbookPanel(ctx, createPanel(ctx, VIEW_TYPE, 'Console steps'), source, provider, lang);
        }
        await p.first;
        ctx.output.info(`Topo: runbook (${provider ?? 'all providers'}, ${lang}) for ${source.fsPath}`);
        return p;
    }

    /** What the view shows: the Markdown it rendered and its steps (extension tests read it). */
    get shown(): { markdown: string; steps: string[]; ticks: string[] } {
        return { markdown: this.markdown, steps: this.page.steps, ticks: this.ticks() };
    }

    /** Ticks are kept per topology: the folder and `topology NAME` of the source (a file without one: the file). */
    private tickKey(): string {
        const doc = vscode.workspace.textDocuments.find(d => d.uri.toString() === this.source.toString());
        const name = doc && /^\s*topology\s+(\S+)/m.exec(doc.getText())?.[1];
        const topology = name ? `${vscode.Uri.joinPath(this.source, '..').toString()}#${name}` : this.source.toString();
        return `topo.runbook.ticks:${topology}`;
    }

    private ticks(): string[] {
        return this.ctx.extension.workspaceState.get<string[]>(this.tickKey(), []);
    }

    async update(): Promise<void> {
        const client = this.ctx.client();
        if (!client?.isRunning()) {
            void this.panel.webview.postMessage({ type: 'error', message: 'The Topo language server is not running (Topo: Restart Language Server).' });
            return this.settle();
        }
        const answer = await this.latest(() => client.sendRequest(ExecuteCommandRequest.type,
            { command: 'topo.runbook', arguments: [this.source.toString(), this.provider ?? null, this.lang] }));
        if (!answer) return;
        if (!answer.ok || typeof answer.value !== 'string') {
            const message = answer.ok ? 'the language server returned no runbook' : answer.error;
            this.ctx.output.error(`Topo: runbook: ${message}`);
            void this.panel.webview.postMessage({ type: 'error', message: `Topo could not generate this runbook: ${message}` });
            return this.settle();
        }
        this.markdown = answer.value;
        this.page = renderRunbook(this.markdown);
        const base = this.source.path.split('/').pop() ?? '';
        this.panel.title = `Steps: ${base} (${this.provider ? PROVIDER_NAMES[this.provider] ?? this.provider : 'all'})`;
        void this.panel.webview.postMessage({ type: 'runbook', html: this.page.html, ticks: this.ticks(), title: this.panel.title });
        this.settle();
    }

    protected async onMessage(m: { type?: unknown; step?: unknown; done?: unknown; text?: unknown }): Promise<void> {
        if (m.type === 'tick' && typeof m.step === 'string') {
            const ticks = new Set(this.ticks());
            if (m.done === true) ticks.add(m.step); else ticks.delete(m.step);
            await this.ctx.extension.workspaceState.update(this.tickKey(), [...ticks]);
        } else if (m.type === 'copy' && typeof m.text === 'string') {
            await vscode.env.clipboard.writeText(m.text);
            void this.panel.webview.postMessage({ type: 'copied', text: m.text });
        }
    }

    protected override dispose(): void {
        RunbookPanel.current = undefined;
        super.dispose();
    }
}

async function showRunbook(ctx: TopoContext, source: vscode.Uri, provider: string | undefined): Promise<RunbookPanel['shown']> {
    return (await RunbookPanel.show(ctx, source, provider)).shown;
}

/**
 * The providers of the sites of the topology `source` belongs to, all its files (the server's
 * `topo.runbookProviders`; a site without `provider` is strongSwan); empty while the server is down.
 */
export async function topologyProviders(ctx: TopoContext, source: vscode.Uri): Promise<string[]> {
    const client = ctx.client();
    if (!client?.isRunning()) return [];
    return client.sendRequest(ExecuteCommandRequest.type, { command: 'topo.runbookProviders', arguments: [source.toString()] })
        .then(r => (Array.isArray(r) ? r as string[] : []), () => [] as string[]);
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
                const ids = await topologyProviders(ctx, source);
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
