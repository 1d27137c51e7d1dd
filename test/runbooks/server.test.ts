/**
 * The real language server over stdio: `initialize` advertises `topo.runbook`, the command returns
 * the Markdown, and a code action request at a site returns the "Generate console steps" actions
 * whose command is the client's `topo.showRunbook` (the server: test/server-process.ts).
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ROOT, read } from './helpers.js';
import { startServer, type ServerProcess } from '../server-process.js';

let server: ServerProcess;
let conn: MessageConnection;

beforeAll(async () => {
    server = await startServer();
    conn = server.conn;
}, 60000);

afterAll(() => server?.stop());

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
