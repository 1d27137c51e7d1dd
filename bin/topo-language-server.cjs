#!/usr/bin/env node
// The Topo language server as a standalone executable, for any LSP client (Neovim, Emacs, Helix...):
//   topo-language-server --stdio
// The implementation is bundled into out/server.cjs by `npm run build`.
'use strict';
if (!process.argv.slice(2).some(a => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket=') || a.startsWith('--pipe='))) {
    process.stderr.write('usage: topo-language-server --stdio   (the Topo language server, speaking LSP on standard input and output)\n');
    process.exit(2);
}
require('./bundle.cjs').loadBundle('topo-language-server', 'server.cjs');
