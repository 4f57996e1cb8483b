/**
 * The search index of a built site: a Pagefind bundle per locale, `pagefind/{locale}/`, of the
 * pages under `/{locale}/`, reading only what pages mark with `data-pagefind-body` (the `<main>` of
 * content pages), with the facets, dates and card metadata of `site/components/SearchMeta.astro`.
 * Then the text inside the downloads (`search-documents/{locale}.json`, written by the site build) is
 * added as records of their own, to the bundle of each file's language, leading to the page that offers it.
 *
 * Each bundle is built by a Pagefind process of its own, started from a worker thread
 * (`search-bundle-worker.ts`), which holds the whole index of its language in memory until it
 * writes it (Pagefind keeps every page it read, and a copy of each while it builds the index; see
 * `PAGEFIND_ALLOCATOR`). The bundles are built one after the other: two at once were a little
 * faster but took the search step's peak memory far higher.
 * What this process does for a bundle (its fingerprint before, the copy it keeps after) is done
 * while Pagefind builds another: done in between, it left Pagefind idle.
 * Searching all languages merges the bundles in the browser (`site/components/search/pagefind.ts`).
 *
 * A bundle is rebuilt only when what it is made of has changed: the HTML of its locale, the
 * downloads it reads, Pagefind's version and this code (`bundleFingerprint`). Otherwise the bundle
 * of the last build, kept in Astro's cache folder, is copied: a one-item edit in Italian rebuilds
 * the Italian bundle alone, about a quarter of the search time at 10,000 resources.
 *
 * Diacritics need nothing here: Pagefind (since 1.5) folds them when searching ("scoli" finds
 * "școli", "zmonemis" finds "žmonėmis", the old cedilla "ş" matches "ș") and ranks the exact
 * spelling first; `tests/e2e/search.test.ts` holds it to that for Romanian and Lithuanian.
 */
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CustomRecord } from 'pagefind';
import type { SearchDocument } from '../../site/lib/search-documents.ts';
import { localeCodes } from '@praxis/contract/locales';
import { documentPages } from '../../site/lib/document-text.ts';
import { cmsUrl } from './env.ts';
import { astroCacheDir, pdfTextCacheDir } from './paths.ts';

/**
 * Where the site build leaves the list of downloads to read, one file per locale
 * (`site/pages/search-documents/[locale].json.ts`). Each is parsed by the worker of its locale
 * alone: parsed here, the four lists held a large part of this process's heap for the whole search
 * step, beside Pagefind.
 */
export const DOCUMENTS_DIR = 'search-documents';

/**
 * Words per record. A long PDF becomes several records, so that a result's data (which carries the
 * record's whole text) stays a few kilobytes however long the file.
 */
const WORDS_PER_RECORD = 1_000;

/** Records sent to Pagefind before waiting for its answers. */
const RECORDS_IN_FLIGHT = 200;

/**
 * The pages of a locale Pagefind reads: those at most two folders below it (`it/resources/{slug}/`).
 * Deeper lie only the catalogue's lists (`it/resources/page/2/`, `it/resources/theme/prevention/`…),
 * a quarter of the files, which carry no `data-pagefind-body`: Pagefind would parse them to skip them,
 * at a cost in time and memory per language. `tests/e2e/search.test.ts` checks that no
 * searchable page lies deeper.
 */
export const searchablePages = (locale: string) => `${locale}/{*.html,*/*.html,*/*/*.html}`;

export interface SearchIndexReport {
  /** HTML pages Pagefind read (`searchablePages`), of which it indexed those with a searchable body. */
  pages: number;
  /** Pages and records per Pagefind language, e.g. { "ro-ro": 12 }. */
  languages: Record<string, number>;
  /** Records added from the text of downloads, and the files they came from. */
  documents: { files: number; records: number; fromCache: number };
  /** Files that could not be read, with the reason; the rest of the index is still written. */
  skipped: { url: string; reason: string }[];
  /** Locales whose bundle was copied from the last build, nothing in it having changed. */
  reused: string[];
  seconds: number;
}

/** Where the search bundle of `locale` lives in a built site. */
export const bundleDir = (outDir: string, locale: string) => join(outDir, 'pagefind', locale);

/**
 * Writes `outDir/pagefind/{locale}/` for the site built in `outDir`. Reads the downloads from the
 * CMS at `PRAXIS_CMS_URL` and caches their text under the data folder. Throws when Pagefind fails.
 */
