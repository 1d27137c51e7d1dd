#!/usr/bin/env node
// The `topo` command line. The implementation is bundled into out/cli.cjs by `npm run build`.
'use strict';
const path = require('path');
const fs = require('fs');
const cli = path.join(__dirname, '..', 'out', 'cli.cjs');
if (!fs.existsSync(cli)) {
    process.stderr.write("topo: not built yet; run 'npm run build' in " + path.join(__dirname, '..') + '\n');
    process.exit(2);
}
const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
    process.stderr.write(`topo: needs Node.js 22 or newer (this is ${process.version}); run it through npm (npx topo ...) so the project's Node 22 is used\n`);
    process.exit(2);
}
require(cli).main();
