import { describe, expect, test } from 'vitest';
import { expectFormatting, highlightHelper, expectSemanticToken, expectCompletion } from 'langium/test';
import { SemanticTokenTypes } from 'vscode-languageserver';
import { check, CORRECTED_STAR, GUIDE_STAR, services, SHORT_STAR, TENCENT_GCP } from '../helpers.js';
import { lensTitles } from '../../language-server/src/lsp/code-lens.js';

describe('formatting: a canonical layout', () => {
    test('one statement per line, single spaces, `a, b` lists', async () => {
        await expectFormatting(services)({
            before: 'topology   t\nsite a<cidr 10.0.0.0/24 ,10.0.1.0/24>hub   a   site b <  cidr   10.1.0.0/24 > hub a\n\n\nhost h 10.0.0.5   in a',
            after: 'topology t\nsite a < cidr 10.0.0.0/24, 10.0.1.0/24 > hub a\nsite b < cidr 10.1.0.0/24 > hub a\n\nhost h 10.0.0.5 in a',
        });
    });

    test('a property list written over several lines gets one property per line', async () => {
        await expectFormatting(services)({
            before: 'site a < cidr 10.0.0.0/24 >\nsite b < cidr 10.1.0.0/24 >\ntunnel t a <-> b <  ike v1\n      ike-proposal aes128-sha1-modp1024   psk env K\n>',
            after: 'site a < cidr 10.0.0.0/24 >\nsite b < cidr 10.1.0.0/24 >\ntunnel t a <-> b <\n    ike v1\n    ike-proposal aes128-sha1-modp1024\n    psk env K\n>',
        });
    });

    test('a comment line in a multi-line property list is indented once, and stays (fuzz, seed 20261202)', async () => {
        const { TextDocument } = await import('vscode-languageserver-textdocument');
        const format = async (text: string) => {
            const doc = await check(text);
            const edits = await services.lsp.Formatter!.formatDocument(doc, { textDocument: { uri: doc.uri.toString() }, options: { tabSize: 4, insertSpaces: true } });
            return TextDocument.applyEdits(doc.textDocument, edits);
        };
        for (const [before, after] of [
            ['site a <\n    provider aws\n    region\n// note\n    us-east-1\n>', 'site a <\n    provider aws\n    region\n    // note\n    us-east-1\n>'],
            ['site a <\n    route 10.0.0.0/8 via\n            // note\n    t\n>\ntunnel t a -> a', 'site a <\n    route 10.0.0.0/8 via\n    // note\n    t\n>\ntunnel t a -> a'],
            // between two properties (also after one whose value is a keyword): at the properties' depth
            ['site a <\n    provider aws\n    region via\n// note\n    cidr 10.0.0.0/16\n>', 'site a <\n    provider aws\n    region via\n    // note\n    cidr 10.0.0.0/16\n>'],
            ['site a <\n    provider aws\n    region via\n            // note\n    cidr 10.0.0.0/16\n>', 'site a <\n    provider aws\n    region via\n    // note\n    cidr 10.0.0.0/16\n>'],
            ['site a < cidr 10.0.0.0/16 >\ntunnel t a -> a <\n  ike v2\n/* two\n   lines */\n  routing static // same line\n>', 'site a < cidr 10.0.0.0/16 >\ntunnel t a -> a <\n    ike v2\n    /* two\n       lines */\n    routing static // same line\n>'],
        ]) {
            const once = await format(before);
            expect(once).toBe(after);
            expect(await format(once)).toBe(once);
        }
    });

    test('formatting is idempotent on the examples', async () => {
        for (const text of [SHORT_STAR, TENCENT_GCP]) {
            const doc = await check(text);
            const edits = await services.lsp.Formatter!.formatDocument(doc, { textDocument: { uri: doc.uri.toString() }, options: { tabSize: 4, insertSpaces: true } });
            const { TextDocument } = await import('vscode-languageserver-textdocument');
            const once = TextDocument.applyEdits(doc.textDocument, edits);
            const doc2 = await check(once);
            const edits2 = await services.lsp.Formatter!.formatDocument(doc2, { textDocument: { uri: doc2.uri.toString() }, options: { tabSize: 4, insertSpaces: true } });
            expect(TextDocument.applyEdits(doc2.textDocument, edits2)).toBe(once);
            expect(doc2.diagnostics?.filter(d => d.code === 'syntax-error')).toEqual([]);
        }
    });
});

