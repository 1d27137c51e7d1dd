/**
 * README.md "The verdict on a tunnel" shows the messages of the five outcome kinds (issue #19's
 * acceptance). They are checked here against what Topo says for the topology each one describes,
 * so that the page cannot drift from the messages: every finding quoted there (its `...` standing
 * for text left out) is one Topo gives, with that severity and code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { check } from '../helpers.js';

const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');

/** The block after "The five kinds": each unindented heading line with the findings quoted under it. */
function quoted(): Map<string, string[]> {
    const start = readme.indexOf('```\n', readme.indexOf('The five kinds, as `topo check` prints them'));
    const block = readme.slice(start + 4, readme.indexOf('\n```', start + 4)).split('\n');
    const out = new Map<string, string[]>();
    let heading = '';
    for (const line of block) {
        if (!/^\s/.test(line)) { heading = line.replace(/ \(.*$|:$/g, ''); out.set(heading, []); continue; }
        const items = out.get(heading)!;
        if (/^\s+(error|warning|info|hint) \[/.test(line)) items.push(line.trim());
        else items[items.length - 1] += ` ${line.trim()}`;
    }
    return out;
}

const sites = (a = '10.1.0.0/24', b = '10.11.0.0/24') => `site a < cidr ${a} gateway 192.0.2.10 >\nsite b < cidr ${b} gateway 198.51.100.20 >\n`;
const pair = (a: string, b: string) => `${sites()}tunnel a-b a -> b < ${a} psk "same-key-for-both-ends-123" >\ntunnel b-a b -> a < ${b} psk "same-key-for-both-ends-123" >\n`;
const AB = 'local 10.1.0.0/24 remote 10.11.0.0/24';
const BA = 'local 10.11.0.0/24 remote 10.1.0.0/24';
const V2 = 'ike v2 ike-proposal aes256-sha256-modp2048';
const V1 = 'ike v1 ike-proposal aes256-sha256-modp2048 esp-proposal aes256-sha256';

/** The topology each heading of the README block describes. */
const CASES: Record<string, string> = {
    'does not come up': pair(`${AB} ike v2 ike-proposal aes256-sha256-modp2048 esp-proposal aes256-sha256`, `${BA} ike v2 ike-proposal aes128-sha1-modp2048 esp-proposal aes256-sha256`),
    'up but narrowed': pair(`local 10.1.0.0/24 remote 10.11.0.0/16 ${V2}`, `${BA} ${V2}`),
    'up but narrowed, and traffic that must pass is lost': pair(`local 10.1.0.0/25 remote 10.11.0.0/24 ${V2}`, `${BA} ${V2}`),
    'up until the first rekey': pair(`${AB} ${V2} esp-proposal aes256-sha256-modp2048`, `${BA} ${V2} esp-proposal aes256-sha256-ecp256`),
    'works only when a given end initiates': pair(`${AB} ${V1}`, `local 10.11.0.0/24, 10.11.8.0/24 remote 10.1.0.0/24 ${V1}`),
};

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];

describe('README: the messages of the five outcome kinds', () => {
    const blocks = quoted();
    test('the block shows the five kinds', () => {
        expect([...blocks.keys()].sort()).toEqual(Object.keys(CASES).sort());
        for (const items of blocks.values()) expect(items.length).toBeGreaterThan(0);
    });
    for (const [heading, text] of Object.entries(CASES)) {
        test(`${heading}: every quoted finding is one Topo gives`, async () => {
            const doc = await check(text);
            const given = (doc.diagnostics ?? []).map(d => norm(`${SEVERITY[d.severity ?? 1]} [${d.code}] ${d.message}`));
            for (const q of blocks.get(heading) ?? []) {
                // "..." stands for text left out: the parts must appear in this order in one finding
                const parts = norm(q).split('...').map(p => p.trim()).filter(Boolean);
                const found = given.some(g => {
                    let at = 0;
                    for (const p of parts) { const i = g.indexOf(p, at); if (i < 0) return false; at = i + p.length; }
                    return g.startsWith(parts[0]);
                });
                expect(found, `README quotes "${norm(q)}"\nTopo gives:\n${given.join('\n')}`).toBe(true);
            }
        });
    }
});
