/**
 * A fake charon for the adapter tests: a swanctl runner that keeps loaded connections and SAs in
 * memory and answers in swanctl's --pretty format (one charon per vici URI).
 */
import * as fs from 'node:fs';
import type { SwanctlRunner } from '../../language-server/src/adapters/strongswan/swanctl.js';

interface Conn { name: string; version: number; children: { name: string; local: string[]; remote: string[] }[] }

/** One charon per vici URI. */
export class FakeCharon {
    up = true;
    conns: Conn[] = [];
    sas: { name: string; version: number; children: { name: string; local: string[]; remote: string[]; id: number }[] }[] = [];
    calls: string[] = [];
    failOn?: string;
    nextId = 1;
    restarts = 0;
    since = 'Dec 01 05:00:00 2026';

    run(args: string[]): { code: number; stdout: string; stderr: string } {
        const cmd = args[0];
        this.calls.push(cmd);
        if (!this.up) return { code: 111, stdout: '', stderr: "connecting to 'unix:///x/charon.vici' failed: Connection refused" };
        if (this.failOn === cmd) return { code: 1, stdout: '', stderr: `injected failure at ${cmd}` };
        const arg = (k: string) => args[args.indexOf(k) + 1];
        switch (cmd) {
            case '--list-conns': return { code: 0, stdout: this.prettyConns(), stderr: '' };
            case '--stats': return { code: 0, stdout: `uptime: 1 minute, since ${this.since}\nworker threads: 16 total\n`, stderr: '' };
            case '--list-sas': return { code: 0, stdout: this.prettySas(), stderr: '' };
            case '--load-all': {
                // as charon: unloading a connection leaves its SAs up
                this.conns = parseConf(fs.readFileSync(arg('--file'), 'utf8'));
                return { code: 0, stdout: this.conns.map(c => `loaded connection '${c.name}'`).join('\n'), stderr: '' };
            }
            case '--initiate': {
                const conn = this.conns.find(c => c.name === arg('--ike'));
                const child = conn?.children.find(c => c.name === arg('--child'));
                if (!conn || !child) return { code: 1, stdout: 'establishing CHILD_SA failed', stderr: '' };
                let sa = this.sas.find(s => s.name === conn.name);
                if (!sa) this.sas.push(sa = { name: conn.name, version: conn.version, children: [] });
                sa.children.push({ ...child, id: this.nextId++ });
                return { code: 0, stdout: `CHILD_SA ${child.name}{1} established`, stderr: '' };
            }
            case '--terminate': this.sas = this.sas.filter(s => s.name !== arg('--ike')); return { code: 0, stdout: '', stderr: '' };
            default: return { code: 1, stdout: '', stderr: `unknown ${cmd}` };
        }
    }

    restart(): void { this.conns = []; this.sas = []; this.up = true; this.since = `Dec 01 05:${String(++this.restarts).padStart(2, '0')}:00 2026`; }

    prettyConns(): string {
        return this.conns.map(c => `list-conn event {\n  ${c.name} {\n    version = IKEv${c.version}\n    children {\n${c.children.map(ch =>
            `      ${ch.name} {\n        mode = TUNNEL\n        local-ts = [\n${ch.local.map(x => `          ${x}\n`).join('')}        ]\n        remote-ts = [\n${ch.remote.map(x => `          ${x}\n`).join('')}        ]\n      }\n`).join('')}    }\n  }\n}\n`).join('') + 'list-conns reply {\n}\n';
    }

    prettySas(): string {
        return this.sas.map(s => `list-sa event {\n  ${s.name} {\n    uniqueid = 1\n    version = ${s.version}\n    state = ESTABLISHED\n    initiator = yes\n    encr-alg = AES_CBC\n    encr-keysize = 128\n    integ-alg = HMAC_SHA1_96\n    prf-alg = PRF_HMAC_SHA1\n    dh-group = MODP_1024\n    child-sas {\n${s.children.map(ch =>
            `      ${ch.name}-${ch.id} {\n        name = ${ch.name}\n        uniqueid = ${ch.id}\n        state = INSTALLED\n        encr-alg = AES_CBC\n        encr-keysize = 128\n        integ-alg = HMAC_SHA1_96\n        dh-group = MODP_1024\n        local-ts = [\n${ch.local.map(x => `          ${x}\n`).join('')}        ]\n        remote-ts = [\n${ch.remote.map(x => `          ${x}\n`).join('')}        ]\n      }\n`).join('')}    }\n  }\n}\n`).join('') + 'list-sas reply {\n}\n';
    }
}

/** Connection and child names and selectors of a rendered swanctl.conf (enough for the fake). */
export function parseConf(text: string): Conn[] {
    const out: Conn[] = [];
    let conn: Conn | undefined, child: Conn['children'][number] | undefined, inChildren = false, inConnections = false;
    for (const line of text.split('\n')) {
        const m = line.match(/^( *)(\S+) \{$/);
        if (m) {
            const depth = m[1].length;
            if (depth === 0) inConnections = m[2] === 'connections';
            else if (inConnections && depth === 2) out.push(conn = { name: m[2], version: 2, children: [] });
            else if (depth === 4) inChildren = m[2] === 'children';
            else if (inChildren && depth === 6 && conn) conn.children.push(child = { name: m[2], local: [], remote: [] });
            continue;
        }
        const kv = line.match(/^\s*(\w+) = (.*)$/);
        if (!kv || !conn) continue;
        if (kv[1] === 'version') conn.version = Number(kv[2]);
        if (kv[1] === 'local_ts' && child) child.local = kv[2].split(',');
        if (kv[1] === 'remote_ts' && child) child.remote = kv[2].split(',');
    }
    return out;
}

/** A runner that dispatches on `--uri` to one fake charon per URI (created on first use). */
export function fakeRunner(charons: Map<string, FakeCharon>): SwanctlRunner {
    return async args => {
        const uri = args[args.indexOf('--uri') + 1];
        let c = charons.get(uri);
        if (!c) charons.set(uri, c = new FakeCharon());
        return c.run(args);
    };
}