describe('semantic tokens', () => {
    test('sites, tunnels, networks and proposals get their token types', async () => {
        const tokens = await highlightHelper(services)('site <|a|> < cidr <|10.0.0.0/24|> >\nsite b < cidr 10.1.0.0/24 >\ntunnel <|t|> a <-> b < ike-proposal <|aes128-sha256-modp2048|> >');
        expectSemanticToken(tokens, { rangeIndex: 0, tokenType: SemanticTokenTypes.class });
        expectSemanticToken(tokens, { rangeIndex: 1, tokenType: SemanticTokenTypes.number });
        expectSemanticToken(tokens, { rangeIndex: 2, tokenType: SemanticTokenTypes.function });
        expectSemanticToken(tokens, { rangeIndex: 3, tokenType: SemanticTokenTypes.enumMember });
    });
});

describe('completion', () => {
    test('provider ids after `provider`', async () => {
        await expectCompletion(services)({
            text: 'site a < provider <|> >', index: 0,
            assert: items => expect(items.items.map(i => i.label)).toEqual(['gcp', 'tencent', 'qingcloud', 'aws', 'azure', 'alibaba', 'huawei', 'strongswan']),
        });
    });

    test('site names after `hub`', async () => {
        await expectCompletion(services)({
            text: 'site pek3 < cidr 10.0.0.0/24 >\nsite sh1 < cidr 10.1.0.0/24 > hub <|>', index: 0,
            assert: items => expect(items.items.map(i => i.label).sort()).toEqual(['pek3', 'sh1']),
        });
    });

    test('after `esp-proposal`, only what both ends accept (GCP IKEv2 requires PFS)', async () => {
        await expectCompletion(services)({
            text: 'site a < provider gcp cidr 10.0.0.0/24 >\nsite b < provider aws cidr 10.1.0.0/24 >\ntunnel t a <-> b < ike v2 esp-proposal <|> >', index: 0,
            assert: items => {
                const labels = items.items.map(i => String(i.label));
                expect(labels.length).toBeGreaterThan(0);
                // every offer carries a PFS group (GCP requires PFS), none uses 3DES or MD5 (AWS lacks them)
                for (const l of labels) {
                    expect(l).toMatch(/(modp|ecp|curve)\d+/);
                    expect(l).not.toMatch(/3des|md5/);
                }
            },
        });
    });
});

