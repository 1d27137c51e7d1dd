import { describe, expect, test } from 'vitest';
import { expectFindReferences, expectGoToDefinition, expectSymbols } from 'langium/test';
import { check, services } from '../helpers.js';

const STAR = `site <|pek3|> < cidr 192.168.0.0/24 > hub <|pek3|>
site sh1 < cidr 172.16.0.0/24 > hub <|pe<|>k3|>
tunnel t sh1 -> <|pek3|>
`;

describe('navigation', () => {
    test('go to definition of a hub reference lands on the site name', async () => {
        await expectGoToDefinition(services)({
            text: 'site <|pek3|> < cidr 192.168.0.0/24 > hub pek3\nsite sh1 < cidr 172.16.0.0/24 > hub pe<|>k3',
            index: 0, rangeIndex: 0,
        });
    });

    test('go to definition of a route\'s tunnel', async () => {
        await expectGoToDefinition(services)({
            text: 'site a < cidr 10.0.0.0/24 route 10.1.0.0/24 via a<|>b >\nsite b < cidr 10.1.0.0/24 >\ntunnel <|ab|> a <-> b',
            index: 0, rangeIndex: 0,
        });
    });

    test('find references of a site includes hub, tunnel ends and hosts', async () => {
        await expectFindReferences(services)({ text: STAR, includeDeclaration: true });
    });

    test('document symbols list sites, hosts and tunnels', async () => {
        await expectSymbols(services)({
            text: 'topology t\nsite a < cidr 10.0.0.0/24 >\nhost h 10.0.0.2 in a\nsite b < cidr 10.1.0.0/24 >\ntunnel ab a <-> b',
            expectedSymbols: ['t'],
        });
        const doc = await check('topology t\nsite a < cidr 10.0.0.0/24 >\nhost h 10.0.0.2 in a\nsite b < cidr 10.1.0.0/24 >\ntunnel ab a <-> b');
        const [root] = await services.lsp.DocumentSymbolProvider!.getSymbols(doc, { textDocument: { uri: doc.uri.toString() } });
        expect(root.children?.map(c => c.name)).toEqual(['a', 'h', 'b', 'ab']);
    });
});

describe('rename', () => {
    test('renaming a site updates its declaration and every reference', async () => {
        const text = 'site pek3 < cidr 192.168.0.0/24 > hub pek3\nsite sh1 < cidr 172.16.0.0/24 > hub pek3\nhost vm 192.168.0.5 in pek3\ntunnel t sh1 -> pek3\n';
        const doc = await check(text);
        const edit = await services.lsp.RenameProvider!.rename(doc, {
            textDocument: { uri: doc.uri.toString() }, position: { line: 1, character: 37 }, newName: 'beijing3',
        });
        const edits = edit?.changes?.[doc.uri.toString()] ?? [];
        const { TextDocument } = await import('vscode-languageserver-textdocument');
        const renamed = TextDocument.applyEdits(doc.textDocument, edits);
        expect(renamed).toBe(text.replaceAll('pek3', 'beijing3'));
    });
});
