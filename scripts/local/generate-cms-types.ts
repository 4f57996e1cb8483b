/**
 * Regenerates the committed TypeScript types of the CMS models (`cms/types/generated`), for
 * editor help in the CMS half. Run after changing a `schema.json`: npm run cms:types
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portalEnv } from '../pipeline/env.ts';
import { cmsDir, strapiBin } from '../pipeline/paths.ts';
import { runToEnd } from '../pipeline/processes.mjs';

// A scratch data folder: generating types loads Strapi but must not touch the portal's database.
const dataDir = mkdtempSync(join(tmpdir(), 'praxis-types-'));
try {
  await runToEnd(process.execPath, [strapiBin, 'ts:generate-types'], {
    cwd: cmsDir,
    env: portalEnv({ ...process.env, PRAXIS_DATA_DIR: dataDir }),
    quiet: true,
  });
  console.log('Generated cms/types/generated.');
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
