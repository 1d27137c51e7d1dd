/**
 * Topo: Show Topology Diagram (palette and the editor-title button of .topo files): a webview
 * beside the editor with the picture of the topology the file belongs to, drawn by the language
 * server (`topo/graph` with `svg: true`), coloured by VS Code's theme.
 *
 * - it follows edits while typing (a request per change, stale answers dropped), keeping the
 *   user's zoom and pan (the webview replaces the picture in one step);
 * - a click on a site or tunnel end reveals its statement in the editor; a click on a group of
 *   a large topology expands it; hover shows what the editor's hover says there;
 * - strict Content-Security-Policy: nothing remote, the script and the styles only by nonce.
 */
import * as vscode from 'vscode';
import type { GraphResult } from '../../language-server/src/lsp/graph-request.js';
import type { SourceRef } from '../../language-server/src/model/types.js';
import { GRAPH_CSS, liveText, statusText } from '../../language-server/src/graph/svg.js';
import { hoverHtml } from '../runbook-html.js';
import { adapterFoldersFor } from '../config.js';
import { createPanel, TopoWebview, webviewHtml } from '../webview-panel.js';
import type { TopoCommand, TopoContext } from './types.js';

const VIEW_TYPE = 'topo.diagram';
/** Wait this long after a keystroke before asking for the new picture (coalesces bursts of typing). */
const UPDATE_DELAY_MS = 40;

/** Theme colours for the picture's variables (graph/svg.ts GRAPH_CSS). */
const WEBVIEW_CSS = `
body { margin: 0; padding: 0; overflow: hidden; color: var(--vscode-foreground); background: var(--vscode-editor-background);
  font-family: var(--vscode-font-family); font-size: var(--vscode-font-size);
  --topo-fg: var(--vscode-editor-foreground); --topo-muted: var(--vscode-descriptionForeground);
  --topo-bg: var(--vscode-editor-background); --topo-node-bg: var(--vscode-editor-background);
  --topo-error: var(--vscode-editorError-foreground); --topo-warning: var(--vscode-editorWarning-foreground);
  --topo-clean: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
#toolbar { display: flex; gap: 4px; align-items: center; padding: 4px 8px; border-bottom: 1px solid var(--vscode-panel-border); }
#toolbar button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 2px 8px; cursor: pointer; }
#toolbar button:focus-visible, .item:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
#status { margin-left: 8px; opacity: 0.8; }
#viewport { position: absolute; top: 32px; left: 0; right: 0; bottom: 0; overflow: hidden; cursor: grab; }
#viewport:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
#canvas { transform-origin: 0 0; position: absolute; top: 0; left: 0; }
.topo-graph [data-id]:focus-visible .mark { stroke: var(--vscode-focusBorder); }
#tooltip { position: fixed; max-width: 300px; padding: 6px 8px; pointer-events: none; z-index: 10; overflow-wrap: anywhere;
  background: var(--vscode-editorHoverWidget-background); color: var(--vscode-editorHoverWidget-foreground);
  border: 1px solid var(--vscode-editorHoverWidget-border); }
#tooltip p, #tooltip ul { margin: 0 0 6px; } #tooltip ul { padding-left: 16px; }
#tooltip code { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); }
#text-view { position: absolute; right: 8px; top: 40px; max-height: 60%; overflow: auto; background: var(--vscode-editorWidget-background);
  border: 1px solid var(--vscode-editorWidget-border); padding: 0 8px; z-index: 5; }
#text-view ul { list-style: none; padding: 0; margin: 4px 0; }
.item { background: none; border: none; color: var(--vscode-foreground); text-align: left; cursor: pointer; padding: 2px 0; }
.item.error::before { content: '✘ '; color: var(--vscode-editorError-foreground); }
.item.warning::before { content: '! '; color: var(--vscode-editorWarning-foreground); }
.item.clean::before { content: '✔ '; color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
`;

const BODY = `<div id="toolbar" role="toolbar" aria-label="Diagram">
<button id="zoom-in" title="Zoom in (+)" aria-label="Zoom in">+</button>
<button id="zoom-out" title="Zoom out (-)" aria-label="Zoom out">−</button>
<button id="zoom-fit" title="Fit (0)" aria-label="Fit to window">Fit</button>
<span id="status" role="status" aria-live="polite">Loading…</span>
</div>
<div id="viewport" tabindex="0" aria-label="Topology diagram: Tab moves between sites and tunnel ends, Enter shows one in the editor, + and - zoom, arrow keys pan"><div id="canvas"></div></div>
<details id="text-view"><summary>Text view</summary><ul id="text-list" aria-label="Sites and tunnel ends"></ul></details>
<div id="tooltip" role="tooltip" hidden></div>`;

