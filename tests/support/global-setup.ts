/**
 * Runs once before the suite: the CMS must be compiled before any Strapi starts (its admin panel is
 * built beside the first files, `cms-build.ts`; the browser files wait for it, `cms-admin-built.ts`),
 * and Chromium must be there before the browser test files start at once: each would otherwise
 * install it with apt-get, and two apt-get runs at a time fail on apt's lock.
 *
 * It also makes the run's shared folder (`run.ts`): the secrets of every test CMS, and later the
 * seeded databases the test files copy and the shared portal (`shared-portal.ts`); the teardown
 * stops and removes them.
 */
import type { TestProject } from 'vitest/node';
import { generatedSecrets, portalEnv } from '../../scripts/pipeline/env.ts';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium } from '../../scripts/local/throwaway/browser.ts';
import { buildCmsForRun } from '../../scripts/local/throwaway/cms-build.ts';
import { dropTestDatabase } from '../../scripts/local/throwaway/postgres.ts';
import { stopSharedPortals } from './shared-portal.ts';

// One folder for the whole run, whichever project's setup comes first.
const run = join(tmpdir(), `praxis-test-run-${process.pid}`);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  mkdirSync(run, { recursive: true });
  generatedSecrets(run);
  // The build's configuration reads a data folder; the admin panel's build may outlive this setup,
  // so it is the run's (removed with it).
  const build = await buildCmsForRun(run, portalEnv({ ...process.env, PRAXIS_DATA_DIR: mkdtempSync(join(run, 'praxis-build-')) }));
  if (build.built) console.log('Compiled the CMS for the tests; its admin panel is being built beside them.');
  try {
    findChromium();
  } catch {
    // Without Chromium the browser tests fail, each saying what to install; the others run.
  }
  project.provide('praxisRunDir', run);
  return async () => {
    await build.stop();
    if (!existsSync(run)) return;
    await stopSharedPortals(run);
    for (const name of readdirSync(run).filter((file) => file.endsWith('.json'))) {
      const { value } = JSON.parse(readFileSync(join(run, name), 'utf8')) as { value?: { databaseName?: string } };
      if (value?.databaseName) await dropTestDatabase(value.databaseName);
    }
    rmSync(run, { recursive: true, force: true });
  };
}
