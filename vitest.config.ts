import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['test/**/*.test.ts'],
        exclude: ['test/e2e/**', 'test/vscode-suite/**', 'test/netns/**', 'node_modules/**'],
        testTimeout: 20000,
    },
});
