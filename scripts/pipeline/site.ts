/**
 * Builds the static site from the CMS, then its search index (`search-index.ts`): Astro writes the
 * pages (in a process of its own, `astro-build.ts`), then Pagefind indexes each language
 * separately, with the text inside the downloads. The sitemap is written between the two, from the
 * facts of the pages (`page-facts.ts`), which are read only from the pages Astro rendered again.
 * Last, the scripts, styles and search data get compressed copies beside them (`precompress.ts`).
 * Asked to (`check`), this process checks the release (`release-check.ts`) meanwhile: on two cores,
 * the one would otherwise mostly wait for the other. Given a `handOver` (the publisher's), the
 * report goes there before Astro's process writes its content store for the next build.
 */
import { join } from 'node:path';
import { configOrExit } from '@praxis/contract/config';
import type { RejectedEntry, SyncReport } from '../../site/lib/cms-loader.ts';
import { cmsSource } from '../../site/lib/cms-source.ts';
import { cmsOrigins } from '../../site/lib/cms-media.ts';
import { astroCacheDir, root, siteDistDir } from './paths.ts';
import { runAnsweringStage } from './processes.mjs';
import { siteUrl } from './env.ts';
import { checkRelease, type HeldEntries, type ReleaseCheck } from './release-check.ts';
import { buildSearchIndex, type SearchIndexReport } from './search-index.ts';
import { writeSitemap, type SitemapReport } from './sitemap.ts';
import { collectPageFacts } from './page-facts.ts';
import { precompressAssets, type PrecompressReport } from './precompress.ts';
import type { ImageReport } from './images.ts';
import type { AstroPhases } from './astro-phases.ts';
import type { AstroMessage, AstroRequest, SaveStore } from './stages.ts';

export interface SiteBuildReport {
  outDir: string;
  pages: number;
  /** Pages Astro reused from its previous build instead of rendering them (`site/lib/page-keys.ts`), as hard links (`linked-pages.ts`). */
  reused: number;
  /**
   * Paths Astro's own page loop went through (rendered, or reused by Astro itself); the pages
   * linked beside its loop are not among them (`linked-pages.ts`). Left out when Astro's
   * incremental build is off.
   */
  visited?: number;
  /**
   * Page files the sitemap and the release check read (`page-facts.ts`): those Astro rendered; the
   * facts of the pages it reused were on record.
   */
  pagesRead: number;
  languages: Record<string, number>;
  /** The downloads whose text was indexed, and those left out. */
  documents: SearchIndexReport['documents'];
  skipped: SearchIndexReport['skipped'];
  /** Locales whose search bundle was copied from the last build (`search-index.ts`). */
  searchReused: SearchIndexReport['reused'];
  /** Locales searched with their main bundle of an earlier build and a recent-changes bundle, and the pages changed since (`search-index.ts`). */
  searchRecent: SearchIndexReport['recent'];
  sitemap: SitemapReport;
  /**
   * What the content loader fetched, kept and dropped, over all collections (`cms-loader.ts`), and
   * the entries it left out because the site cannot take them (their last good version stays).
   */
  content: { fetched: number; kept: number; removed: number; fullLocales: number; seconds: number; rejected: RejectedEntry[] };
  /** The pictures the pages show, and how many of their files were encoded or found made (`images.ts`). */
  images: ImageReport;
  /** Compressed copies of the scripts, styles and search data (`precompress.ts`). */
  precompressed: PrecompressReport;
  /** The release check, when the build was asked for it. */
  check?: ReleaseCheck;
  /** Astro's process; the pages' facts and the sitemap; the search index. */
  seconds: { astro: number; sitemap: number; pagefind: number };
  /** Astro's process phase by phase (`astro-phases.ts`). */
  astroPhases: AstroPhases;
}

/** How a site build is asked for: `buildSite`'s options. */
export interface SiteBuildOptions {
  quiet?: boolean;
  check?: boolean;
  fullRefresh?: boolean;
  outDir?: string;
  /**
   * Takes the report first: Astro's process holds the content store until this resolves, then
   * writes it for the next build, and `buildSite` resolves with the seconds that took.
   */
  handOver?: (report: SiteBuildReport) => Promise<void>;
}

