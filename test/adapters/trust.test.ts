/**
 * Issue #16, apply and destroy as an attacker and a careless operator would try them (fake charon;
 * the real-charon versions of items 2, 3 and 6 are in the netns suite): planted links (1), a
 * removed tunnel's SAs (2), a responder-only change (3), colliding connection names (4), keys
 * beginning with 0x/0s (6), a read-only work folder (7), concurrent runs (8), the plan that was
 * shown (9), digests (11) and redaction (12).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { LockHeldError, acquireLock } from '../../language-server/src/adapters/common/lock.js';
import { UnsafePathError, readFileSafely, writeFileSafely } from '../../language-server/src/adapters/common/safe-files.js';
import { SecretSet, WITHHELD } from '../../language-server/src/adapters/common/secrets.js';
import { StrongswanAdapter } from '../../language-server/src/adapters/strongswan/adapter.js';
import { quoteSecret, siteConfig } from '../../language-server/src/adapters/strongswan/render.js';
import type { SwanctlRunner } from '../../language-server/src/adapters/strongswan/swanctl.js';
import type { Topology } from '../../language-server/src/model/types.js';
import { runCli } from '../../language-server/src/cli/main.js';
import { check } from '../helpers.js';
import { buildBundles } from '../robustness/build.js';
import { FakeCharon, fakeRunner } from './fake-charon.js';
import { netnsTopology, topologyOf } from './fixtures.js';

const KEY = 'Kx7-secret-value-for-tests-only';
const ENV = { TX_GCP_PSK: KEY, STAR_SH1_PSK: KEY, STAR_GD2_PSK: `${KEY}-2` };
const ROOT_USER = process.getuid?.() === 0;
let base: string;
let workdir: string;
let charons: Map<string, FakeCharon>;
let runner: SwanctlRunner;

beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-trust-'));
    workdir = path.join(base, 'work');
    charons = new Map();
    runner = fakeRunner(charons);
});
afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

const charonOf = (site: string) => charons.get(`unix://${path.join(workdir, site, 'charon.vici')}`)!;

async function cycle(t: Topology, env: Record<string, string> = ENV) {
    const adapter = new StrongswanAdapter({ workdir, runner, env });
    const plan = adapter.plan(t, await adapter.observe(t));
    const result = await adapter.apply(plan);
    return { adapter, plan, result };
}

async function cli(...argv: string[]) {
    let out = '', err = '';
    const saved = { ...process.env };
    Object.assign(process.env, ENV);
    try {
        const code = await runCli(argv, { stdout: s => { out += s; }, stderr: s => { err += s; } });
        return { code, out, err };
    } finally {
        for (const k of Object.keys(ENV)) if (!(k in saved)) delete process.env[k];
    }
}

describe('1. the work folder never follows a planted link', () => {
    test('links planted at swanctl.conf, topo-state.json and their old temporary names: the attacker\'s file is untouched, the real files are Topo\'s (0600)', async () => {
        const t = await topologyOf(netnsTopology('04-tencent-gcp-ikev1.topo'));
        const victim = path.join(base, 'attacker-file');
        fs.writeFileSync(victim, 'theirs\n', { mode: 0o644 });
        const site = path.join(workdir, 'tencent-hk');
        fs.mkdirSync(site, { recursive: true, mode: 0o700 });
        fs.chmodSync(workdir, 0o700);
        for (const name of ['swanctl.conf.tmp', 'topo-state.json.tmp', 'swanctl.conf', 'topo-state.json']) fs.symlinkSync(victim, path.join(site, name));
        const { result } = await cycle(t);
        expect(result.ok).toBe(true);
        expect(fs.readFileSync(victim, 'utf8')).toBe('theirs\n');
        for (const name of ['swanctl.conf', 'topo-state.json']) {
            const st = fs.lstatSync(path.join(site, name));
            expect(st.isFile(), name).toBe(true);
            expect(st.mode & 0o777, name).toBe(0o600);
        }
        expect(fs.readFileSync(path.join(site, 'swanctl.conf'), 'utf8')).toContain('connections {');
    });

    test('destroy: links named empty.swanctl.conf and topo-state.json.tmp do not make it overwrite their target', async () => {
        const t = await topologyOf(netnsTopology('04-tencent-gcp-ikev1.topo'));
        await cycle(t);
        const victim = path.join(base, 'root-owned');
        fs.writeFileSync(victim, 'precious\n', { mode: 0o600 });
        const site = path.join(workdir, 'gcp-hk');
        for (const name of ['empty.swanctl.conf', 'topo-state.json.tmp']) fs.symlinkSync(victim, path.join(site, name));
        const adapter = new StrongswanAdapter({ workdir, runner, env: ENV });
        const result = await adapter.apply(adapter.planDestroy(t, await adapter.observe(t)));
        expect(result.ok).toBe(true);
        expect(fs.readFileSync(victim, 'utf8')).toBe('precious\n');
        expect(charonOf('gcp-hk').conns).toEqual([]);
    });

    test('a site folder that is a link, a group-writable work folder, a folder of another user: refused with one line, nothing written', async () => {
        const t = await topologyOf(netnsTopology('04-tencent-gcp-ikev1.topo'));
        const elsewhere = path.join(base, 'elsewhere');
        fs.mkdirSync(elsewhere, { mode: 0o700 });
        fs.mkdirSync(workdir, { mode: 0o700 });
        fs.symlinkSync(elsewhere, path.join(workdir, 'tencent-hk'));
        let { plan, result } = await cycle(t);
        expect(result.ok).toBe(false);
        expect(plan.problems.map(p => p.message)).toContain(`refusing to use ${path.join(workdir, 'tencent-hk')}: it is a symbolic link (Topo writes only into folders it created or verified)`);
        expect(fs.readdirSync(elsewhere)).toEqual([]);
        fs.unlinkSync(path.join(workdir, 'tencent-hk'));

        fs.chmodSync(workdir, 0o777);
        ({ plan, result } = await cycle(t));
        expect(result.ok).toBe(false);
        expect(plan.problems[0].message).toMatch(/^refusing to use .*: its parent folder .*work may be written by group or others and is not sticky \(mode 777\)$/);
        expect(fs.readdirSync(workdir)).toEqual([]);

        const r = await cli('apply', path.join(__dirname, '../netns/topologies/04-tencent-gcp-ikev1.topo'), '--adapter', 'strongswan', '--workdir', workdir, '--yes', '--swanctl', '/nonexistent/swanctl');
        expect(r.code).toBe(1);
        expect(r.err.trim().split('\n')).toHaveLength(1);
        expect(r.err).toMatch(/^topo: refusing to use .*work: group or others may write to it \(mode 777\); run chmod go-w .*; nothing changed\n$/);
        expect(fs.readdirSync(workdir)).toEqual([]);
        fs.chmodSync(workdir, 0o700);

        if (ROOT_USER) {
            fs.mkdirSync(path.join(workdir, 'gcp-hk'), { mode: 0o700 });
            fs.chownSync(path.join(workdir, 'gcp-hk'), 65534, 65534);
            ({ plan, result } = await cycle(t));
            expect(result.ok).toBe(false);
            expect(plan.problems.map(p => p.message)).toContain(`refusing to use ${path.join(workdir, 'gcp-hk')}: it is owned by uid 65534, not by the user running Topo (uid 0)`);
        }
    });

    test('safe-files: exclusive, no-follow creation and atomic rename', () => {
        const dir = path.join(base, 'd');
        writeFileSafely(dir, 'f', 'one');
        expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
        writeFileSafely(dir, 'f', 'two');
        expect(readFileSafely(dir, 'f')).toBe('two');
        expect(fs.readdirSync(dir)).toEqual(['f']); // no temporary file left
        fs.symlinkSync(path.join(dir, 'f'), path.join(dir, 'link'));
        expect(() => readFileSafely(dir, 'link')).toThrow(UnsafePathError);
    });
});

describe('2 and 3. apply brings down what it removes and brings up what it touches', () => {
    test('a spoke removed from the star: the hub\'s SAs to it are terminated and checked gone; the changed spoke is brought up again', async () => {
        const star = netnsTopology('01-star.topo');
        await cycle(await topologyOf(star));
        expect(charonOf('pek3').sas.map(s => s.name).sort()).toEqual([]); // the hub answers: the fake records SAs at the initiator
        expect(charonOf('gd2').sas.map(s => s.name)).toEqual(['gd2-pek3']);
        // the hub also initiated once (an SA at both ends, as after a rekey from the hub)
        charonOf('pek3').sas.push({ name: 'pek3-gd2', version: 2, children: [{ name: 'pek3-gd2', local: [], remote: [], id: 99 }] });
        const without = star.split('\n').filter(l => !/gd2/.test(l) || /^site pek3|^site sh1/.test(l)).join('\n').replace(/, 172\.26\.0\.0\/24/g, '').replace(/local 192\.168\.0\.0\/24, 172\.16\.0\.0\/24/, 'local 192.168.0.0/24');
        const t2 = await topologyOf(without.replace(/^site gd2.*$/m, ''));
        const { plan, result } = await cycle(t2);
        expect(plan.actions.filter(a => a.kind === 'terminate').map(a => `${a.id} (${a.reason})`)).toEqual([
            'terminate:pek3:pek3-gd2 (its tunnel is no longer in the topology)',
            'terminate:sh1:sh1-pek3 (its configuration changed)', // its remote selectors lose gd2's network
        ]);
        expect(plan.actions.filter(a => a.kind === 'initiate').map(a => a.id)).toEqual(['initiate:sh1:sh1-pek3']);
        expect(result.ok).toBe(true);
        expect(charonOf('pek3').sas.map(s => s.name)).not.toContain('pek3-gd2');
        expect(charonOf('pek3').conns.map(c => c.name)).not.toContain('pek3-gd2');
    });

    test('the SAs must really be gone: a terminate that leaves them stops the apply', async () => {
        const t = await topologyOf(netnsTopology('04-tencent-gcp-ikev1.topo'));
        await cycle(t);
        const tx = charonOf('tencent-hk');
        const orig = tx.run.bind(tx);
        tx.run = args => (args[0] === '--terminate' ? { code: 0, stdout: '', stderr: '' } : orig(args)); // swanctl says yes, charon keeps the SA
        const { plan, result } = await cycle(await topologyOf(netnsTopology('05-tencent-gcp-ikev2.topo')));
        expect(plan.actions.map(a => a.id)).toContain('terminate:tencent-hk:tx-gcp');
        expect(result.failed?.error).toBe('the SAs of tx-gcp at tencent-hk are still there after swanctl --terminate');
    }, 20000);

    test('only the responder\'s end changes: its SA is terminated and the initiator initiates again', async () => {
        const text = netnsTopology('11-psk-literal-same.topo');
        await cycle(await topologyOf(text));
        expect(charonOf('tencent-hk').sas.map(s => s.name)).toEqual(['tx-gcp']);
        charonOf('gcp-hk').sas.push({ name: 'gcp-tx', version: 2, children: [{ name: 'gcp-tx', local: [], remote: [], id: 7 }] });
        const changed = text.replace(/(tunnel gcp-tx .*?)esp-proposal aes256-sha256-modp2048/, '$1esp-proposal aes256-sha256');
        expect(changed).not.toBe(text);
        const { plan, result } = await cycle(await topologyOf(changed));
        expect(plan.actions.map(a => a.id)).toEqual(['write-config:gcp-hk', 'terminate:gcp-hk:gcp-tx', 'load:gcp-hk', 'initiate:tencent-hk:tx-gcp']);
        expect(plan.actions.find(a => a.kind === 'initiate')?.reason).toBe('this plan changes the tunnel');
        expect(result.ok).toBe(true);
    });
});

describe('4. connection names are unique in one charon', () => {
    test('an explicit tunnel a-b to site c and the derived a-b to b: two connections', async () => {
        const t = await topologyOf(`topology n
site a < provider strongswan cidr 10.1.0.0/16 gateway 192.0.2.1 > hub a
site b < provider strongswan cidr 10.2.0.0/16 gateway 198.51.100.2 > hub a
site c < provider strongswan cidr 10.3.0.0/16 gateway 203.0.113.3 >
tunnel a-b a <-> c < psk env K >
`);
        const conns = siteConfig(t.siteByName.get('a')!, t).connections;
        for (const names of [conns.map(c => c.name), conns.flatMap(c => c.children.map(ch => ch.name))]) expect(new Set(names).size).toBe(names.length);
        expect(siteConfig(t.siteByName.get('a')!, t).connections.map(c => `${c.name} -> ${c.end.peer.name}`).sort()).toEqual(['a-b -> c', 'a-b-2 -> b']);
    });
});

describe('4. topo check reports names that collide', () => {
    const messages = async (text: string) => (await check(text)).diagnostics!.filter(d => d.code === 'name-collision').map(d => String(d.message));
    test('an explicit tunnel named like a derived one at the same site', async () => {
        expect(await messages(`site a < provider strongswan cidr 10.1.0.0/16 gateway 192.0.2.1 > hub a
site b < provider strongswan cidr 10.2.0.0/16 gateway 198.51.100.2 > hub a
site c < provider strongswan cidr 10.3.0.0/16 gateway 203.0.113.3 >
tunnel a-b a <-> c < psk env K >
`)).toEqual(['At site a, derived tunnel a-b (to b) and tunnel a-b (to c) have the same connection name: strongSwan merges such connections and consoles reject the second. Rename one of the tunnels.']);
    });
    test('a-b, a_b and A-B: the same connection name and the same key variable', async () => {
        const found = await messages(`site a < provider strongswan cidr 10.1.0.0/16 gateway 192.0.2.1 >
site b < provider strongswan cidr 10.2.0.0/16 gateway 198.51.100.2 >
site c < provider strongswan cidr 10.3.0.0/16 gateway 203.0.113.3 >
tunnel a-b a <-> b
tunnel a_b a <-> c
tunnel A-B b <-> c < psk env OWN >
`);
        expect(found).toContain('At site a, tunnel a_b (to c) and tunnel a-b (to b) have the same connection name once case and _/- are ignored: strongSwan merges such connections and consoles reject the second. Rename one of the tunnels.');
        expect(found).toContain('Tunnels a_b and a-b have no psk and both read their key from TOPO_PSK_A_B: they would share one key. Give one of them psk env VAR, or rename it.');
        // at b (a-b and A-B) and at c (a_b and A-B); A-B has its own key, so no shared variable
        expect(found.filter(m => m.includes('A-B')).map(m => m.split(',')[0])).toEqual(['At site b', 'At site c']);
    });
    test('distinct names: nothing', async () => {
        expect(await messages(netnsTopology('01-star.topo'))).toEqual([]);
    });
});

describe('6. keys that begin with 0x or 0s', () => {
    test('topo check explains it, without showing the key', async () => {
        const doc = await check(netnsTopology('11-psk-literal-same.topo').replaceAll('Q8f3a1c5e9b-literal-test-only', '0xQ8f3a1c5e9b-literal'));
        const found = doc.diagnostics!.filter(d => d.code === 'psk-encoding');
        expect(found.length).toBeGreaterThan(0);
        expect(found[0].message).toMatch(/begins with '0x', which strongSwan \(swanctl.conf, ipsec.secrets\) reads as hex.*Topo writes it base64-encoded/);
        expect(found.map(d => d.message).join()).not.toContain('Q8f3a1c5e9b');
    });

    test('are written base64-encoded, so swanctl reads the literal', () => {
        for (const key of ['0x1234abcd', '0sQUJD', '0Xdeadbeef', '0S', 'plain', 'with "quote" and \\']) {
            const v = quoteSecret(key);
            expect(v).toMatch(/^0s[A-Za-z0-9+/=]*$/);
            expect(Buffer.from(v.slice(2), 'base64').toString('utf8')).toBe(key);
        }
    });
});

describe('7. a read-only work folder', () => {
    beforeAll(buildBundles, 130_000); // it runs bin/topo.cjs, which needs out/cli.cjs (a fresh clone's `npm test` has none)
    test.skipIf(!ROOT_USER || spawnSync('unshare', ['--version']).status !== 0)('apply and destroy refuse with one line before changing anything', async () => {
        const file = path.join(__dirname, '../netns/topologies/04-tencent-gcp-ikev1.topo');
        const t = await topologyOf(netnsTopology('04-tencent-gcp-ikev1.topo'));
        await cycle(t); // applied: files written, "charon" loaded
        // a fake swanctl that logs every call and answers like a charon with the tunnel up
        const log = path.join(base, 'calls.log');
        const fake = path.join(base, 'swanctl');
        fs.writeFileSync(fake, `#!/bin/sh\necho "$1" >> ${log}\ncase "$1" in --list-conns|--list-sas|--stats) exit 0;; esac\nexit 0\n`, { mode: 0o755 });
        const cliPath = path.join(__dirname, '../../bin/topo.cjs');
        for (const cmd of ['destroy', 'apply']) {
            fs.writeFileSync(log, '');
            const script = `mount --bind "$W" "$W" && mount -o remount,ro,bind "$W" && exec "$NODE" "$CLI" ${cmd} "$F" --adapter strongswan --workdir "$W" --yes ${cmd === 'apply' ? '--force' : ''} --swanctl "$S"`;
            const r = spawnSync('unshare', ['-m', 'sh', '-c', script], {
                env: { ...process.env, ...ENV, W: workdir, NODE: process.execPath, CLI: cliPath, F: file, S: fake }, encoding: 'utf8', timeout: 60000,
            });
            if (/mount: .*(permission denied|not permitted)/i.test(r.stderr)) return; // no mount namespaces here
            expect(r.status, r.stdout + r.stderr).toBe(1);
            expect(r.stderr).not.toMatch(/internal error/);
            expect(r.stderr.trim().split('\n')).toHaveLength(1);
            expect(r.stderr).toMatch(/^topo: cannot .*read-only file system/);
            const calls = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
            expect(calls.filter(c => !['--list-conns', '--list-sas', '--stats'].includes(c)), `${cmd} changed the charon`).toEqual([]);
        }
    }, 120000);
});

describe('8. one apply at a time per work folder', () => {
    test('a second run waits for the first, or says who holds the lock', async () => {
        fs.mkdirSync(workdir, { mode: 0o700 });
        const release = await acquireLock(workdir, { command: 'topo apply first.topo' });
        await expect(acquireLock(workdir, { command: 'topo apply second.topo' })).rejects.toThrow(LockHeldError);
        await expect(acquireLock(workdir, { command: 'x' })).rejects.toThrow(`is in use by topo apply first.topo (pid ${process.pid} on ${os.hostname()}`);
        const file = path.join(__dirname, '../netns/topologies/04-tencent-gcp-ikev1.topo');
        const r = await cli('apply', file, '--adapter', 'strongswan', '--workdir', workdir, '--yes', '--wait', '0', '--swanctl', '/nonexistent/swanctl');
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/^topo: .* is in use by topo apply first\.topo \(pid \d+ on .*\); wait for it to finish, or remove .*\.topo\.lock if that process is gone; nothing changed\n$/);
        let second = false;
        const waiting = acquireLock(workdir, { command: 'topo apply second.topo', waitMs: 5000 }).then(rel => { second = true; return rel; });
        await new Promise(r => setTimeout(r, 300));
        expect(second).toBe(false);
        release();
        (await waiting)();
        expect(second).toBe(true);
    });

    test('a lock left by a process that is gone is taken over', async () => {
        fs.mkdirSync(workdir, { mode: 0o700 });
        const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
        fs.writeFileSync(path.join(workdir, '.topo.lock'), JSON.stringify({ pid: Number(dead.stdout), host: os.hostname(), command: 'topo apply old', since: 'then' }));
        const release = await acquireLock(workdir, { command: 'topo apply new' });
        release();
        expect(fs.existsSync(path.join(workdir, '.topo.lock'))).toBe(false);
    });
});

describe('9. apply runs the plan that was shown', () => {
    test('--plan-id: the file changed after planning -> refused, nothing changed', async () => {
        const file = path.join(base, 't.topo');
        fs.writeFileSync(file, netnsTopology('04-tencent-gcp-ikev1.topo'));
        const planned = await cli('plan', file, '--adapter', 'strongswan', '--workdir', workdir, '--format', 'json', '--swanctl', '/nonexistent/swanctl');
        const id = JSON.parse(planned.out.split('\n')[0]).plan.id as string;
        expect(id).toMatch(/^[0-9a-f]{16}$/);
        fs.writeFileSync(file, netnsTopology('05-tencent-gcp-ikev2.topo'));
        const r = await cli('apply', file, '--adapter', 'strongswan', '--workdir', workdir, '--yes', '--plan-id', id, '--swanctl', '/nonexistent/swanctl');
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/^topo: the plan changed since it was shown \(id [0-9a-f]+, now [0-9a-f]+: the file or the gateways changed\); nothing changed\. Plan again\.\n$/);
        expect(fs.existsSync(path.join(workdir, 'tencent-hk', 'swanctl.conf'))).toBe(false);
        // the same file: the same id
        const again = await cli('plan', file, '--adapter', 'strongswan', '--workdir', workdir, '--format', 'json', '--swanctl', '/nonexistent/swanctl');
        const id2 = JSON.parse(again.out.split('\n')[0]).plan.id as string;
        const third = await cli('plan', file, '--adapter', 'strongswan', '--workdir', workdir, '--format', 'json', '--swanctl', '/nonexistent/swanctl');
        expect(JSON.parse(third.out.split('\n')[0]).plan.id).toBe(id2);
    });
});

describe('11 and 12. digests and redaction give no key away', () => {
    test('the plan\'s digests are keyed (HMAC): the sha256 of the written file appears nowhere', async () => {
        const t = await topologyOf(netnsTopology('04-tencent-gcp-ikev1.topo'));
        const { plan } = await cycle(t);
        const conf = fs.readFileSync(path.join(workdir, 'tencent-hk', 'swanctl.conf'), 'utf8');
        const shown = JSON.stringify(plan) + fs.readFileSync(path.join(workdir, 'tencent-hk', 'topo-state.json'), 'utf8');
        expect(shown).not.toContain(createHash('sha256').update(conf).digest('hex'));
        expect(plan.actions.find(a => a.kind === 'write-config')?.data?.digest).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
        expect(fs.statSync(path.join(workdir, '.topo-digest-key')).mode & 0o777).toBe(0o600);
    });

    test('a key that is also ordinary text (wd3 in the work folder\'s path): paths stay whole; tool output holding the key is withheld whole', async () => {
        const secrets = new SecretSet();
        secrets.add('wd3');
        expect(secrets.scrub('cannot open /srv/wd3/x')).toBe(WITHHELD);
        expect(secrets.scrub('no key here')).toBe('no key here');
        workdir = path.join(base, 'wd3');
        const t = await topologyOf(netnsTopology('04-tencent-gcp-ikev1.topo'));
        const events: string[] = [];
        const adapter = new StrongswanAdapter({ workdir, runner, env: { TX_GCP_PSK: 'wd3' } });
        const plan = adapter.plan(t, await adapter.observe(t));
        await adapter.apply(plan, e => events.push(e.message));
        const shown = JSON.stringify(plan) + events.join('\n');
        expect(shown).not.toContain('<redacted>');
        expect(events).toContain(`wrote ${path.join(workdir, 'tencent-hk', 'swanctl.conf')}`);
    });
});

describe('14. other bad input: one clear line or a diagnostic', () => {
    test('a file whose name does not end in .topo, and /dev/stdin: one line, exit 2, no internal error', async () => {
        const txt = path.join(base, 'notes.txt');
        fs.writeFileSync(txt, 'site a < cidr 10.0.0.0/24 >\n');
        const r = await cli('check', txt);
        expect(r.code).toBe(2);
        expect(r.err).toBe(`topo: cannot read '${txt}': Topo reads files whose names end in .topo\n`);
        const bin = spawnSync(process.execPath, [path.join(__dirname, '../../bin/topo.cjs'), 'check', '/dev/stdin'], { input: 'site a < cidr 10.0.0.0/24 >\n', encoding: 'utf8' });
        expect(bin.status).toBe(2);
        expect(bin.stderr.trim().split('\n')).toHaveLength(1);
        expect(bin.stderr).not.toMatch(/internal error/);
    });

    test('a 3 MB invalid network is not echoed in the message', async () => {
        const doc = await check(`site a < cidr 10.0.0.${'9'.repeat(3_000_000)}/24 >\n`);
        const d = (doc.diagnostics ?? []).find(x => x.code === 'cidr-invalid');
        expect(d).toBeDefined();
        expect(String(d!.message).length).toBeLessThan(200);
        expect(String(d!.message)).toMatch(/\(3000007 characters\)/);
    });

    test('a name over 255 bytes is an error before strongSwan refuses it', async () => {
        const long = `s${'x'.repeat(255)}`;
        const doc = await check(`site ${long} < provider strongswan cidr 10.0.0.0/24 gateway 192.0.2.1 >\nsite b < provider strongswan cidr 10.1.0.0/24 gateway 198.51.100.1 >\nsite c < provider strongswan cidr 10.2.0.0/24 gateway 203.0.113.1 >\ntunnel t${'y'.repeat(255)} c <-> b\n`);
        const found = (doc.diagnostics ?? []).filter(x => x.code === 'name-too-long').map(x => String(x.message));
        expect(found).toHaveLength(2);
        expect(found[0]).toMatch(/a name of 256 bytes: strongSwan and the consoles accept at most 255/);
        expect(found.join()).not.toContain('x'.repeat(40));
        expect((await check(netnsTopology('01-star.topo'))).diagnostics!.filter(x => x.code === 'name-too-long')).toEqual([]);
    });

    test('swanctl\'s usage text does not reach an error message', async () => {
        const t = await topologyOf(netnsTopology('04-tencent-gcp-ikev1.topo'));
        await new StrongswanAdapter({ workdir, runner, env: {} }).observe(t);
        const tx = charonOf('tencent-hk');
        const orig = tx.run.bind(tx);
        const usage = "Error: invalid options\nstrongSwan 5.9.8 swanctl\nusage:\n  swanctl --initiate [--child <name>] [--ike <name>]\n           --child           (-c)  initiate a CHILD_SA configuration\n";
        tx.run = args => (args[0] === '--initiate' ? { code: 1, stdout: '', stderr: usage } : orig(args));
        const { result } = await cycle(t);
        const error = result.softFailures[0]?.error ?? result.failed?.error ?? '';
        expect(error).toMatch(/did not come up/);
        expect(error).not.toMatch(/usage|--child|CHILD_SA configuration/);
    });
});

describe('15. psk env reads any variable: a credential-looking one is flagged', () => {
    test('GITHUB_TOKEN and AWS_SECRET_ACCESS_KEY warn; a key variable does not', async () => {
        const text = (v: string) => netnsTopology('04-tencent-gcp-ikev1.topo').replace('psk env TX_GCP_PSK', `psk env ${v}`);
        for (const v of ['GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'DB_PASSWORD']) {
            const found = (await check(text(v))).diagnostics!.filter(d => d.code === 'psk-env-credential');
            expect(found.map(d => d.severity), v).toEqual([2]);
            expect(String(found[0].message)).toContain(`psk env ${v} reads a variable that looks like another credential`);
        }
        expect((await check(text('TX_GCP_PSK'))).diagnostics!.filter(d => d.code === 'psk-env-credential')).toEqual([]);
    });
});

describe('10. no part of an unclosed psk "... appears anywhere', () => {
    test('keys with spaces and keywords: not in diagnostics, the outline, the model or runbooks', async () => {
        const { runbookMarkdown } = await import('../../language-server/src/runbooks/index.js');
        const { services } = await import('../helpers.js');
        const base = netnsTopology('04-tencent-gcp-ikev1.topo');
        let seed = 16;
        const rnd = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
        const words = ['site', 'tunnel', 'host', 'cidr', 'psk', 'env', 'Q2pLk9vRt4Zw', 'zV8mTq', 'wd3x7Kp', '10.9.9.0/24', '<', '>', 'in'];
        let leaks = 0;
        for (let i = 0; i < 60; i++) {
            const key = Array.from({ length: 3 + Math.floor(rnd() * 6) }, () => words[Math.floor(rnd() * words.length)]).join(' ');
            const text = base.replace('psk env TX_GCP_PSK', `psk "${key}`);
            const doc = await check(text);
            const topology = services.topo.TopologyService.resultFor(doc).topology;
            const symbols = (await services.lsp.DocumentSymbolProvider!.getSymbols(doc, { textDocument: { uri: doc.uri.toString() } })) ?? [];
            const shown = JSON.stringify(doc.diagnostics) + JSON.stringify(symbols) + topology.sites.map(s => s.name).join(' ') + runbookMarkdown(topology, { lang: 'en' });
            // every part of the key that is not also ordinary text of the file
            for (const w of key.split(' ').filter(x => x.length >= 5 && !base.includes(x))) if (shown.includes(w)) leaks++;
        }
        expect(leaks).toBe(0);
    });
});
