// Preloaded into the language server by test/perf/memory.test.ts (node --expose-gc --require):
// on SIGUSR2, a full garbage collection, then the heap in use is written to $TOPO_HEAP_FILE.
const fs = require('node:fs');
process.on('SIGUSR2', () => {
    for (let i = 0; i < 4; i++) global.gc();
    fs.writeFileSync(process.env.TOPO_HEAP_FILE, String(process.memoryUsage().heapUsed));
});
