/**
 * Builds the static site and its search index from a running CMS (`PRAXIS_CMS_URL`), in a process
 * of its own. Started by the publisher (or the build benchmark) through `buildSiteInProcess`
 * (`stages.ts`), it takes the request (where to build, whether to check the release, whether to
 * fetch every entry again) over its IPC channel and answers with the build's report, before Astro's
 * process writes its content store for the next build (`content-store-saves.ts`). Run by hand,
 * it builds into `PRAXIS_SITE_DIST` (default `dist/`); `--full-refresh` fetches every entry again.
 * A failure prints one line naming the cause and exits 1.
 *
 * Usage: npm run site:build [-- --full-refresh]
 */
import { portalEnv } from './env.ts';
import { siteDistDir } from './paths.ts';
import { stageRequest, tellParent } from './processes.mjs';
import { buildSite, type SiteBuildReport } from './site.ts';
import type { SiteBuildAnswer, SiteBuildRequest } from './stages.ts';

try {
  const env = portalEnv();
  const asked = await stageRequest<SiteBuildRequest>();
  const request = asked ?? { outDir: siteDistDir(env), check: false, fullRefresh: process.argv.includes('--full-refresh') };
  const handOver = (report: SiteBuildReport) => tellParent({ type: 'built', report } satisfies SiteBuildAnswer);
  const { report, storeSeconds } = await buildSite(env, { ...request, quiet: true, ...(asked ? { handOver } : {}) });
  const languages = Object.entries(report.languages)
    .map(([lang, pages]) => `${lang} ${pages}`)
    .join(', ');
  const { files, records } = report.documents;
  console.log(
    `Built ${report.pages} pages (${report.reused} reused from the last build) into ${report.outDir} in ${report.seconds.astro.toFixed(1)} s, its sitemap in ${report.seconds.sitemap.toFixed(1)} s; indexed (${languages}), with the text of ${files} PDF files (${records} records), in ${report.seconds.pagefind.toFixed(1)} s (reused: ${report.searchReused.join(', ') || 'none'}); content: ${report.content.fetched} entries fetched, ${report.content.kept} unchanged, ${report.content.removed} removed.`,
  );
  for (const { url, reason } of report.skipped) console.warn(`Search left out ${url}: ${reason}`);
  for (const { entry, reason, kept } of report.content.rejected)
    console.warn(`Left out ${entry} (${kept ? 'its last good version stays' : 'it has no page'}): ${reason}`);
  if (asked) await tellParent({ type: 'store-saved', seconds: storeSeconds } satisfies SiteBuildAnswer);
  process.exit(0);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
