/**
 * Issue #16 items 16-18, in the real language server process (out/server.cjs over stdio):
 * - 2,000 edits to a 1,000-site file: the heap after a full GC stays within 10% of its size (after the first 300)
 *   after the first 100 edits (each parse result used to keep the one before it);
 * - opening and closing 500 different 100-site files returns the heap to within 20 MB of the
 *   start (closed documents used to stay forever);
 * - on close, an unsaved document goes back to its file on disk (a discarded edit no longer
 *   gives another file of its topology a cidr-overlap), and a file outside the workspace is removed;
 * - diagnostics are published only for documents whose diagnostics changed.
 * The heap is read by test/perf/heap-probe.cjs (SIGUSR2 -> gc -> heapUsed into a file).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { ROOT } from '../fuzz/generators.js';
import { buildBundles } from '../robustness/build.js';
// @ts-expect-error plain JavaScript module without types
import { split, star } from '../../bench/generate.mjs';

type Published = { uri: string; diagnostics: { code?: string; message: string }[] };

interface Server { process: ChildProcess; conn: MessageConnection; published: Published[]; heap(): Promise<number>; close(): void }

const dirs: string[] = [];
let server: Server | undefined;
afterEach(() => {
    server?.close();
    server = undefined;
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function start(workspace?: string): Promise<Server> {
    await buildBundles();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-mem-'));
    dirs.push(tmp);
    const heapFile = path.join(tmp, 'heap');
    const child = spawn(process.execPath, ['--expose-gc', '--require', path.join(ROOT, 'test/perf/heap-probe.cjs'), path.join(ROOT, 'out/server.cjs'), '--stdio'], {
        stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TOPO_HEAP_FILE: heapFile },
    });
    child.stderr!.resume();
    const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const published: Published[] = [];
    conn.onNotification('textDocument/publishDiagnostics', (p: Published) => { published.push(p); });
    conn.onRequest(() => null);
    conn.listen();
    const folder = workspace ? [{ uri: pathToFileURL(workspace).toString(), name: 'ws' }] : null;
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: folder?.[0].uri ?? null, capabilities: {}, workspaceFolders: folder });
    await conn.sendNotification('initialized', {});
    const heap = async () => {
        fs.rmSync(heapFile, { force: true });
        process.kill(child.pid!, 'SIGUSR2');
        for (let i = 0; i < 400 && !fs.existsSync(heapFile); i++) await new Promise(r => setTimeout(r, 50));
        await new Promise(r => setTimeout(r, 50));
        return Number(fs.readFileSync(heapFile, 'utf8')) / 2 ** 20;
    };
    const close = () => { conn.dispose(); if (child.exitCode === null) child.kill('SIGKILL'); };
    return { process: child, conn, published, heap, close };
}

/** Waits until the server has validated `uri` (a code action request waits for that state). */
async function settled(s: Server, uri: string): Promise<void> {
    await s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
}

async function waitFor(cond: () => boolean, ms = 20_000): Promise<boolean> {
    const until = Date.now() + ms;
    while (!cond() && Date.now() < until) await new Promise(r => setTimeout(r, 25));
    return cond();
}

