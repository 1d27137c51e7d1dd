/**
 * The extension's page: the README the .vsix carries (VS Code's extension view and the marketplace
 * show it), made by scripts/extension-readme.mjs from the marked parts of README.md (what Topo is,
 * and the section "The VS Code extension"). Checked here so it cannot drift from the package:
 * - every picture it shows is a PNG inside the package (.vscodeignore's allowlist), so the
 *   installed extension's page shows it (vsce refuses SVG in a marketplace README);
 * - it names every command of the Command Palette and every setting, by its title and key;
 * - it has no developer commands and no link that leaves the package.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
// @ts-expect-error: a plain ES module script, no types
import { extensionReadme } from '../../scripts/extension-readme.mjs';

const ROOT = path.join(__dirname, '../..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const TITLE = '## The VS Code extension';
const page: string = extensionReadme(readme, pkg.displayName);

/** The files the .vsix carries: .vscodeignore is an allowlist (`**`, then `!path` lines). */
function packaged(): Set<string> {
    const lines = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n').map(l => l.trim());
    expect(lines).toContain('**');
    return new Set(lines.filter(l => l.startsWith('!')).map(l => l.slice(1)));
}

describe('the extension page (the .vsix README)', () => {
    const text = page;

    test('is what Topo is, then the section on the extension, which is also the README\'s first', () => {
        expect(text.startsWith(`# ${pkg.displayName}\n\nTopo is a small language`), text.slice(0, 200)).toBe(true);
        expect(text).toContain(`\n${TITLE}\n`);
        expect(readme.indexOf(`\n${TITLE}\n`), 'the first section of README.md').toBe(readme.indexOf('\n## '));
        expect(text, 'no developer commands').not.toMatch(/npm (install|test|start)\b|npm run (test|bench)/);
        expect(text, 'no marker left').not.toContain('<!--');
    });

    test('shows screenshots that the package carries, as PNG', () => {
        const images = [...text.matchAll(/!\[([^\]]*)\]\(([^)\s]+)\)/g)].map(m => ({ alt: m[1], src: m[2] }));
        expect(images.length, 'at least one screenshot').toBeGreaterThan(0);
        const inPackage = packaged();
        for (const { alt, src } of images) {
            expect(alt.length, `${src} has a text alternative`).toBeGreaterThan(10);
            expect(src, 'a relative path inside the repository').toMatch(/^docs\/[\w.-]+\.png$/);
            const file = path.join(ROOT, src);
            expect(fs.existsSync(file), `${src} exists`).toBe(true);
            const head = fs.readFileSync(file).subarray(0, 8);
            expect(head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), `${src} is a PNG`).toBe(true);
            expect(fs.statSync(file).size, `${src} stays small`).toBeLessThan(400 * 1024);
            expect(inPackage.has(src), `${src} is in .vscodeignore's allowlist, so the installed extension shows it`).toBe(true);
        }
    });

    test('names every command of the Command Palette and every setting', () => {
        const hidden = new Set((pkg.contributes.menus?.commandPalette ?? []).filter((m: { when?: string }) => m.when === 'false' || /topo\.e2e/.test(m.when ?? '')).map((m: { command: string }) => m.command));
        for (const c of pkg.contributes.commands as { command: string; title: string; category?: string }[]) {
            if (hidden.has(c.command)) continue;
            const title = c.title.replace(/\.\.\.$|…$/, '').replace(/ \(.*\)$/, '');
            expect(text, `the command "${c.category}: ${c.title}"`).toContain(title);
        }
        const settings = [pkg.contributes.configuration].flat().flatMap((c: { properties: object }) => Object.keys(c.properties));
        expect(settings.length).toBeGreaterThan(3);
        for (const key of settings) expect(text, `the setting ${key}`).toContain(`\`${key}\``);
    });

    test('links only to files the package carries', () => {
        const inPackage = packaged();
        for (const m of text.matchAll(/\]\(([^)\s#]+)(#[^)]*)?\)/g)) {
            const target = m[1];
            expect(/^https?:/.test(target) || inPackage.has(target), `${target} is in the package`).toBe(true);
        }
    });
});
