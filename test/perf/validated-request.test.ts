/**
 * The `topo/validated` request of the real language server over stdio: it answers after the
 * latest edit is validated, also when the edit leaves the diagnostics as they were (nothing is
 * published then), and reports how the edits were parsed (incremental, or full with a reason).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ValidatedResult } from '../../language-server/src/lsp/validated-request.js';
import { openExample, startServer, type ServerProcess } from '../server-process.js';

let server: ServerProcess;

beforeAll(async () => {
    server = await startServer();
}, 60000);

afterAll(() => server?.stop());

test('topo/validated follows the text and counts how edits were parsed', async () => {
    const { conn } = server;
    const { uri, text } = await openExample(conn, 'qingcloud-star-as-printed.topo');
    const opened = await conn.sendRequest('topo/validated', { uri }) as ValidatedResult;
    expect(opened.diagnostics).toBeGreaterThan(0); // the guide's wrong selector

    // fix the guide's wrong selector: one statement parsed again, the error gone
    const lines = text.split('\n');
    const line = lines.findIndex(l => l.startsWith('tunnel gd2-pek3'));
    const col = lines[line].lastIndexOf('172.26.0.0/24');
    await conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: { line, character: col }, end: { line, character: col + 13 } }, text: '172.16.0.0/24' }],
    });
    const fixed = await conn.sendRequest('topo/validated', { uri }) as ValidatedResult;
    expect(fixed.diagnostics).toBeLessThan(opened.diagnostics);
    expect(fixed.parses.incremental).toBe(opened.parses.incremental + 1);

    // an edit of the `topology` line: a full parse, with its reason
    const header = lines.findIndex(l => l.startsWith('topology '));
    expect(header).toBeGreaterThanOrEqual(0);
    await conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 3 },
        contentChanges: [{ range: { start: { line: header, character: lines[header].length }, end: { line: header, character: lines[header].length } }, text: 'x' }],
    });
    const renamed = await conn.sendRequest('topo/validated', { uri }) as ValidatedResult;
    expect(renamed.parses.full).toBe(fixed.parses.full + 1);
    expect(renamed.parses.fallbacks.header).toBe((fixed.parses.fallbacks.header ?? 0) + 1);

    await expect(conn.sendRequest('topo/validated', {})).rejects.toThrow(/'uri' must be the document URI/);
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
}, 120000);
