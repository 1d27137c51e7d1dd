import { defineConfig } from 'vitest/config';
// Node 20: vitest's own reporter and Langium's parser call Object.groupBy / Map.groupBy (Node 21+);
// this polyfills the main process (`npx vitest` included), setupFiles below the test workers.
import './scripts/node20.mjs';

export default defineConfig({
    test: {
        include: ['test/**/*.test.ts'],
        // the language server memory test takes minutes: npm run test:memory (CI runs it as its own suite)
        // the live test against real cloud accounts runs only as npm run test:live (never in npm test or CI)
        exclude: ['test/e2e/**', 'test/vscode-suite/**', 'test/netns/**', 'node_modules/**', ...(process.env.TOPO_MEMORY_TEST ? [] : ['test/perf/memory.test.ts']), ...(process.env.TOPO_LIVE_SUITE ? [] : ['test/live/**'])],
        testTimeout: 20000,
        setupFiles: ['scripts/node20.mjs'],
    },
});
