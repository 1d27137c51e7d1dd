/**
 * The real language server (out/server.cjs --stdio) checks the whole workspace without any file
 * being opened: at startup, and again after each file-system change the client reports (create,
 * delete, rename, a change made outside the editor), with work-done progress around each check.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { ROOT } from '../fuzz/generators.js';
import { buildBundles } from '../robustness/build.js';

interface Published { uri: string; diagnostics: { code?: string; message: string }[] }
type ProgressValue = { kind: 'begin' | 'report' | 'end'; title?: string; message?: string };

describe('workspace check without opening a file', () => {
    let server: ChildProcess;
    let conn: MessageConnection;
    let ws: string;
    const latest = new Map<string, Published['diagnostics']>();
    const progress: { token: string; value: ProgressValue }[] = [];
    const created: string[] = [];

    const uri = (name: string) => pathToFileURL(path.join(ws, name)).toString();
    const codesOf = (name: string) => latest.get(uri(name))?.map(d => d.code);
    const waitFor = async (what: string, cond: () => boolean, ms = 30_000) => {
        const until = Date.now() + ms;
        while (!cond() && Date.now() < until) await new Promise(r => setTimeout(r, 50));
        if (!cond()) throw new Error(`timed out waiting for ${what}; diagnostics: ${JSON.stringify([...latest].map(([u, d]) => [path.basename(u), d.map(x => x.code)]))}`);
    };
    /** Tells the server what changed on disk, as VS Code's file watcher does (1 created, 2 changed, 3 deleted). */
    const changed = (...changes: [string, 1 | 2 | 3][]) =>
        conn.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map(([name, type]) => ({ uri: uri(name), type })) });
    const ended = (title: string) => progress.filter(p => p.value.kind === 'begin' && p.value.title === title)
        .filter(b => progress.some(p => p.token === b.token && p.value.kind === 'end')).length;

    beforeAll(async () => {
        await buildBundles();
        ws = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-ws-'));
        for (const f of fs.readdirSync(path.join(ROOT, 'examples'))) fs.copyFileSync(path.join(ROOT, 'examples', f), path.join(ws, f));
        server = spawn(process.execPath, [path.join(ROOT, 'out/server.cjs'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
        conn = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
        conn.onNotification('textDocument/publishDiagnostics', (p: Published) => { latest.set(p.uri, p.diagnostics); });
        conn.onRequest('window/workDoneProgress/create', (p: { token: string }) => { created.push(String(p.token)); return null; });
        conn.onNotification('$/progress', (p: { token: string; value: ProgressValue }) => { progress.push({ token: String(p.token), value: p.value }); });
        conn.onRequest(() => null); // workspace/configuration, client/registerCapability
        conn.listen();
        await conn.sendRequest('initialize', {
            processId: process.pid, rootUri: pathToFileURL(ws).toString(),
            workspaceFolders: [{ uri: pathToFileURL(ws).toString(), name: 'ws' }],
            capabilities: { window: { workDoneProgress: true }, workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true } },
        });
        await conn.sendNotification('initialized', {});
    }, 150_000);

    afterAll(() => {
        conn?.dispose();
        if (server?.pid && server.exitCode === null) process.kill(server.pid, 'SIGKILL');
        if (ws) fs.rmSync(ws, { recursive: true, force: true });
    });

    test('at startup every example is checked and the guide\'s three errors are published', async () => {
        const examples = fs.readdirSync(ws).filter(f => f.endsWith('.topo'));
        await waitFor('every example', () => examples.every(f => latest.has(uri(f))), 100_000);
        expect(codesOf('qingcloud-star-as-printed.topo')).toEqual(expect.arrayContaining(['selector-self-overlap', 'selector-mismatch', 'missing-route']));
        expect(codesOf('tencent-gcp.topo')).toContain('weak-crypto');
        expect(latest.get(uri('qingcloud-star.topo'))!.filter(d => d.code !== 'proposal-chosen')).toEqual([]);
    }, 120_000);

    test('the startup check is reported as work-done progress that begins and ends', async () => {
        await waitFor('the end of the startup progress', () => ended('Topo: checking the workspace') === 1);
        expect(created.length).toBeGreaterThanOrEqual(1);
    }, 60_000);

    test('a file created outside the editor is checked, and so are the files of its topology', async () => {
        // a fourth spoke of the star in a file of its own: the written-out tunnels of
        // qingcloud-star.topo do not carry its network, which that file must now say
        fs.writeFileSync(path.join(ws, 'extra.topo'), 'topology qingcloud-star\nsite bj1 < provider qingcloud cidr 10.9.0.0/24 gateway 139.198.1.1 > hub pek3\n');
        await changed(['extra.topo', 1]);
        await waitFor('the new file checked, and missing-route in qingcloud-star.topo', () =>
            latest.has(uri('extra.topo')) && !!codesOf('qingcloud-star.topo')?.includes('missing-route'));
        expect(latest.get(uri('qingcloud-star.topo'))!.find(d => d.code === 'missing-route')!.message).toContain('bj1');
        await waitFor('the progress of the change', () => ended('Topo: checking changed files') >= 1);
    }, 60_000);

    test('a deleted file loses its diagnostics, and the other files of its topology are checked again', async () => {
        fs.rmSync(path.join(ws, 'extra.topo'));
        await changed(['extra.topo', 3]);
        await waitFor('no diagnostics for the deleted file, and no missing-route left', () =>
            codesOf('extra.topo')?.length === 0 && !codesOf('qingcloud-star.topo')?.includes('missing-route'));
    }, 60_000);

    test('a renamed file is checked under its new name, and the old name is cleared', async () => {
        fs.renameSync(path.join(ws, 'qingcloud-star-as-printed.topo'), path.join(ws, 'renamed.topo'));
        await changed(['qingcloud-star-as-printed.topo', 3], ['renamed.topo', 1]);
        await waitFor('the guide\'s errors under the new name', () =>
            codesOf('qingcloud-star-as-printed.topo')?.length === 0 && !!codesOf('renamed.topo')?.includes('selector-self-overlap'));
    }, 60_000);

    test('a change made outside the editor is checked', async () => {
        const file = path.join(ws, 'tencent-gcp.topo');
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('route 10.170.0.0/20 via tx-gcp', ''));
        await changed(['tencent-gcp.topo', 2]);
        await waitFor('missing-route after the route was removed on disk', () => !!codesOf('tencent-gcp.topo')?.includes('missing-route'));
    }, 60_000);
});