/**
 * Builds the site into `outDir` (default `dist/`); throws with one line naming the cause. With
 * `check`, the report holds the release check against the CMS (`PRAXIS_CMS_URL`); with
 * `fullRefresh`, the content loader fetches every entry again instead of only what changed.
 */
export async function buildSite(
  env: NodeJS.ProcessEnv,
  { quiet = false, check = false, fullRefresh = false, outDir = siteDistDir(env), handOver }: SiteBuildOptions = {},
): Promise<{ report: SiteBuildReport; storeSeconds: number }> {
  const synced: SyncReport[] = [];
  const astro = await runAstro(env, { outDir, site: siteUrl(env), fullRefresh, quiet, saveStore: handOver ? 'asked' : 'sync-end' }, (report) =>
    synced.push(report),
  );
  let report: SiteBuildReport;
  try {
    report = await afterAstro(env, astro, synced, { check, outDir, quiet });
  } catch (error) {
    // Astro's process still ends, and writes the store it holds: the next build starts from it.
    await astro.end().catch(() => undefined);
    throw error;
  }
  await handOver?.(report);
  return { report, storeSeconds: await astro.end() };
}

/** The rest of a build once Astro's pages are written: the pages' facts, the sitemap, the search index, the check. */
async function afterAstro(
  env: NodeJS.ProcessEnv,
  { images, reused, visited, phases, started, startedAt }: AstroRun,
  synced: SyncReport[],
  { check, outDir, quiet }: { check: boolean; outDir: string; quiet: boolean },
): Promise<SiteBuildReport> {
  const { content, held } = addUpSyncs(synced);
  const astroDone = performance.now();
  // What the sitemap and the check need of each page, read only from the pages Astro rendered
  // again: the pages it reused are the files of the build before, whose facts are on record.
  // Begun once the check below has sent its requests to the CMS.
  const facts = Promise.resolve().then(() =>
    collectPageFacts(outDir, { site: siteUrl(env), cmsOrigins: cmsOrigins(env), cacheFile: join(astroCacheDir(env), 'page-facts.json') }),
  );
  // Handled here too: whichever fails first, the others must not be left unobserved.
  facts.catch(() => undefined);
  // The release check starts first, so that its CMS listings are fetched while the facts are
  // collected, and goes on while the search index is built: it needs the pages only, not the
  // sitemap or the search bundles (no page links into them).
  const checked = check
    ? checkRelease(outDir, {
        source: cmsSource(env.PRAXIS_CMS_URL!),
        siteUrl: siteUrl(env),
        built: { held, rejected: content.rejected, startedAt },
        cmsOrigins: cmsOrigins(env),
        facts,
      })
    : undefined;
  checked?.catch(() => undefined);
  const sitemap = await writeSitemap(outDir, siteUrl(env), { facts: await facts });
  const sitemapDone = performance.now();
  const pageHashes = new Map((await facts).pages.map((page) => [page.page, page.hash]));
  const search = await buildSearchIndex(outDir, env, { log: quiet ? () => {} : console.warn, pageHashes });
  // Last: the search bundles' scripts are in place only now.
  const precompressed = precompressAssets(outDir, join(astroCacheDir(env), 'precompressed'));
  return {
    outDir,
    // Every page of the site: the sitemap lists or leaves out each one.
    pages: sitemap.listed + sitemap.excluded,
    reused,
    ...(visited === undefined ? {} : { visited }),
    pagesRead: (await facts).read,
    languages: search.languages,
    documents: search.documents,
    skipped: search.skipped,
    searchReused: search.reused,
    searchRecent: search.recent,
    sitemap,
    content,
    images,
    precompressed,
    ...(checked ? { check: await checked } : {}),
    seconds: { astro: (astroDone - started) / 1000, sitemap: (sitemapDone - astroDone) / 1000, pagefind: search.seconds },
    astroPhases: phases,
  };
}

/**
 * Adds up the loader's per-collection reports; `seconds` is the longest, as collections load at
 * once. `held` is what the build holds of each collection, for the release check.
 */
