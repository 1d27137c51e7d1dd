/**
 * The Topo VS Code extension: activates on .topo files, starts the bundled language server,
 * shows its state in the status bar, and registers the commands of src/commands/.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createClient } from './client.js';
import { registerCommands, type TopoContext } from './commands/index.js';
import { RunbookPanel } from './commands/runbook.js';
import { autoDumpDiagnostics } from './commands/e2e.js';
import { TopoStatus } from './status.js';
import { TraceChannel } from './trace.js';

let client: LanguageClient | undefined;

/** What `activate` returns (the extension's `exports`): the context, and what the open views show (tests read it). */
export interface TopoApi extends TopoContext {
    /** The open runbook view's Markdown, steps and ticks, as last rendered; undefined when none is open. */
    runbook(): RunbookPanel['shown'] | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<TopoApi> {
    const output = vscode.window.createOutputChannel('Topo', { log: true });
    const trace = new TraceChannel();
    const status = new TopoStatus();
    context.subscriptions.push(output, trace, status);

    const start = async (): Promise<void> => {
        const c = createClient(context, output, trace);
        client = c;
        status.track(c);
        try {
            await c.start();
        } catch (error) {
            status.failed();
            output.error(`Topo: the language server did not start: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
            throw error;
        }
    };

    let restarting: Promise<void> | undefined;
    const ctx: TopoContext = {
        extension: context,
        output,
        client: () => client,
        restart: () => restarting ??= (async () => {
            try {
                const old = client;
                client = undefined;
                if (old) {
                    try { await old.stop(5000); } catch (error) { output.warn(`Topo: stopping the old server: ${String(error)}`); }
                    try { await old.dispose(); } catch { /* already stopped */ }
                }
                await start();
            } finally {
                restarting = undefined;
            }
        })(),
    };

    context.subscriptions.push(...registerCommands(ctx), autoDumpDiagnostics(ctx));
    try {
        await start();
    } catch {
        void vscode.window.showErrorMessage('Topo: the language server did not start. See the output for details.', 'Show Output')
            .then(pick => pick && output.show());
    }
    return { ...ctx, runbook: () => RunbookPanel.current?.shown };
}

export async function deactivate(): Promise<void> {
    const c = client;
    client = undefined;
    if (c) await c.stop();
}
