/**
 * "A cloud in a namespace" (issue 15): the seeds' Tencent Cloud <-> Google Cloud topology and the
 * QingCloud star are applied through the cloud adapters against the strict fakes on 127.0.0.1;
 * then every tunnel end a fake holds becomes a strongSwan gateway in a network namespace,
 * configured as that provider would be from the parameters the adapter sent (the address of its
 * gateway, the peer address, the key, the selectors, the IKE version; the proposals: Tencent's
 * as the connection spells them, Google Cloud's and QingCloud's as their profiles accept them),
 * with a host behind it at the topology's host address. Real IKE runs between the two "clouds",
 * and the hosts ping each other. Run by `test/netns/run.sh clouds` (root), under
 * flock /tmp/topo-netns.lock; namespaces and charons are ours and removed (by PID and name of
 * this run) at the end.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { findAlgorithm } from '../../language-server/src/crypto/algorithms.js';
import { getProfile } from '../../language-server/src/providers/index.js';
import type { PhaseCaps } from '../../language-server/src/providers/types.js';
import type { TunnelSide } from '../cloud/fakes/world.js';
import { type Clouds, EXAMPLES, startClouds, topo } from '../cloud/harness.js';
import { charonConf } from './charon.mjs';

const RUN = `tc${randomBytes(2).toString('hex')}`;
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-netns-clouds-'));
const namespaces: string[] = [];
const charons: number[] = [];

function run(cmd: string, args: string[], timeout = 20000): Promise<{ code: number; out: string }> {
    return new Promise(resolve => {
        execFile(cmd, args, { timeout, encoding: 'utf8' }, (err, stdout, stderr) => {
            resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: `${stdout}${stderr}` });
        });
    });
}
async function sh(...args: string[]): Promise<string> {
    const r = await run(args[0], args.slice(1));
    if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.out.trim()}`);
    return r.out;
}
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function nsadd(name: string): Promise<void> {
    await sh('ip', 'netns', 'add', name);
    namespaces.push(name);
    await sh('ip', 'netns', 'exec', name, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv4.conf.all.rp_filter=0', 'net.ipv4.conf.default.rp_filter=0');
    await sh('ip', '-n', name, 'link', 'set', 'lo', 'up');
}

/** A provider's accepted algorithms of one phase as strongSwan proposals (one with every AEAD cipher, one with every other). */
function proposalsOf(caps: PhaseCaps, phase: 'ike' | 'esp', pfs: boolean): string[] {
    const aead = caps.encryption.filter(a => findAlgorithm(a)?.aead);
    const plain = caps.encryption.filter(a => !findAlgorithm(a)?.aead);
    const dh = phase === 'ike' || pfs ? caps.dh : [];
    const prf = phase === 'ike' && Array.isArray(caps.prf) ? caps.prf : [];
    const out: string[] = [];
    if (plain.length && caps.integrity.length) out.push([...plain, ...caps.integrity, ...prf, ...dh].join('-'));
    if (aead.length) out.push([...aead, ...(phase === 'ike' ? (prf.length ? prf : caps.integrity.map(i => `prf${i}`)) : []), ...dh].join('-'));
    return out;
}

/** Tencent's spelling of a value back to the strongSwan keyword, from its profile. */
function unspell(phase: 'ike' | 'esp', kind: 'encryption' | 'integrity' | 'dh', value: string): string | undefined {
    const table = getProfile('tencent').spelling?.[phase]?.[kind] ?? {};
    return Object.entries(table).find(([, v]) => v === value)?.[0];
}

interface Gateway { ip: string; provider: string; sides: (TunnelSide & { ikeProposals: string[]; espProposals: string[]; remoteId: string })[]; host?: { address: string; prefix: string } }

