/**
 * The language client: starts the bundled server (out/server.cjs) over Node IPC.
 * `topo.trace.server` goes to the "Topo Trace" channel (./trace.ts), whose log level follows it.
 */
import * as vscode from 'vscode';
import { LanguageClient, RevealOutputChannelOn, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export const CLIENT_ID = 'topo';
export const CLIENT_NAME = 'Topo Language Server';

export function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, trace: vscode.LogOutputChannel): LanguageClient {
    const module = context.asAbsolutePath('out/server.cjs');
    const serverOptions: ServerOptions = {
        run: { module, transport: TransportKind.ipc },
        debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    const clientOptions: LanguageClientOptions = {
        documentSelector: [
            { scheme: 'file', language: 'topo' },
            { scheme: 'untitled', language: 'topo' },
        ],
        synchronize: {
            configurationSection: 'topo',
            fileEvents: vscode.workspace.createFileSystemWatcher('**/*.topo'),
        },
        outputChannel: output,
        traceOutputChannel: trace,
        // The status bar item and `Topo: Show Output` are the way in; don't pop the channel up.
        revealOutputChannelOn: RevealOutputChannelOn.Never,
    };
    return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
