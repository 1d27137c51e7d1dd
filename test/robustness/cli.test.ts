/**
 * Bad invocations of `topo`: each is one line on stderr and exit code 2, through runCli and once
 * through the real bundled binary (bin/topo.cjs), where no stack trace may reach stderr either.
 * Pre-shared keys of the input never appear in what topo prints.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../../language-server/src/cli/main.js';
import { MAX_INPUT_BYTES } from '../../language-server/src/cli/workspace.js';
import { ROOT, keyArb, topologyArb } from '../fuzz/generators.js';
import { buildBundles } from './build.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-robust-'));
const file = (name: string, content: string | Buffer) => { const p = path.join(tmp, name); fs.writeFileSync(p, content); return p; };

async function run(argv: string[]) {
    let out = '', err = '';
    const code = await runCli(argv, { stdout: s => { out += s; }, stderr: s => { err += s; } });
    return { code, out, err };
}

const ok = file('ok.topo', 'site a < provider strongswan cidr 10.0.0.0/24 >\nsite b < provider strongswan cidr 10.1.0.0/24 >\ntunnel t a <-> b\n');
const big = path.join(tmp, 'big.topo');
fs.writeFileSync(big, '');
fs.truncateSync(big, 50 * 1024 * 1024); // 50 MB (sparse)

/** [case, argv, exact stderr] */
const BAD: [string, string[], string][] = [
    ['a missing file', ['check', path.join(tmp, 'nope.topo')], `topo: cannot read '${path.join(tmp, 'nope.topo')}': no such file`],
    ['a directory', ['check', tmp], `topo: cannot read '${tmp}': it is a directory (name the .topo files, e.g. '${path.join(tmp, '*.topo')}')`],
    ['a binary file', ['check', file('bin.topo', Buffer.from([0x73, 0x00, 0xff, 0x01]))], `topo: cannot read '${path.join(tmp, 'bin.topo')}': it is a binary file, not Topo text`],
    ['invalid UTF-8', ['check', file('latin1.topo', Buffer.from('site caf\xe9 < >\n', 'latin1'))], `topo: cannot read '${path.join(tmp, 'latin1.topo')}': it is not valid UTF-8 text`],
    ['a 50 MB file', ['check', big], `topo: cannot read '${big}': 50.0 MB is larger than the ${MAX_INPUT_BYTES / 1024 / 1024} MB Topo accepts for one file`],
    ['not a regular file', ['check', '/dev/zero'], "topo: cannot read '/dev/zero': not a regular file"],
    ['an unknown flag', ['check', '--colour', ok], "error: unknown option '--colour' (run topo --help for usage)"],
    ['an unknown format', ['check', '--format', 'xml', ok], "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are text, json, sarif. (run topo --help for usage)"],
    ['a missing argument (check)', ['check'], "error: missing required argument 'files' (run topo --help for usage)"],
    ['a missing argument (steps)', ['steps'], "error: missing required argument 'file' (run topo --help for usage)"],
    ['an unknown command', ['chek', ok], "error: unknown command 'chek' (Did you mean check?) (run topo --help for usage)"],
    ['an unknown provider', ['steps', ok, '--provider', 'oracle'], "topo: unknown provider 'oracle' (one of: gcp, tencent, qingcloud, aws, azure, alibaba, huawei, strongswan)"],
    ['an unknown language', ['steps', ok, '--lang', 'fr'], "error: option '--lang <lang>' argument 'fr' is invalid. Allowed choices are en, zh. (run topo --help for usage)"],
    ['unwritable output', ['steps', ok, '-o', '/nonexistent/dir/x.md'], "topo: cannot write '/nonexistent/dir/x.md': no such directory"],
    ['output is a directory', ['steps', ok, '-o', tmp], `topo: cannot write '${tmp}': it is a directory`],
    ['steps on a missing file', ['steps', path.join(tmp, 'gone.topo')], `topo: cannot read '${path.join(tmp, 'gone.topo')}': no such file`],
];
// Not in the table: an unreadable file (chmod 000) - the tests run as root, who reads it anyway.

describe('bad invocations through runCli: one exact line on stderr, exit 2', () => {
    test.each(BAD)('%s', async (_name, argv, message) => {
        const r = await run(argv);
        expect(r.err).toBe(`${message}\n`);
        expect(r.code).toBe(2);
        expect(r.out).toBe('');
    });
});

describe('the real binary (bin/topo.cjs)', () => {
    beforeAll(buildBundles, 130_000);

    test.each(BAD)('%s', (_name, argv, message) => {
        const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/topo.cjs'), ...argv], { encoding: 'utf8', timeout: 60_000 });
        expect(r.stderr).toBe(`${message}\n`);
        expect(r.stderr).not.toMatch(/\n\s+at |Error:/);
        expect(r.status).toBe(2);
    }, 60_000);
});

describe('keys never reach the output of topo', () => {
    test('check (text, json, sarif) and steps on topologies with literal keys', async () => {
        const inputs = fc.sample(fc.tuple(topologyArb, keyArb, keyArb), { numRuns: 25, seed: 20261122 });
        inputs.push([fs.readFileSync(path.join(ROOT, 'examples/tencent-gcp.topo'), 'utf8'), 'PkCliExampleKey0123456789', 'PkCliOtherKey0123456789']);
        for (const [topo, k1, k2] of inputs) {
            const text = `${topo.replace(/psk env \w+/g, `psk "${k1}"`)}\nsite k1 < provider aws cidr 10.200.0.0/24 >\nsite k2 < provider gcp cidr 10.201.0.0/24 >\ntunnel kk k1 -> k2 < psk "${k1}" >\ntunnel kk2 k2 -> k1 < psk "${k2}" >\ntunnel ke k1 -> k2 < psk env "${k2}" >\n`;
            const f = file('keys.topo', text);
            const keys = [k1, k2, ...[...topo.matchAll(/psk "([^"]+)"/g)].map(m => m[1])];
            for (const argv of [['check', f], ['check', '--format', 'json', f], ['check', '--format', 'sarif', f], ['steps', f], ['steps', f, '--lang', 'zh']]) {
                const r = await run(argv);
                for (const k of keys) {
                    expect(r.out.includes(k), `${argv.join(' ')} printed a key`).toBe(false);
                    expect(r.err.includes(k), `${argv.join(' ')} printed a key on stderr`).toBe(false);
                }
                expect(r.err).not.toMatch(/internal error/);
            }
        }
    }, 60_000);
});
