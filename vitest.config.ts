import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/{unit,integration,faults,e2e}/**/*.test.ts', 'test/e2e-electron/**/*.test.ts', 'test/renderer/**/*.test.{ts,tsx}', 'test/console/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