export async function buildSearchIndex(
  outDir: string,
  env: NodeJS.ProcessEnv,
  {
    log = console.warn,
    pageHashes,
  }: {
    log?: (line: string) => void;
    /**
     * A hash of each page's bytes, by site path ("/it/index.html"), every page of the build
     * (`page-facts.ts`): the fingerprints are made from them rather than by reading every page.
     */
    pageHashes?: ReadonlyMap<string, string>;
  } = {},
): Promise<SearchIndexReport> {
  const started = performance.now();
  const context: DocumentContext = {
    cmsUrl: cmsUrl(env),
    cacheDir: pdfTextCacheDir(env),
  };
  const documentsDir = join(outDir, DOCUMENTS_DIR);
  // Read as bytes, not parsed: the worker of each locale parses its own list.
  const documentsOf = (locale: string) => {
    const file = join(documentsDir, `${locale}.json`);
    return existsSync(file) ? new Uint8Array(readFileSync(file)) : new TextEncoder().encode('[]');
  };
  const tasks: BundleTask[] = localeCodes.map((locale) => ({ outDir, locale, documents: documentsOf(locale), context }));
  rmSync(documentsDir, { recursive: true, force: true });
  rmSync(join(outDir, 'pagefind'), { recursive: true, force: true });

  const reused: string[] = [];
  const bundles: BundleReport[] = [];
  const fingerprints: string[] = [];
  const fingerprintOf = (order: number) => (fingerprints[order] ??= bundleFingerprint(tasks[order]!, pageHashes));
  // The copy of the bundle last built, kept once the next Pagefind process is under way.
  let keepLast: (() => void) | undefined;
  try {
    for (const [order, task] of tasks.entries()) {
      const last = new LastBundle(env, task.locale);
      // Without a last bundle there is nothing to compare: the fingerprint can wait for Pagefind.
      const kept = last.exists() ? last.copyTo(bundleDir(outDir, task.locale), fingerprintOf(order)) : undefined;
      if (kept) {
        reused.push(task.locale);
        bundles[order] = kept;
        continue;
      }
      const building = inWorker(task, log);
      try {
        keepLast?.();
        keepLast = undefined;
        for (let next = order; next < tasks.length; next++) fingerprintOf(next);
      } catch (error) {
        // Nothing may write into the site once this returns.
        await building.catch(() => undefined);
        throw error;
      }
      // A failed bundle stops here: no further one is started.
      const report = await building;
      bundles[order] = report;
      keepLast = () => last.keep(bundleDir(outDir, task.locale), fingerprints[order]!, report);
    }
  } finally {
    keepLast?.();
  }
  return {
    pages: bundles.reduce((sum, bundle) => sum + bundle.pages, 0),
    languages: Object.assign({}, ...bundles.map((bundle) => bundle.languages)) as Record<string, number>,
    documents: {
      files: bundles.reduce((sum, bundle) => sum + bundle.documents.files, 0),
      records: bundles.reduce((sum, bundle) => sum + bundle.documents.records, 0),
      fromCache: bundles.reduce((sum, bundle) => sum + bundle.documents.fromCache, 0),
    },
    skipped: bundles.flatMap((bundle) => bundle.skipped),
    reused: localeCodes.filter((locale) => reused.includes(locale)),
    seconds: (performance.now() - started) / 1000,
  };
}

interface DocumentContext {
  cmsUrl: string;
  cacheDir: string;
}

/** What one worker is asked to build. */
export interface BundleTask {
  outDir: string;
  locale: string;
  /** The locale's list of downloads, as the site build wrote it: JSON of `SearchDocument[]`. */
  documents: Uint8Array;
  context: DocumentContext;
}

/** What one locale's bundle holds, as the worker reports it. */
export interface BundleReport {
  pages: number;
  languages: Record<string, number>;
  documents: SearchIndexReport['documents'];
  skipped: SearchIndexReport['skipped'];
}

/** Messages from `search-bundle-worker.ts`: log lines, then the report or the error. */
export type BundleMessage = { log: string } | { report: BundleReport } | { error: string };

/** Pagefind's version and the code that feeds it: a change to either rebuilds every bundle. */
const INDEXER = [
  JSON.parse(readFileSync(new URL('../../node_modules/pagefind/package.json', import.meta.url), 'utf8')).version as string,
  ...['search-index.ts', 'search-bundle-worker.ts', '../../site/lib/document-text.ts'].map((file) => readFileSync(new URL(file, import.meta.url), 'utf8')),
];

/**
 * A hash of everything a locale's bundle is made of: every HTML file of the locale, its downloads,
 * the indexer. Given the hash of each page (`pageHashes`), those are hashed instead of the pages'
 * bytes: the pages a build reused are then not read at all.
 */
