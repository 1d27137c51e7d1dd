#!/usr/bin/env node
// The `topo` command line. The implementation is bundled into out/cli.cjs by `npm run build`.
'use strict';
require('./bundle.cjs').loadBundle('topo', 'cli.cjs').main();
