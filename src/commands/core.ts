/**
 * Topo: Show Output, Topo: Restart Language Server, Topo: Check Workspace.
 */
import * as vscode from 'vscode';
import { countDiagnostics, diagnosticsSettled, topoDiagnostics } from '../diagnostics.js';
import type { TopoCommand } from './types.js';

/** More files than this are left to the server's own workspace scan (it checks them all anyway). */
const MAX_FILES_TO_OPEN = 500;

export const CORE_COMMANDS: TopoCommand[] = [
    {
        id: 'topo.showOutput',
        run: ctx => ctx.output.show(true),
    },
    {
        id: 'topo.restartServer',
        run: async ctx => {
            await ctx.restart();
            void vscode.window.setStatusBarMessage('Topo: language server restarted', 3000);
        },
    },
    {
        id: 'topo.checkWorkspace',
        run: async ctx => {
            if (!ctx.client()?.isRunning()) {
                void vscode.window.showWarningMessage('Topo: the language server is not running.', 'Restart', 'Show Output')
                    .then(pick => pick === 'Restart' ? ctx.restart() : pick === 'Show Output' ? ctx.output.show() : undefined);
                return undefined;
            }
            return vscode.window.withProgress(
                { location: vscode.ProgressLocation.Window, title: 'Topo: checking workspace' },
                async () => {
                    const files = await vscode.workspace.findFiles('**/*.topo', '**/{node_modules,.git}/**', MAX_FILES_TO_OPEN);
                    // Opening a document sends it to the server, which checks it with its topology.
                    const settled = diagnosticsSettled(files);
                    for (const uri of files) await vscode.workspace.openTextDocument(uri);
                    await settled;
                    const counts = countDiagnostics(topoDiagnostics());
                    const summary = `Topo: ${files.length} file${files.length === 1 ? '' : 's'} checked: `
                        + `${counts.errors} error${counts.errors === 1 ? '' : 's'}, ${counts.warnings} warning${counts.warnings === 1 ? '' : 's'}.`;
                    ctx.output.info(summary);
                    if (counts.errors || counts.warnings) {
                        void vscode.commands.executeCommand('workbench.actions.view.problems');
                        void vscode.window.showWarningMessage(summary);
                    } else {
                        void vscode.window.showInformationMessage(summary);
                    }
                    return { ...counts, checked: files.length };
                });
        },
    },
];
