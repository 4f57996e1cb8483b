/**
 * Runs Astro's build in a process of its own (`site.ts` starts it), so that the memory Astro holds
 * (the whole content store, twice, and every page module) is returned to the system before
 * Pagefind starts: in one process the two added up. It takes its request (`AstroRequest`,
 * `stages.ts`) over its IPC channel, and tells `site.ts` what the content loader synced, collection
 * by collection (`site/lib/build-channel.ts`); the pictures the pages show are made here too, by the
image step (`images.ts`), and linked into the release after the pages. The pages Astro reuses from
 * the build before are hard links to its cached copies, made beside its page loop (`linked-pages.ts`). On failure the last line
 * on stderr names the cause.
 *
 * Asked to (`saveStore: 'asked'`), it writes the content store for the next build only once the
 * site build process says so, after the release has gone live (`content-store-saves.ts`); a
 * build that reused no page of the one before (a first or full build) writes it before it
 * answers instead, so that its memory is given back before Pagefind starts.
 */
import { build } from 'astro';
import { openBuildChannel } from '../../site/lib/build-channel.ts';
import { join } from 'node:path';
import { ImageStep } from './images.ts';
import { linkReusedPages } from './linked-pages.ts';
import { recordAstroPhases } from './astro-phases.ts';
import { saveStoreOncePerSync } from './content-store-saves.ts';
import { astroCacheDir, dataDir, pdfTextCacheDir, root } from './paths.ts';
import { parentMessage, stageRequest, tellParent } from './processes.mjs';
import type { AstroMessage, AstroRequest, SaveStore } from './stages.ts';

// The pages find Astro's cache folder and the cache of PDF text here (site/lib/page-keys.ts,
// site/lib/field-pack.ts): their bundled code cannot work out the project's root from its own location.
process.env.PRAXIS_ASTRO_CACHE_DIR = astroCacheDir();
process.env.PRAXIS_PDF_TEXT_CACHE = pdfTextCacheDir();
try {
  const request = await stageRequest<AstroRequest>();
  if (!request) throw new Error('astro-build.ts is started by the site build (scripts/pipeline/site.ts), not by hand: run npm run site:build');
  const told: Promise<void>[] = [];
  const tell = (message: AstroMessage) => told.push(tellParent(message));
  const images = new ImageStep(join(dataDir(), 'images'));
  const reused = await linkReusedPages();
  const saveStore = await saveStoreOncePerSync({ until: request.saveStore });
  const phases = await recordAstroPhases(join(astroCacheDir(), `astro-timer-${process.pid}.json`));
  openBuildChannel({
    fullRefresh: request.fullRefresh,
    contentSynced: (report) => tell({ type: 'content-synced', report }),
    picturesUsed: (used) => images.prepare(used),
    picture: (url) => images.picture(url),
  });
  await build({ root, outDir: request.outDir, site: request.site, logLevel: request.quiet ? 'error' : 'warn' });
  images.linkInto(request.outDir);
  const reuse = reused();
  const astroPhases = phases();
  // The reused pages are linked beside the pages being rendered: how long that took, and what of it Astro's loop waited for.
  if (reuse.linking) {
    astroPhases['reused pages linked (beside)'] = reuse.linking.seconds;
    astroPhases['of which waited for'] = reuse.linking.waited;
  }
  // The field packs built again, each in a worker thread beside the pages (`site/lib/field-pack.ts`).
  const packs = (globalThis as { praxisFieldPackWork?: Record<string, { seconds: number; index: number }> }).praxisFieldPackWork ?? {};
  for (const [locale, pack] of Object.entries(packs)) {
    astroPhases[`field pack ${locale} built (beside)`] = pack.seconds;
    astroPhases[`of which the ${locale} index written`] = pack.index;
  }
  const storeHeld = request.saveStore === 'asked' && reuse.linked > 0;
  if (!storeHeld) astroPhases['store written'] = (astroPhases['store written'] ?? 0) + (await saveStore());
  tell({ type: 'built', images: images.report(), reused: reuse.linked, visited: reuse.visited, phases: astroPhases, storeHeld });
  await Promise.all(told);
  if (storeHeld && ((await parentMessage()) as SaveStore | undefined)?.type === 'save-store') {
    await tellParent({ type: 'store-saved', seconds: await saveStore() } satisfies AstroMessage);
  }
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
