/** Building the static site from a test CMS and serving it, as `npm start` does. */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../../scripts/lib/paths.ts';
import { stopProcess, waitForHttp } from '../../scripts/lib/processes.ts';
import { freePort, runScript, type ProcessResult } from './cms.ts';

export interface TestSite {
  url: string;
  dist: string;
  stop(): Promise<void>;
}

/**
 * Runs `scripts/build-site.ts` against a CMS into a temporary folder inside the project: Astro
 * bundles the pages it prerenders beside an output under the project, but into one shared `.astro/`
 * for an output elsewhere, where builds running at once would overwrite each other's bundles.
 */
export async function buildTestSite(cmsUrl: string, env: NodeJS.ProcessEnv, siteUrl = 'http://127.0.0.1:4321/'): Promise<ProcessResult & { dist: string }> {
  const parent = join(root, '.cache', 'test-sites');
  mkdirSync(parent, { recursive: true });
  const dist = mkdtempSync(join(parent, 'site-'));
  // Its own content-layer store too: another test's build must not read or overwrite this one's.
  const result = await runScript('build-site.ts', { ...env, PRAXIS_CMS_URL: cmsUrl, PRAXIS_SITE_DIST: dist, PRAXIS_SITE_URL: siteUrl, PRAXIS_ASTRO_CACHE_DIR: `${dist}-cache` });
  rmSync(`${dist}-cache`, { recursive: true, force: true });
  return { ...result, dist };
}

/** Serves a built site with `astro preview` on a free port; several at once, as test files run in parallel. */
export async function serveSite(dist: string, port?: number): Promise<TestSite> {
  port ??= await freePort();
  const child = spawn(process.execPath, [join(root, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'preview', '--port', String(port), '--host', '127.0.0.1', '--ignore-lock'], {
    cwd: root,
    env: { ...process.env, PRAXIS_SITE_DIST: dist, ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/it/`, { child, timeoutMs: 30_000 });
  return {
    url,
    dist,
    async stop() {
      await stopProcess(child);
      rmSync(dist, { recursive: true, force: true });
    },
  };
}