/** How each provider would configure its end of `side` (the parameters the adapter sent, held by the fake). */
function configure(c: Clouds, side: TunnelSide): Gateway['sides'][number] {
    if (side.provider === 'tencent') {
        const conn = [...c.tencent.conns.values()].find(x => x.VpnConnectionName === side.name)!;
        const ike = conn.IKEOptionsSpecification as Record<string, string>, esp = conn.IPSECOptionsSpecification as Record<string, string>;
        const ikeP = [unspell('ike', 'encryption', ike.PropoEncryAlgorithm), unspell('ike', 'integrity', ike.PropoAuthenAlgorithm), unspell('ike', 'dh', ike.DhGroupName)];
        const espP = [unspell('esp', 'encryption', esp.EncryptAlgorithm), unspell('esp', 'integrity', esp.IntegrityAlgorithm), esp.PfsDhGroup === 'NULL' ? undefined : unspell('esp', 'dh', esp.PfsDhGroup)];
        if ([...ikeP, ...espP.slice(0, 2)].some(x => x === undefined)) throw new Error(`tencent ${side.name}: cannot read ${JSON.stringify({ ike, esp })}`);
        return { ...side, ikeProposals: [ikeP.join('-')], espProposals: [espP.filter(Boolean).join('-')], remoteId: side.peerIp };
    }
    const profile = getProfile(side.provider as 'gcp' | 'qingcloud');
    const v = profile.versions[side.ike as 1 | 2]!;
    if (v.fixedSuite) return { ...side, ikeProposals: [v.fixedSuite.ike], espProposals: [v.fixedSuite.esp], remoteId: side.peerIp };
    const pfs = v.pfs === 'required';
    // QingCloud's router takes any peer identity (val1's third field, %any) and picks the key by the
    // peer's address; the peer here sends its address, so the remote id is that address (with %any,
    // charon would pick the first key of the hub's two for an IKEv1 main mode it initiates)
    return { ...side, ikeProposals: proposalsOf(v.ike, 'ike', true), espProposals: [...proposalsOf(v.esp, 'esp', pfs), ...(pfs ? [] : proposalsOf(v.esp, 'esp', true))], remoteId: side.peerIp };
}

/** Every gateway the fakes hold, with the topology's host behind it. */
function gatewaysOf(c: Clouds, hosts: { address: string; site: string; cidr: string }[]): Gateway[] {
    const byIp = new Map<string, Gateway>();
    for (const [id, side] of c.world.tunnels) {
        // a peer for every tunnel end the fake marks established (both ends agree on addresses, key, selectors, IKE version)
        if (!c.world.established(id)) throw new Error(`${side.provider} ${side.name}: the fake does not mark it established`);
        const g = byIp.get(side.localIp) ?? { ip: side.localIp, provider: side.provider, sides: [] };
        byIp.set(side.localIp, g);
        g.sides.push(configure(c, side));
        const inside = (ip: string, cidr: string) => { const [b, l] = cidr.split('/'); const n = (x: string) => x.split('.').reduce((a, o) => a * 256 + Number(o), 0); const m = 2 ** (32 - Number(l)); return Math.floor(n(ip) / m) === Math.floor(n(b) / m); };
        const h = hosts.find(x => side.local.some(l => inside(x.address, l)) && inside(x.address, x.cidr));
        if (h && !g.host) g.host = { address: h.address, prefix: h.cidr };
    }
    return [...byIp.values()];
}

const ip2int = (ip: string) => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
const int2ip = (n: number) => [24, 16, 8, 0].map(s => (n >>> s) & 255).join('.');

/** IKEv1 negotiates one selector pair per SA: a provider makes one per local x remote network (as QingCloud's and Tencent's do). */
function childrenOf(s: TunnelSide): { name: string; local: string; remote: string }[] {
    if (s.ike !== 1) return [{ name: s.name, local: s.local.join(','), remote: s.remote.join(',') }];
    return s.local.flatMap(l => s.remote.map(r => ({ l, r }))).map(({ l, r }, i) => ({ name: `${s.name}-${i}`, local: l, remote: r }));
}

