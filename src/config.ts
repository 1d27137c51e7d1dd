/**
 * The extension's settings (package.json `contributes.configuration`), read in one place.
 * The language server reads the `topo` section itself through LSP `workspace/configuration`.
 */
import * as vscode from 'vscode';
import { adapterFolders, type AdapterFolders } from '../language-server/src/adapters/folders.js';

export type RunbookLanguage = 'en' | 'zh';

/** `topo.runbook.language`, with `auto` resolved from VS Code's display language. */
export function runbookLanguage(scope?: vscode.ConfigurationScope): RunbookLanguage {
    const setting = vscode.workspace.getConfiguration('topo', scope).get<string>('runbook.language', 'auto');
    if (setting === 'en' || setting === 'zh') return setting;
    return vscode.env.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** `topo.runbook.provider`: the provider whose runbook opens first, or undefined = ask. */
export function runbookProvider(scope?: vscode.ConfigurationScope): string | undefined {
    const setting = vscode.workspace.getConfiguration('topo', scope).get<string>('runbook.provider', 'ask');
    return setting && setting !== 'ask' ? setting : undefined;
}

/**
 * `topo.strongswan.workdir` and `topo.cloud.stateDir` for a file, as absolute folders by the rule
 * the language server's hover uses too (adapters/folders.ts); `base` is the file's workspace folder.
 */
export function adapterFoldersFor(file: vscode.Uri): AdapterFolders {
    const config = vscode.workspace.getConfiguration('topo', file);
    const folders = (vscode.workspace.workspaceFolders ?? []).map(f => f.uri.fsPath);
    return adapterFolders(file.fsPath, folders, { workdir: config.get<string>('strongswan.workdir', ''), stateDir: config.get<string>('cloud.stateDir', '') });
}
