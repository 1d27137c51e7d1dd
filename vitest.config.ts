import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['test/**/*.test.ts'],
        // the language server memory test takes minutes: npm run test:memory (CI runs it as its own suite)
        exclude: ['test/e2e/**', 'test/vscode-suite/**', 'test/netns/**', 'node_modules/**', ...(process.env.TOPO_MEMORY_TEST ? [] : ['test/perf/memory.test.ts'])],
        testTimeout: 20000,
        // Node 20: what Langium's parser and vitest need from Node 21+ (Object.groupBy, Map.groupBy)
        setupFiles: ['scripts/node20.mjs'],
    },
});
