/**
 * Talking to one charon through `swanctl` (which speaks vici): running it with a bounded time,
 * parsing its `--pretty` output, and turning list-sas/list-conns replies into plain data.
 */
import { execFile } from 'node:child_process';

export interface SwanctlResult { code: number; stdout: string; stderr: string }

/** Runs `swanctl ARGS` (the adapter appends `--uri`). Replaceable in tests (a fake charon). */
export type SwanctlRunner = (args: string[], timeoutMs: number) => Promise<SwanctlResult>;

/** The real runner: the `swanctl` binary (or `TOPO_SWANCTL` / the given path), killed after `timeoutMs`. */
export function execRunner(binary = process.env.TOPO_SWANCTL || 'swanctl'): SwanctlRunner {
    return (args, timeoutMs) => new Promise(resolve => {
        execFile(binary, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
            let code = 0;
            if (error) {
                const e = error as NodeJS.ErrnoException & { code?: number | string; killed?: boolean };
                if (e.code === 'ENOENT') return resolve({ code: 127, stdout: '', stderr: `cannot run '${binary}': not found (install strongswan-swanctl, or pass --swanctl PATH)` });
                code = typeof e.code === 'number' ? e.code : e.killed ? 124 : 1;
                if (e.killed) stderr = `${stderr}\nswanctl did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`;
            }
            resolve({ code, stdout: String(stdout), stderr: String(stderr) });
        });
    });
}

/**
 * Drops swanctl's noise about optional plugins it cannot load (it loads its own plugin list),
 * and the usage text it prints after an error (`strongSwan 5.9.8 swanctl` / `usage:` and on).
 */
export function cleanSwanctlOutput(text: string): string {
    const lines = text.split('\n').filter(l => !/^plugin '[^']*': failed to load/.test(l));
    const usage = lines.findIndex((l, i) => /^usage:\s*$/i.test(l.trim()) || (/^strongSwan \S+ swanctl$/.test(l.trim()) && /^usage:/i.test(lines[i + 1]?.trim() ?? '')));
    return (usage >= 0 ? lines.slice(0, usage) : lines).join('\n').trim();
}

// ------------------------------------------------------------------ `--pretty` vici messages

export type ViciValue = string | string[] | ViciSection;
export interface ViciSection { [key: string]: ViciValue }

/**
 * Parses `swanctl --pretty` output: a sequence of messages `<type> <event|reply> {` ... `}` whose
 * bodies hold `key = value`, `key {` ... `}` and `key = [` ... `]` lines. Returns the messages in order.
 */
