/** Building the static site from a test CMS and serving it, as `npm start` does. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../../pipeline/paths.ts';
import { startSiteServer } from '../../pipeline/site-server.ts';
import { mediaOrigin } from '../../../site/lib/cms-media.ts';
import type { SiteBuildReport } from '../../pipeline/site.ts';
import { buildSiteInProcess } from '../../pipeline/stages.ts';
import { runScript, type ProcessResult } from './cms.ts';

export interface TestSite {
  url: string;
  dist: string;
  stop(): Promise<void>;
}

/**
 * Runs `scripts/pipeline/build-site.ts` against a CMS into a temporary folder inside the project: Astro
 * bundles the pages it prerenders beside an output under the project, but into one shared `.astro/`
 * for an output elsewhere, where builds running at once would overwrite each other's bundles.
 * With `check`, it is asked as the publisher asks (`buildSiteInProcess`), and the report, with the
 * release check, is returned too.
 */
export async function buildTestSite(
  cmsUrl: string,
  env: NodeJS.ProcessEnv,
  siteUrl = 'http://127.0.0.1:4321/',
  { check = false } = {},
): Promise<ProcessResult & { dist: string; report?: SiteBuildReport }> {
  const parent = join(root, '.cache', 'test-sites');
  mkdirSync(parent, { recursive: true });
  const dist = mkdtempSync(join(parent, 'site-'));
  // Its own content-layer store too: another test's build must not read or overwrite this one's.
  const buildEnv = { ...env, PRAXIS_CMS_URL: cmsUrl, PRAXIS_SITE_DIST: dist, PRAXIS_SITE_URL: siteUrl, PRAXIS_ASTRO_CACHE_DIR: `${dist}-cache` };
  try {
    if (!check) return { ...(await runScript('pipeline/build-site.ts', buildEnv)), dist };
    const { report, ended } = await buildSiteInProcess(buildEnv, { outDir: dist, check: true, fullRefresh: false });
    return { code: 0, output: (await ended).output, dist, report };
  } catch (error) {
    return { code: 1, output: (error as Error).message, dist };
  } finally {
    rmSync(`${dist}-cache`, { recursive: true, force: true });
  }
}

/**
 * Serves a built site (or the publisher's `current` link) with the Praxis site server, as
 * `npm start` does, on a free port unless given one: `/api/` and `/media/` go to the CMS at
 * `cmsUrl` (none: they answer 502), and `/<locale>/preview/` to the preview renderer at
 * `previewUrl` when there is one. Several at once, as test files run in parallel.
 */
export async function serveSite(
  dist: string,
  { port = 0, cmsUrl = 'http://127.0.0.1:9', previewUrl }: { port?: number; cmsUrl?: string; previewUrl?: string | undefined } = {},
): Promise<TestSite> {
  const server = await startSiteServer({ root: dist, cmsUrl, mediaOrigin: mediaOrigin({ PRAXIS_CMS_URL: cmsUrl }), previewUrl, port, host: '127.0.0.1' });
  return {
    url: server.url,
    dist,
    async stop() {
      await server.close();
      rmSync(dist, { recursive: true, force: true });
    },
  };
}
