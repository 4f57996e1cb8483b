/**
 * Builds the static site from the CMS, then its search index: Astro writes the pages, Pagefind
 * indexes each language separately (it splits by `<html lang>`), indexing only what pages mark
 * with `data-pagefind-body` (the `<main>` of content pages).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root, siteDistDir } from './paths.ts';

export interface SiteBuildReport {
  outDir: string;
  pages: number;
  languages: Record<string, number>;
  seconds: { astro: number; pagefind: number };
}

/** Builds the site into `outDir` (default `dist/`); throws with one line naming the cause. */
export async function buildSite(env: NodeJS.ProcessEnv, { quiet = false } = {}): Promise<SiteBuildReport> {
  const outDir = siteDistDir(env);
  // Astro reads its configuration from this process's environment.
  for (const [key, value] of Object.entries({ PRAXIS_SITE_DIST: outDir, ASTRO_TELEMETRY_DISABLED: '1', PRAXIS_CMS_URL: env.PRAXIS_CMS_URL, PRAXIS_SITE_URL: env.PRAXIS_SITE_URL })) {
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

  const pagefind = await import('pagefind');
  const { index, errors } = await pagefind.createIndex();
  if (!index) throw new Error(`search index failed: ${errors.join('; ')}`);
  rmSync(join(outDir, 'pagefind'), { recursive: true, force: true });
  const added = await index.addDirectory({ path: outDir });
  if (added.errors.length > 0) throw new Error(`search index failed: ${added.errors.join('; ')}`);
  const written = await index.writeFiles({ outputPath: join(outDir, 'pagefind') });
  if (written.errors.length > 0) throw new Error(`search index failed: ${written.errors.join('; ')}`);
  await pagefind.close();
  const entry = JSON.parse(readFileSync(join(outDir, 'pagefind', 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
  const languages = Object.fromEntries(Object.entries(entry.languages).map(([lang, info]) => [lang, info.page_count]));
  return {
    outDir,
    pages: added.page_count,
    languages,
    seconds: { astro: (astroDone - started) / 1000, pagefind: (performance.now() - astroDone) / 1000 },
  };
}

/** The first line of an error's message, following `cause` to the root when Astro wraps it. */
function oneLine(error: unknown): string {
  let current = error as (Error & { cause?: unknown }) | undefined;
  while (current?.cause instanceof Error) current = current.cause as Error & { cause?: unknown };
  return (current?.message ?? String(error)).split('\n')[0]!.trim();
}
