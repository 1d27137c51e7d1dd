// Bundles the VS Code client, the language server and the command line into out/*.cjs
// (CommonJS: VS Code's extension host loads CommonJS). `node esbuild.mjs --minify` for release,
// `--watch` during development.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

const entries = {
    extension: 'src/extension.ts',
    server: 'language-server/src/main.ts',
    cli: 'language-server/src/cli/main.ts',
};

const ctx = await esbuild.context({
    entryPoints: Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file))),
    outdir: 'out',
    bundle: true,
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    // the Tencent SDK's node-fetch@2 -> whatwg-url -> tr46 requires Node's deprecated core `punycode`
    // (a DEP0040 warning on every run): the userland package of the same code instead
    alias: { punycode: './node_modules/punycode/punycode.js' },
    // Langium is ESM and uses import.meta.url in a few places; give the CJS bundle one.
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
    sourcemap: !minify,
    minify,
    // Without comments and indentation even in development builds: the command line's bundle is
    // 7.1 MB as written, and a few comments quote Chinese console labels, which make Node hold the
    // whole source as a two-byte string (13.6 MB of every `topo check`'s heap); 5.4 MB and one byte
    // per character without them. Names are kept; the source map gives the lines.
    minifyWhitespace: true,
    logLevel: 'warning',
    // The lines the `$esbuild-watch` problem matcher waits for (.vscode/tasks.json "watch").
    plugins: watch ? [{
        name: 'watch-markers',
        setup(build) {
            build.onStart(() => console.log('[watch] build started'));
            build.onEnd(() => console.log('[watch] build finished'));   // esbuild itself prints the errors
        },
    }] : [],
});

// The webviews' scripts run in the browser (loaded by nonce: src/commands/diagram.ts, runbook-view.ts).
const webview = await esbuild.context({
    entryPoints: { diagram: 'src/webview/diagram.ts', runbook: 'src/webview/runbook.ts' },
    outdir: 'out/webview',
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    sourcemap: !minify,
    minify,
    logLevel: 'warning',
});

if (watch) {
    await Promise.all([ctx.watch(), webview.watch()]);
    console.log('esbuild: watching');
} else {
    await Promise.all([ctx.rebuild(), webview.rebuild()]);
    await Promise.all([ctx.dispose(), webview.dispose()]);
}
