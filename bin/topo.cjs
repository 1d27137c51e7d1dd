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
if (major < 20) {
    process.stderr.write(`topo: needs Node.js 20 or newer (this is ${process.version})\n`);
    process.exit(2);
}
require(cli).main();
