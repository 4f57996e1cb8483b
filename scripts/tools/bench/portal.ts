/**
 * A throwaway portal for the benchmarks: a CMS on a temporary SQLite database seeded with
 * `content/`, the site built from it into a temporary folder and served, as the tests do
 * (`tests/support`). Everything is removed by `stop()`.
 */
import { buildCms } from '../../local/cms.ts';
import { createTestCms } from '../../local/throwaway/cms.ts';
import { portalEnv } from '../../pipeline/env.ts';
import { buildTestSite, serveSite } from '../../local/throwaway/site.ts';

export interface BenchPortal {
  siteUrl: string;
  cmsUrl: string;
  dist: string;
  stop(): Promise<void>;
}

export async function startBenchPortal(): Promise<BenchPortal> {
  console.log('Seeding a temporary CMS and building the site…');
  // A fresh checkout has no compiled CMS yet (the tests' setup and `npm start` build it too).
  await buildCms(portalEnv(), { quiet: true });
  const cms = await createTestCms({ database: 'sqlite' });
  const seeded = await cms.seed();
  if (seeded.code !== 0) throw new Error(`seed failed: ${seeded.output}`);
  await cms.start();
  const built = await buildTestSite(cms.url, cms.env);
  if (built.code !== 0) throw new Error(`site build failed: ${built.output}`);
  const site = await serveSite(built.dist, { cmsUrl: cms.url });
  return {
    siteUrl: site.url,
    cmsUrl: cms.url,
    dist: built.dist,
    async stop() {
      await site.stop();
      await cms.destroy();
    },
  };
}
