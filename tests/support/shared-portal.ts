/**
 * Portals for the whole run, for the browser files that only read them: the CMS seeded from
 * `content/` on SQLite (and, in the second, the test entries of `test-content.ts` added), the site
 * built from it and served by the site server on its own origin, as `startSeededPortal` makes for
 * one file. Seeding, starting Strapi and building the site are most of a browser file's time, and
 * these files would each pay them for the same pages.
 *
 * The first file that asks for one makes it (`oncePerRun`), the others of the run wait for it and
 * attach. Strapi and the site server run detached, in process groups of their own, since the file
 * that started them ends long before the others; the global setup's teardown stops the groups
 * recorded here and removes the data and the site (`stopSharedPortals`).
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { createTestCms, freePort, type TestCms } from '../../scripts/local/throwaway/cms.ts';
import { oncePerRun, runDir } from '../../scripts/local/throwaway/run.ts';
import { buildTestSite } from '../../scripts/local/throwaway/site.ts';
import { cmsDir, root, strapiBin } from '../../scripts/pipeline/paths.ts';
import { startProcess, stopGroup } from '../../scripts/pipeline/processes.mjs';
import type { TestPortal } from './portal.ts';

/** What the run's other files need to attach to a shared portal; kept as JSON in the run folder. */
interface SharedPortal {
  dataDir: string;
  cmsPort: number;
  siteUrl: string;
  dist: string;
  /** Process groups the teardown stops. */
  groups: number[];
  /** Folders the teardown removes once the groups are stopped. */
  remove: string[];
}

/**
 * The run's shared portals: the seeded one, and the seeded one with the test entries of
 * `test-content.ts` added before its build. Each is made only when a file asks for it.
 */
const VARIANTS = {
  seed: { name: 'shared-portal', prepare: undefined },
  // Imported when it is made: the global setup imports this module for its teardown, outside any
  // test, where the test content's `expect` has nothing to report to.
  'test-content': { name: 'shared-portal-test-content', prepare: async (cms: TestCms) => (await import('./test-content.ts')).addTestContent(cms) },
} satisfies Record<string, { name: string; prepare: ((cms: TestCms) => Promise<void>) | undefined }>;

export type SharedContent = keyof typeof VARIANTS;

/** Starts a Node script (and its arguments) detached, its output in `log`; resolves with its process group once `ready` answers. */
async function startDetached(args: string[], { ready, ...options }: { cwd: string; env: NodeJS.ProcessEnv; log: string; ready: string }): Promise<number> {
  const running = await startProcess(process.execPath, args, { ...options, ready: { url: ready }, detached: true });
  return running.child.pid!;
}

async function makeSharedPortal(prepare: ((cms: TestCms) => Promise<void>) | undefined): Promise<SharedPortal> {
  const port = await freePort();
  const siteUrl = `http://127.0.0.1:${port}`;
  const cms = await createTestCms({ database: 'sqlite', keep: true, env: { PRAXIS_SITE_URL: siteUrl } });
  const dataDir = cms.env.PRAXIS_DATA_DIR!;
  const cmsPort = Number(cms.env.PRAXIS_CMS_PORT);
  const shared: SharedPortal = { dataDir, cmsPort, siteUrl, dist: '', groups: [], remove: [dataDir] };
  try {
    const seeded = await cms.seed();
    if (seeded.code !== 0) throw new Error(seeded.output);
    shared.groups.push(await startDetached([strapiBin, 'start'], { cwd: cmsDir, env: cms.env, log: join(dataDir, 'strapi.log'), ready: `${cms.url}/_health` }));
    await prepare?.(cms);
    const built = await buildTestSite(cms.url, cms.env, `${siteUrl}/`);
    shared.remove.push(built.dist);
    if (built.code !== 0) throw new Error(built.output);
    shared.dist = built.dist;
    // The site server run as `npm run site:serve` runs it: it serves `<PRAXIS_SITES_DIR>/current`.
    const sites = join(dataDir, 'sites');
    mkdirSync(sites, { recursive: true });
    symlinkSync(built.dist, join(sites, 'current'));
    shared.groups.push(
      await startDetached([join(root, 'scripts', 'pipeline', 'serve-site.ts')], {
        cwd: root,
        env: { ...cms.env, PRAXIS_SITES_DIR: sites, PRAXIS_SITE_PORT: String(port), PRAXIS_SITE_HOST: '127.0.0.1' },
        log: join(dataDir, 'site-server.log'),
        ready: `${siteUrl}/`,
      }),
    );
    return shared;
  } catch (error) {
    await stopShared(shared);
    throw error;
  }
}

async function stopShared({ groups, remove }: Pick<SharedPortal, 'groups' | 'remove'>): Promise<void> {
  // Stopped before their files go: Strapi writes its database until it exits.
  await Promise.all(groups.map((pid) => stopGroup(pid)));
  for (const path of remove) rmSync(path, { recursive: true, force: true });
}

/** A shared portal of the run, made by the first file that asks; `stop()` leaves it running for the others. */
export async function sharedPortal(browser: Browser, content: SharedContent = 'seed'): Promise<TestPortal> {
  const run = await runDir();
  if (!run) throw new Error('the shared portal exists only in a Vitest run (its global setup makes the run folder)');
  const { name, prepare } = VARIANTS[content];
  const shared = await oncePerRun(run, name, () => makeSharedPortal(prepare));
  const cms = await createTestCms({ database: 'sqlite', env: { PRAXIS_SITE_URL: shared.siteUrl }, attach: { dataDir: shared.dataDir, port: shared.cmsPort } });
  return { cms, site: { url: shared.siteUrl, dist: shared.dist, stop: async () => undefined }, browser, stop: async () => undefined };
}

/** For the global teardown: stops the shared portals' processes and removes their files, those the run made. */
export async function stopSharedPortals(run: string): Promise<void> {
  for (const { name } of Object.values(VARIANTS)) {
    let stored: { value?: SharedPortal };
    try {
      stored = JSON.parse(readFileSync(join(run, `${name}.json`), 'utf8'));
    } catch {
      continue;
    }
    if (stored.value) await stopShared(stored.value);
  }
}
