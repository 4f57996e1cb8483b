/**
 * One seeded portal for the whole run, for the browser files that only read it: the CMS seeded
 * from `content/` on SQLite, the site built from it and served by the site server on its own
 * origin, as `startSeededPortal` makes for one file. Seeding, starting Strapi and building the site
 * are most of a browser file's time, and these files would each pay them for the same pages.
 *
 * The first file that asks makes it (`oncePerRun`), the others of the run wait for it and attach.
 * Strapi and the site server run as processes of their own, in their own process groups, since the
 * file that started them ends long before the others; the global setup's teardown stops the groups
 * recorded here and removes the data and the site (`stopSharedProcesses`).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { createTestCms, freePort } from '../../scripts/local/throwaway/cms.ts';
import { oncePerRun, runDir } from '../../scripts/local/throwaway/run.ts';
import { buildTestSite } from '../../scripts/local/throwaway/site.ts';
import { cmsDir, root, strapiBin } from '../../scripts/pipeline/paths.ts';
import { waitForHttp } from '../../scripts/pipeline/processes.mjs';
import type { TestPortal } from './portal.ts';

/** What the run's other files need to attach to the shared portal; kept as JSON in the run folder. */
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

/** Starts `command` in a process group of its own, its output in `log`; resolves once `ready` answers. */
async function startDetached(command: string[], options: { cwd: string; env: NodeJS.ProcessEnv; log: string; ready: string }): Promise<number> {
  const out = openSync(options.log, 'a');
  const child = spawn(process.execPath, command, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', out, out] });
  child.unref();
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) =>
      reject(new Error(`${command.join(' ')} exited with ${signal ?? code} before it answered\n${readFileSync(options.log, 'utf8').slice(-4_000)}`)),
    ),
  );
  try {
    await Promise.race([waitForHttp(options.ready, { timeoutMs: 180_000 }), exited]);
  } catch (error) {
    if (child.pid) stopGroup(child.pid);
    throw error;
  }
  return child.pid!;
}

function stopGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

async function makeSharedPortal(): Promise<SharedPortal> {
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
  for (const pid of groups) stopGroup(pid);
  // Stopped before their files go: Strapi writes its database until it exits.
  await Promise.all(groups.map((pid) => groupGone(pid)));
  for (const path of remove) rmSync(path, { recursive: true, force: true });
}

/**
 * Resolves once no process of the group is left (SIGKILL after a grace period). The group was
 * started by another test file's worker, so no exit event reaches this one: asking the kernel
 * whether the group still exists is the only way to see it go.
 */
async function groupGone(pid: number, graceMs = 10_000): Promise<void> {
  const until = Date.now() + graceMs;
  for (;;) {
    try {
      process.kill(-pid, 0);
    } catch {
      return;
    }
    if (Date.now() > until) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        return;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const NAME = 'shared-portal';

/** The run's shared portal, made by the first file that asks; `stop()` leaves it running for the others. */
export async function sharedPortal(browser: Browser): Promise<TestPortal> {
  const run = await runDir();
  if (!run) throw new Error('the shared portal exists only in a Vitest run (its global setup makes the run folder)');
  const shared = await oncePerRun(run, NAME, makeSharedPortal);
  const cms = await createTestCms({ database: 'sqlite', env: { PRAXIS_SITE_URL: shared.siteUrl }, attach: { dataDir: shared.dataDir, port: shared.cmsPort } });
  return { cms, site: { url: shared.siteUrl, dist: shared.dist, stop: async () => undefined }, browser, stop: async () => undefined };
}

/** For the global teardown: stops the shared portal's processes and removes its files, if the run made it. */
export async function stopSharedPortal(run: string): Promise<void> {
  let stored: { value?: SharedPortal };
  try {
    stored = JSON.parse(readFileSync(join(run, `${NAME}.json`), 'utf8'));
  } catch {
    return;
  }
  if (stored.value) await stopShared(stored.value);
}
