/**
 * The `topo/graph` request of the real language server over stdio: the graph of the guide's star
 * as printed with the end at gd2 red, the SVG the diagram shows, and after fixing that line (a
 * didChange, no reopening) the same ids with every end green. The server is bundled into a temp
 * dir (not out/, which other builds write to).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { createMessageConnection, type MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { GraphResult } from '../../language-server/src/lsp/graph-request.js';
import { ROOT, read } from '../runbooks/helpers.js';

let child: ChildProcess;
let conn: MessageConnection;
let dir: string;

beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-graph-server-'));
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

test('topo/graph follows the text', async () => {
    const folder = path.join(ROOT, 'examples');
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(folder).href, capabilities: {}, workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'examples' }] });
    await conn.sendNotification('initialized', {});
    const uri = pathToFileURL(path.join(folder, 'qingcloud-star-as-printed.topo')).href;
    const text = read('examples/qingcloud-star-as-printed.topo');
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'topo', version: 1, text } });

    const ends = (r: GraphResult) => r.graph.tunnels.flatMap(t => t.ends).map(e => `${e.id}:${e.status.level}`);
    const first = await conn.sendRequest('topo/graph', { uri, svg: true }) as GraphResult;
    expect(first.graph.sites).toHaveLength(3);
    expect(ends(first)).toEqual(['tunnel:pek3-sh1@pek3:clean', 'tunnel:pek3-sh1@sh1:clean', 'tunnel:pek3-gd2@pek3:clean', 'tunnel:pek3-gd2@gd2:error']);
    expect(first.layout).toEqual({ kind: 'radial', collapsed: [] });
    // the webview brings its own styles (its CSP allows no inline style)
    expect(first.svg).not.toContain('<style>');
    expect(first.svg).toContain('<g class="end error" data-id="tunnel:pek3-gd2@gd2"');

    const line = text.split('\n').findIndex(l => l.startsWith('tunnel gd2-pek3'));
    const col = text.split('\n')[line].lastIndexOf('172.26.0.0/24');
    await conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: { line, character: col }, end: { line, character: col + 13 } }, text: '172.16.0.0/24' }],
    });
    const fixed = await conn.sendRequest('topo/graph', { uri }) as GraphResult;
    expect(ends(fixed)).toEqual(ends(first).map(e => e.replace(':error', ':clean')));
    expect(fixed.svg).toBeUndefined();

    await expect(conn.sendRequest('topo/graph', { expanded: 3 })).rejects.toThrow(/'uri' must be the document URI/);
    await expect(conn.sendRequest('topo/graph', { uri, expanded: 'x' })).rejects.toThrow(/'expanded' must be a list/);
    // still answers
    expect(((await conn.sendRequest('topo/graph', { uri })) as GraphResult).graph.sites).toHaveLength(3);
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
}, 60000);
