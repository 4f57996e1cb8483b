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
import { readConfig } from '@praxis/contract/config';
import { portalEnv } from './lib/env.ts';
import { root } from './lib/paths.ts';
import { buildSite } from './lib/site.ts';

try {
  const env = portalEnv();
  const { PRAXIS_RELEASE_CHECK: check, PRAXIS_BUILD_REPORT: reportFile } = readConfig(env, root);
  const report = await buildSite(env, { quiet: true, check });
  const languages = Object.entries(report.languages).map(([lang, pages]) => `${lang} ${pages}`).join(', ');
  if (reportFile) writeFileSync(reportFile, JSON.stringify(report));
  const { files, records } = report.documents;
  console.log(`Built ${report.pages} pages (${report.reused} reused from the last build) into ${report.outDir} in ${report.seconds.astro.toFixed(1)} s; indexed (${languages}), with the text of ${files} PDF files (${records} records), in ${report.seconds.pagefind.toFixed(1)} s (reused: ${report.searchReused.join(', ') || 'none'}); content: ${report.content.fetched} entries fetched, ${report.content.kept} unchanged, ${report.content.removed} removed.`);
  for (const { url, reason } of report.skipped) console.warn(`Search left out ${url}: ${reason}`);
  for (const { entry, reason, kept } of report.content.rejected) console.warn(`Left out ${entry} (${kept ? 'its last good version stays' : 'it has no page'}): ${reason}`);
  process.exit(0);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
