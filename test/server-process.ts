/**
 * The real language server in a child process over stdio, for tests that talk LSP to it. It is
 * bundled into a temp dir (not out/, which other builds write to).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { createMessageConnection, type MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ServerProcess { conn: MessageConnection; child: ChildProcess; stop(): void }

export async function startServer(): Promise<ServerProcess> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-server-'));
    await esbuild.build({
        entryPoints: [path.join(ROOT, 'language-server/src/main.ts')],
        outfile: path.join(dir, 'server.cjs'),
        bundle: true, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'error',
        define: { 'import.meta.url': 'importMetaUrl' },
        banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
    });
    const child = spawn(process.execPath, [path.join(dir, 'server.cjs'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    conn.listen();
    return {
        conn, child,
        stop() {
            conn.dispose();
            if (child.pid && child.exitCode === null) child.kill('SIGTERM');
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}

/** Initializes the server on the examples folder and opens one example; its URI and text. */
export async function openExample(conn: MessageConnection, file: string): Promise<{ uri: string; text: string }> {
    const folder = path.join(ROOT, 'examples');
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(folder).href, capabilities: {}, workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'examples' }] });
    await conn.sendNotification('initialized', {});
    const uri = pathToFileURL(path.join(folder, file)).href;
    const text = fs.readFileSync(path.join(folder, file), 'utf8');
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'topo', version: 1, text } });
    return { uri, text };
}
