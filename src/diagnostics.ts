/**
 * Topo's diagnostics as VS Code holds them (what the Problems panel shows).
 */
import * as vscode from 'vscode';

export function isTopoUri(uri: vscode.Uri): boolean {
    return uri.path.endsWith('.topo');
}

export interface DiagnosticCounts { files: number; errors: number; warnings: number; infos: number }

export function topoDiagnostics(): [vscode.Uri, readonly vscode.Diagnostic[]][] {
    return vscode.languages.getDiagnostics().filter(([uri]) => isTopoUri(uri));
}

export function countDiagnostics(entries = topoDiagnostics()): DiagnosticCounts {
    const counts: DiagnosticCounts = { files: 0, errors: 0, warnings: 0, infos: 0 };
    for (const [, ds] of entries) {
        if (ds.length) counts.files++;
        for (const d of ds) {
            if (d.severity === vscode.DiagnosticSeverity.Error) counts.errors++;
            else if (d.severity === vscode.DiagnosticSeverity.Warning) counts.warnings++;
            else counts.infos++;
        }
    }
    return counts;
}

/**
 * Resolves once no diagnostics of the given files changed for `quietMs` (and at least one
 * change arrived, or `quietMs` passed with none), or after `maxMs` in any case.
 */
export function diagnosticsSettled(uris: readonly vscode.Uri[], quietMs = 400, maxMs = 15000): Promise<void> {
    const watched = new Set(uris.map(u => u.toString()));
    return new Promise(resolve => {
        let quiet: ReturnType<typeof setTimeout>;
        const done = () => { clearTimeout(quiet); clearTimeout(hard); sub.dispose(); resolve(); };
        const hard = setTimeout(done, maxMs);
        const sub = vscode.languages.onDidChangeDiagnostics(e => {
            if (e.uris.some(u => watched.has(u.toString()))) { clearTimeout(quiet); quiet = setTimeout(done, quietMs); }
        });
        quiet = setTimeout(done, quietMs * 3);
    });
}
