/**
 * The crypto analysis on models built by the real parser and model builder: positions of findings
 * in real text, and quick fixes that, applied to the text, give a file without the problem.
 */
import { readFileSync } from 'node:fs';
import type { LangiumDocument } from 'langium';
import { describe, expect, it } from 'vitest';
import { analyseCrypto } from '../../language-server/src/analyses/crypto.js';
import { strongestCommon } from '../../language-server/src/resolve/negotiate.js';
import type { Model } from '../../language-server/src/generated/ast.js';
import { buildTopology } from '../../language-server/src/model/build.js';
import type { Edit, Finding } from '../../language-server/src/model/types.js';
import { checkTexts } from '../helpers.js';

async function analyse(text: string): Promise<{ doc: LangiumDocument<Model>; findings: Finding[] }> {
    const [doc] = await checkTexts(text);
    const { topology } = buildTopology([{ uri: doc.uri.toString(), root: doc.parseResult.value }]);
    return { doc, findings: analyseCrypto(topology) };
}

function apply(doc: LangiumDocument, edits: Edit[]): string {
    const text = doc.textDocument.getText();
    const spans = edits.map(e => ({ start: doc.textDocument.offsetAt(e.range.start), end: doc.textDocument.offsetAt(e.range.end), text: e.newText }))
        .sort((a, b) => b.start - a.start);
    return spans.reduce((t, s) => t.slice(0, s.start) + s.text + t.slice(s.end), text);
}

const SEED = readFileSync(new URL('../../examples/tencent-gcp.topo', import.meta.url), 'utf8');

describe('crypto analysis on parsed files', () => {
    it('the seed example: no errors, weak-crypto on the written properties, and a fix that removes them', async () => {
        const { doc, findings } = await analyse(SEED);
        expect(findings.filter(f => f.severity === 'error')).toEqual([]);
        const weak = findings.filter(f => f.code === 'weak-crypto');
        const covered = weak.map(f => doc.textDocument.getText(f.at.range)).sort();
        // one finding for the one cause (GCP's IKEv1 suite), at `ike v1`; the proposals in its related information
        expect(covered).toEqual(['ike v1']);
        expect(weak[0].related!.map(r => doc.textDocument.getText(r.at.range))).toEqual(['ike v1', 'ike-proposal aes128-sha1-modp1024', 'esp-proposal aes128-sha1-modp1024', 'ike v1', 'ike v1']);
        // GCP's fixed IKEv1 suite and the stronger suite, at `ike v1` (what to change)
        expect(weak[0].related!.slice(3).map(r => r.message.slice(0, 30))).toEqual(['Google Cloud VPN (Classic VPN)', 'The strongest suite both Tence']);

        const fixed = apply(doc, weak[0].fixes![0].edits);
        const best = strongestCommon('tencent', 'gcp')!;
        expect(fixed).toContain(`ike v2\n  ike-proposal ${best.ikeProposal}\n  esp-proposal ${best.espProposal}\n`);
        const again = await analyse(fixed);
        expect(again.findings.filter(f => f.severity !== 'hint')).toEqual([]);
    });

    it('a tunnel without proposals: the chosen-suite fix inserts parseable properties', async () => {
        const text = 'site a < provider aws cidr 10.1.0.0/16 >\nsite b < provider huawei cidr 10.2.0.0/16 >\ntunnel ab a <-> b < routing static >\n';
        const { doc, findings } = await analyse(text);
        const chosen = findings.find(f => f.code === 'proposal-chosen')!;
        expect(chosen).toBeDefined();
        const fixed = apply(doc, chosen.fixes![0].edits);
        const again = await analyse(fixed);
        expect(again.doc.diagnostics?.filter(d => d.severity === 1) ?? []).toEqual([]);
        expect(again.findings).toEqual([]);
    });

    it('a tunnel statement without < >: the fix adds a property list', async () => {
        const text = 'site a < provider gcp cidr 10.1.0.0/16 >\nsite b < provider qingcloud cidr 10.2.0.0/16 >\ntunnel ab a <-> b\n';
        const { doc, findings } = await analyse(text);
        const fixed = apply(doc, findings.find(f => f.code === 'proposal-chosen')!.fixes![0].edits);
        expect(fixed).toMatch(/tunnel ab a <-> b < ike v2 ike-proposal \S+ esp-proposal \S+ >/);
        expect((await analyse(fixed)).findings).toEqual([]);
    });

    it('points proposal-unsupported at the ike-proposal property', async () => {
        const text = 'site dc < cidr 192.168.0.0/24 >\nsite aws < provider aws cidr 10.1.0.0/16 >\n'
            + 'tunnel dc-aws dc -> aws < ike v2 ike-proposal 3des-md5-modp768 esp-proposal aes128-sha256-modp2048 >\n';
        const { doc, findings } = await analyse(text);
        const un = findings.filter(f => f.code === 'proposal-unsupported');
        expect(un).toHaveLength(1);
        for (const f of un) expect(doc.textDocument.getText(f.at.range)).toBe('ike-proposal 3des-md5-modp768');
    });
});
