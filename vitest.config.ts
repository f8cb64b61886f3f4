import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The client conformance suite drives the real agent CLIs (`npm run test:clients`); the
    // 20 MB round trips take minutes (`npm run test:large`).
    exclude: ['test/clients/**', 'test/large/**', '**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