export function parsePretty(text: string): { type: string; body: ViciSection }[] {
    const out: { type: string; body: ViciSection }[] = [];
    const stack: ViciSection[] = [];
    let list: string[] | undefined;
    for (const raw of text.split('\n')) {
        const line = raw.trim();
        if (!line || /^plugin '/.test(line)) continue;
        if (list) {
            if (line === ']') list = undefined;
            else list.push(line);
            continue;
        }
        const top = stack[stack.length - 1];
        let m: RegExpMatchArray | null;
        if (!top) {
            if ((m = line.match(/^(.*\S)\s*\{$/))) {
                const body: ViciSection = {};
                out.push({ type: m[1], body });
                stack.push(body);
            }
            continue;
        }
        if (line === '}') { stack.pop(); continue; }
        if ((m = line.match(/^([^=]*?)\s*=\s*\[$/))) { top[m[1]] = list = []; continue; }
        if ((m = line.match(/^([^=]*?)\s*=\s*\[(.*)\]$/))) { top[m[1]] = m[2].split(/\s+/).filter(Boolean); continue; }
        if ((m = line.match(/^([^={]*?)\s*\{$/))) { const s: ViciSection = {}; top[m[1]] = s; stack.push(s); continue; }
        if ((m = line.match(/^([^=]*?)\s*=\s*(.*)$/))) { top[m[1]] = m[2]; continue; }
    }
    return out;
}

const str = (v: ViciValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const strs = (v: ViciValue | undefined): string[] => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []);
const sec = (v: ViciValue | undefined): ViciSection => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});

export interface ChildSa {
    /** The child's configured name (the vici key is `<name>-<uniqueid>`). */
    name: string;
    uniqueid: string;
    state: string;
    /** Negotiated ESP proposal in strongSwan syntax, e.g. `aes256-sha256` or `aes256gcm16-modp2048`. */
    proposal: string;
    local: string[];
    remote: string[];
}

export interface IkeSa {
    name: string;
    uniqueid: string;
    version: number;
    state: string;
    initiator: boolean;
    /** Negotiated IKE proposal in strongSwan syntax, e.g. `aes256-sha256-prfsha256-modp2048`. */
    proposal: string;
    children: ChildSa[];
}

/** list-sa events of `swanctl --list-sas --pretty`. */
export function parseListSas(text: string): IkeSa[] {
    const out: IkeSa[] = [];
    for (const msg of parsePretty(text)) {
        if (!/^list-sa\b/.test(msg.type)) continue;
        for (const [name, v] of Object.entries(msg.body)) {
            const s = sec(v);
            const children: ChildSa[] = Object.entries(sec(s['child-sas'])).map(([key, cv]) => {
                const c = sec(cv);
                return {
                    name: str(c.name) ?? key.replace(/-\d+$/, ''), uniqueid: str(c.uniqueid) ?? '', state: str(c.state) ?? '',
                    proposal: proposalText(c, 'esp'), local: strs(c['local-ts']), remote: strs(c['remote-ts']),
                };
            });
            out.push({
                name, uniqueid: str(s.uniqueid) ?? '', version: Number(str(s.version) ?? 0), state: str(s.state) ?? '',
                initiator: str(s.initiator) === 'yes', proposal: proposalText(s, 'ike'), children,
            });
        }
    }
    return out;
}

export interface LoadedConn { name: string; children: { name: string; local: string[]; remote: string[] }[] }

/** list-conn events of `swanctl --list-conns --pretty`. */
export function parseListConns(text: string): LoadedConn[] {
    const out: LoadedConn[] = [];
    for (const msg of parsePretty(text)) {
        if (!/^list-conn\b/.test(msg.type)) continue;
        for (const [name, v] of Object.entries(msg.body)) {
            const children = Object.entries(sec(sec(v).children)).map(([cn, cv]) => ({ name: cn, local: strs(sec(cv)['local-ts']), remote: strs(sec(cv)['remote-ts']) }));
            out.push({ name, children });
        }
    }
    return out;
}

// ------------------------------------------------------------------ algorithm names -> proposal keywords

const INTEG: Record<string, string> = {
    HMAC_MD5_96: 'md5', HMAC_SHA1_96: 'sha1', HMAC_SHA2_256_128: 'sha256', HMAC_SHA2_384_192: 'sha384', HMAC_SHA2_512_256: 'sha512',
    AES_XCBC_96: 'aesxcbc', AES_CMAC_96: 'aescmac', HMAC_SHA2_256_96: 'sha256_96',
};
const PRF: Record<string, string> = {
    PRF_HMAC_MD5: 'prfmd5', PRF_HMAC_SHA1: 'prfsha1', PRF_HMAC_SHA2_256: 'prfsha256', PRF_HMAC_SHA2_384: 'prfsha384',
    PRF_HMAC_SHA2_512: 'prfsha512', PRF_AES128_XCBC: 'prfaesxcbc', PRF_AES128_CMAC: 'prfaescmac',
};

function encKeyword(alg: string, keysize: string | undefined): string {
    const ks = keysize ?? '';
    const m = alg.match(/^AES_GCM_(\d+)$/);
    if (m) return `aes${ks}gcm${m[1]}`;
    const c = alg.match(/^AES_CCM_(\d+)$/);
    if (c) return `aes${ks}ccm${c[1]}`;
    switch (alg) {
        case 'AES_CBC': return `aes${ks}`;
        case 'AES_CTR': return `aes${ks}ctr`;
        case '3DES_CBC': return '3des';
        case 'DES_CBC': return 'des';
        case 'CAMELLIA_CBC': return `camellia${ks}`;
        case 'CHACHA20_POLY1305': return 'chacha20poly1305';
        case 'NULL': return 'null';
        default: return alg.toLowerCase();
    }
}

function dhKeyword(group: string): string {
    const m = group.match(/^(MODP|ECP)_(\d+)(_BP)?$/);
    if (m) return `${m[1].toLowerCase()}${m[2]}${m[3] ? 'bp' : ''}`;
    if (group === 'CURVE_25519') return 'curve25519';
    if (group === 'CURVE_448') return 'curve448';
    return group.toLowerCase();
}

/** The negotiated algorithms of an SA as a strongSwan proposal (`aes256-sha256-prfsha256-modp2048`). */
export function proposalText(s: ViciSection, phase: 'ike' | 'esp'): string {
    const parts: string[] = [];
    const enc = str(s['encr-alg']);
    if (enc) parts.push(encKeyword(enc, str(s['encr-keysize'])));
    const integ = str(s['integ-alg']);
    if (integ) parts.push(INTEG[integ] ?? integ.toLowerCase());
    const prf = str(s['prf-alg']);
    if (phase === 'ike' && prf) parts.push(PRF[prf] ?? prf.toLowerCase());
    const dh = str(s['dh-group']);
    if (dh) parts.push(dhKeyword(dh));
    return parts.join('-');
}

/** Keyword aliases strongSwan accepts for one algorithm (so `aes256-sha2_256` matches `aes256-sha256`). */
const ALIASES: Record<string, string> = {
    sha2_256: 'sha256', sha2_384: 'sha384', sha2_512: 'sha512', aes: 'aes128', aes128gcm: 'aes128gcm16', aes256gcm: 'aes256gcm16',
    aes192gcm: 'aes192gcm16', aes128gcm128: 'aes128gcm16', aes256gcm128: 'aes256gcm16', prfsha2_256: 'prfsha256', prfsha2_384: 'prfsha384', prfsha2_512: 'prfsha512',
    ecp256: 'ecp256', x25519: 'curve25519',
};
const PRF_OF_INTEG: Record<string, string> = { sha1: 'prfsha1', sha256: 'prfsha256', sha384: 'prfsha384', sha512: 'prfsha512', md5: 'prfmd5', aesxcbc: 'prfaesxcbc' };

function tokens(p: string): string[] {
    return p.toLowerCase().split('-').filter(Boolean).map(t => ALIASES[t] ?? t);
}

/**
 * Is the negotiated proposal one of the configured ones? (Each configured proposal may list
 * several algorithms per kind; the negotiated one must use one of each kind it names. The PRF
 * may be implied by the integrity algorithm; an initial IKEv2 CHILD_SA carries no DH group.)
 */
export function proposalMatches(negotiated: string, configured: string[], phase: 'ike' | 'esp'): boolean {
    const neg = tokens(negotiated);
    return configured.some(c => {
        const conf = new Set(tokens(c));
        for (const t of conf) { const prf = PRF_OF_INTEG[t]; if (phase === 'ike' && prf) conf.add(prf); }
        return neg.every(t => conf.has(t));
    });
}
