import { defineConfig } from 'vitest/config';

// Round trips of 20 MB originals through the spawned MCP server: a minute or two each on
// two cores, so `npm test` leaves them out. Run with `npm run test:large` (CI runs it).
export default defineConfig({
  test: {
    include: ['test/large/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 60_000,
    maxWorkers: 1,
  },
});
