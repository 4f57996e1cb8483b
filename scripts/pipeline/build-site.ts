/**
 * Builds the static site and its search index from a running CMS (`PRAXIS_CMS_URL`) into
 * `PRAXIS_SITE_DIST` (default `dist/`). A failure prints one line naming the cause and exits 1.
 * With `PRAXIS_BUILD_REPORT=<file>` it also writes the build's report there as JSON (the
 * publisher and `bench:build` read it). With `PRAXIS_RELEASE_CHECK=1` the report holds the release
 * check too (`lib/release-check.ts`), made while the search index is built: the publisher asks for it.
 *
 * Usage: npm run site:build
 */
import { writeFileSync } from 'node:fs';
import { portalEnv } from './env.ts';
import { buildSite } from './site.ts';

try {
  const report = await buildSite(portalEnv(), { quiet: true, check: process.env.PRAXIS_RELEASE_CHECK === '1' });
  const languages = Object.entries(report.languages).map(([lang, pages]) => `${lang} ${pages}`).join(', ');
  if (process.env.PRAXIS_BUILD_REPORT) writeFileSync(process.env.PRAXIS_BUILD_REPORT, JSON.stringify(report));
  const { files, records } = report.documents;
  console.log(`Built ${report.pages} pages (${report.reused} reused from the last build) into ${report.outDir} in ${report.seconds.astro.toFixed(1)} s; indexed (${languages}), with the text of ${files} PDF files (${records} records), in ${report.seconds.pagefind.toFixed(1)} s (reused: ${report.searchReused.join(', ') || 'none'}); content: ${report.content.fetched} entries fetched, ${report.content.kept} unchanged, ${report.content.removed} removed.`);
  for (const { url, reason } of report.skipped) console.warn(`Search left out ${url}: ${reason}`);
  for (const { entry, reason, kept } of report.content.rejected) console.warn(`Left out ${entry} (${kept ? 'its last good version stays' : 'it has no page'}): ${reason}`);
  process.exit(0);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
