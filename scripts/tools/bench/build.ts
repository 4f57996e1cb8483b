/**
 * `npm run bench:build`: what building the site costs as the catalogue grows, through the CMS and
 * without it.
 *
 * For each size (the seed content alone, then with N synthetic resources in four locales from
 * `scripts/tools/generate-corpus.ts`), on a temporary CMS on SQLite:
 *   - CMS fetch: reading every published entry through the REST API (written as a snapshot);
 *   - the CMS path: a full site build reading the CMS (empty content store), with Pagefind;
 *   - the baseline, in the same run: the same pages built from that snapshot of local JSON files;
 *   - Astro time and pages per second, Pagefind time, index size on disk, peak memory of the build's
 *     process tree (and of its two parts: Astro, then the search index), and the bytes a browser
 *     downloads for its first and a further query.
 * Both builds read the downloads' files (PDF text for search, the field packs) from the CMS's upload
 * store: what differs is how the content reaches Astro.
 *
 * Usage: npm run bench:build [-- --sizes seed,1000,10000]
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../../local/throwaway/browser.ts';
import { buildCms } from '../../local/cms.ts';
import { createTestCms, runScript } from '../../local/throwaway/cms.ts';
import { serveSite } from '../../local/throwaway/site.ts';
import { writeSnapshot } from '../../pipeline/content-snapshot.ts';
import { portalEnv } from '../../pipeline/env.ts';
import { root } from '../../pipeline/paths.ts';
import { folderBytes, kb, mb, measuredBuild, SEARCH_PARTS, searchBytes, type MeasuredBuild } from './measure.ts';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: 'seed,1000,10000' } } });
const sizes = values.sizes!.split(',').map((size) => (size === 'seed' ? 0 : Number(size)));
if (sizes.some((size) => !Number.isInteger(size) || size < 0)) {
  console.error('usage: npm run bench:build -- --sizes seed,1000,10000');
  process.exit(2);
}

/** The locale whose search is measured, and its two queries. */
const SEARCH_LOCALE = 'it';
const SEARCH_QUERIES: [string, string] = ['sfruttamento', 'vittime'];

interface Row {
  size: string;
  entries: number;
  fetchSeconds: number;
  cms: MeasuredBuild;
  baseline: MeasuredBuild;
  indexBytes: number;
  search: Awaited<ReturnType<typeof searchBytes>>;
}

const scratchParent = join(root, '.cache', 'bench');
mkdirSync(scratchParent, { recursive: true });
const scratch = mkdtempSync(join(scratchParent, 'build-'));
// A fresh checkout has no compiled CMS yet (the tests' setup and `npm start` build it too).
await buildCms(portalEnv(), { quiet: true });
const cms = await createTestCms({ database: 'sqlite' });
const browser = await launchChromium();
const rows: Row[] = [];
try {
  console.log('Seeding a temporary CMS…');
  const seeded = await cms.seed();
  if (seeded.code !== 0) throw new Error(`seed failed: ${seeded.output}`);

  for (const size of sizes) {
    const label = size === 0 ? 'seed' : `seed + ${size.toLocaleString('en')}`;
    // The generator writes to the database directly: on SQLite no server may hold it meanwhile.
    await cms.stop();
    const generated = await runScript('tools/generate-corpus.ts', { ...cms.env, PRAXIS_WEBHOOKS: 'off', PRAXIS_CMS_LOG_LEVEL: 'warn' }, [
      '--resources',
      String(size),
    ]);
    if (generated.code !== 0) throw new Error(`generating ${size} resources failed: ${generated.output}`);
    console.log(`${label}: ${generated.output.trim().split('\n').at(-1)}`);
    await cms.start();

    const snapshot = join(scratch, `snapshot-${size}`);
    const fetched = await writeSnapshot(cms.url, snapshot);
    const build = (name: string, extra: NodeJS.ProcessEnv) =>
      measuredBuild({
        ...cms.env,
        PRAXIS_CMS_URL: cms.url,
        PRAXIS_SITE_DIST: join(scratch, `${name}-${size}`),
        PRAXIS_ASTRO_CACHE_DIR: join(scratch, `${name}-${size}-cache`),
        ...extra,
      });
    console.log(`${label}: building through the CMS…`);
    const viaCms = await build('cms', {});
    console.log(`${label}: building from local JSON files…`);
    const baseline = await build('baseline', { PRAXIS_CONTENT_SNAPSHOT: snapshot });
    rmSync(join(scratch, `baseline-${size}`), { recursive: true, force: true });

    const site = await serveSite(viaCms.report.outDir);
    const search = await searchBytes(browser, site.url, SEARCH_LOCALE, SEARCH_QUERIES);
    const indexBytes = folderBytes(join(viaCms.report.outDir, 'pagefind'));
    await site.stop();
    rows.push({ size: label, entries: fetched.entries, fetchSeconds: fetched.seconds, cms: viaCms, baseline, indexBytes, search });
    for (const name of ['cms', 'baseline']) rmSync(join(scratch, `${name}-${size}-cache`), { recursive: true, force: true });
    console.log(`${label}: done`);
  }
} finally {
  await browser.close();
  await cms.destroy();
  rmSync(scratch, { recursive: true, force: true });
}

