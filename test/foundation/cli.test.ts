import { describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../language-server/src/cli/main.js';

async function run(...argv: string[]) {
    let out = '', err = '';
    const code = await runCli(argv, { stdout: s => { out += s; }, stderr: s => { err += s; } });
    return { code, out, err };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-cli-'));
function file(name: string, content: string | Buffer): string {
    const p = path.join(tmp, name);
    fs.writeFileSync(p, content);
    return p;
}

describe('topo check', () => {
    test('a clean file: exit 0 and a summary line', async () => {
        const r = await run('check', file('ok.topo', 'site a < cidr 10.0.0.0/24 >\n'));
        expect(r.code).toBe(0);
        expect(r.out).toBe('0 errors, 0 warnings in 1 file\n');
    });

    test('errors: exit 1; text lines are file:line:col: severity [code] message', async () => {
        const f = file('bad.topo', 'site a < cidr 10.0.0.0/33 >\n');
        const r = await run('check', f);
        expect(r.code).toBe(1);
        expect(r.out.split('\n')[0]).toBe(`${f}:1:15: error [cidr-invalid] Site a: /33 is not a valid prefix length for IPv4 (0 to 32).`);
    });

    test('warnings only: exit 0', async () => {
        const r = await run('check', file('warn.topo', 'site a < cidr 10.0.0.5/24 >\n'));
        expect(r.code).toBe(0);
        expect(r.out).toContain('[cidr-host-bits]');
    });

    test('--format json: the contract\'s shape, 0-based positions', async () => {
        const f = file('json.topo', 'site a < cidr 10.0.0.0/33 >\n');
        const r = await run('check', '--format', 'json', f);
        expect(r.code).toBe(1);
        const rows = JSON.parse(r.out);
        expect(rows).toEqual([{
            file: f, range: { start: { line: 0, character: 14 }, end: { line: 0, character: 25 } },
            severity: 'error', code: 'cidr-invalid', message: 'Site a: /33 is not a valid prefix length for IPv4 (0 to 32).',
        }]);
    });

    test('--format sarif: SARIF 2.1.0 with rules and 1-based regions', async () => {
        const r = await run('check', '--format', 'sarif', file('s.topo', 'site a < cidr 10.0.0.0/33 >\nhost h 10.9.0.1 in a\n'));
        const sarif = JSON.parse(r.out);
        expect(sarif.version).toBe('2.1.0');
        const run0 = sarif.runs[0];
        expect(run0.tool.driver.name).toBe('topo');
        expect(run0.tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(['cidr-invalid']);
        expect(run0.results[0]).toMatchObject({
            ruleId: 'cidr-invalid', level: 'error',
            locations: [{ physicalLocation: { region: { startLine: 1, startColumn: 15, endLine: 1, endColumn: 26 } } }],
        });
    });

    test('several files that name one topology are checked together', async () => {
        const a = file('m1.topo', 'topology m\nsite a < cidr 10.0.0.0/24 > hub a\n');
        const b = file('m2.topo', 'topology m\nsite b < cidr 10.1.0.0/24 > hub a\n');
        const r = await run('check', a, b);
        expect(r.code).toBe(0);
        expect(r.out).toBe('0 errors, 0 warnings in 2 files\n');
    });
});

describe('bad input: one line on stderr, exit 2', () => {
    test.each([
        ['a missing file', () => ['check', path.join(tmp, 'nope.topo')], /^topo: cannot read '.*nope\.topo': no such file\n$/],
        ['a directory', () => ['check', tmp], /^topo: cannot read '.*': it is a directory/],
        ['a binary file', () => ['check', file('bin.topo', Buffer.from([0x73, 0x00, 0xff, 0x01]))], /^topo: cannot read '.*bin\.topo': it is a binary file, not Topo text\n$/],
        ['invalid UTF-8', () => ['check', file('latin1.topo', Buffer.from([0x73, 0x69, 0x74, 0x65, 0x20, 0xe9, 0x0a]))], /^topo: cannot read '.*latin1\.topo': it is not valid UTF-8 text\n$/],
        ['an unknown flag', () => ['check', '--colour', 'x.topo'], /^error: unknown option '--colour'/],
        ['a missing argument', () => ['check'], /^error: missing required argument 'files'/],
        ['an unknown format', () => ['check', '--format', 'xml', 'x.topo'], /^error: option '--format <format>' argument 'xml' is invalid/],
        ['an unknown command', () => ['chek', 'x.topo'], /^error: unknown command 'chek'/],
    ])('%s', async (_name, argv, message) => {
        const r = await run(...argv());
        expect(r.code).toBe(2);
        expect(r.err).toMatch(message);
        expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
        expect(r.out).toBe('');
    });
});
