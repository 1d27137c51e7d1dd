// Shared by the executables in bin/: loads a bundle from out/ (written by `npm run build`), or
// says in one line what is missing and exits with code 2.
'use strict';
const path = require('path');
const fs = require('fs');

exports.loadBundle = function loadBundle(tool, bundle) {
    const file = path.join(__dirname, '..', 'out', bundle);
    if (!fs.existsSync(file)) {
        process.stderr.write(`${tool}: not built yet; run 'npm run build' in ${path.join(__dirname, '..')}\n`);
        process.exit(2);
    }
    const [major] = process.versions.node.split('.').map(Number);
    if (major < 20) {
        process.stderr.write(`${tool}: needs Node.js 20 or newer (this is ${process.version})\n`);
        process.exit(2);
    }
    return require(file);
};
