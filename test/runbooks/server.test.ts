/**
 * The real language server over stdio: `initialize` advertises `topo.runbook`, the command returns
 * the Markdown, and a code action request at a site returns the "Generate console steps" actions
 * whose command is the client's `topo.showRunbook`. The server is bundled into a temp dir (not
 * out/, which other builds write to).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { createMessageConnection, type MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ROOT, read } from './helpers.js';

let child: ChildProcess;
let conn: MessageConnection;
let dir: string;

beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-server-'));
    await esbuild.build({
        entryPoints: [path.join(ROOT, 'language-server/src/main.ts')],
        outfile: path.join(dir, 'server.cjs'),
        bundle: true, format: 'cjs', platform: 'node', target: 'node22', logLevel: 'error',
        define: { 'import.meta.url': 'importMetaUrl' },
        banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
    });
    child = spawn(process.execPath, [path.join(dir, 'server.cjs'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    conn.listen();
}, 60000);

afterAll(() => {
    conn?.dispose();
    if (child?.pid && child.exitCode === null) child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
});

test('topo.runbook and the runbook code actions over LSP', async () => {
    const folder = path.join(ROOT, 'examples');
    const init = await conn.sendRequest('initialize', {
        processId: process.pid, rootUri: pathToFileURL(folder).href, capabilities: {},
        workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'examples' }],
    }) as { capabilities: { executeCommandProvider?: { commands: string[] }; codeActionProvider?: unknown } };
    expect(init.capabilities.executeCommandProvider?.commands).toContain('topo.runbook');
    expect(init.capabilities.codeActionProvider).toBeTruthy();
    await conn.sendNotification('initialized', {});
    const uri = pathToFileURL(path.join(folder, 'tencent-gcp.topo')).href;
    const text = read('examples/tencent-gcp.topo');
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'topo', version: 1, text } });

    const md = await conn.sendRequest('workspace/executeCommand', { command: 'topo.runbook', arguments: [uri, null, 'zh'] }) as string;
    expect(md).toContain('# 控制台操作手册：tencent-gcp');
    expect(md).toContain('## 第 5 步 — GCP · gcp-hk：建立 VPN Connections');

    const line = text.split('\n').findIndex(l => l.startsWith('site gcp-hk'));
    const actions = await conn.sendRequest('textDocument/codeAction', {
        textDocument: { uri }, range: { start: { line, character: 6 }, end: { line, character: 6 } }, context: { diagnostics: [] },
    }) as { title: string; kind: string; command: { command: string; arguments: unknown[] } }[];
    const mine = actions.filter(a => a.kind === 'source.topo.runbook');
    expect(mine.map(a => a.title)).toEqual(['Generate console steps for Google Cloud', 'Generate console steps for all providers']);
    expect(mine[0].command).toEqual({ title: mine[0].title, command: 'topo.showRunbook', arguments: [uri, 'gcp'] });

    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
}, 60000);
