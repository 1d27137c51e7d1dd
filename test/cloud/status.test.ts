/**
 * Cloud tunnel status in the editor: after `topo apply` of the seed's Tencent Cloud <-> Google
 * Cloud tunnel (real SDKs against the strict fakes), each end's status as its cloud reported it
 * is kept in the journal and shown by the real language server (over stdio) in the tunnel hover
 * and the diagram (`topo/graph` with `stateDir`), and by `topo graph --state-dir`; after
 * `destroy` it is gone.
 */
import * as path from 'node:path';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { GraphResult } from '../../language-server/src/lsp/graph-request.js';
import { openExample, startServer, type ServerProcess } from '../server-process.js';
import { type Clouds, EXAMPLES, TX_GCP_KEY, startClouds, topo } from './harness.js';

let server: ServerProcess;
let conn: MessageConnection;
let c: Clouds;

beforeAll(async () => {
    [server, c] = await Promise.all([startServer(), startClouds()]);
    conn = server.conn;
}, 60000);

afterAll(async () => { server?.stop(); await c?.stop(); });

test('after apply the hover and the diagram show each end as its cloud reported it; after destroy they do not', async () => {
    const stateDir = path.join(c.dir, 'state');
    const file = path.join(EXAMPLES, 'tencent-gcp.topo');
    const { uri, text } = await openExample(conn, 'tencent-gcp.topo');
    await conn.sendNotification('workspace/didChangeConfiguration', { settings: { topo: { cloud: { stateDir } } } });
    const line = text.split('\n').findIndex(l => l.startsWith('tunnel tx-gcp'));
    const hover = async () => ((await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 8 } })) as { contents: { value: string } }).contents.value;
    const graph = async () => (await conn.sendRequest('topo/graph', { uri, svg: true, stateDir })) as GraphResult;

    // never applied: no status anywhere
    expect(await hover()).not.toContain('Status after the last apply');
    expect((await graph()).graph.tunnels[0].ends.map(e => e.live)).toEqual([undefined, undefined]);

    const applied = await topo(c.env, 'apply', file, '--adapter', 'cloud', '--state-dir', stateDir, '--yes');
    expect(applied.code).toBe(0);
    expect(applied.out).toContain('Applied.');

    const h = await hover();
    expect(h).toMatch(/Status after the last apply:\n- \*\*tencent-hk\*\* \(tx-gcp\): up \(AVAILABLE\), as tencent reported at 20\d\d-/);
    expect(h).toMatch(/- \*\*gcp-hk\*\* \(tx-gcp\): up \(ESTABLISHED\), as gcp reported at 20\d\d-/);
    expect(h).not.toContain(TX_GCP_KEY);

    const g = await graph();
    const live = g.graph.tunnels[0].ends.map(e => [e.id, e.live?.adapter, e.live?.state, e.live?.status]);
    expect(live).toEqual([['tunnel:tx-gcp@tencent-hk', 'tencent', 'up', 'AVAILABLE'], ['tunnel:tx-gcp@gcp-hk', 'gcp', 'up', 'ESTABLISHED']]);
    expect(g.svg).toContain('class="end warning live-up" data-id="tunnel:tx-gcp@gcp-hk"');
    expect(g.svg).toMatch(/aria-label="[^"]*; gcp reports ESTABLISHED \(up\) at 20/);

    // the command line draws the same
    const cli = await topo(c.env, 'graph', file, '--format', 'json', '--state-dir', stateDir);
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.out).tunnels[0].ends.map((e: { live?: { state: string } }) => e.live?.state)).toEqual(['up', 'up']);

    // a tunnel the clouds report down: the GCP end's peer address no longer agrees with Tencent's (the fakes' shared world)
    const side = [...c.world.tunnels.values()].find(x => x.provider === 'gcp')!;
    const peerIp = side.peerIp;
    side.peerIp = '192.0.2.1';
    const again = await topo(c.env, 'apply', file, '--adapter', 'cloud', '--state-dir', stateDir, '--yes');
    expect(again.out).toContain('tx-gcp at gcp-hk -> tencent-hk: NOT ESTABLISHED');
    expect(await hover()).toMatch(/- \*\*gcp-hk\*\* \(tx-gcp\): not up \(NO_INCOMING_PACKETS\)/);
    expect((await graph()).graph.tunnels[0].ends.map(e => e.live?.state)).toEqual(['down', 'down']);
    side.peerIp = peerIp;

    const destroyed = await topo(c.env, 'destroy', file, '--adapter', 'cloud', '--state-dir', stateDir, '--yes');
    expect(destroyed.code).toBe(0);
    expect(await hover()).not.toContain('Status after the last apply');
    expect((await graph()).graph.tunnels[0].ends.map(e => e.live)).toEqual([undefined, undefined]);
}, 120000);