const seconds = (value: number) => `${value.toFixed(1)} s`;
console.log('\nSite build, through the CMS vs. from local JSON files (same pages, same run; 2 cores):\n');
console.log(
  '| corpus | entries | CMS fetch | Astro via CMS | Astro from JSON | ratio | pages | pages/s via CMS | Pagefind | build wall via CMS | peak memory via CMS / JSON | peak via CMS in Astro / in search | index on disk | search before opening | first query | further query |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const row of rows) {
  const { cms: viaCms, baseline } = row;
  console.log(
    `| ${row.size} | ${row.entries} | ${seconds(row.fetchSeconds)} | ${seconds(viaCms.report.seconds.astro)} | ${seconds(baseline.report.seconds.astro)} | ${(viaCms.report.seconds.astro / baseline.report.seconds.astro).toFixed(2)} × | ${viaCms.report.pages} | ${(viaCms.report.pages / viaCms.report.seconds.astro).toFixed(0)} | ${seconds(viaCms.report.seconds.pagefind)} | ${seconds(viaCms.wallSeconds)} | ${mb(viaCms.peakBytes)} / ${mb(baseline.peakBytes)} | ${mb(viaCms.peakBytesIn.astro)} / ${mb(viaCms.peakBytesIn.search)} | ${viaCms.coresIn.astro.toFixed(2)} / ${viaCms.coresIn.search.toFixed(2)} | ${viaCms.load.before.toFixed(1)} → ${viaCms.load.after.toFixed(1)} | ${mb(row.indexBytes)} | ${kb(row.search.beforeOpening)} | ${kb(row.search.firstQuery)} | ${kb(row.search.furtherQuery)} |`,
  );
}
// What the first query's bytes are made of: the index metadata grows with the records of the
// language, one per page and one per part of a download (scripts/pipeline/search-index.ts).
console.log(`\nFirst query ("${SEARCH_QUERIES[0]}" in ${SEARCH_LOCALE}), by part:\n`);
console.log(`| corpus | records in the ${SEARCH_LOCALE} index | ${SEARCH_PARTS.map(([part]) => part).join(' | ')} | metadata per record |`);
console.log(`|---|---|${SEARCH_PARTS.map(() => '---|').join('')}---|`);
for (const row of rows) {
  const records = Object.entries(row.cms.report.languages).find(([lang]) => lang.startsWith(`${SEARCH_LOCALE}-`))?.[1] ?? 0;
  const parts = row.search.firstQueryParts;
  const perRecord = records > 0 ? `${(parts['index metadata'] / records).toFixed(1)} B` : '–';
  console.log(`| ${row.size} | ${records} | ${SEARCH_PARTS.map(([part]) => kb(parts[part])).join(' | ')} | ${perRecord} |`);
}
console.log(
  '\nGoals: 10,000 resources × 4 locales built and indexed in ≤ 180 s with ≤ 2 GB; CMS path ≤ 1.5 × baseline; first query ≤ 150 KB, further ≤ 40 KB, 0 bytes before opening.',
);
process.exit(0);
