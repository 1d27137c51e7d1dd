/**
 * The stages of the language server import downwards only (README, "How it is built"):
 * - crypto/ (the algorithm model, proposal parsing) knows no provider;
 * - services/ (parsing, linking, the topology, validation) never imports the editor features in
 *   lsp/, nor the module that puts both together (topo-module.ts);
 * - the pure stages (net/, model/, resolve/, analyses/, crypto/, providers/) import neither
 *   Langium's LSP layer nor lsp/ nor services/.
 * Read from the sources' import lines, types included: a type import is a dependency too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';

const SRC = path.join(__dirname, '../../language-server/src');

function importsOf(folder: string): { file: string; spec: string; target: string }[] {
    const out: { file: string; spec: string; target: string }[] = [];
    for (const name of fs.readdirSync(path.join(SRC, folder), { recursive: true }) as string[]) {
        if (!name.endsWith('.ts')) continue;
        const file = path.join(folder, name);
        const text = fs.readFileSync(path.join(SRC, file), 'utf8');
        for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)) {
            const spec = m[1];
            const target = spec.startsWith('.') ? path.relative(SRC, path.resolve(path.join(SRC, path.dirname(file)), spec)) : spec;
            out.push({ file, spec, target });
        }
    }
    return out;
}

const into = (target: string, folder: string) => target === folder || target.startsWith(`${folder}/`);

describe('layering', () => {
    test('the folders exist and have imports to check', () => {
        for (const f of ['crypto', 'services', 'lsp', 'resolve', 'providers']) expect(importsOf(f).length, f).toBeGreaterThan(0);
    });

    test('crypto/ imports no provider', () => {
        expect(importsOf('crypto').filter(i => into(i.target, 'providers')).map(i => `${i.file}: ${i.spec}`)).toEqual([]);
    });

    test('services/ imports neither lsp/ nor the composition root', () => {
        const bad = importsOf('services').filter(i => into(i.target, 'lsp') || i.target === 'topo-module.js');
        expect(bad.map(i => `${i.file}: ${i.spec}`)).toEqual([]);
    });

    test('the pure stages import neither the editor layer nor the services', () => {
        const bad = ['net', 'model', 'resolve', 'analyses', 'crypto', 'providers'].flatMap(importsOf)
            .filter(i => into(i.target, 'lsp') || into(i.target, 'services') || i.target === 'topo-module.js' || i.target === 'langium/lsp' || i.target.startsWith('vscode-languageserver'));
        expect(bad.map(i => `${i.file}: ${i.spec}`)).toEqual([]);
    });
});
