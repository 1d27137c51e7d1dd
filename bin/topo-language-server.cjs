#!/usr/bin/env node
// The Topo language server as a standalone executable, for any LSP client (Neovim, Emacs, Helix...):
//   topo-language-server --stdio
// The implementation is bundled into out/server.cjs by `npm run build`.
'use strict';
const path = require('path');
const fs = require('fs');
const server = path.join(__dirname, '..', 'out', 'server.cjs');
if (!fs.existsSync(server)) {
    process.stderr.write("topo-language-server: not built yet; run 'npm run build' in " + path.join(__dirname, '..') + '\n');
    process.exit(2);
}
const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
    process.stderr.write(`topo-language-server: needs Node.js 20 or newer (this is ${process.version})\n`);
    process.exit(2);
}
if (!process.argv.slice(2).some(a => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket=') || a.startsWith('--pipe='))) {
    process.stderr.write('usage: topo-language-server --stdio   (the Topo language server, speaking LSP on standard input and output)\n');
    process.exit(2);
}
require(server);