describe('language server memory', () => {
    test('2,000 edits to a 1,000-site file: the heap after GC stays within 10% of its size after the first 300', async () => {
        server = await start();
        const uri = 'file:///mem/star-1000.topo';
        const text: string = star(1000)[0].text;
        await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'topo', version: 1, text } });
        await settled(server, uri);
        // a spoke's region changes back and forth (a real incremental parse, relink and check each time)
        const lines = text.split('\n');
        const line = lines.findIndex(l => l.startsWith('site s00500 '));
        const col = lines[line].indexOf(' region ') + ' region '.length;
        let version = 1;
        let afterWarmUp = 0;
        for (let i = 1; i <= 2000; i++) {
            const change = i % 2 === 1
                ? { range: { start: { line, character: col }, end: { line, character: col } }, text: 'x' }
                : { range: { start: { line, character: col }, end: { line, character: col + 1 } }, text: '' };
            await server.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [change] });
            await settled(server, uri);
            // the first few hundred edits fill what is kept by text and per statement (measured
            // 2026-12-02, heap after GC: 39.3 MB after 100 edits, 42.0 after 250, then 42.2, 42.4,
            // 42.6 and 42.7 MB after 500, 1,000, 2,000 and 2,750): a leak shows after that
            if (i === 300) afterWarmUp = await server.heap();
        }
        const after2000 = await server.heap();
        console.log(`heap after GC: ${afterWarmUp.toFixed(1)} MB after 300 edits, ${after2000.toFixed(1)} MB after 2,000`);
        expect(after2000).toBeLessThanOrEqual(afterWarmUp * 1.10);
    }, 600_000);

    test('opening and closing 500 different 100-site files returns the heap to within 20 MB of the start', async () => {
        server = await start();
        await new Promise(r => setTimeout(r, 500));
        const before = await server.heap();
        const text: string = star(100)[0].text;
        for (let i = 0; i < 500; i++) {
            const uri = `file:///mem/other/file-${i}.topo`;
            await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'topo', version: 1, text: text.replace('topology star-100', `topology star-100-${i}`) } });
            await settled(server, uri);
            await server.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
        }
        const last = 'file:///mem/other/file-499.topo';
        expect(await waitFor(() => server!.published.some(p => p.uri === last && p.diagnostics.length === 0) || !server!.published.some(p => p.uri === last && p.diagnostics.length > 0))).toBe(true);
        await new Promise(r => setTimeout(r, 1000));
        const after = await server.heap();
        console.log(`heap after GC: ${before.toFixed(1)} MB at the start, ${after.toFixed(1)} MB after opening and closing 500 files`);
        expect(after - before).toBeLessThanOrEqual(20);
    }, 600_000);

    test('on close, an unsaved edit is discarded (the file on disk counts again); a file outside the workspace is removed', async () => {
        const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-ws-'));
        dirs.push(ws);
        fs.writeFileSync(path.join(ws, 'a.topo'), 'topology two\nsite a < cidr 10.0.0.0/24 >\n');
        fs.writeFileSync(path.join(ws, 'b.topo'), 'topology two\nsite b < cidr 10.1.0.0/24 >\ntunnel t a <-> b\n');
        server = await start(ws);
        const a = pathToFileURL(path.join(ws, 'a.topo')).toString();
        const b = pathToFileURL(path.join(ws, 'b.topo')).toString();
        const overlapIn = (uri: string) => {
            const last = [...server!.published].reverse().find(p => p.uri === uri);
            return !!last?.diagnostics.some(d => d.code === 'cidr-overlap');
        };
        await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: a, languageId: 'topo', version: 1, text: fs.readFileSync(path.join(ws, 'a.topo'), 'utf8') } });
        await settled(server, a);
        await server.conn.sendNotification('textDocument/didChange', { textDocument: { uri: a, version: 2 }, contentChanges: [{ text: 'topology two\nsite a < cidr 10.1.0.0/24 >\n' }] });
        expect(await waitFor(() => overlapIn(b))).toBe(true); // the unsaved edit overlaps b's network
        await server.conn.sendNotification('textDocument/didClose', { textDocument: { uri: a } });
        expect(await waitFor(() => !overlapIn(b))).toBe(true); // closed without saving: a.topo on disk counts again

        const outside = 'file:///elsewhere/untitled.topo';
        await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: outside, languageId: 'topo', version: 1, text: 'site x < cidr 10.0.0.0/33 >\n' } });
        expect(await waitFor(() => server!.published.some(p => p.uri === outside && p.diagnostics.length > 0))).toBe(true);
        await server.conn.sendNotification('textDocument/didClose', { textDocument: { uri: outside } });
        expect(await waitFor(() => [...server!.published].reverse().find(p => p.uri === outside)?.diagnostics.length === 0)).toBe(true);
    }, 120_000);

    test('an edit in one file of a 30-file topology publishes only the diagnostics that changed', async () => {
        const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-ws-'));
        dirs.push(ws);
        const parts: { name: string; text: string }[] = split(300, 30);
        for (const p of parts) fs.writeFileSync(path.join(ws, p.name), p.text);
        server = await start(ws);
        // the file with the hub: every other file links to it, so an edit here checks all 30 again
        const first = pathToFileURL(path.join(ws, parts[0].name)).toString();
        await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: first, languageId: 'topo', version: 1, text: parts[0].text } });
        await settled(server, first);
        expect(await waitFor(() => new Set(server!.published.map(p => p.uri)).size >= 30)).toBe(true);
        await new Promise(r => setTimeout(r, 500));
        server.published.length = 0;
        // a comment at the end: nothing changes anywhere (no position moves)
        const end = parts[0].text.split('\n').length - 1;
        await server.conn.sendNotification('textDocument/didChange', { textDocument: { uri: first, version: 2 }, contentChanges: [{ range: { start: { line: end, character: 0 }, end: { line: end, character: 0 } }, text: '// note\n' }] });
        await settled(server, first);
        await new Promise(r => setTimeout(r, 500));
        expect(server.published.map(p => p.uri)).toEqual([]);
    }, 180_000);
});
