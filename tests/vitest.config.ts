import { defineConfig } from 'vitest/config';
import { postgresReachable } from '../scripts/local/throwaway/postgres.ts';
import CostliestFirstSequencer from './support/sequencer.ts';

/**
 * The whole suite: unit tests, the CMS integration suite on SQLite and, where a server is reachable
 * (always in CI), on PostgreSQL, and browser tests in a real headless Chromium.
 */
export default defineConfig(async () => {
  const postgres = await postgresReachable();
  const requirePostgres = process.env.CI === 'true' || process.env.PRAXIS_TEST_POSTGRES === 'require';
  if (!postgres.reachable && !requirePostgres) {
    console.warn(
      `PostgreSQL is not reachable at ${postgres.url} (${postgres.reason}): the PostgreSQL suite does not run. Set PRAXIS_TEST_POSTGRES_URL to a server to run it.`,
    );
  }
  const cmsProject = (database: 'sqlite' | 'postgres') => ({
    extends: true as const,
    test: {
      name: `cms-${database}`,
      include: ['tests/cms/**/*.integration.test.ts'],
      env: { PRAXIS_TEST_DATABASE: database },
    },
  });

  return {
    root: new URL('..', import.meta.url).pathname,
    test: {
      globalSetup: ['tests/support/global-setup.ts'],
      testTimeout: 60_000,
      hookTimeout: 240_000,
      // Two cores: a Strapi per test file and a Chromium are plenty at once.
      maxWorkers: 2,
      // The costliest files first, whatever their project, so that the long browser files start at
      // once rather than after both CMS suites (Vitest's own order goes project by project).
      sequence: { sequencer: CostliestFirstSequencer },
      projects: [
        {
          extends: true,
          test: { name: 'unit', include: ['tests/{contract,site,scripts,cms}/**/*.test.ts'], exclude: ['**/*.integration.test.ts'] },
        },
        cmsProject('sqlite'),
        ...(postgres.reachable || requirePostgres ? [cmsProject('postgres')] : []),
        {
          extends: true,
          test: { name: 'site', include: ['tests/site/**/*.integration.test.ts', 'tests/e2e/**/*.test.ts'] },
        },
      ],
    },
  };
});
