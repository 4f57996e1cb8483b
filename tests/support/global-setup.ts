/**
 * Runs once before the suite: the CMS must be compiled and its admin built before any Strapi
 * starts, and Chromium must be there before the browser test files start at once: each would
 * otherwise install it with apt-get, and two apt-get runs at a time fail on apt's lock.
 */
import { buildCms } from '../../scripts/local/cms.ts';
import { portalEnv } from '../../scripts/pipeline/env.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium } from '../../scripts/local/throwaway/browser.ts';

export default async function setup(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'praxis-build-'));
  try {
    const built = await buildCms(portalEnv({ ...process.env, PRAXIS_DATA_DIR: dataDir }), { quiet: true });
    if (built) console.log('Built the CMS for the tests.');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  try {
    findChromium();
  } catch {
    // Without Chromium the browser tests fail, each saying what to install; the others run.
  }
}