/** The sites and tunnel ends as a list: the text alternative of the picture (and its tooltips). */
function itemsOf(result: GraphResult): { id: string; label: string; status: string; level: string }[] {
    const names = new Map(result.graph.sites.map(s => [s.id, s.name]));
    return [
        ...result.graph.sites.map(s => ({ id: s.id, label: `${s.role === 'hub' ? 'hub' : 'site'} ${s.name} (${[s.provider, s.region].filter(Boolean).join(' ')})`, status: statusText(s.status), level: s.status.level })),
        ...result.graph.tunnels.flatMap(t => t.ends.map(e => ({
            id: e.id,
            label: `tunnel ${t.name}${t.derived ? ' (derived)' : ''} at ${names.get(e.site)} towards ${names.get(e.peer)}`,
            status: statusText(e.status) + (e.live ? ` · ${liveText(e.live)}` : ''),
            level: e.status.level,
        }))),
    ];
}

class DiagramPanel extends TopoWebview {
    static current: DiagramPanel | undefined;
    private result: GraphResult | undefined;
    private expanded = new Set<string>();

    private constructor(ctx: TopoContext, panel: vscode.WebviewPanel, source: vscode.Uri) {
        super(ctx, panel, source, UPDATE_DELAY_MS);
        panel.webview.html = webviewHtml(panel.webview, ctx.extension.extensionUri, { script: 'diagram.js', title: 'Topology', css: GRAPH_CSS + WEBVIEW_CSS, body: BODY });
    }

    static show(ctx: TopoContext, source: vscode.Uri): DiagramPanel {
        if (DiagramPanel.current) {
            DiagramPanel.current.retarget(source);
            DiagramPanel.current.reveal();
            return DiagramPanel.current;
        }
        DiagramPanel.current = new DiagramPanel(ctx, createPanel(ctx, VIEW_TYPE, 'Topology'), source);
        return DiagramPanel.current;
    }

    private retarget(source: vscode.Uri): void {
        if (source.toString() !== this.source.toString()) { this.source = source; this.expanded.clear(); }
        void this.update();
    }

    async update(): Promise<void> {
        const client = this.ctx.client();
        if (!client?.isRunning()) {
            void this.panel.webview.postMessage({ type: 'error', message: 'The Topo language server is not running (Topo: Restart Language Server).' });
            return;
        }
        // the folders apply writes to, by the same rule (adapters/folders.ts): the diagram shows their live state
        const { workdir, stateDir } = adapterFoldersFor(this.source);
        const answer = await this.latest(() => client.sendRequest<GraphResult>('topo/graph', { uri: this.source.toString(), svg: true, expanded: [...this.expanded], workdir, stateDir }));
        if (!answer) return; // a newer request is on its way
        if (!answer.ok) {
            this.ctx.output.error(`Topo: diagram: ${answer.error}`);
            void this.panel.webview.postMessage({ type: 'error', message: `Topo could not draw this topology: ${answer.error}` });
            return;
        }
        const result = this.result = answer.value;
        const name = result.graph.topology ?? this.source.path.split('/').pop();
        this.panel.title = `Topology: ${name}`;
        const title = `${result.graph.sites.length} sites, ${result.graph.tunnels.length * 2} tunnel ends · ${result.graph.totals.errors} errors, ${result.graph.totals.warnings} warnings`;
        void this.panel.webview.postMessage({ type: 'graph', svg: result.svg, items: itemsOf(result), title });
    }

    private refOf(id: string): { src: SourceRef; at: SourceRef } | undefined {
        const g = this.result?.graph;
        const site = g?.sites.find(s => s.id === id);
        if (site) return { src: site.src, at: site.nameSrc };
        const end = g?.tunnels.flatMap(t => t.ends).find(e => e.id === id);
        return end && { src: end.src, at: end.nameSrc };
    }

    protected async onMessage(m: { type?: unknown; id?: unknown }): Promise<void> {
        if (typeof m.id !== 'string') return;
        if (m.type === 'expand') {
            this.expanded.add(m.id);
            return this.update();
        }
        const ref = this.refOf(m.id);
        if (!ref) return;
        const uri = vscode.Uri.parse(ref.at.uri);
        const at = new vscode.Position(ref.at.range.start.line, ref.at.range.start.character);
        if (m.type === 'reveal') {
            const shown = vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === uri.toString());
            const editor = await vscode.window.showTextDocument(uri, { viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One, selection: new vscode.Range(at, at), preserveFocus: false });
            editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        } else if (m.type === 'hover') {
            // the same summary as the editor's hover at the element's name
            const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at);
            const text = (hovers ?? []).flatMap(h => h.contents).map(c => typeof c === 'string' ? c : c.value).join('\n\n');
            void this.panel.webview.postMessage({ type: 'hover', id: m.id, html: hoverHtml(text) });
        }
    }

    protected override dispose(): void {
        DiagramPanel.current = undefined;
        super.dispose();
    }
}

export const DIAGRAM_COMMANDS: TopoCommand[] = [
    {
        id: 'topo.showDiagram',
        run: (ctx, uri?: vscode.Uri) => {
            const source = uri instanceof vscode.Uri ? uri
                : vscode.window.activeTextEditor?.document.languageId === 'topo' ? vscode.window.activeTextEditor.document.uri : undefined;
            if (!source) {
                void vscode.window.showInformationMessage('Topo: open a .topo file to see its topology diagram.');
                return undefined;
            }
            DiagramPanel.show(ctx, source);
            return undefined;
        },
    },
];