describe('hover, code lens and inlay hints on the three-line star', () => {
    test('hover on a spoke shows its networks and the sites it reaches', async () => {
        const doc = await check(SHORT_STAR);
        const hover = await services.lsp.HoverProvider!.getHoverContent(doc, { textDocument: { uri: doc.uri.toString() }, position: { line: 2, character: 6 } });
        const text = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
        expect(text).toContain('**site sh1**');
        expect(text).toContain('172.16.0.0/24');
        expect(text).toContain('Spoke of pek3.');
        expect(text).toMatch(/- \*\*pek3\*\* \(192\.168\.0\.0\/24\) via tunnel `pek3-sh1` \(derived\): to pek3 carried, from pek3 carried/);
        expect(text).toMatch(/- \*\*gd2\*\* \(172\.26\.0\.0\/24\) via through hub pek3|- \*\*gd2\*\* \(172\.26\.0\.0\/24\) via .*: to gd2 carried, from gd2 carried/);
    });

    test('code lens on each site counts the sites it reaches', async () => {
        const doc = await check(SHORT_STAR);
        const lenses = await lensTitles(services.lsp.CodeLensProvider!, doc);
        expect(lenses?.map(l => l.command?.title)).toEqual([
            'reaches 2 sites · 2 tunnels · no problems',
            'reaches 2 sites · 1 tunnel · no problems',
            'reaches 2 sites · 1 tunnel · no problems',
        ]);
    });

    test('code lens on the guide\'s star as printed: which site is not reached, and where its traffic is dropped', async () => {
        const doc = await check(GUIDE_STAR);
        const lenses = await lensTitles(services.lsp.CodeLensProvider!, doc);
        const titles = lenses?.map(l => l.command?.title) ?? [];
        expect(titles.slice(0, 3)).toEqual([
            'reaches 2 sites · 2 tunnels · no problems',
            // no "no problems" beside an unreached site: the problem is on the gd2-pek3 line
            'reaches 1 of 2 sites · gd2 not reached: dropped at gd2-pek3 (remote selector) · 1 tunnel',
            'reaches 1 of 2 sites · sh1 not reached: dropped at gd2-pek3 (remote selector) · 1 tunnel',
        ]);
        // the clean statement of the broken tunnel says so, and where the problems are; the version is
        // Topo's choice (QingCloud's dialog has IKE 版本, so the highest both offer), as in the runbook
        expect(titles).toContain('pek3-gd2 @ pek3 ⇄ gd2-pek3 @ gd2 · IKEv2 aes128-sha256-modp4096 (chosen by Topo) · does not come up (problems on gd2-pek3)');
        expect(titles.at(-1)).toMatch(/^gd2-pek3 @ gd2 ⇄ pek3-gd2 @ pek3 · .* · 3 problems$/);
    });

    test('hover on tunnel gd2-pek3: the tunnel as written, its end first, the wrong selector flagged', async () => {
        const doc = await check(GUIDE_STAR);
        const line = GUIDE_STAR.split('\n').findIndex(l => l.startsWith('tunnel gd2-pek3'));
        const hover = await services.lsp.HoverProvider!.getHoverContent(doc, { textDocument: { uri: doc.uri.toString() }, position: { line, character: 9 } });
        const text = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
        expect(text.split('\n').slice(0, 7)).toEqual([
            '**tunnel gd2-pek3**: gd2 <-> pek3, each end written (-> and ->)',
            '',
            '**gd2-pek3** at gd2 (towards pek3)',
            '- local: 172.26.0.0/24 _declared_',
            '- remote: 192.168.0.0/24, **172.26.0.0/24** (⛔ error `selector-self-overlap`) _declared_ — ⛔ error `selector-mismatch`, ⛔ error `missing-route`',
            '',
            '**pek3-gd2** at pek3 (towards gd2)',
        ]);
        expect(text).toContain('Outcome: **does not come up** — tunnel gd2-pek3 does not come up');
        // the other end's statement keeps its own name, and nothing is flagged on the corrected star
        const fixed = await check(CORRECTED_STAR);
        const h2 = await services.lsp.HoverProvider!.getHoverContent(fixed, { textDocument: { uri: fixed.uri.toString() }, position: { line, character: 9 } });
        const t2 = h2 && typeof h2.contents === 'object' && 'value' in h2.contents ? h2.contents.value : '';
        expect(t2).toContain('- remote: 192.168.0.0/24, 172.16.0.0/24 _declared_\n');
        expect(t2).not.toMatch(/⛔|⚠/);
    });

    test('inlay hints are short; the selectors and provenance are in the tooltip', async () => {
        const doc = await check(SHORT_STAR);
        const hints = await services.lsp.InlayHintProvider!.getInlayHints(doc, {
            textDocument: { uri: doc.uri.toString() }, range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } },
        });
        const labels = (hints ?? []).map(h => String(h.label).trim());
        expect(labels).toContain('derived gd2-pek3');
        expect(labels).toContain('derived pek3-sh1, pek3-gd2');
        const pek3 = hints!.find(h => String(h.label).includes('pek3-sh1, pek3-gd2'))!;
        const tooltip = typeof pek3.tooltip === 'object' ? pek3.tooltip.value : String(pek3.tooltip);
        expect(tooltip).toContain('- `pek3-sh1`: local 192.168.0.0/24, 172.26.0.0/24 ⇄ remote 172.16.0.0/24');
        expect(tooltip).toContain('- `pek3-gd2`: local 192.168.0.0/24, 172.16.0.0/24 ⇄ remote 172.26.0.0/24');
        for (const l of labels) expect(l.length, l).toBeLessThanOrEqual(60);
    });

    test('a tunnel without proposals gets the chosen suite as a short hint, in full in the tooltip', async () => {
        const doc = await check('site a < provider gcp cidr 10.0.0.0/24 >\nsite b < provider aws cidr 10.1.0.0/24 >\ntunnel t a <-> b');
        const hints = await services.lsp.InlayHintProvider!.getInlayHints(doc, {
            textDocument: { uri: doc.uri.toString() }, range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } },
        });
        const hint = (hints ?? []).find(h => String(h.label).includes('IKEv2'))!;
        // the version and suite first; what does not fit within 60 characters is left to the tooltip
        expect(String(hint.label).trim()).toMatch(/^IKEv2 · (ike )?[a-z0-9]+-\S+/);
        expect(String(hint.label).trim().length).toBeLessThanOrEqual(60);
        const tooltip = typeof hint.tooltip === 'object' ? hint.tooltip.value : String(hint.tooltip);
        expect(tooltip).toContain('- `local` 10.0.0.0/24 (derived from the sites)');
        expect(tooltip).toContain('- `remote` 10.1.0.0/24 (derived from the sites)');
        expect(tooltip).toMatch(/- `ike` v2 \(chosen by Topo: the strongest both ends accept\)/);
        expect(tooltip).toMatch(/- `ike-proposal` \S+.*\(chosen by Topo/);
        expect(tooltip).toMatch(/- `esp-proposal` \S+.*\(chosen by Topo/);
    });
});
