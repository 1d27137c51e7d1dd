// Generated agreement cases: random two-site and three-site topologies from a fixed seed, each
// predicted by `topo check` and then driven on real strongSwan with configs written here, from
// the case's draws, independently of Topo's adapter.
//
// A case: IKE version, proposal lists (IKE and ESP, PFS), selectors (exact mirrors, supersets,
// narrowed halves, a dropped or extra network, a remote that includes the end's own site, a
// wrong network) and pre-shared keys, drawn per tunnel. On the bed:
//   1. the first end of every tunnel initiates; pings from a low and a high address of every
//      network to every other site's;
//   2. a CHILD_SA rekey from each end, then an IKE_SA rekey (each must produce a new SA);
//   3. everything terminated, the other end initiates, the pings again.
// Observed per tunnel: up when each end initiates (or why not, from the strongSwan log), the
// negotiated selectors, each rekey; per case: which pings failed. The observed outcome is
// compared with Topo's verdict (see `agreesGenerated`).
//
// Speed: a bed (a WAN, three gateways with one charon each, three hosts) is built once per
// worker and reused for every case it runs: a case changes only addresses, routes and the
// loaded swanctl.conf; charons are restarted between cases (a fresh log and no state left over).
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { charonConf } from './charon.mjs';

// ------------------------------------------------------------------------------ small helpers

const sleep = ms => new Promise(r => setTimeout(r, ms));

function run(cmd, args, { timeout = 15000, input } = {}) {
    return new Promise(resolve => {
        const child = execFile(cmd, args, { timeout, killSignal: 'SIGKILL', maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
            resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
        });
        // a child killed mid-write (SIGKILL at the timeout, an interrupted run) must not crash the run with EPIPE
        if (input !== undefined) { child.stdin.on('error', () => {}); child.stdin.end(input); }
    });
}
async function sh(args, opts) {
    const r = await run(args[0], args.slice(1), opts);
    if (r.code !== 0) throw new Error(`${args.join(' ')} -> exit ${r.code}: ${(r.stderr || r.stdout).trim().split('\n').slice(-2).join(' | ')}`);
    return r.stdout;
}
/** Bounded parallel map. */
async function pool(items, n, fn) {
    const out = new Array(items.length);
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
        while (next < items.length) { const i = next++; out[i] = await fn(items[i], i); }
    }));
    return out;
}

const ip2int = a => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const int2ip = n => [24, 16, 8, 0].map(s => Math.floor(n / 2 ** s) % 256).join('.');
function cidr(c) {
    const [a, l] = c.split('/');
    const len = Number(l ?? 32);
    const size = 2 ** (32 - len);
    const base = ip2int(a) - (ip2int(a) % size);
    return { base, len, size, last: base + size - 1 };
}
const inCidr = (addr, c) => { const x = ip2int(addr); const p = cidr(c); return x >= p.base && x <= p.last; };
const covers = (outer, inner) => { const o = cidr(outer), i = cidr(inner); return i.base >= o.base && i.last <= o.last; };
const supernet = (c, len) => { const p = cidr(c); const s = 2 ** (32 - len); return `${int2ip(p.base - (p.base % s))}/${len}`; };
/** The addresses a case pings from and to: a low and a high one of a network. */
const lowHigh = c => { const p = cidr(c); return [int2ip(p.base + 10), int2ip(p.last - 1)]; };

// ------------------------------------------------------------------------------ draws

