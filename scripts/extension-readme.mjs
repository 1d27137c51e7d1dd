// The extension's page: the README that `npm run package` puts into the .vsix (VS Code's
// extension view and the marketplace show it). It is the parts of README.md between
// `<!-- extension page: from here -->` and `<!-- extension page: to here -->` (what Topo is, and
// the section "The VS Code extension"), under the extension's title, so it has no developer
// commands and shows only pictures the package carries (test/docs/marketplace.test.ts checks it).
//   node scripts/extension-readme.mjs [OUT]     (default out/README.md)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The extension page's Markdown, from README.md's text. */
export function extensionReadme(readme, displayName) {
    const parts = [...readme.matchAll(/<!-- extension page: from here -->\n([\s\S]*?)<!-- extension page: to here -->/g)].map(m => m[1].trim());
    if (parts.length === 0) throw new Error('README.md marks no part of the extension page');
    const footer = 'The command line (`topo check`, `topo steps`, `topo graph`, `topo plan/apply/destroy`), the language reference '
        + '(every statement, property and diagnostic code) and the adapters are documented in the project\'s README and `docs/language.md`.';
    return `# ${displayName}\n\n${parts.join('\n\n')}\n\n${footer}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    const out = process.argv[2] ?? join(ROOT, 'out', 'README.md');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, extensionReadme(readFileSync(join(ROOT, 'README.md'), 'utf8'), pkg.displayName));
    console.log(`extension page: ${out}`);
}
