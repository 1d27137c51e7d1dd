/**
 * The real language server process (out/server.cjs --stdio) survives malformed JSON-RPC, unknown
 * methods, out-of-range positions and edits outside the document, and still answers afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { ROOT } from '../fuzz/generators.js';
import { buildBundles } from './build.js';

const URI = 'file:///robust/a.topo';
const TEXT = 'site a < provider strongswan cidr 10.0.0.0/24 >\nsite b < provider strongswan cidr 10.1.0.0/24 >\ntunnel t a <-> b\n';

describe('the language server process', () => {
    let server: ChildProcess;
    let conn: MessageConnection;
    let stderr = '';
    const diagnostics: { uri: string; diagnostics: { code?: string }[] }[] = [];

    const raw = (body: string) => server.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    const waitFor = async (cond: () => boolean, ms = 15_000) => {
        const until = Date.now() + ms;
        while (!cond() && Date.now() < until) await new Promise(r => setTimeout(r, 50));
        return cond();
    };
    const alive = () => server.exitCode === null && server.signalCode === null;

    beforeAll(async () => {
        await buildBundles();
        server = spawn(process.execPath, [path.join(ROOT, 'out/server.cjs'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
        server.stderr!.on('data', d => { stderr += d; });
        conn = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
        conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: { code?: string }[] }) => { diagnostics.push(p); });
        conn.onRequest(() => null); // workspace/configuration, client/registerCapability, ...
        conn.listen();
        await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
        await conn.sendNotification('initialized', {});
        await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'topo', version: 1, text: TEXT } });
        expect(await waitFor(() => diagnostics.some(d => d.uri === URI))).toBe(true);
    }, 150_000);

    afterAll(() => {
        conn?.dispose();
        if (server?.pid && alive()) process.kill(server.pid, 'SIGKILL');
    });

    test('garbage on the wire: invalid JSON, a JSON array, a message without method', async () => {
        raw('{this is not json');
        raw('[1,2,3]');
        raw('{"jsonrpc":"2.0","id":9001}');
        raw('{"jsonrpc":"2.0","id":9002,"method":"textDocument/hover","params":"nonsense"}');
        await new Promise(r => setTimeout(r, 300));
        expect(alive()).toBe(true);
    });

    test('unknown methods: an error for a request, nothing for a notification', async () => {
        await expect(conn.sendRequest('topo/noSuchMethod', { x: 1 })).rejects.toThrow();
        await conn.sendNotification('topo/noSuchNotification', { x: 1 });
        expect(alive()).toBe(true);
    });

    test('requests with missing or wrong parameters', async () => {
        for (const [method, params] of [
            ['textDocument/hover', {}],
            ['textDocument/completion', { textDocument: { uri: URI } }],
            ['textDocument/formatting', { textDocument: { uri: 'file:///robust/not-open.topo' }, options: { tabSize: 2, insertSpaces: true } }],
            ['textDocument/definition', { textDocument: { uri: URI }, position: { line: -5, character: -1 } }],
            ['textDocument/codeAction', { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [{ range: null, message: 7, data: { fixes: 'x' } }] } }],
        ] as const) {
            await conn.sendRequest(method, params).catch(() => undefined);
        }
        expect(alive()).toBe(true);
    });

    test('positions at line 1e9 and character 1e9', async () => {
        const far = { line: 1e9, character: 1e9 };
        for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/references', 'textDocument/documentHighlight', 'textDocument/prepareRename']) {
            await conn.sendRequest(method, { textDocument: { uri: URI }, position: far, context: { includeDeclaration: true } }).catch(() => undefined);
        }
        await conn.sendRequest('textDocument/rename', { textDocument: { uri: URI }, position: far, newName: 'x' }).catch(() => undefined);
        await conn.sendRequest('textDocument/inlayHint', { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: far } }).catch(() => undefined);
        expect(alive()).toBe(true);
    });

    test('didChange with ranges outside the document, and for a document never opened', async () => {
        await conn.sendNotification('textDocument/didChange', {
            textDocument: { uri: URI, version: 2 },
            contentChanges: [
                { range: { start: { line: 500, character: 0 }, end: { line: 900, character: 4 } }, text: 'site z < cidr 10.9.0.0/24 >\n' },
                { range: { start: { line: 3, character: 40 }, end: { line: 1, character: 2 } }, text: '<<<' },
                { range: { start: { line: 1e9, character: 1e9 }, end: { line: 1e9, character: 1e9 } }, text: '' },
            ],
        });
        await conn.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///robust/never-opened.topo', version: 1 }, contentChanges: [{ text: 'x' }] });
        await new Promise(r => setTimeout(r, 500));
        expect(alive()).toBe(true);
    });

    test('a broken megabyte: a too-large warning arrives, the server keeps going', async () => {
        const before = diagnostics.length;
        await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///robust/big.topo', languageId: 'topo', version: 1, text: ', site a < >\n'.repeat(80_000) } });
        expect(await waitFor(() => diagnostics.slice(before).some(d => d.uri === 'file:///robust/big.topo'), 60_000)).toBe(true);
        const last = diagnostics.filter(d => d.uri === 'file:///robust/big.topo').at(-1)!;
        expect(last.diagnostics.some(d => d.code === 'too-large')).toBe(true);
        expect(alive()).toBe(true);
    }, 70_000);

    test('afterwards it still answers a valid request, with the document as edited', async () => {
        await conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 3 }, contentChanges: [{ text: TEXT }] });
        const hover = await conn.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 5 } }) as { contents: { value: string } } | null;
        expect(hover?.contents.value).toContain('a');
        const symbols = await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: URI } }) as unknown[];
        expect(symbols.length).toBeGreaterThanOrEqual(3);
        expect(alive()).toBe(true);
        expect(stderr).not.toMatch(/Maximum call stack|FATAL|Segmentation/);
    }, 30_000);
});