/** mulberry32: a small seeded PRNG, so the same seed gives the same cases everywhere. */
function rng(seed) {
    let a = seed >>> 0;
    const next = () => {
        a = (a + 0x6D2B79F5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    next.pick = arr => arr[Math.floor(next() * arr.length)];
    next.chance = p => next() < p;
    next.some = (arr, k) => { const c = [...arr]; const out = []; while (out.length < k && c.length) out.push(c.splice(Math.floor(next() * c.length), 1)[0]); return out; };
    return next;
}

const IKE_V2 = ['aes128-sha256-modp2048', 'aes256-sha256-modp2048', 'aes256-sha384-ecp384', 'aes128gcm16-prfsha256-ecp256', 'aes256gcm16-prfsha384-ecp384', 'aes128-sha256-ecp256'];
const IKE_V1 = ['aes128-sha1-modp1024', 'aes128-sha256-modp2048', 'aes256-sha256-modp2048', 'aes256-sha1-modp2048', 'aes128-sha256-ecp256'];
const ESP_BASE = ['aes128-sha256', 'aes256-sha256', 'aes128gcm16', 'aes256gcm16', 'aes128-sha1'];
const ESP_BASE_V1 = ['aes128-sha256', 'aes256-sha256', 'aes128-sha1', 'aes256-sha1'];
const PFS = ['', 'modp2048', 'ecp256'];
const GATEWAYS = ['192.0.2.10', '198.51.100.20', '203.0.113.30'];

/** Networks of site k: one or two /24s (two apart, so that each /23 supernet covers no other network). */
function siteNetworks(r, k) {
    const b = 10 * k + 1;
    const nets = [`10.${b}.0.0/24`];
    if (r.chance(0.35)) nets.push(`10.${b}.4.0/24`);
    return nets;
}

function proposalsFor(r, version, other) {
    const pool = version === 1 ? IKE_V1 : IKE_V2;
    const espPool = version === 1 ? ESP_BASE_V1 : ESP_BASE;
    const ike = r.some(pool, r.chance(0.3) ? 2 : 1);
    const pfs = r.pick(PFS);
    const esp = r.some(espPool, r.chance(0.3) ? 2 : 1).map(e => pfs ? `${e}-${pfs}` : e);
    if (!other) return { ike, esp };
    // the other end: mostly the same lists, sometimes overlapping or independent ones
    const mode = r();
    const ikeB = mode < 0.7 ? [...other.ike] : mode < 0.8 ? [other.ike[0], ...r.some(pool, 1)].filter((x, i, a) => a.indexOf(x) === i) : ike;
    const m2 = r();
    let espB = m2 < 0.7 ? [...other.esp] : m2 < 0.85 ? [other.esp[0], ...r.some(espPool, 1).map(e => pfs ? `${e}-${pfs}` : e)].filter((x, i, a) => a.indexOf(x) === i) : esp;
    // PFS drawn separately (the IKEv2 case the issue describes: same suites, other PFS group)
    if (r.chance(0.12)) { const g = r.pick(PFS); espB = espB.map(e => e.replace(/-(modp2048|ecp256)$/, '') + (g ? `-${g}` : '')); }
    return { ike: ikeB, esp: espB.filter((x, i, a) => a.indexOf(x) === i) };
}

const SELECTOR_CHANGES = ['superset', 'superset16', 'self', 'narrow', 'drop', 'extra', 'wrong'];

/** Changes one side of one end's selectors; returns a description. */
function perturb(r, end, peerNets) {
    const kind = r.pick(SELECTOR_CHANGES);
    const side = r.chance(0.5) ? 'local' : 'remote';
    const list = end[side];
    const i = Math.floor(r() * list.length);
    switch (kind) {
        case 'superset': list[i] = supernet(list[i], 23); break;
        case 'superset16': list[i] = supernet(list[i], 16); break;
        case 'self': end.remote = ['10.0.0.0/8']; return `${end.name}: remote 10.0.0.0/8 (includes its own site)`;
        case 'narrow': { const p = cidr(list[i]); list[i] = `${int2ip(p.base)}/${p.len + 1}`; break; }
        case 'drop': if (list.length < 2) return perturb(r, end, peerNets); list.splice(i, 1); break;
        case 'extra': list.push(side === 'remote' ? '10.99.0.0/24' : supernet(list[0], 24).replace(/\.0\.0\/24$/, '.8.0/24')); break;
        case 'wrong': end.remote = ['10.200.0.0/24']; return `${end.name}: remote 10.200.0.0/24 (nobody's)`;
    }
    return `${end.name}: ${kind} ${side} ${list.join(',')}`;
}

/**
 * One case: sites (name, networks, gateway), tunnels (two ends each, every setting written out),
 * and the pairs of sites that must reach each other (all of them).
 */
export function generateCase(r, index) {
    const three = r.chance(0.35);
    const names = three ? ['h', 's', 't'] : ['a', 'b'];
    const sites = names.map((name, k) => ({ name, networks: siteNetworks(r, k), gateway: GATEWAYS[k] }));
    const byName = Object.fromEntries(sites.map(s => [s.name, s]));
    const links = three ? [['h', 's'], ['h', 't']] : [['a', 'b']];
    const notes = [];
    const tunnels = links.map(([x, y]) => {
        const nets = n => byName[n].networks;
        const others = (n, not) => sites.filter(s => s.name !== n && s.name !== not).flatMap(s => s.networks);
        // intended selectors: a star's hub carries the other spoke's networks too
        const mk = (me, peer) => ({ name: `${me}-${peer}`, site: me, peer, local: [...nets(me), ...(three && me === 'h' ? others('h', peer) : [])], remote: [...nets(peer), ...(three && peer === 'h' ? others('h', me) : [])] });
        const ends = [mk(x, y), mk(y, x)];
        const vA = r.chance(0.3) ? 1 : 2;
        const vB = r.chance(0.04) ? 3 - vA : vA;
        const pA = proposalsFor(r, vA);
        const pB = vA === vB ? proposalsFor(r, vB, pA) : proposalsFor(r, vB);
        Object.assign(ends[0], { version: vA, ...pA }, { psk: 'GEN_PSK_1' });
        Object.assign(ends[1], { version: vB, ...pB }, { psk: r.chance(0.07) ? 'GEN_PSK_2' : 'GEN_PSK_1' });
        if (r.chance(0.4)) notes.push(perturb(r, ends[r.chance(0.5) ? 0 : 1]));
        if (vA !== vB) notes.push(`IKE versions ${vA}/${vB}`);
        if (ends[0].psk !== ends[1].psk) notes.push('keys differ');
        return { name: `${x}-${y}`, ends };
    });
    const reach = [];
    for (let i = 0; i < sites.length; i++) for (let j = i + 1; j < sites.length; j++) reach.push([sites[i].name, sites[j].name]);
    return { id: `g${String(index).padStart(4, '0')}`, three, sites, tunnels, reach, notes };
}

/** The case as a Topo file: every setting of both ends written out (the keys literally, so that Topo can compare them). */
export function caseToTopo(c, keys) {
    const lines = [`// generated case ${c.id}${c.notes.length ? `: ${c.notes.join('; ')}` : ''}`, `topology ${c.id}`, ''];
    for (const s of c.sites) lines.push(`site ${s.name} < provider strongswan cidr ${s.networks.join(', ')} gateway ${s.gateway} >${c.three && s.name !== 'h' ? ' hub h' : ''}`);
    lines.push('');
    for (const t of c.tunnels) {
        for (const e of t.ends) {
            lines.push(`tunnel ${e.name} ${e.site} -> ${e.peer} < local ${e.local.join(', ')} remote ${e.remote.join(', ')} ike v${e.version} ike-proposal ${e.ike.join(', ')} esp-proposal ${e.esp.join(', ')} psk "${keys[e.psk]}" >`);
        }
    }
    return lines.join('\n') + '\n';
}

// ------------------------------------------------------------------------------ swanctl.conf, written from the draws

/**
 * One connection per tunnel end. IKEv2: one child with every selector. IKEv1: one child per
 * local/remote pair (strongSwan's IKEv1 uses only the first selector of a child).
 */
function swanctlConf(c, site, keys) {
    const out = ['connections {'];
    const secrets = [];
    for (const t of c.tunnels) {
        for (const e of t.ends.filter(x => x.site === site.name)) {
            const peer = c.sites.find(s => s.name === e.peer);
            out.push(`  ${conn(c, e)} {`, `    version = ${e.version}`, `    local_addrs = ${site.gateway}`, `    remote_addrs = ${peer.gateway}`,
                `    proposals = ${e.ike.join(',')}`, '    rekey_time = 0', '    reauth_time = 0', '    dpd_delay = 0',
                `    local {`, `      auth = psk`, `      id = ${site.gateway}`, `    }`, `    remote {`, `      auth = psk`, `      id = ${peer.gateway}`, `    }`, '    children {');
            const pairs = e.version === 1 ? e.local.flatMap(l => e.remote.map(r => [[l], [r]])) : [[e.local, e.remote]];
            pairs.forEach(([l, r], i) => out.push(`      ${conn(c, e)}-${i} {`, `        local_ts = ${l.join(',')}`, `        remote_ts = ${r.join(',')}`,
                `        esp_proposals = ${e.esp.join(',')}`, '        rekey_time = 0', '        life_time = 0', '        start_action = none', '        close_action = none', '        dpd_action = none', '      }'));
            out.push('    }', '  }');
            secrets.push(`  ike-${conn(c, e)} {`, `    id-a = ${site.gateway}`, `    id-b = ${peer.gateway}`, `    secret = "${keys[e.psk]}"`, '  }');
        }
    }
    out.push('}', 'secrets {', ...secrets, '}');
    return out.join('\n') + '\n';
}

/** The connection of a tunnel end in swanctl.conf: unique per case, as charons are reused across cases. */
const conn = (c, e) => `${c.id}-${e.name}`;
/** The children a tunnel end initiates. */
const childNames = (c, e) => (e.version === 1 ? e.local.flatMap(() => e.remote.map(() => 0)) : [0]).map((_, i) => `${conn(c, e)}-${i}`);

// ------------------------------------------------------------------------------ the bed

const STRONGSWAN_CONF = d => charonConf(d, { retransmitTries: 2, retransmitTimeout: 0.5, halfOpenTimeout: 5, appendLog: false });

export class GenBed {
    constructor(prefix, dir, w) {
        this.id = `${prefix}q${w}`;
        this.dir = path.join(dir, `gen${w}`);
        this.namespaces = [];
        this.charons = new Map(); // k -> pid
        fs.mkdirSync(this.dir, { recursive: true });
    }
    g(k) { return `${this.id}-g${k}`; }
    h(k) { return `${this.id}-h${k}`; }
    d(k) { return path.join(this.dir, `s${k}`); }
    uri(k) { return `unix://${this.d(k)}/charon.vici`; }

    async nsadd(name) {
        await sh(['ip', 'netns', 'add', name]);
        this.namespaces.push(name);
        await sh(['ip', 'netns', 'exec', name, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
        await sh(['ip', '-n', name, 'link', 'set', 'lo', 'up']);
    }

    /** Three gateways on a WAN, a host behind each; site addresses come per case. */
    async up() {
        const wan = `${this.id}-w`;
        await this.nsadd(wan);
        await sh(['ip', 'netns', 'exec', wan, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
        await Promise.all([0, 1, 2].map(async k => {
            const gw = GATEWAYS[k], net = cidr(`${gw}/24`);
            await this.nsadd(this.g(k));
            await this.nsadd(this.h(k));
            await sh(['ip', 'link', 'add', 'pub0', 'netns', this.g(k), 'type', 'veth', 'peer', 'name', `s${k}`, 'netns', wan]);
            await sh(['ip', '-n', this.g(k), 'addr', 'add', `${gw}/24`, 'dev', 'pub0']);
            await sh(['ip', '-n', wan, 'addr', 'add', `${int2ip(net.base + 1)}/24`, 'dev', `s${k}`]);
            await sh(['ip', 'link', 'add', 'lan0', 'netns', this.g(k), 'type', 'veth', 'peer', 'name', 'eth0', 'netns', this.h(k)]);
            await sh(['ip', '-n', this.g(k), 'addr', 'add', '169.254.0.1/30', 'dev', 'lan0']);
            await sh(['ip', '-n', this.h(k), 'addr', 'add', '169.254.0.2/30', 'dev', 'eth0']);
            for (const [ns, dev] of [[this.g(k), 'pub0'], [wan, `s${k}`], [this.g(k), 'lan0'], [this.h(k), 'eth0']]) await sh(['ip', '-n', ns, 'link', 'set', dev, 'up']);
            await sh(['ip', '-n', this.h(k), 'route', 'add', 'default', 'via', '169.254.0.1']);
            await sh(['ip', 'netns', 'exec', this.g(k), 'sysctl', '-qw', 'net.ipv4.ip_forward=1', 'net.ipv4.conf.all.send_redirects=0', 'net.ipv4.conf.default.send_redirects=0']);
        }));
        for (let k = 0; k < 3; k++) for (let o = 0; o < 3; o++) if (o !== k) await sh(['ip', '-n', this.g(k), 'route', 'add', `${GATEWAYS[o].replace(/\d+$/, '0')}/24`, 'via', int2ip(cidr(`${GATEWAYS[k]}/24`).base + 1)]);
        await Promise.all([0, 1, 2].map(k => this.startCharon(k)));
    }

    async startCharon(k) {
        const d = this.d(k);
        fs.mkdirSync(path.join(d, 'run'), { recursive: true });
        fs.writeFileSync(path.join(d, 'strongswan.conf'), STRONGSWAN_CONF(d));
        fs.rmSync(path.join(d, 'charon.vici'), { force: true });
        fs.rmSync(path.join(d, 'charon.log'), { force: true });
        const out = fs.openSync(path.join(d, 'charon.stdout'), 'a');
        const child = spawn('ip', ['netns', 'exec', this.g(k), 'sh', '-c', `mount --bind ${d}/run /run && exec /usr/lib/ipsec/charon`], {
            env: { ...process.env, STRONGSWAN_CONF: path.join(d, 'strongswan.conf') }, stdio: ['ignore', out, out],
        });
        fs.closeSync(out);
        child.unref();
        this.charons.set(k, child.pid);
        for (let i = 0; i < 100; i++) {
            if (fs.existsSync(path.join(d, 'charon.vici'))) {
                const r = await run('swanctl', ['--stats', '--uri', this.uri(k)], { timeout: 5000 });
                if (r.code === 0) return;
            }
            await sleep(50);
        }
        throw new Error(`charon ${k} of ${this.id} did not open its vici socket`);
    }

    async stopCharon(k) {
        const pid = this.charons.get(k);
        if (!pid) return;
        this.charons.delete(k);
        const alive = () => { try { process.kill(pid, 0); return true; } catch { return false; } };
        const comm = () => { try { return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim(); } catch { return ''; } };
        if (!alive() || !['charon', 'sh', 'ip'].includes(comm())) return;
        process.kill(pid, 'SIGTERM');
        for (let i = 0; i < 100 && alive(); i++) await sleep(50);
        if (alive()) process.kill(pid, 'SIGKILL');
        for (let i = 0; i < 40 && alive(); i++) await sleep(50);
    }

    async down() {
        for (const k of [...this.charons.keys()]) await this.stopCharon(k);
        for (const n of this.namespaces.reverse()) await run('ip', ['netns', 'del', n], { timeout: 10000 });
        this.namespaces = [];
    }

    /** Site addresses, routes and anchors of a case (`ip -batch`, one process per namespace). */
    async address(c) {
        await Promise.all([0, 1, 2].map(async k => {
            const s = c.sites[k];
            const g = ['addr flush dev lo', 'addr add 127.0.0.1/8 dev lo', 'route flush dev lan0 proto static'];
            const h = ['addr flush dev eth0', 'addr add 169.254.0.2/30 dev eth0', 'route add default via 169.254.0.1'];
            if (s) {
                for (const n of s.networks) {
                    g.push(`route add ${n} dev lan0 proto static`);
                    for (const a of lowHigh(n)) h.push(`addr add ${a}/32 dev eth0`);
                }
                // strongSwan 5.9.8 with kernel-libipsec (fixed in 5.9.12, commit 190d8cbe19 "libipsec: Also
                // install routes without preferred source"): a CHILD_SA whose *negotiated* local selector holds
                // no address of the gateway fails to install its route ("error installing route with
                // policy", then TS_UNACCEPTABLE or a deleted CHILD_SA); kernel-netlink skips that route and
                // works. So an anchor address in each local selector and in each part a peer may narrow it
                // to (a remote selector of the peer inside it, e.g. 10.1.4.0/24 of a local 10.1.0.0/16).
                const anchors = new Set();
                const anchor = l => { if (![...anchors].some(a => inCidr(a, l))) anchors.add(int2ip(cidr(l).base + 1)); };
                for (const t of c.tunnels) {
                    for (const e of t.ends.filter(x => x.site === s.name)) {
                        const peer = t.ends.find(x => x !== e);
                        for (const l of e.local) {
                            anchor(l);
                            for (const r of peer.remote) if (covers(l, r)) anchor(r);
                        }
                    }
                }
                for (const a of anchors) g.push(`addr add ${a}/32 dev lo`);
            }
            await sh(['ip', '-n', this.g(k), '-batch', '-'], { input: g.join('\n') + '\n' });
            await sh(['ip', '-n', this.h(k), '-batch', '-'], { input: h.join('\n') + '\n' });
        }));
    }

    /** Loads each site's config (`--clear`: the previous case's connections and keys go). */
    async load(c, keys) {
        await Promise.all([0, 1, 2].map(async k => {
            const s = c.sites[k];
            const file = path.join(this.d(k), 'swanctl.conf');
            fs.writeFileSync(file, s ? swanctlConf(c, s, keys) : 'connections {\n}\nsecrets {\n}\n', { mode: 0o600 });
            await sh(['swanctl', '--load-all', '--clear', '--noprompt', '--file', file, '--uri', this.uri(k)], { timeout: 10000 });
        }));
    }

    logOf(k) { try { return fs.readFileSync(path.join(this.d(k), 'charon.log'), 'utf8'); } catch { return ''; } }

    async sas(k, name) {
        const r = await run('swanctl', ['--list-sas', '--ike', name, '--raw', '--uri', this.uri(k)], { timeout: 5000 });
        const ike = [...r.stdout.matchAll(/\b(\S+) \{uniqueid=(\d+) version=\d state=ESTABLISHED/g)].map(m => m[2]);
        const children = [...r.stdout.matchAll(/\{name=(\S+) uniqueid=(\d+) reqid=\d+ state=INSTALLED[^]*?local-ts=\[([^\]]*)\] remote-ts=\[([^\]]*)\]/g)]
            .map(m => ({ name: m[1], id: m[2], local: m[3].trim().split(/\s+/).filter(Boolean), remote: m[4].trim().split(/\s+/).filter(Boolean) }));
        return { ike, children };
    }

    async terminateAll(c) {
        await Promise.all(c.sites.map(async (s, k) => {
            for (const e of c.tunnels.flatMap(t => t.ends).filter(x => x.site === s.name)) {
                await run('swanctl', ['--terminate', '--ike', conn(c, e), '--force', '--timeout', '2', '--uri', this.uri(k)], { timeout: 5000 });
            }
        }));
        await sleep(100);
    }

    /** One end initiates every child of its tunnel; up = every child installed. */
    async initiate(c, e) {
        const k = c.sites.findIndex(s => s.name === e.site);
        const results = [];
        for (const ch of childNames(c, e)) {
            const r = await run('swanctl', ['--initiate', '--ike', conn(c, e), '--child', ch, '--timeout', '6', '--uri', this.uri(k)], { timeout: 10000 });
            results.push({ child: ch, ok: r.code === 0 });
        }
        return results;
    }

    /** Pings from a low and a high address of every network to the same of every network of the other site. */
    async pings(c) {
        const jobs = [];
        for (const [x, y] of c.reach) {
            for (const [from, to] of [[x, y], [y, x]]) {
                const a = c.sites.findIndex(s => s.name === from), b = c.sites.find(s => s.name === to);
                for (const n of c.sites[a].networks) for (const m of b.networks) {
                    const [nl, nh] = lowHigh(n), [ml, mh] = lowHigh(m);
                    jobs.push({ k: a, src: nl, dst: ml, label: `${from} ${nl} -> ${to} ${ml}` }, { k: a, src: nh, dst: mh, label: `${from} ${nh} -> ${to} ${mh}` });
                }
            }
        }
        // one shell per host namespace runs its pings in parallel
        const byHost = new Map();
        jobs.forEach((j, i) => { j.i = i; (byHost.get(j.k) ?? byHost.set(j.k, []).get(j.k)).push(j); });
        const ok = new Set();
        const round = () => Promise.all([...byHost].map(async ([k, all]) => {
            const js = all.filter(j => !ok.has(j.i));
            if (!js.length) return;
            // up to three echo requests 0.2 s apart within one second; one reply is a pass
            const script = js.map(j => `ping -n -q -c 3 -i 0.2 -w 1 -I ${j.src} ${j.dst} 2>&1 | grep -q ' [1-9][0-9]* received' && echo ok ${j.i} &`).join('\n') + '\nwait\n';
            const r = await run('ip', ['netns', 'exec', this.h(k), 'sh', '-c', script], { timeout: 10000 });
            for (const m of r.stdout.matchAll(/^ok (\d+)$/gm)) ok.add(Number(m[1]));
        }));
        // a second try for what failed: on a loaded machine userspace ESP (kernel-libipsec) can take over a second
        await round();
        if (ok.size < jobs.length) await round();
        const res = jobs.map(j => ({ ...j, ok: ok.has(j.i) }));
        return { total: res.length, failed: res.filter(p => !p.ok).map(p => p.label) };
    }

    /** Rekeys a CHILD_SA from one end; true when a new one is installed within two seconds. */
    async rekeyChild(c, e) {
        const k = c.sites.findIndex(s => s.name === e.site);
        const before = await this.sas(k, conn(c, e));
        if (!before.children.length) return null;
        const ch = before.children[0];
        await run('swanctl', ['--rekey', '--child', ch.name, '--uri', this.uri(k)], { timeout: 5000 });
        for (let i = 0; i < 6; i++) {
            await sleep(250);
            const now = await this.sas(k, conn(c, e));
            if (now.children.some(x => x.name === ch.name && !before.children.some(b => b.id === x.id))) return true;
        }
        return false;
    }

    async rekeyIke(c, e) {
        const k = c.sites.findIndex(s => s.name === e.site);
        const before = await this.sas(k, conn(c, e));
        if (!before.ike.length) return null;
        await run('swanctl', ['--rekey', '--ike', conn(c, e), '--uri', this.uri(k)], { timeout: 5000 });
        for (let i = 0; i < 6; i++) {
            await sleep(250);
            const now = await this.sas(k, conn(c, e));
            if (now.ike.some(id => !before.ike.includes(id))) return true;
        }
        return false;
    }
}

// ------------------------------------------------------------------------------ one case on a bed

/** The strongSwan log lines that say why something failed. */
const LOG_WHY = /(retransmit|decryption failed|INVALID_HASH|received \S+ error notify|received [A-Z_]+ notify error|notify error|no acceptable|NO_PROPOSAL|AUTHENTICATION_FAILED|TS_UNACCEPTABLE|INVALID_ID|INVALID_KE|no matching|failed|giving up|unacceptable|mismatch|not acceptable)/i;
const NOISE = /(loading|plugin|initiate failed: establishing CHILD_SA .* failed$)/i;

/** Why an exchange failed, in the terms of RFC 7296 notifications where strongSwan logs one. */
const REASONS = [
    [/NO_PROPOSAL_CHOSEN|N\(NO_PROP\)|no acceptable proposal|no matching proposal/, 'NO_PROPOSAL_CHOSEN'],
    [/AUTHENTICATION_FAILED|N\(AUTH_FAILED\)|decryption failed|INVALID_HASH|authentication of .* failed/, 'AUTHENTICATION_FAILED'],
    [/TS_UNACCEPTABLE|N\(TS_UNACCEPT\)|traffic selectors .* unacceptable/, 'TS_UNACCEPTABLE'],
    // IKEv1 has no TS_UNACCEPTABLE: a quick mode responder without a matching child logs this line and
    // answers INVALID_ID_INFORMATION (strongSwan 5.9.8 src/libcharon/sa/ikev1/tasks/quick_mode.c, process_r)
    [/INVALID_ID_INFORMATION|N\(INVAL_ID\)|no matching CHILD_SA config/, 'INVALID_ID_INFORMATION'],
    [/no acceptable KEY_EXCHANGE_METHOD|INVALID_KE_PAYLOAD|N\(INVAL_KE\)/, 'INVALID_KE_PAYLOAD'],
    [/no IKE config found|IKE version|INVALID_MAJOR_VERSION|unsupported IKE version/i, 'IKE version'],
    [/giving up|peer not responding|retransmit/, 'timeout'],
];

function reasonOf(logs) {
    const lines = logs.flatMap(({ site, text }) => text.split('\n').filter(l => LOG_WHY.test(l) && !NOISE.test(l)).map(l => `${site}: ${l.replace(/^\S+ \d+\[\w+\] /, '').replace(/^<[^>]*> /, '').trim()}`));
    for (const [re, code] of REASONS) {
        const line = lines.find(l => re.test(l));
        if (line) return { code, line };
    }
    return { code: lines.length ? 'failed' : 'timeout', line: lines[0] ?? '' };
}

const TIMING = process.env.TOPO_NETNS_TIMING === '1';
export async function runCase(bed, c, keys) {
    const t0 = performance.now();
    const lap = what => { if (TIMING) console.log(`  ${c.id} ${what} ${(performance.now() - t0).toFixed(0)} ms`); };
    await bed.address(c);
    lap('addressed');
    await bed.load(c, keys);
    lap('loaded');
    const siteIndex = name => c.sites.findIndex(s => s.name === name);
    const logs = () => c.sites.map((s, k) => ({ site: s.name, text: bed.logOf(k) }));
    const logFrom = marks => logs().map((l, k) => ({ site: l.site, text: l.text.slice(marks[k]) }));
    const marks = () => logs().map(l => l.text.length);
    const obs = { tunnels: {}, pings: {} };
    for (const t of c.tunnels) obs.tunnels[t.name] = { up: {}, why: {}, narrowed: [], rekey: {} };

    for (const [round, endIdx] of [['first', 0], ['second', 1]]) {
        const m = marks();
        const results = await Promise.all(c.tunnels.map(async t => ({ t, res: await bed.initiate(c, t.ends[endIdx]) })));
        lap(`initiated (${round})`);
        await sleep(150);
        for (const { t, res } of results) {
            const o = obs.tunnels[t.name], e = t.ends[endIdx];
            const got = res.filter(r => r.ok).length;
            o.up[e.site] = got === res.length ? 'up' : got ? 'partly' : 'down';
            if (got < res.length) o.why[e.site] = reasonOf(logFrom(m));
            if (got) {
                const sas = await bed.sas(siteIndex(e.site), conn(c, e));
                for (const ch of sas.children) {
                    const cfgIdx = Number(ch.name.split('-').pop());
                    const cfgL = e.version === 1 ? [e.local[Math.floor(cfgIdx / e.remote.length)]] : e.local;
                    const cfgR = e.version === 1 ? [e.remote[cfgIdx % e.remote.length]] : e.remote;
                    if (ch.local.join() !== cfgL.join() || ch.remote.join() !== cfgR.join()) o.narrowed.push(`${e.site} initiating: ${ch.local.join(',')} <-> ${ch.remote.join(',')} (configured ${cfgL.join(',')} <-> ${cfgR.join(',')})`);
                }
            }
        }
        const anyUp = c.tunnels.some(t => obs.tunnels[t.name].up[t.ends[endIdx].site] !== 'down');
        obs.pings[round] = anyUp ? await bed.pings(c) : { total: 0, failed: ['(no tunnel up)'] };
        lap(`pinged (${round})`);
        if (round === 'first') {
            // a CHILD_SA rekey from each end, then an IKE_SA rekey (from the first end)
            await Promise.all(c.tunnels.map(async t => {
                const o = obs.tunnels[t.name];
                if (o.up[t.ends[0].site] === 'down') return;
                for (const e of t.ends) {
                    const m2 = marks();
                    const ok = await bed.rekeyChild(c, e);
                    if (ok !== null) o.rekey[`child@${e.site}`] = ok ? 'ok' : reasonOf(logFrom(m2));
                }
                const m3 = marks();
                const ok = await bed.rekeyIke(c, t.ends[0]);
                if (ok !== null) o.rekey.ike = ok ? 'ok' : reasonOf(logFrom(m3));
            }));
            lap('rekeyed');
            await bed.terminateAll(c);
            lap('terminated');
        }
    }
    await bed.terminateAll(c);
    return obs;
}

// ------------------------------------------------------------------------------ outcome and agreement

/**
 * What happened to a case, in the outcome classes of Topo's verdict:
 * `down` (a tunnel comes up from neither end), `one-way` (from one end only), `rekey` (a rekey
 * fails), `traffic` (some ping that must pass fails), `narrowed` (everything passes, the
 * negotiated selectors are not the configured ones), `up`.
 */
export function classify(c, obs) {
    const kinds = [];
    const detail = [];
    for (const t of c.tunnels) {
        const o = obs.tunnels[t.name];
        const ups = t.ends.map(e => o.up[e.site]);
        const whyFirst = Object.entries(o.why)[0]?.[1];
        if (ups.every(u => u !== 'up')) { kinds.push('down'); detail.push({ tunnel: t.name, kind: 'down', why: whyFirst }); continue; }
        if (ups.some(u => u !== 'up')) { kinds.push('one-way'); detail.push({ tunnel: t.name, kind: 'one-way', only: t.ends.find(e => o.up[e.site] === 'up').site, why: whyFirst }); continue; }
        const badRekey = Object.entries(o.rekey).filter(([, v]) => v !== 'ok');
        if (badRekey.length) { kinds.push('rekey'); detail.push({ tunnel: t.name, kind: 'rekey', which: badRekey.map(([k]) => k), why: badRekey[0][1] }); continue; }
        if (o.narrowed.length) { kinds.push('narrowed'); detail.push({ tunnel: t.name, kind: 'narrowed', to: o.narrowed }); }
    }
    const failed = [...new Set([...obs.pings.first.failed, ...(obs.pings.second?.failed ?? [])])];
    const allTunnelsUp = !kinds.some(k => k === 'down' || k === 'one-way');
    // every ping passes when the first ends initiate and some fail when the others do (or the
    // reverse): it works only when the ends of the good round initiate
    const good = !obs.pings.first.failed.length ? 0 : !obs.pings.second?.failed.length ? 1 : -1;
    if (failed.length && allTunnelsUp && good >= 0) {
        kinds.push('one-way');
        detail.push({ kind: 'one-way', only: c.tunnels.map(t => t.ends[good].site), failed, why: { code: 'traffic', line: `pings failed when the other ends initiated: ${failed.slice(0, 3).join('; ')}` } });
    } else if (failed.length && allTunnelsUp) { kinds.push('traffic'); detail.push({ kind: 'traffic', failed }); }
    const order = ['down', 'one-way', 'rekey', 'traffic', 'narrowed'];
    const outcome = order.find(k => kinds.includes(k)) ?? 'up';
    return { outcome, detail, failedPings: failed };
}

/**
 * Agreement, on what a user reads: Topo's errors and their wording against what happened.
 * - up, or narrowed with every ping passing: no error (a narrowing is at most a warning);
 * - traffic (a tunnel up, some pings that must pass fail): a missing-route error;
 * - down: an error that says the tunnel "does not come up", naming the IKE notification
 *   strongSwan logged where it logged one;
 * - rekey: an error that says it fails at the first rekey;
 * - one-way: an error that says it "works only when <the end that works> initiates".
 */
export function agreesGenerated(pred, real) {
    if (!pred.ok) return false;
    const errors = (pred.findings ?? []).filter(f => f.severity === 'error');
    const said = re => errors.some(f => re.test(f.message));
    switch (real.outcome) {
        case 'up':
        case 'narrowed':
            return errors.length === 0;
        case 'traffic':
            return errors.some(f => f.code === 'missing-route') && !said(/does not come up/);
        case 'down': {
            if (!said(/does not come up/)) return false;
            const why = real.detail.find(d => d.kind === 'down')?.why?.code;
            return !['NO_PROPOSAL_CHOSEN', 'AUTHENTICATION_FAILED', 'TS_UNACCEPTABLE', 'INVALID_ID_INFORMATION'].includes(why) || said(new RegExp(why));
        }
        case 'rekey':
            return said(/fails at the first (CHILD_SA|IKE_SA) rekey/);
        case 'one-way': {
            const only = [real.detail.find(d => d.kind === 'one-way')?.only].flat();
            return only.some(site => said(new RegExp(`works only when ${site} initiates`)));
        }
        default:
            return false;
    }
}

/** A disagreement's class: what Topo said against what happened. */
export function disagreementClass(pred, real) {
    const claims = (pred.findings ?? []).filter(f => f.severity === 'error').map(f => f.message.match(/does not come up|narrowed|fails at the first \S+ rekey|works only when \S+ initiates/)?.[0] ?? f.code);
    const said = pred.ok ? ([...new Set(claims)].join(' + ') || 'no error') : 'check-failed';
    return `topo ${said} / strongSwan ${real.outcome}`;
}

/** The first strongSwan log line that explains the outcome. */
export function logLine(real) {
    for (const d of real.detail ?? []) {
        const w = d.why;
        if (w && typeof w === 'object' && w.line) return w.line;
    }
    return real.detail?.find(d => d.kind === 'traffic') ? `pings failed: ${real.failedPings.slice(0, 3).join('; ')}` : '';
}

export { rng, pool };
