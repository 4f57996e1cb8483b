/** Runs once before the suite: the CMS must be compiled and its admin built before any Strapi starts. */
import { buildCms } from '../../scripts/lib/cms.ts';
import { portalEnv } from '../../scripts/lib/env.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function setup(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'praxis-build-'));
  try {
    const built = await buildCms(portalEnv({ ...process.env, PRAXIS_DATA_DIR: dataDir }), { quiet: true });
    if (built) console.log('Built the CMS for the tests.');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