function addUpSyncs(reports: SyncReport[]): { content: SiteBuildReport['content']; held: HeldEntries } {
  const total: SiteBuildReport['content'] = { fetched: 0, kept: 0, removed: 0, fullLocales: 0, seconds: 0, rejected: [] };
  const held: HeldEntries = {};
  for (const report of reports) {
    total.fetched += report.fetched;
    total.kept += report.kept;
    total.removed += report.removed;
    total.fullLocales += report.fullLocales.length;
    total.seconds = Math.max(total.seconds, report.seconds);
    total.rejected.push(...report.rejected);
    held[report.collection] = report.held;
  }
  return { content: total, held };
}

/**
 * The allocators of Astro's process, told to give freed memory back at once: Rolldown and Astro's
 * compiler allocate with mimalloc, which otherwise kept much of what it had freed, and glibc's
 * malloc (Node's buffers, the other native modules) no longer raises the size it serves from its
 * arenas instead of `mmap` as the build frees large buffers, which left them fragmented: Astro's
 * peak is lower, at the same speed. A value set in
 * the environment is used instead.
 */
const ASTRO_ALLOCATORS = { MIMALLOC_PURGE_DELAY: '0', MALLOC_MMAP_THRESHOLD_: String(128 * 1024) };

/**
 * V8's young generation in Astro's process (its main thread and the field packs' workers) capped
 * at 8 MB a semi-space: grown by the build's stream of short-lived objects, it held more memory
 * for no gain in speed (a smaller cap cost speed).
 */
const ASTRO_NODE_OPTIONS = ['--max-semi-space-size=8'];

/**
 * `PRAXIS_ASTRO_CPU_PROF=<folder>` writes a V8 CPU profile of each Astro process into that folder
 * (open it in Chrome's DevTools): what a publish's fixed cost is made of is found this way, not guessed.
 */
function astroProfiling(env: NodeJS.ProcessEnv): string[] {
  const folder = configOrExit(env, root).PRAXIS_ASTRO_CPU_PROF;
  return folder ? ['--cpu-prof', `--cpu-prof-dir=${folder}`] : [];
}

/** Astro's process once it has said it built: what it reported, and `end`, which lets it write the store it held and resolves when it has exited. */
interface AstroRun {
  images: ImageReport;
  reused: number;
  visited: number | undefined;
  phases: AstroPhases;
  /** When it was started: `performance.now()`, and the clock's milliseconds. */
  started: number;
  startedAt: number;
  /** Resolves once the process has ended, with the seconds it took to write the store it held (0 when none). */
  end: () => Promise<number>;
}

/**
 * Runs `astro-build.ts` in a child process, passing each collection's sync report to `synced`, and
 * resolves once it says it has built, with what its image step did, how many pages it linked from
 * the build before and its phases; throws with the last line it printed when it fails.
 */
async function runAstro(env: NodeJS.ProcessEnv, request: AstroRequest, synced: (report: SyncReport) => void): Promise<AstroRun> {
  const started = performance.now();
  const startedAt = Date.now();
  let storeSeconds = 0;
  try {
    const { answer, ended, send } = await runAnsweringStage<AstroRequest, AstroMessage>(
      [...ASTRO_NODE_OPTIONS, ...astroProfiling(env), join(root, 'scripts', 'pipeline', 'astro-build.ts')],
      request,
      {
        cwd: root,
        env: { ...ASTRO_ALLOCATORS, ...env, ASTRO_TELEMETRY_DISABLED: '1' },
        echo: !request.quiet,
        isAnswer: (message) => message.type === 'built',
        onMessage: (message) => {
          if (message.type === 'content-synced') synced(message.report);
          else if (message.type === 'store-saved') storeSeconds = message.seconds;
        },
      },
    );
    if (answer.type !== 'built') throw new Error('Astro ended without saying it had built');
    const { images, reused, visited, phases, storeHeld } = answer;
    return {
      images,
      reused,
      visited,
      phases,
      started,
      startedAt,
      end: async () => {
        if (storeHeld) send({ type: 'save-store' } satisfies SaveStore);
        await ended.catch((error: Error) => {
          throw new Error(`site build failed: ${error.message}`);
        });
        return storeSeconds;
      },
    };
  } catch (error) {
    throw new Error(`site build failed: ${(error as Error).message}`);
  }
}