function bundleFingerprint({ outDir, locale, documents }: BundleTask, pageHashes?: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  for (const part of [...INDEXER, documents]) hash.update(part).update('\0');
  if (pageHashes) {
    hash.update('page hashes\0');
    const prefix = `/${locale}/`;
    const pages = [...pageHashes.keys()].filter((page) => page.startsWith(prefix)).sort();
    for (const page of pages) hash.update(page).update('\0').update(pageHashes.get(page)!).update('\0');
    return hash.digest('hex');
  }
  // A site may have no page in a locale yet (no folder): its bundle is then the downloads alone.
  const folder = join(outDir, locale);
  const pages = (existsSync(folder) ? readdirSync(folder, { recursive: true, withFileTypes: true }) : [])
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  // Read synchronously: a promise per file cost far more than the reading itself.
  for (const page of pages) {
    hash.update(relative(outDir, page)).update('\0');
    readInto(page, (bytes) => hash.update(bytes));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * The buffer pages are read into to be hashed: one for every page. A buffer per page left this
 * process larger beside every Pagefind process.
 */
const pageBuffer = Buffer.alloc(256 * 1024);

/** Hands `take` the bytes of `file`, a buffer's worth at a time. */
function readInto(file: string, take: (bytes: Uint8Array) => void): void {
  const fd = openSync(file, 'r');
  try {
    for (let read = readSync(fd, pageBuffer, 0, pageBuffer.length, null); read > 0; read = readSync(fd, pageBuffer, 0, pageBuffer.length, null)) {
      take(pageBuffer.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The last bundle built for a locale, with its fingerprint and report, in Astro's cache folder
 * (beside the copies of the pages, `astro.config.mjs`), where the next build of the same site finds it.
 */
class LastBundle {
  readonly #dir: string;

  constructor(env: NodeJS.ProcessEnv, locale: string) {
    this.#dir = join(astroCacheDir(env), 'praxis-search', locale);
  }

  /** Whether a bundle was kept for this locale. */
  exists(): boolean {
    return existsSync(join(this.#dir, 'fingerprint'));
  }

  /** Copies the last bundle to `target` if it was made of the same; returns its report, or undefined. */
  copyTo(target: string, fingerprint: string): BundleReport | undefined {
    const fingerprintFile = join(this.#dir, 'fingerprint');
    if (!existsSync(fingerprintFile) || readFileSync(fingerprintFile, 'utf8') !== fingerprint) return undefined;
    linkTree(join(this.#dir, 'bundle'), target);
    return JSON.parse(readFileSync(join(this.#dir, 'report.json'), 'utf8')) as BundleReport;
  }

  /**
   * Keeps a copy of the bundle just built, unless a download could not be read (the next build
   * tries again). The fingerprint is written last, so a copy cut short is never reused.
   */
  keep(source: string, fingerprint: string, report: BundleReport): void {
    rmSync(this.#dir, { recursive: true, force: true });
    if (report.skipped.length > 0) return;
    linkTree(source, join(this.#dir, 'bundle'));
    writeFileSync(join(this.#dir, 'report.json'), JSON.stringify(report));
    writeFileSync(join(this.#dir, 'fingerprint'), fingerprint);
  }
}

/**
 * Makes `target` a copy of the folder `source` by hard links: a bundle is tens of thousands of
 * small files, slow to copy, and no one writes into a bundle once
 * it is made (a new one replaces it whole). Across file systems it copies.
 */
function linkTree(source: string, target: string): void {
  const folders = new Set<string>();
  for (const entry of readdirSync(source, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const from = join(entry.parentPath, entry.name);
    const to = join(target, relative(source, from));
    if (!folders.has(dirname(to))) {
      mkdirSync(dirname(to), { recursive: true });
      folders.add(dirname(to));
    }
    try {
      linkSync(from, to);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      copyFileSync(from, to);
    }
  }
}

/**
 * The settings of Pagefind's allocator (jemalloc, read from `_RJEM_MALLOC_CONF`): give freed memory
 * back at once. By default jemalloc keeps it a while, and while Pagefind builds an index it frees
 * each page's word lists as it merges them into the index: kept, they raised the process's peak,
 * which these settings lower for a little more time. A value set in the environment is used instead.
 */
const PAGEFIND_ALLOCATOR = 'dirty_decay_ms:0,muzzy_decay_ms:0';

/** Builds one bundle in a worker thread, whose `pagefind` module starts a Pagefind process of its own. */
function inWorker(task: BundleTask, log: (line: string) => void): Promise<BundleReport> {
  return new Promise((resolve, reject) => {
    // The worker's environment is the one its Pagefind process starts with.
    const env = { ...process.env, _RJEM_MALLOC_CONF: process.env._RJEM_MALLOC_CONF ?? PAGEFIND_ALLOCATOR };
    const worker = new Worker(new URL('./search-bundle-worker.ts', import.meta.url), { workerData: task, env });
    let answer: BundleReport | Error | undefined;
    worker.on('message', (message: BundleMessage) => {
      if ('log' in message) log(message.log);
      else answer = 'report' in message ? message.report : new Error(message.error);
    });
    worker.on('error', (error) => (answer = error));
    // Settled once the worker has ended, and with it its Pagefind process.
    worker.on('exit', (code) => {
      if (answer === undefined) reject(new Error(`search index failed: the worker for "${task.locale}" stopped (exit ${code})`));
      else if (answer instanceof Error) reject(answer);
      else resolve(answer);
    });
  });
}

/** One locale's bundle: its pages and the records of its downloads, in a Pagefind process of its own. */
export async function buildBundle({ outDir, locale, documents: list, context }: BundleTask, log: (line: string) => void): Promise<BundleReport> {
  const { cmsUrl, cacheDir } = context;
  const documents = JSON.parse(new TextDecoder().decode(list)) as SearchDocument[];
  const report: BundleReport['documents'] = { files: 0, records: 0, fromCache: 0 };
  const skipped: BundleReport['skipped'] = [];
  const pagefind = await import('pagefind');
  try {
    const { index, errors } = await pagefind.createIndex();
    if (!index) throw new Error(`search index failed: ${errors.join('; ')}`);
    const added = await index.addDirectory({ path: outDir, glob: searchablePages(locale) });
    if (added.errors.length > 0) throw new Error(`search index failed: ${added.errors.join('; ')}`);

    const pending: Promise<void>[] = [];
    for (const document of documents) {
      const url = /^https?:\/\//.test(document.file.url) ? document.file.url : `${cmsUrl}${document.file.url}`;
      let pages: string[];
      try {
        const read = await documentPages({ url, size: document.file.size }, cacheDir);
        pages = read.pages;
        if (read.cached) report.fromCache++;
      } catch (error) {
        const reason = (error as Error).message.split('\n')[0]!;
        skipped.push({ url, reason });
        log(`search: left out ${document.file.name} (${reason})`);
        continue;
      }
      report.files++;
      for (const record of recordsOf(document, pages)) {
        pending.push(
          index.addCustomRecord(record).then((result) => {
            if (result.errors.length > 0) throw new Error(`search index failed on ${document.file.name}: ${result.errors.join('; ')}`);
            report.records++;
          }),
        );
      }
      // Records go to Pagefind a batch at a time, not one round trip each: tens of thousands at 10,000 resources.
      if (pending.length >= RECORDS_IN_FLIGHT) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);

    const written = await index.writeFiles({ outputPath: bundleDir(outDir, locale) });
    if (written.errors.length > 0) throw new Error(`search index failed: ${written.errors.join('; ')}`);
    const entry = JSON.parse(readFileSync(join(bundleDir(outDir, locale), 'pagefind-entry.json'), 'utf8')) as {
      languages: Record<string, { page_count: number }>;
    };
    return {
      pages: added.page_count,
      languages: Object.fromEntries(Object.entries(entry.languages).map(([lang, info]) => [lang, info.page_count])),
      documents: report,
      skipped,
    };
  } finally {
    // Ends the Pagefind process, and with it the memory of this language's index.
    await pagefind.close();
  }
}

/**
 * The records of one file: its pages grouped up to `WORDS_PER_RECORD` words. The first leads to
 * the file's entry on the page; the next ones say which page of the file they start at
 * (`?page=5#file-…`), which also keeps every record's URL distinct (Pagefind keeps one record per URL).
 */
export function recordsOf(document: SearchDocument, pages: string[]): CustomRecord[] {
  const [path, anchor] = document.url.split('#') as [string, string];
  const records: CustomRecord[] = [];
  let words = 0;
  let text: string[] = [];
  let first = 1;
  const flush = (nextPage: number) => {
    if (text.length > 0) {
      records.push({
        url: first === 1 ? document.url : `${path}?page=${first}#${anchor}`,
        content: text.join(' '),
        // Pagefind names each index after `<html lang>`, lower-cased ("ro-ro"): the records join it.
        language: document.lang.toLowerCase(),
        meta: { title: document.title, ...document.facts.meta },
        filters: document.facts.filters,
        sort: document.facts.sort,
      });
    }
    text = [];
    words = 0;
    first = nextPage;
  };
  pages.forEach((page, index) => {
    const count = page.split(' ').length;
    if (words > 0 && words + count > WORDS_PER_RECORD) flush(index + 1);
    if (page) {
      text.push(page);
      words += count;
    }
  });
  flush(pages.length + 1);
  return records;
}
