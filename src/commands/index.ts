/**
 * Registers the commands of every module in this folder. To add commands: write a module
 * exporting `TopoCommand[]`, add it to PRODUCT_COMMANDS below, and declare the ids in
 * package.json `contributes.commands`.
 */
import * as vscode from 'vscode';
import { APPLY_COMMANDS } from './apply.js';
import { CORE_COMMANDS } from './core.js';
import { RUNBOOK_COMMANDS } from './runbook.js';
import { DIAGRAM_COMMANDS } from './diagram.js';
import { E2E_COMMANDS, e2eEnabled } from './e2e.js';
import type { TopoCommand, TopoContext } from './types.js';

export type { TopoCommand, TopoContext } from './types.js';

export const PRODUCT_COMMANDS: readonly TopoCommand[] = [
    ...CORE_COMMANDS,
    ...RUNBOOK_COMMANDS,
    ...DIAGRAM_COMMANDS,
    ...APPLY_COMMANDS,
];

export function registerCommands(ctx: TopoContext, commands: readonly TopoCommand[] = PRODUCT_COMMANDS): vscode.Disposable[] {
    const all = e2eEnabled() ? [...commands, ...E2E_COMMANDS] : commands;
    if (e2eEnabled()) void vscode.commands.executeCommand('setContext', 'topo.e2e', true);
    return all.map(c => c.kind === 'text'
        ? vscode.commands.registerTextEditorCommand(c.id, (editor, _edit, ...args) => c.run(ctx, editor, ...args))
        : vscode.commands.registerCommand(c.id, (...args) => c.run(ctx, ...args)));
}
