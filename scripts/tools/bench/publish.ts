/**
 * `npm run bench:publish`: publish-to-live latency, from the CMS's webhook reaching the publisher
 * to the new page being served, for a one-item edit, on the seed corpus and on a large one.
 *
 * For each size, a temporary CMS on SQLite (seeded, plus N synthetic resources from
 * `scripts/tools/generate-corpus.ts`) calls a publisher (scripts/pipeline/publisher.ts, as `npm start` runs
 * it) whose `current` release is served by the site server (`scripts/pipeline/site-server.ts`). After a first full build, the title of
 * one resource is edited and published through the admin API, as a partner's coordinator does, a
 * few times; each time the site is polled until the new title is served. Printed next to it, from
 * the same run: the first full build, which is what a publish would cost without what a build
 * reuses from the one before (the content store, the pages and packs whose keys are unchanged,
 * the search bundles of unchanged languages).
 *
 * Usage: npm run bench:publish [-- --sizes seed,10000 --edits 3]
 */
import { config } from '@praxis/contract/config';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createTestCms, freePort, runScript } from '../../local/throwaway/cms.ts';
import { serveSite } from '../../local/throwaway/site.ts';
import { localeCodes } from '@praxis/contract/locales';
import { root } from '../../pipeline/paths.ts';
import { buildCms } from '../../local/cms.ts';
import { portalEnv } from '../../pipeline/env.ts';
import { Publisher, type PublishResult } from '../../pipeline/publisher.ts';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: 'seed,10000' }, edits: { type: 'string', default: '3' } } });
const sizes = values.sizes!.split(',').map((size) => (size === 'seed' ? 0 : Number(size)));
const edits = Number(values.edits);
if (sizes.some((size) => !Number.isInteger(size) || size < 0) || !Number.isInteger(edits) || edits < 1) {
  console.error('usage: npm run bench:publish -- --sizes seed,10000 --edits 3');
  process.exit(2);
}

const RESOURCES = 'api::resource.resource';
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

interface Row {
  size: string;
  pages: number;
  fullBuild: PublishResult;
  /** Seconds from the webhook's arrival to the new title being served, per edit. */
  latencies: number[];
  /** Seconds from the admin's publish request to the new title being served, per edit. */
  fromAdmin: number[];
  builds: PublishResult[];
}

