/**
 * The `topo/graph` request of the real language server over stdio: the graph of the guide's star
 * as printed with the end at gd2 red, the SVG the diagram shows, and after fixing that line (a
 * didChange, no reopening) the same ids with every end green (the server: test/server-process.ts).
 */
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { GraphResult } from '../../language-server/src/lsp/graph-request.js';
import { openExample, startServer, type ServerProcess } from '../server-process.js';

let server: ServerProcess;
let conn: MessageConnection;

beforeAll(async () => {
    server = await startServer();
    conn = server.conn;
}, 60000);

afterAll(() => server?.stop());

test('topo/graph follows the text', async () => {
    const { uri, text } = await openExample(conn, 'qingcloud-star-as-printed.topo');

    const ends = (r: GraphResult) => r.graph.tunnels.flatMap(t => t.ends).map(e => `${e.id}:${e.status.level}`);
    const first = await conn.sendRequest('topo/graph', { uri, svg: true }) as GraphResult;
    expect(first.graph.sites).toHaveLength(3);
    expect(ends(first)).toEqual(['tunnel:pek3-sh1@pek3:clean', 'tunnel:pek3-sh1@sh1:clean', 'tunnel:pek3-gd2@pek3:clean', 'tunnel:pek3-gd2@gd2:error']);
    expect(first.layout).toEqual({ kind: 'radial', collapsed: [] });
    // every element's source survives JSON (the webview reveals and hovers at nameSrc)
    const red = first.graph.tunnels[1].ends[1];
    expect(red.nameSrc.range.start).toEqual({ line: text.split('\n').findIndex(l => l.startsWith('tunnel gd2-pek3')), character: 7 });
    expect(first.graph.sites.every(s => s.nameSrc?.range && s.src?.range)).toBe(true);
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
