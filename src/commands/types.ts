/**
 * What a command gets to work with. Commands live in this folder, one module per area
 * (core.ts, e2e.ts; runbook and apply commands go beside them), and each module exports
 * a `TopoCommand[]` that extension.ts registers. Every command id must also be declared in
 * package.json `contributes.commands` (title, category "Topo") unless it is internal.
 */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export interface TopoContext {
    readonly extension: vscode.ExtensionContext;
    readonly output: vscode.LogOutputChannel;
    /** The running client (undefined while it is being restarted or after a failed start). */
    client(): LanguageClient | undefined;
    /** Stops the server if it runs and starts a fresh one. */
    restart(): Promise<void>;
}

export interface TopoCommand {
    /** Command id, e.g. `topo.restartServer`. */
    readonly id: string;
    /** `text` = registerTextEditorCommand (gets the active editor first). */
    readonly kind?: 'command' | 'text';
    run(ctx: TopoContext, ...args: any[]): unknown;
}
