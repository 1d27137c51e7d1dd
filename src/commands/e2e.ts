/**
 * Helpers for the end-to-end tests (test/e2e): registered only when the environment variable
 * TOPO_E2E_OUT names a folder, and hidden from the Command Palette otherwise (package.json
 * `menus.commandPalette` shows them only with the `topo.e2e` context key set here).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import { topoDiagnostics } from '../diagnostics.js';
import type { TopoCommand, TopoContext } from './types.js';

export function e2eEnabled(): boolean {
    return !!process.env.TOPO_E2E_OUT;
}

function severityName(s: vscode.DiagnosticSeverity): string {
    return ['error', 'warning', 'info', 'hint'][s] ?? String(s);
}

export function diagnosticsSnapshot(ctx: TopoContext) {
    const client = ctx.client();
    return {
        when: new Date().toISOString(),
        vscode: vscode.version,
        node: process.version,
        extension: { path: ctx.extension.extensionPath, version: ctx.extension.extension.packageJSON.version as string },
        server: client ? State[client.state] : 'none',
        files: topoDiagnostics().map(([uri, ds]) => ({
            uri: uri.toString(),
            file: path.basename(uri.fsPath),
            diagnostics: ds.map(d => ({
                code: typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code),
                severity: severityName(d.severity),
                message: d.message,
                source: d.source,
                range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
            })),
        })),
    };
}

function write(name: string, data: unknown): string {
    const dir = process.env.TOPO_E2E_OUT!;
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, name);
    fs.writeFileSync(file + '.tmp', JSON.stringify(data, null, 2));
    fs.renameSync(file + '.tmp', file);   // readers never see half a file
    return file;
}

export const E2E_COMMANDS: TopoCommand[] = [
    {
        id: 'topo.e2e.dumpDiagnostics',
        run: ctx => {
            const snapshot = diagnosticsSnapshot(ctx);
            write('diagnostics.json', snapshot);
            return snapshot;
        },
    },
];

/** While TOPO_E2E_OUT is set, keeps `diagnostics-auto.json` in step with every change. */
export function autoDumpDiagnostics(ctx: TopoContext): vscode.Disposable {
    if (!e2eEnabled()) return new vscode.Disposable(() => undefined);
    return vscode.languages.onDidChangeDiagnostics(() => {
        try { write('diagnostics-auto.json', diagnosticsSnapshot(ctx)); } catch { /* best effort */ }
    });
}
