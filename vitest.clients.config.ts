import { defineConfig } from 'vitest/config';

// The client conformance suite: the real, pinned agent CLIs (test/clients/package.json)
// against a scripted fake model. Run with `npm run test:clients`; `npm test` leaves it out.
export default defineConfig({
  test: {
    include: ['test/clients/**/*.test.ts'],
    globalSetup: ['test/clients/global-setup.ts'],
    // Each CLI run is 2-10 s; the per-run deadline (90 s) kills a hung CLI well before these.
    testTimeout: 180_000,
    hookTimeout: 60_000,
    // Two cores: one file per worker at most, each running its CLIs one at a time.
    maxWorkers: 2,
  },
});
