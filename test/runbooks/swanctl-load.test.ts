/**
 * The swanctl.conf files of the strongSwan runbook steps (the strongSwan adapter's
 * renderSwanctlConf, as the runbook calls it) load into a real charon (`swanctl --load-all`) without errors.
 * Runs swanctl-load.sh (private charon in a fresh network namespace). Skips, saying why, when
 * strongSwan or root is missing: CI must install strongswan-swanctl, strongswan-charon,
 * libstrongswan-standard-plugins and run as root (see the report / .ci).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runbookMarkdown } from '../../language-server/src/runbooks/index.js';
import { FIXTURES, ROOT, read, topologyOf } from './helpers.js';

function missing(): string | undefined {
    if (process.platform !== 'linux') return 'not Linux';
    if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'not root (needs a network namespace)';
    if (!fs.existsSync('/usr/lib/ipsec/charon')) return '/usr/lib/ipsec/charon missing (apt-get install strongswan-charon libstrongswan-standard-plugins)';
    if (spawnSync('sh', ['-c', 'command -v swanctl && command -v ip']).status !== 0) return 'swanctl or ip missing (apt-get install strongswan-swanctl iproute2)';
    return undefined;
}

const why = missing();
if (why && process.env.TOPO_REQUIRE_SWANCTL === '1') throw new Error(`swanctl-load: TOPO_REQUIRE_SWANCTL=1 but ${why}`);
if (why) console.warn(`swanctl-load: SKIPPED: ${why} (set TOPO_REQUIRE_SWANCTL=1 to make this an error)`);

const SOURCES = [
    'test/runbooks/fixtures/strongswan-star.topo',
    'test/runbooks/fixtures/strongswan-mixed.topo',
];

describe.skipIf(why !== undefined)('generated swanctl.conf loads with swanctl --load-all', () => {
    test('every strongSwan site of the fixtures', async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-swanctl-'));
        let count = 0;
        for (const src of SOURCES) {
            const { topology } = await topologyOf(read(src));
            // the here-documents of the runbook exactly as printed, run by bash with the key variables set
            // (keys beginning with 0x and 0s: swanctl must not decode them; the runbook base64-encodes each key)
            const md = runbookMarkdown(topology, { lang: 'en' });
            for (const [, site, body] of md.matchAll(/cat > \/etc\/swanctl\/conf\.d\/(\S+)\.conf <<EOF\n([\s\S]*?)\nEOF\n/g)) {
                const out = path.join(dir, `${path.basename(src, '.topo')}-${site}.conf`);
                const vars = [...new Set([...body.matchAll(/"\$([A-Za-z_][A-Za-z0-9_]*)"/g)].map(m => m[1]))];
                const env = Object.fromEntries(vars.map((v, i) => [v, `${i % 2 ? '0s' : '0x'}test-only-key-${v}`]));
                const r = spawnSync('bash', ['-c', `cat > "$OUT" <<EOF\n${body}\nEOF\n`], { env: { ...process.env, ...env, OUT: out }, encoding: 'utf8' });
                expect(r.status, r.stderr).toBe(0);
                const written = fs.readFileSync(out, 'utf8');
                for (const [v, key] of Object.entries(env)) expect(written, v).toContain(`secret = 0s${Buffer.from(key).toString('base64')}`);
                count++;
            }
        }
        expect(count).toBe(4);
        const r = spawnSync('bash', [path.join(ROOT, 'test/runbooks/swanctl-load.sh'), dir], { encoding: 'utf8', timeout: 60000 });
        fs.rmSync(dir, { recursive: true, force: true });
        expect(r.stdout + r.stderr, 'swanctl-load.sh output').toMatch(/OK/);
        expect(r.status, r.stdout + r.stderr).toBe(0);
    }, 90000);
});

test('fixtures exist', () => {
    expect(fs.existsSync(path.join(FIXTURES, 'strongswan-star.topo'))).toBe(true);
});
