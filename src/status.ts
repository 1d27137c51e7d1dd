/**
 * The status bar item: the server's state and the number of errors in .topo files.
 * Click: the Problems panel when there are problems, the output channel otherwise.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { countDiagnostics } from './diagnostics.js';

export class TopoStatus implements vscode.Disposable {
    private readonly item = vscode.window.createStatusBarItem('topo.status', vscode.StatusBarAlignment.Left, 10);
    private readonly subscriptions: vscode.Disposable[] = [];
    private clientSubscription: vscode.Disposable | undefined;
    private state: 'starting' | 'running' | 'stopped' | 'failed' = 'starting';

    constructor() {
        this.item.name = 'Topo';
        this.subscriptions.push(vscode.languages.onDidChangeDiagnostics(() => this.render()));
        this.render();
        this.item.show();
    }

    /** Follows this client's state from now on. */
    track(client: LanguageClient): void {
        this.clientSubscription?.dispose();
        this.state = client.state === State.Running ? 'running' : 'starting';
        this.clientSubscription = client.onDidChangeState(e => {
            this.state = e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped';
            this.render();
        });
        this.render();
    }

    failed(): void {
        this.state = 'failed';
        this.render();
    }

    private render(): void {
        const counts = countDiagnostics();
        const problems = `${counts.errors} error${counts.errors === 1 ? '' : 's'}, ${counts.warnings} warning${counts.warnings === 1 ? '' : 's'} in .topo files`;
        const md = new vscode.MarkdownString(undefined, true);
        switch (this.state) {
            case 'starting':
                this.item.text = '$(sync~spin) Topo';
                md.appendMarkdown('Topo language server: starting');
                break;
            case 'stopped':
            case 'failed':
                this.item.text = '$(circle-slash) Topo';
                md.appendMarkdown(`Topo language server: ${this.state === 'failed' ? 'failed to start' : 'stopped'}. Click for the output; run **Topo: Restart Language Server** to start it again.`);
                break;
            case 'running':
                this.item.text = counts.errors ? `$(error) ${counts.errors} Topo` : counts.warnings ? `$(warning) ${counts.warnings} Topo` : '$(check) Topo';
                md.appendMarkdown(`Topo language server: running  \n${problems}`);
                break;
        }
        this.item.backgroundColor = this.state === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
        this.item.tooltip = md;
        const showProblems = this.state === 'running' && (counts.errors > 0 || counts.warnings > 0);
        this.item.command = showProblems
            ? { command: 'workbench.actions.view.problems', title: 'Show Problems' }
            : { command: 'topo.showOutput', title: 'Show Topo Output' };
        this.item.accessibilityInformation = { label: `Topo: ${this.state}, ${problems}` };
    }

    dispose(): void {
        this.clientSubscription?.dispose();
        this.subscriptions.forEach(s => s.dispose());
        this.item.dispose();
    }
}
