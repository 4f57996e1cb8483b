/**
 * Builds the static site from the CMS, then its search index (`search-index.ts`): Astro writes the
 * pages, Pagefind indexes each language separately, with the text inside the downloads.
 */
import { root, siteDistDir } from './paths.ts';
import { siteUrl } from './env.ts';
import { buildSearchIndex, type SearchIndexReport } from './search-index.ts';
import { writeSitemap, type SitemapReport } from './sitemap.ts';

export interface SiteBuildReport {
  outDir: string;
  pages: number;
  languages: Record<string, number>;
  /** The downloads whose text was indexed, and those left out. */
  documents: SearchIndexReport['documents'];
  skipped: SearchIndexReport['skipped'];
  sitemap: SitemapReport;
  seconds: { astro: number; pagefind: number };
}

/** Builds the site into `outDir` (default `dist/`); throws with one line naming the cause. */
export async function buildSite(env: NodeJS.ProcessEnv, { quiet = false } = {}): Promise<SiteBuildReport> {
  const outDir = siteDistDir(env);
  // Astro reads its configuration from this process's environment.
  for (const [key, value] of Object.entries({ PRAXIS_SITE_DIST: outDir, ASTRO_TELEMETRY_DISABLED: '1', PRAXIS_CMS_URL: env.PRAXIS_CMS_URL, PRAXIS_SITE_URL: siteUrl(env) })) {
    if (value !== undefined) process.env[key] = value;
  }
  const { build } = await import('astro');
  const started = performance.now();
  try {
    await build({ root, logLevel: quiet ? 'error' : 'warn' });
  } catch (error) {
    throw new Error(`site build failed: ${oneLine(error)}`);
  }
  const astroDone = performance.now();
  const sitemap = writeSitemap(outDir, siteUrl(env));

  const search = await buildSearchIndex(outDir, env, { log: quiet ? () => {} : console.warn });
  return {
    outDir,
    pages: search.pages,
    languages: search.languages,
    documents: search.documents,
    skipped: search.skipped,
    sitemap,
    seconds: { astro: (astroDone - started) / 1000, pagefind: search.seconds },
  };
}

/** The first line of an error's message, following `cause` to the root when Astro wraps it. */
function oneLine(error: unknown): string {
  let current = error as (Error & { cause?: unknown }) | undefined;
  while (current?.cause instanceof Error) current = current.cause as Error & { cause?: unknown };
  return (current?.message ?? String(error)).split('\n')[0]!.trim();
}
