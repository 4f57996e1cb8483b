/**
 * Runs Astro's build in a process of its own (`site.ts` starts it), so that the memory Astro holds
 * (the whole content store, twice, and every page module) is returned to the system before
 * Pagefind starts: in one process the two added up.
 * Astro reads its configuration from the environment `site.ts` sets; `--quiet` logs errors only.
 * On failure the last line on stderr names the cause.
 */
import { build } from 'astro';
import { pdfTextCacheDir } from './document-text.ts';
import { astroCacheDir, root } from './paths.ts';

// The pages find Astro's cache folder and the cache of PDF text here (site/lib/page-keys.ts,
// site/lib/field-pack.ts): their bundled code cannot work out the project's root from its own location.
process.env.PRAXIS_ASTRO_CACHE_DIR = astroCacheDir();
process.env.PRAXIS_PDF_TEXT_CACHE = pdfTextCacheDir();
try {
  await build({ root, logLevel: process.argv.includes('--quiet') ? 'error' : 'warn' });
  process.exit(0);
} catch (error) {
  console.error(`\n${oneLine(error)}`);
  process.exit(1);
}

/** The first line of an error's message, following `cause` to the root when Astro wraps it. */
function oneLine(error: unknown): string {
  let current = error as (Error & { cause?: unknown }) | undefined;
  while (current?.cause instanceof Error) current = current.cause as Error & { cause?: unknown };
  return (current?.message ?? String(error)).split('\n')[0]!.trim();
}
