import { defineConfig } from 'vitest/config';
import '../../scripts/node20.mjs';

// test/netns/run.sh clouds: the clouds-in-namespaces bed (root), one file at a time, bounded.
export default defineConfig({
    test: {
        root: new URL('../..', import.meta.url).pathname,
        include: ['test/netns/clouds.netns.ts'],
        fileParallelism: false,
        testTimeout: 180000,
        hookTimeout: 60000,
        setupFiles: ['scripts/node20.mjs'],
    },
});
