/**
 * `topo check --format json` output against its published schema (docs/check-output.schema.json):
 * every example, a topology across two files, a broken file,
 * and an empty result. A mutation of the output must be rejected, so the schema is not vacuous.
 */
import { Ajv } from 'ajv';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../language-server/src/cli/main.js';
import { DIAGNOSTIC_CODES } from '../../language-server/src/diagnostic-codes.js';

const ROOT = path.join(__dirname, '../..');
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/check-output.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

async function checkJson(...files: string[]): Promise<unknown> {
    let out = '';
    await runCli(['check', '--format', 'json', ...files], { stdout: s => { out += s; }, stderr: () => undefined });
    return JSON.parse(out);
}

function expectValid(output: unknown): void {
    const ok = validate(output);
    expect(ok ? [] : validate.errors).toEqual([]);
}

describe('topo check --format json matches docs/check-output.schema.json', () => {
    test('every example, checked together', async () => {
        const examples = fs.readdirSync(path.join(ROOT, 'examples')).map(f => path.join(ROOT, 'examples', f));
        const output = await checkJson(...examples) as { code: string }[];
        expect(output.length).toBeGreaterThan(5);
        expectValid(output);
        for (const row of output) expect(Object.keys(DIAGNOSTIC_CODES)).toContain(row.code);
    });

    test('a topology across two files, a broken file, and a clean one', async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-schema-'));
        try {
            const w = (name: string, text: string) => { fs.writeFileSync(path.join(dir, name), text); return path.join(dir, name); };
            const a = w('a.topo', 'topology t\nsite a < cidr 10.0.0.0/16 gateway 198.51.100.1 >\ntunnel ab a <-> b\n');
            const b = w('b.topo', 'topology t\nsite b < cidr 10.0.1.0/24 gateway 203.0.113.1 >\n');
            const broken = w('broken.topo', 'site x cidr 300.1.1.1/33 <<<\n');
            const output = await checkJson(a, b, broken) as { code: string }[];
            expect(output.map(r => r.code)).toEqual(expect.arrayContaining(['cidr-overlap', 'cidr-invalid', 'syntax-error']));
            expectValid(output);
            expectValid(await checkJson(w('clean.topo', 'site c < cidr 10.9.0.0/24 >\n')));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    test('the schema rejects what the contract rules out', async () => {
        const [row] = await checkJson(path.join(ROOT, 'examples/qingcloud-star-as-printed.topo')) as Record<string, unknown>[];
        for (const bad of [
            { ...row, severity: 'fatal' },
            { ...row, range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } } },
            { ...row, code: 'Selector Mismatch' },
            (({ message: _m, ...rest }) => rest)(row),
            { ...row, extra: 1 },
        ]) {
            expect(validate([bad]), JSON.stringify(bad).slice(0, 120)).toBe(false);
        }
    });
    test('a finding about a tunnel carries its outcome: kind, reason, who must initiate, what is lost, when it fails (also in SARIF)', async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-schema-'));
        try {
            const sites = 'site a < cidr 10.1.0.0/24 gateway 192.0.2.10 >\nsite b < cidr 10.11.0.0/24 gateway 198.51.100.20 >\n';
            const pair = (name: string, x: string, y: string) => `tunnel ${name}-ab a -> b < ${x} psk "same-key-for-both-ends-123" >\ntunnel ${name}-ba b -> a < ${y} psk "same-key-for-both-ends-123" >\n`;
            const v2 = 'ike v2 ike-proposal aes256-sha256-modp2048', v1 = 'ike v1 ike-proposal aes256-sha256-modp2048';
            const files = {
                narrowed: pair('n', `local 10.1.0.0/25 remote 10.11.0.0/24 ${v2}`, `local 10.11.0.0/24 remote 10.1.0.0/24 ${v2}`),
                down: pair('d', `local 10.1.0.0/24 remote 10.11.0.0/24 ${v2}`, `local 10.11.0.0/24 remote 10.200.0.0/24 ${v2}`),
                rekey: pair('r', `local 10.1.0.0/24 remote 10.11.0.0/24 ${v2} esp-proposal aes256-sha256-modp2048`, `local 10.11.0.0/24 remote 10.1.0.0/24 ${v2} esp-proposal aes256-sha256-ecp256`),
                oneway: pair('o', `local 10.1.0.0/24 remote 10.11.0.0/24 ${v1} esp-proposal aes256-sha1`, `local 10.11.0.0/24 remote 10.1.0.0/24 ${v1} esp-proposal aes256-sha1, aes256-sha1-ecp256`),
            };
            const paths = Object.entries(files).map(([k, text]) => { const f = path.join(dir, `${k}.topo`); fs.writeFileSync(f, sites + text); return f; });
            const output = await checkJson(...paths) as { file: string; code: string; outcome?: Record<string, unknown> }[];
            expectValid(output);
            const of = (k: string, code: string) => output.find(r => r.file.endsWith(`${k}.topo`) && r.code === code)?.outcome;
            expect(of('narrowed', 'missing-route')).toMatchObject({ tunnel: 'n-ab', kind: 'narrowed', lost: [{ site: 'a', local: [], remote: [] }, { site: 'b', local: [], remote: ['10.1.0.128/25'] }] });
            expect(of('down', 'selector-mismatch')).toMatchObject({ kind: 'down', reason: 'TS_UNACCEPTABLE', phase: 'CHILD_SA' });
            expect(of('rekey', 'proposal-mismatch')).toMatchObject({ kind: 'until-rekey', failsAt: 'first CHILD_SA rekey' });
            expect(of('oneway', 'proposal-mismatch')).toMatchObject({ kind: 'one-way', reason: 'NO_PROPOSAL_CHOSEN', initiator: 'a' });
            // the same outcome as SARIF result properties
            let sarif = '';
            await runCli(['check', '--format', 'sarif', paths[3]], { stdout: s => { sarif += s; }, stderr: () => undefined });
            const results = JSON.parse(sarif).runs[0].results as { ruleId: string; properties?: { outcome?: unknown } }[];
            expect(results.find(r => r.ruleId === 'proposal-mismatch')?.properties?.outcome).toMatchObject({ kind: 'one-way', initiator: 'a' });
            // a wrong kind, or a one-way outcome without the end that must initiate, is rejected
            const row = output.find(r => r.outcome?.kind === 'one-way')!;
            expect(validate([{ ...row, outcome: { ...row.outcome, kind: 'sideways' } }])).toBe(false);
            expect(validate([{ ...row, outcome: (({ initiator: _i, ...rest }) => rest)(row.outcome!) }])).toBe(false);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
