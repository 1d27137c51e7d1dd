/**
 * A pre-shared key is never printed: `psk env VAR` -> "the value of $VAR"; a literal -> "the key
 * written in the file (not shown)", with one warning at the top that a key is in the file.
 */
import { describe, expect, test } from 'vitest';
import type { Topology } from '../../language-server/src/model/types.js';
import { runbookMarkdown } from '../../language-server/src/runbooks/index.js';
import { topologyOf } from './helpers.js';

const KEY = 'Lit3ral-Key-Never-Printed-9x';

// Every provider with a console runbook, each end of a tunnel with a written key.
const TEXT = `topology literal
site tx  < provider tencent region ap-guangzhou cidr 10.0.0.0/16 >
site g   < provider gcp region asia-east2 cidr 10.170.0.0/20 >
site q   < provider qingcloud cidr 172.16.0.0/24 gateway 203.0.113.7 >
site sw  < provider strongswan cidr 192.168.9.0/24 gateway 198.51.100.10 >
site a   < provider aws cidr 10.50.0.0/16 >
host h1 10.0.0.10 in tx
host h2 10.170.0.10 in g
tunnel tx-g tx <-> g < ike v2 psk env PLACEHOLDER_A routing policy >
tunnel q-sw q <-> sw < psk env PLACEHOLDER_B >
tunnel sw-a sw <-> a < psk env PLACEHOLDER_C >
`;

/** The model with literal keys: every `psk env` written as `psk "..."`. */
async function literalTopology(): Promise<Topology> {
    const { topology } = await topologyOf(TEXT.replace(/psk env PLACEHOLDER_[A-Z]/g, `psk "${KEY}"`));
    return topology;
}

describe('literal pre-shared keys', () => {
    for (const lang of ['en', 'zh'] as const) {
        test(`the key is not in the runbook, and one warning says it is in the file (${lang})`, async () => {
            const md = runbookMarkdown(await literalTopology(), { lang });
            expect(md).not.toContain(KEY);
            for (const part of [KEY.slice(0, 10), KEY.slice(-10)]) expect(md).not.toContain(part);
            const warning = lang === 'en' ? 'A pre-shared key is written in the file' : '文件中写明了预共享密钥';
            expect(md.split(warning).length - 1).toBe(1);
            expect(md.indexOf(warning)).toBeLessThan(md.indexOf(lang === 'en' ? '## Overview' : '## 整体流程'));
            expect(md).toContain(lang === 'en' ? 'the key written in the file (not shown)' : '文件中写明的密钥（此处不显示）');
        });
    }

    test('strongSwan: the here-document reads the key from a variable, and says where it comes from', async () => {
        const md = runbookMarkdown(await literalTopology(), { lang: 'en' });
        expect(md).toContain(`secret = 0s$(printf '%s' "$TOPO_PSK_Q_SW" | base64 -w0)`);
        expect(md).toMatch(/Set `\$TOPO_PSK_Q_SW` \(tunnel q-sw\) to the key written in the file \(not shown\)/);
    });

    test('written as `psk "..."` in a file: not in the runbook', async () => {
        const built = await topologyOf(TEXT.replace('psk env PLACEHOLDER_A', `psk "${KEY}"`));
        const md = runbookMarkdown(built.topology, { lang: 'en', errorCount: built.errorCount });
        expect(md).not.toContain(KEY);
        expect(md.split('A pre-shared key is written in the file').length - 1).toBe(1);
    });
});

describe('keys from the environment', () => {
    test('"the value of $VAR" at both ends, no warning', async () => {
        const { topology } = await topologyOf(TEXT);
        const md = runbookMarkdown(topology, { lang: 'en' });
        expect(md.split('the value of `$PLACEHOLDER_A`').length - 1).toBeGreaterThanOrEqual(2);
        expect(md).not.toContain('written in the file');
        const zh = runbookMarkdown(topology, { lang: 'zh' });
        expect(zh).toContain('环境变量 `$PLACEHOLDER_A` 的值');
    });

    test('no key declared: generated at the first end, referred to at the other', async () => {
        const { topology } = await topologyOf('site a < provider qingcloud cidr 10.1.0.0/24 gateway 203.0.113.1 >\nsite b < provider qingcloud cidr 10.2.0.0/24 gateway 203.0.113.2 >\ntunnel ab a <-> b\n');
        const md = runbookMarkdown(topology, { lang: 'en' });
        expect(md).toContain('a key you generate now');
        expect(md).toMatch(/Key: the key you generated for ab in step \d+/);
    });
});