const rows: Row[] = [];
// The throwaway CMSs run the compiled CMS: a fresh checkout has none.
await buildCms(portalEnv(), { quiet: true });
mkdirSync(join(root, '.cache', 'bench'), { recursive: true });
for (const size of sizes) {
  const label = size === 0 ? 'seed' : `seed + ${size.toLocaleString('en')}`;
  const [sitePort, publisherPort] = [await freePort(), await freePort()];
  const siteUrl = `http://127.0.0.1:${sitePort}`;
  const cms = await createTestCms({
    database: 'sqlite',
    env: { PRAXIS_SITE_URL: siteUrl, PRAXIS_PUBLISH_WEBHOOK_URL: `http://127.0.0.1:${publisherPort}/cms-events` },
  });
  const sitesDir = mkdtempSync(join(root, '.cache', 'bench', 'publish-'));
  const publisher = new Publisher({
    env: { ...cms.env, PRAXIS_CMS_URL: cms.url, PRAXIS_SITE_URL: `${siteUrl}/`, PRAXIS_ASTRO_CACHE_DIR: join(sitesDir, 'astro-cache') },
    sitesDir,
    log: () => {},
  });
  let site: Awaited<ReturnType<typeof serveSite>> | undefined;
  try {
    console.log(`${label}: seeding and generating…`);
    const seeded = await cms.seed();
    if (seeded.code !== 0) throw new Error(`seed failed: ${seeded.output}`);
    const generated = await runScript('tools/generate-corpus.ts', { ...cms.env, PRAXIS_WEBHOOKS: 'off' }, ['--resources', String(size)]);
    if (generated.code !== 0) throw new Error(`generating failed: ${generated.output}`);
    await cms.start();
    await publisher.listen(publisherPort);
    console.log(`${label}: first full build…`);
    const fullBuild = await publisher.publish('bench: first build');
    if (!fullBuild.ok) throw new Error(`the first build failed: ${fullBuild.reason}`);
    site = await serveSite(publisher.currentLink, { port: sitePort, cmsUrl: cms.url });

    const found = await cms.admin(`/content-manager/collection-types/${RESOURCES}?filters[key][$eq]=connect-teaching-kit&locale=it`);
    const entry = found.body.results[0] as { documentId: string; slug: string; title: string };
    const row: Row = { size: label, pages: fullBuild.build!.pages, fullBuild, latencies: [], fromAdmin: [], builds: [] };
    for (let edit = 1; edit <= edits; edit++) {
      const title = `${entry.title} (bench edit ${edit})`;
      const count = publisher.history.length;
      const requested = performance.now();
      const published = await cms.admin(`/content-manager/collection-types/${RESOURCES}/${entry.documentId}/actions/publish?locale=it`, {
        method: 'POST',
        body: { ...entry, title },
      });
      if (published.status !== 200) throw new Error(`publishing the edit failed: ${published.status}`);
      for (;;) {
        const html = await (await fetch(`${siteUrl}/it/resources/${entry.slug}/`)).text();
        if (html.includes(title)) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const live = performance.now();
      await publisher.idle();
      const build = publisher.history[count]!;
      if (!build.ok) throw new Error(`an edit's build failed: ${build.reason}`);
      row.builds.push(build);
      row.latencies.push((live - publisher.lastEventAt!) / 1000);
      row.fromAdmin.push((live - requested) / 1000);
      console.log(
        `${label}: edit ${edit} live ${row.latencies.at(-1)!.toFixed(1)} s after the webhook (${build.build!.content.fetched} entries fetched, ${build.build!.reused} of ${build.build!.pages} pages reused, ${build.build!.pagesRead} read; Astro ${build.build!.seconds.astro.toFixed(1)} s, facts and sitemap ${build.build!.seconds.sitemap.toFixed(1)} s, search ${build.build!.seconds.pagefind.toFixed(1)} s; search reused for ${build.build!.searchReused.join(', ') || 'no language'}, recent bundles: ${
          Object.entries(build.build!.searchRecent)
            .map(([locale, pages]) => `${locale} (${pages} pages)`)
            .join(', ') || 'none'
        })`,
      );
      console.log(
        `  Astro's phases: ${Object.entries(build.build!.astroPhases)
          .map(([phase, seconds]) => `${phase} ${seconds.toFixed(1)} s`)
          .join(', ')}`,
      );
    }
    rows.push(row);
  } finally {
    await publisher.close();
    await site?.stop();
    await cms.destroy();
    rmSync(sitesDir, { recursive: true, force: true });
  }
}

const seconds = (value: number) => `${value.toFixed(1)} s`;
console.log(`\nPublish to live for a one-item edit (median of ${edits}; quiet period ${config().PRAXIS_PUBLISH_QUIET_MS / 1000} s included; 2 cores):\n`);
console.log(
  '| corpus | pages | webhook → served | admin publish → served | of which build (Astro + facts and sitemap + Pagefind) | entries fetched | pages reused | search bundles reused | first full build (baseline) |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const row of rows) {
  const build = row.builds.at(-1)!.build!;
  console.log(
    `| ${row.size} | ${row.pages} | ${seconds(median(row.latencies))} | ${seconds(median(row.fromAdmin))} | ${seconds(build.seconds.astro)} + ${seconds(build.seconds.sitemap)} + ${seconds(build.seconds.pagefind)} | ${build.content.fetched} of ${build.content.fetched + build.content.kept} | ${build.reused} | ${build.searchReused.length} of ${localeCodes.length} | ${seconds(row.fullBuild.seconds)} |`,
  );
}
console.log('\nGoal: webhook → served (page and search updated) ≤ 30 s at seed + 10,000 resources × 4 locales.');
process.exit(0);
