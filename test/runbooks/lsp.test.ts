/** The language server side: `topo.runbook` (workspace/executeCommand) and the source code actions. */
import { describe, expect, test } from 'vitest';
import type { CodeAction, CodeActionParams, Range } from 'vscode-languageserver';
import { RUNBOOK_ACTION_KIND, RUNBOOK_COMMAND, RUNBOOK_PROVIDERS_COMMAND, SHOW_RUNBOOK_COMMAND } from '../../language-server/src/lsp/runbook-commands.js';
import { check, GUIDE_STAR, services, shared, TENCENT_GCP } from '../helpers.js';

function rangeAt(text: string, needle: string): Range {
    const i = text.indexOf(needle);
    const before = text.slice(0, i).split('\n');
    const pos = { line: before.length - 1, character: before[before.length - 1].length };
    return { start: pos, end: pos };
}

async function actions(text: string, needle: string, only?: string[]): Promise<CodeAction[]> {
    const doc = await check(text);
    const params: CodeActionParams = { textDocument: { uri: doc.uri.toString() }, range: rangeAt(text, needle), context: { diagnostics: [], only } };
    return (await services.lsp.CodeActionProvider!.getCodeActions(doc, params) ?? []) as CodeAction[];
}

describe('topo.runbook command', () => {
    test('registered on the shared ExecuteCommandHandler', () => {
        expect(shared.lsp.ExecuteCommandHandler?.commands).toContain(RUNBOOK_COMMAND);
    });

    test('returns the Markdown of the document\'s topology, with provider and language', async () => {
        const doc = await check(TENCENT_GCP);
        const md = await shared.lsp.ExecuteCommandHandler!.executeCommand(RUNBOOK_COMMAND, [doc.uri.toString(), 'tencent', 'zh']) as string;
        expect(md).toContain('# 控制台操作手册：tencent-gcp');
        expect(md).toContain('腾讯云 · tencent-hk：创建VPN网关');
        expect(md).not.toContain('GCP · gcp-hk：');
        const all = await shared.lsp.ExecuteCommandHandler!.executeCommand(RUNBOOK_COMMAND, [doc.uri.toString()]) as string;
        expect(all).toContain('Google Cloud · gcp-hk');
        const nullProvider = await shared.lsp.ExecuteCommandHandler!.executeCommand(RUNBOOK_COMMAND, [doc.uri.toString(), null, 'en']) as string;
        expect(nullProvider).toBe(all);
    });

    test('bad arguments: an error naming the problem', async () => {
        const doc = await check(TENCENT_GCP);
        await expect(shared.lsp.ExecuteCommandHandler!.executeCommand(RUNBOOK_COMMAND, [doc.uri.toString(), 'oracle'])).rejects.toThrow(/unknown provider 'oracle'/);
        await expect(shared.lsp.ExecuteCommandHandler!.executeCommand(RUNBOOK_COMMAND, [doc.uri.toString(), 'gcp', 'fr'])).rejects.toThrow(/unknown language 'fr'/);
        await expect(shared.lsp.ExecuteCommandHandler!.executeCommand(RUNBOOK_COMMAND, [])).rejects.toThrow(/document URI/);
    });
});

describe('topo.runbookProviders command (the provider pick list)', () => {
    const providersOf = async (text: string) =>
        shared.lsp.ExecuteCommandHandler!.executeCommand(RUNBOOK_PROVIDERS_COMMAND, [(await check(text)).uri.toString()]);

    test('a QingCloud-only file: QingCloud alone, not the eight providers Topo knows', async () => {
        expect(await providersOf(GUIDE_STAR)).toEqual(['qingcloud']);
    });

    test('Tencent <-> GCP: both, in the order of their first site; a site without provider is strongSwan', async () => {
        expect(await providersOf(TENCENT_GCP)).toEqual(['tencent', 'gcp']);
        expect(await providersOf('site a < cidr 10.0.0.0/24 >\nsite b < provider aws cidr 10.1.0.0/24 >\nsite c < provider aws cidr 10.2.0.0/24 >')).toEqual(['strongswan', 'aws']);
    });

    test('no document URI: an error', async () => {
        await expect(shared.lsp.ExecuteCommandHandler!.executeCommand(RUNBOOK_PROVIDERS_COMMAND, [])).rejects.toThrow(/document URI/);
    });
});

describe('code actions "Generate console steps for ..."', () => {
    test('on a site: its provider and all providers', async () => {
        const list = await actions(TENCENT_GCP, 'site tencent-hk');
        const mine = list.filter(a => a.kind === RUNBOOK_ACTION_KIND);
        expect(mine.map(a => a.title)).toEqual(['Generate console steps for Tencent Cloud', 'Generate console steps for all providers']);
        const uri = mine[0].command!.arguments![0];
        expect(mine[0].command).toEqual({ title: 'Generate console steps for Tencent Cloud', command: SHOW_RUNBOOK_COMMAND, arguments: [uri, 'tencent'] });
        expect(mine[1].command).toEqual({ title: 'Generate console steps for all providers', command: SHOW_RUNBOOK_COMMAND, arguments: [uri] });
    });

    test('on a tunnel: both ends\' providers', async () => {
        const list = await actions(TENCENT_GCP, 'ike-proposal');
        expect(list.filter(a => a.kind === RUNBOOK_ACTION_KIND).map(a => a.title)).toEqual([
            'Generate console steps for Tencent Cloud', 'Generate console steps for Google Cloud', 'Generate console steps for all providers',
        ]);
    });

    test('on the topology line: every provider of the topology', async () => {
        const list = await actions(TENCENT_GCP, 'topology tencent-gcp');
        expect(list.filter(a => a.kind === RUNBOOK_ACTION_KIND)).toHaveLength(3);
    });

    test('never quick fixes; honours context.only', async () => {
        expect((await actions(TENCENT_GCP, 'site gcp-hk')).every(a => a.kind !== 'quickfix' || !a.title.startsWith('Generate'))).toBe(true);
        expect(await actions(TENCENT_GCP, 'site gcp-hk', ['quickfix'])).toEqual([]);
        expect((await actions(TENCENT_GCP, 'site gcp-hk', ['source'])).map(a => a.title)).toContain('Generate console steps for Google Cloud');
    });

    test('at a diagnostic: the quick fixes alone (also when invoked), unless source actions are asked for', async () => {
        const text = 'site a < cidr 10.0.0.5/24 >\n';
        const doc = await check(text);
        const diagnostics = doc.diagnostics ?? [];
        expect(diagnostics.length).toBeGreaterThan(0);
        const ask = async (context: CodeActionParams['context']) => (await services.lsp.CodeActionProvider!.getCodeActions(doc,
            { textDocument: { uri: doc.uri.toString() }, range: diagnostics[0].range, context }) ?? []) as CodeAction[];
        const automatic = await ask({ diagnostics });
        expect(automatic.length).toBeGreaterThan(0);
        expect(automatic.every(a => a.kind === 'quickfix')).toBe(true);
        const invoked = await ask({ diagnostics, triggerKind: 1 });
        expect(invoked).toEqual(automatic);
        expect((await ask({ diagnostics, only: ['source.topo'] })).filter(a => a.kind === RUNBOOK_ACTION_KIND)).toHaveLength(2);
    });
});