/** The namespaces of one bed: a WAN router, and per gateway its namespace and its host's. */
async function bed(label: string, gws: Gateway[], keys: string[]): Promise<{ ping(a: string, b: string): Promise<boolean>; initiate(): Promise<string[]> }> {
    const wan = `${RUN}${label}w`;
    await nsadd(wan);
    await sh('ip', 'netns', 'exec', wan, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
    const nets = new Set<number>();
    for (const g of gws) {
        const base = ip2int(g.ip) & ~255;
        if (nets.has(base)) throw new Error(`two gateways in one /24 (${g.ip})`);
        nets.add(base);
    }
    for (const [i, g] of gws.entries()) {
        const ns = `${RUN}${label}g${i}`, hns = `${RUN}${label}h${i}`;
        const base = ip2int(g.ip) & ~255;
        const wanIp = int2ip(ip2int(g.ip) === base + 1 ? base + 254 : base + 1);
        await nsadd(ns);
        await sh('ip', 'link', 'add', 'pub0', 'netns', ns, 'type', 'veth', 'peer', 'name', `s${i}`, 'netns', wan);
        await sh('ip', '-n', ns, 'addr', 'add', `${g.ip}/24`, 'dev', 'pub0');
        await sh('ip', '-n', wan, 'addr', 'add', `${wanIp}/24`, 'dev', `s${i}`);
        await sh('ip', '-n', ns, 'link', 'set', 'pub0', 'up');
        await sh('ip', '-n', wan, 'link', 'set', `s${i}`, 'up');
        await sh('ip', 'netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
        for (const o of gws) if (o !== g) await sh('ip', '-n', ns, 'route', 'add', `${int2ip(ip2int(o.ip) & ~255)}/24`, 'via', wanIp);
        if (g.host) {
            const [net, len] = g.host.prefix.split('/');
            const lanGw = int2ip(ip2int(net) + 1);
            await nsadd(hns);
            await sh('ip', 'link', 'add', 'lan0', 'netns', ns, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', hns);
            await sh('ip', '-n', ns, 'addr', 'add', `${lanGw}/${len}`, 'dev', 'lan0');
            await sh('ip', '-n', hns, 'addr', 'add', `${g.host.address}/${len}`, 'dev', 'eth0');
            await sh('ip', '-n', ns, 'link', 'set', 'lan0', 'up');
            await sh('ip', '-n', hns, 'link', 'set', 'eth0', 'up');
            await sh('ip', '-n', hns, 'route', 'add', 'default', 'via', lanGw);
        }
        // strongSwan < 5.9.12 with kernel-libipsec: a local selector (hub transit) that holds no address of the gateway needs one
        const own = [g.ip, ...(g.host ? [int2ip(ip2int(g.host.prefix.split('/')[0]) + 1)] : [])];
        for (const sel of new Set(g.sides.flatMap(x => x.local))) {
            const [b, l] = sel.split('/');
            const size = 2 ** (32 - Number(l)), first = ip2int(b);
            if (own.some(a => ip2int(a) >= first && ip2int(a) < first + size)) continue;
            const anchor = int2ip(first + size - 2);
            await sh('ip', '-n', ns, 'addr', 'add', `${anchor}/32`, 'dev', 'lo');
            own.push(anchor);
        }
        // the gateway's charon: the provider's configuration of every tunnel end it holds
        const dir = path.join(WORK, ns);
        fs.mkdirSync(path.join(dir, 'run'), { recursive: true });
        fs.writeFileSync(path.join(dir, 'strongswan.conf'), charonConf(dir));
        const conns = g.sides.map(s => `  ${s.name} {
    version = ${s.ike}
    local_addrs = ${s.localIp}
    remote_addrs = ${s.peerIp}
    proposals = ${s.ikeProposals.join(',')}
    local { auth = psk
      id = ${s.localIp} }
    remote { auth = psk
      id = ${s.remoteId} }
    children {
${childrenOf(s).map(ch => `      ${ch.name} {
        local_ts = ${ch.local}
        remote_ts = ${ch.remote}
        esp_proposals = ${s.espProposals.join(',')}
      }`).join('\n')}
    }
  }`).join('\n');
        const secrets = g.sides.map((s, j) => `  ike-${j} {\n    id-a = ${s.localIp}\n    id-b = ${s.peerIp}\n    secret = 0s${Buffer.from(s.key).toString('base64')}\n  }`).join('\n');
        fs.writeFileSync(path.join(dir, 'swanctl.conf'), `connections {\n${conns}\n}\nsecrets {\n${secrets}\n}\n`, { mode: 0o600 });
        keys.push(...g.sides.map(s => s.key));
        const child = spawn('ip', ['netns', 'exec', ns, 'sh', '-c', `mount --bind ${dir}/run /run && exec /usr/lib/ipsec/charon`], {
            env: { ...process.env, STRONGSWAN_CONF: path.join(dir, 'strongswan.conf') }, stdio: 'ignore',
        });
        child.unref();
        charons.push(child.pid!);
        const uri = `unix://${dir}/charon.vici`;
        let up = false;
        for (let t = 0; t < 100 && !up; t++) { await sleep(100); up = fs.existsSync(path.join(dir, 'charon.vici')) && (await run('swanctl', ['--stats', '--uri', uri], 5000)).code === 0; }
        if (!up) throw new Error(`charon of ${g.ip} did not start`);
        await sh('swanctl', '--load-all', '--file', path.join(dir, 'swanctl.conf'), '--uri', uri);
        (g as Gateway & { uri: string; ns: string; hns: string }).uri = uri;
        Object.assign(g, { ns, hns });
    }
    const G = gws as (Gateway & { uri: string; ns: string; hns: string })[];
    return {
        /** Each tunnel initiated once, from the end with the lower address; what failed. */
        async initiate() {
            const failed: string[] = [];
            for (const g of G) for (const s of g.sides) {
                if (ip2int(s.localIp) > ip2int(s.peerIp)) continue;
                for (const ch of childrenOf(s)) {
                    const r = await run('swanctl', ['--initiate', '--child', ch.name, '--timeout', '15', '--uri', g.uri], 20000);
                    if (r.code !== 0) failed.push(`${ch.name} from ${s.localIp}: ${r.out.split('\n').filter(l => /NO_PROP|AUTH|TS_UN|INVALID|no proposal|retransmit|giving up|establishing/.test(l)).slice(-3).join(' | ')}`);
                }
            }
            return failed;
        },
        async ping(a: string, b: string) {
            const from = G.find(g => g.host?.address === a)!;
            const r = await run('ip', ['netns', 'exec', from.hns, 'ping', '-c', '3', '-W', '2', '-i', '0.2', '-I', a, b], 20000);
            return r.code === 0;
        },
    };
}

async function teardown(): Promise<void> {
    for (const pid of charons.splice(0)) {
        try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ }
    }
    await sleep(500);
    for (const n of namespaces.splice(0).reverse()) await run('ip', ['netns', 'del', n], 10000);
}

afterAll(async () => {
    await teardown();
    const left = (await run('ip', ['netns', 'list'])).out.split('\n').filter(l => l.startsWith(RUN));
    expect(left).toEqual([]);
    if (!process.env.TOPO_NETNS_KEEP) fs.rmSync(WORK, { recursive: true, force: true });
});

const SCENARIOS = [
    { label: 'a', file: 'tencent-gcp.topo', hosts: [{ address: '10.0.1.10', site: 'tencent-hk', cidr: '10.0.0.0/16' }, { address: '10.170.0.10', site: 'gcp-hk', cidr: '10.170.0.0/20' }], pings: [['10.0.1.10', '10.170.0.10']] },
    {
        label: 'b', file: 'qingcloud-star.topo',
        hosts: [{ address: '192.168.0.5', site: 'pek3', cidr: '192.168.0.0/24' }, { address: '172.16.0.2', site: 'sh1', cidr: '172.16.0.0/24' }, { address: '172.26.0.2', site: 'gd2', cidr: '172.26.0.0/24' }],
        pings: [['192.168.0.5', '172.16.0.2'], ['192.168.0.5', '172.26.0.2'], ['172.16.0.2', '172.26.0.2']],
    },
];

describe.each(SCENARIOS)('$file applied through the cloud adapters, each cloud a strongSwan gateway in a namespace', sc => {
    test('the fakes report every tunnel up, real IKE brings them up, every intended ping passes (both ways)', async () => {
        const c = await startClouds();
        const keys: string[] = [];
        try {
            const env = { ...c.env, STAR_SH1_PSK: `s-${randomBytes(8).toString('hex')}`, STAR_GD2_PSK: `g-${randomBytes(8).toString('hex')}`, TOPO_PSK_PEK3_SH1: `p-${randomBytes(8).toString('hex')}`, TOPO_PSK_PEK3_GD2: `q-${randomBytes(8).toString('hex')}` };
            const applied = await topo(env, 'apply', path.join(EXAMPLES, sc.file), '--adapter', 'cloud', '--state-dir', path.join(c.dir, 'state'), '--yes');
            expect(applied.code, applied.out + applied.err).toBe(0);
            if (sc.file.startsWith('tencent')) expect(applied.out).not.toContain('NOT ESTABLISHED');
            const gws = gatewaysOf(c, sc.hosts);
            expect(gws.every(g => g.host)).toBe(true);
            const b = await bed(sc.label, gws, keys);
            expect(await b.initiate()).toEqual([]);
            for (const [x, y] of sc.pings) {
                expect(await b.ping(x, y), `${x} -> ${y}`).toBe(true);
                expect(await b.ping(y, x), `${y} -> ${x}`).toBe(true);
            }
            // no key in what topo printed, nor in any charon's log
            const logs = fs.readdirSync(WORK).filter(d => d.startsWith(`${RUN}${sc.label}`)).map(d => path.join(WORK, d, 'charon.log')).filter(f => fs.existsSync(f)).map(f => fs.readFileSync(f, 'utf8'));
            expect(logs.length).toBe(gws.length);
            for (const k of new Set(keys)) for (const t of [applied.out, applied.err, ...logs]) expect(t.includes(k)).toBe(false);
        } finally {
            await teardown();
            await c.stop();
        }
    }, 180000);
});
