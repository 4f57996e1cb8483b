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
 * of the last build, kept in Astro's cache folder, is copied.
 *
 * Nor is a changed language's main bundle built again at every publish: a full build of one
 * language is most of a one-item publish at 10,000 resources. The main bundle records what it was
 * made of (each page's hash, each page's downloads, the records Pagefind made of each page:
 * `Basis`), and the next build indexes only the pages that differ from that, with their downloads'
 * records, into a small recent-changes bundle, `pagefind/{locale}-recent/`, beside the main bundle
 * copied as it was. `pagefind/{locale}-recent.json` lists the main bundle's records of those pages
 * and of the pages gone, which the browser leaves out (`RecentChanges`,
 * `site/components/search/pagefind.ts`). The recent bundle holds every change since the main one
 * was built, not since the last build, so one release's search never depends on another's. Past
 * `PRAXIS_SEARCH_RECENT_PAGES` changed pages the main bundle is built again from every page, as a
 * full build makes it (compaction, `buildSearchIndex`).
 *
 * Diacritics need nothing here: Pagefind (since 1.5) folds them when searching ("scoli" finds
 * "școli", "zmonemis" finds "žmonėmis", the old cedilla "ş" matches "ș") and ranks the exact
 * spelling first; `tests/e2e/search.test.ts` holds it to that for Romanian and Lithuanian.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { closeSync, copyFileSync, existsSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CustomRecord } from 'pagefind';
import type { SearchDocument } from '../../site/lib/search-documents.ts';
import { readConfig } from '@praxis/contract/config';
import { localeCodes } from '@praxis/contract/locales';
import { documentPages } from '../../site/lib/document-text.ts';
import { cmsUrl } from './env.ts';
import { astroCacheDir, pdfTextCacheDir, root } from './paths.ts';

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
  /**
   * Locales whose main bundle was copied from the last build beside a recent-changes bundle, with
   * the pages changed or gone since the main one was built (`RecentChanges`).
   */
  recent: Record<string, number>;
  seconds: number;
}

/** Where the search bundle of `locale` lives in a built site. */
export const bundleDir = (outDir: string, locale: string) => join(outDir, 'pagefind', locale);

/** Where the recent-changes bundle of `locale` lives in a built site, when it has one. */
export const recentDir = (outDir: string, locale: string) => join(outDir, 'pagefind', `${locale}-recent`);

/** Where the list of what the recent-changes bundle replaces lives: written for every locale, empty or not. */
export const changesFile = (outDir: string, locale: string) => join(outDir, 'pagefind', `${locale}-recent.json`);

/**
 * What the browser needs to search a language's recent changes with its main bundle
 * (`site/components/search/pagefind.ts`): whether there is a recent bundle, the main bundle's
 * results to hide (the records of pages changed or gone since it was built), and the records of the
 * recent bundle, so that results can be told apart by the bundle they came from. Pagefind names a
 * record by a hash of its content: a record that did not change has the same name in both bundles.
 */
export interface RecentChanges {
  bundle: boolean;
  hidden: string[];
  pages: string[];
}

const NO_CHANGES: RecentChanges = { bundle: false, hidden: [], pages: [] };

/**
 * Writes `outDir/pagefind/{locale}/` for the site built in `outDir`. Reads the downloads from the
 * CMS at `PRAXIS_CMS_URL` and caches their text under the data folder. Throws when Pagefind fails.
 *
 * A locale whose pages changed since its main bundle was built, but not more than
 * `PRAXIS_SEARCH_RECENT_PAGES` of them, keeps that main bundle and gets a small recent-changes
 * bundle of the changed pages and their downloads' records, and the list of the main bundle's
 * records those replace (`RecentChanges`). The browser searches both. Past the limit the main
 * bundle is built again from every page, as a full build makes it (compaction), within the same
 * publish: a build in the background would compete with the next publish for the two cores and
 * for the memory a Pagefind process takes, and could only go live with a later publish anyway.
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
  const recentLimit = readConfig(env, root).PRAXIS_SEARCH_RECENT_PAGES;
  const documentsDir = join(outDir, DOCUMENTS_DIR);
  // Read as bytes, not parsed: the worker of each locale parses its own list.
  const documentsOf = (locale: string) => {
    const file = join(documentsDir, `${locale}.json`);
    return existsSync(file) ? new Uint8Array(readFileSync(file)) : new TextEncoder().encode('[]');
  };
  const tasks: BundleTask[] = localeCodes.map((locale) => ({ outDir, locale, documents: documentsOf(locale), context }));
  rmSync(documentsDir, { recursive: true, force: true });
  rmSync(join(outDir, 'pagefind'), { recursive: true, force: true });
  mkdirSync(join(outDir, 'pagefind'), { recursive: true });

  const reused: string[] = [];
  const recent: Record<string, number> = {};
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
        writeChanges(outDir, task.locale, NO_CHANGES);
        continue;
      }
      const plan = last.exists() && pageHashes && recentLimit > 0 ? last.recentPlan(task, pageHashes, recentLimit) : undefined;
      if (plan) {
        const main = last.linkMain(bundleDir(outDir, task.locale));
        const lastRecent = new LastRecent(env, task.locale);
        // The changes are those since this main bundle: another main bundle makes them another list.
        const key = `${last.fingerprint()}\0${fingerprintOf(order)}`;
        if (!lastRecent.copyTo(outDir, key)) {
          const output = recentDir(outDir, task.locale);
          const built =
            plan.pages.length + plan.documentCount > 0 ? await inWorker({ ...task, pages: plan.pages, documents: plan.documents, output }, log) : undefined;
          // Pages without a record (all deleted, or none with a searchable body) leave no bundle to search.
          const bundle = built !== undefined && Object.keys(built.languages).length > 0;
          if (!bundle) rmSync(output, { recursive: true, force: true });
          const pages = new Set(Object.values(built?.ids ?? {}).flat());
          const changes: RecentChanges = { bundle, hidden: plan.hidden.filter((id) => !pages.has(id)), pages: [...pages].sort() };
          writeChanges(outDir, task.locale, changes);
          keepLast?.();
          keepLast = undefined;
          if (!built?.skipped.length) lastRecent.keep(outDir, key);
          if (built) main.skipped.push(...built.skipped);
        }
        recent[task.locale] = plan.changed;
        bundles[order] = main;
        continue;
      }
      writeChanges(outDir, task.locale, NO_CHANGES);
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
      const { ids, ...report } = await building;
      bundles[order] = report;
      keepLast = () => last.keep(bundleDir(outDir, task.locale), fingerprints[order]!, report, basisOf(task, pageHashes, ids));
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
    recent,
    seconds: (performance.now() - started) / 1000,
  };
}

function writeChanges(outDir: string, locale: string, changes: RecentChanges): void {
  writeFileSync(changesFile(outDir, locale), JSON.stringify(changes));
}

/** Whether Pagefind reads a page of the build (`searchablePages`): at most two folders below its locale. */
const searchable = (page: string, locale: string) => page.startsWith(`/${locale}/`) && page.split('/').length <= 5;

/** The URL Pagefind gives a page's record: its folder for an `index.html`. */
const urlOf = (page: string) => page.replace(/(^|\/)index\.html$/, '$1');

/** The page a record leads to: its URL without the query and anchor (a download's records). */
const pageOfUrl = (url: string) => url.replace(/[?#].*$/, '');

/** A hash of each page's downloads as listed for search, by the URL of the page that offers them. */
function documentHashes(list: Uint8Array): Map<string, string> {
  const groups = Map.groupBy(JSON.parse(new TextDecoder().decode(list)) as SearchDocument[], (document) => pageOfUrl(document.url));
  return new Map([...groups].map(([url, documents]) => [url, createHash('sha256').update(JSON.stringify(documents)).digest('base64')]));
}

/**
 * What a main bundle was made of, kept beside it: the hash of each page Pagefind read and of each
 * page's downloads, the indexer, and the records Pagefind made of each page. A later build tells
 * from it which pages changed since, and which records of the main bundle they replace.
 */
interface Basis {
  indexer: string;
  pages: Record<string, string>;
  documents: Record<string, string>;
  /** The records of the bundle, by the URL of the page they lead to. */
  ids: Record<string, string[]>;
}

function basisOf(
  { locale, documents }: BundleTask,
  pageHashes: ReadonlyMap<string, string> | undefined,
  ids: Record<string, string[]> | undefined,
): Basis | undefined {
  if (!pageHashes || !ids) return undefined;
  const pages: Record<string, string> = {};
  for (const [page, hash] of pageHashes) if (searchable(page, locale)) pages[page] = hash;
  return { indexer: indexerHash, pages, documents: Object.fromEntries(documentHashes(documents)), ids };
}

/** What a recent-changes bundle is to be made of, from the pages changed since the main bundle. */
interface RecentPlan {
  /** The pages to index again (site paths without the leading slash), those that have a searchable body. */
  pages: string[];
  /** The downloads of the changed pages, as JSON of `SearchDocument[]`. */
  documents: Uint8Array;
  /** The main bundle's records of the pages changed or gone. */
  hidden: string[];
  /** How many downloads `documents` lists. */
  documentCount: number;
  /** Pages changed or gone since the main bundle. */
  changed: number;
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
  /** A recent-changes bundle: only these pages (site paths without the leading slash), not the whole locale. */
  pages?: string[];
  /** Where to write the bundle, if not `bundleDir`. */
  output?: string;
}

/** What one locale's bundle holds, as the worker reports it. */
export interface BundleReport {
  pages: number;
  languages: Record<string, number>;
  documents: SearchIndexReport['documents'];
  skipped: SearchIndexReport['skipped'];
  /** The records Pagefind made, by the URL of the page they lead to (not kept in the report). */
  ids?: Record<string, string[]>;
}

/** Messages from `search-bundle-worker.ts`: log lines, then the report or the error. */
export type BundleMessage = { log: string } | { report: BundleReport } | { error: string };

/** Pagefind's version and the code that feeds it: a change to either rebuilds every bundle. */
const INDEXER = [
  JSON.parse(readFileSync(new URL('../../node_modules/pagefind/package.json', import.meta.url), 'utf8')).version as string,
  ...['search-index.ts', 'search-bundle-worker.ts', '../../site/lib/document-text.ts'].map((file) => readFileSync(new URL(file, import.meta.url), 'utf8')),
];

/** The indexer, as a main bundle's basis records it: a recent bundle is made only by the indexer that made the main one. */
const indexerHash = createHash('sha256').update(INDEXER.join('\0')).digest('base64');

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
  keep(source: string, fingerprint: string, report: BundleReport, basis: Basis | undefined): void {
    rmSync(this.#dir, { recursive: true, force: true });
    if (report.skipped.length > 0) return;
    linkTree(source, join(this.#dir, 'bundle'));
    writeFileSync(join(this.#dir, 'report.json'), JSON.stringify(report));
    if (basis) writeFileSync(join(this.#dir, 'basis.json'), JSON.stringify(basis));
    writeFileSync(join(this.#dir, 'fingerprint'), fingerprint);
  }

  /**
   * What a recent-changes bundle beside the last main bundle would be made of, or undefined when
   * the main bundle must be built again: no record of what it was made of, another indexer, or
   * more pages changed than `limit` or than half of those it was made of.
   */
  recentPlan({ outDir, locale, documents }: BundleTask, pageHashes: ReadonlyMap<string, string>, limit: number): RecentPlan | undefined {
    const file = join(this.#dir, 'basis.json');
    if (!existsSync(file)) return undefined;
    const basis = JSON.parse(readFileSync(file, 'utf8')) as Basis;
    if (basis.indexer !== indexerHash) return undefined;
    const documentsNow = documentHashes(documents);
    const changed = new Set<string>();
    const now = new Set<string>();
    for (const [page, hash] of pageHashes) {
      if (!searchable(page, locale)) continue;
      now.add(page);
      const url = urlOf(page);
      if (basis.pages[page] !== hash || basis.documents[url] !== documentsNow.get(url)) changed.add(page);
    }
    for (const page of Object.keys(basis.pages)) if (!now.has(page)) changed.add(page);
    // A download listed for a page that no longer offers it, or offers it now.
    for (const url of new Set([...Object.keys(basis.documents), ...documentsNow.keys()]))
      if (basis.documents[url] !== documentsNow.get(url)) changed.add(`${url}${url.endsWith('/') ? 'index.html' : ''}`);
    // Half the pages or more changed (a change every page shows, on a small site): the main bundle
    // built again costs little more than the recent one, and a first query downloads one bundle's metadata, not two.
    if (changed.size > limit || changed.size * 2 > Object.keys(basis.pages).length) return undefined;
    const urls = new Set([...changed].map(urlOf));
    // Pagefind indexes every page it is given when none has a searchable body: only those with one are given.
    const pages = [...changed]
      .filter((page) => now.has(page) && readFileSync(join(outDir, page), 'utf8').includes('data-pagefind-body'))
      .map((page) => page.slice(1));
    const list = (JSON.parse(new TextDecoder().decode(documents)) as SearchDocument[]).filter((document) => urls.has(pageOfUrl(document.url)));
    return {
      pages,
      documents: new TextEncoder().encode(JSON.stringify(list)),
      documentCount: list.length,
      hidden: [...urls].flatMap((url) => basis.ids[url] ?? []),
      changed: changed.size,
    };
  }

  /** The fingerprint of the last main bundle. */
  fingerprint(): string {
    return readFileSync(join(this.#dir, 'fingerprint'), 'utf8');
  }

  /** Links the last main bundle into the site, as it was built; returns its report. */
  linkMain(target: string): BundleReport {
    linkTree(join(this.#dir, 'bundle'), target);
    return JSON.parse(readFileSync(join(this.#dir, 'report.json'), 'utf8')) as BundleReport;
  }
}

/**
 * The last recent-changes bundle of a locale and its list of changes, kept like `LastBundle` with
 * the fingerprint of the whole locale: an edit in another language copies it rather than build it again.
 */
class LastRecent {
  readonly #dir: string;
  readonly #locale: string;

  constructor(env: NodeJS.ProcessEnv, locale: string) {
    this.#dir = join(astroCacheDir(env), 'praxis-search', `${locale}-recent`);
    this.#locale = locale;
  }

  copyTo(outDir: string, fingerprint: string): boolean {
    const fingerprintFile = join(this.#dir, 'fingerprint');
    if (!existsSync(fingerprintFile) || readFileSync(fingerprintFile, 'utf8') !== fingerprint) return false;
    if (existsSync(join(this.#dir, 'bundle'))) linkTree(join(this.#dir, 'bundle'), recentDir(outDir, this.#locale));
    copyFileSync(join(this.#dir, 'changes.json'), changesFile(outDir, this.#locale));
    return true;
  }

  keep(outDir: string, fingerprint: string): void {
    rmSync(this.#dir, { recursive: true, force: true });
    mkdirSync(this.#dir, { recursive: true });
    if (existsSync(recentDir(outDir, this.#locale))) linkTree(recentDir(outDir, this.#locale), join(this.#dir, 'bundle'));
    copyFileSync(changesFile(outDir, this.#locale), join(this.#dir, 'changes.json'));
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
export async function buildBundle(
  { outDir, locale, documents: list, context, pages, output = bundleDir(outDir, locale) }: BundleTask,
  log: (line: string) => void,
): Promise<BundleReport> {
  const { cmsUrl, cacheDir } = context;
  const documents = JSON.parse(new TextDecoder().decode(list)) as SearchDocument[];
  const report: BundleReport['documents'] = { files: 0, records: 0, fromCache: 0 };
  const skipped: BundleReport['skipped'] = [];
  const pagefind = await import('pagefind');
  try {
    const { index, errors } = await pagefind.createIndex();
    if (!index) throw new Error(`search index failed: ${errors.join('; ')}`);
    let added: { errors: string[]; page_count: number };
    if (pages) {
      added = { errors: [], page_count: 0 };
      for (const page of pages) {
        const file = await index.addHTMLFile({ sourcePath: page, content: readFileSync(join(outDir, page), 'utf8') });
        added.errors.push(...file.errors);
        added.page_count++;
      }
    } else added = await index.addDirectory({ path: outDir, glob: searchablePages(locale) });
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

    const written = await index.writeFiles({ outputPath: output });
    if (written.errors.length > 0) throw new Error(`search index failed: ${written.errors.join('; ')}`);
    const entry = JSON.parse(readFileSync(join(output, 'pagefind-entry.json'), 'utf8')) as {
      languages: Record<string, { page_count: number }>;
    };
    return {
      pages: added.page_count,
      languages: Object.fromEntries(Object.entries(entry.languages).map(([lang, info]) => [lang, info.page_count])),
      documents: report,
      skipped,
      ids: recordsByPage(output),
    };
  } finally {
    // Ends the Pagefind process, and with it the memory of this language's index.
    await pagefind.close();
  }
}

/** Pagefind's mark at the start of each of its compressed files, before the JSON. */
const PAGEFIND_SIGNATURE = 'pagefind_dcd';

/**
 * The records of a written bundle, by the URL of the page they lead to: read back from its
 * fragments, which Pagefind writes one per record, or several records to a file (an object by
 * record) past its `maxFragments`.
 */
export function recordsByPage(bundle: string): Record<string, string[]> {
  const ids: Record<string, string[]> = {};
  const folder = join(bundle, 'fragment');
  if (!existsSync(folder)) return ids;
  for (const name of readdirSync(folder)) {
    const text = gunzipSync(readFileSync(join(folder, name))).toString('utf8');
    const json = JSON.parse(text.startsWith(PAGEFIND_SIGNATURE) ? text.slice(PAGEFIND_SIGNATURE.length) : text) as Record<string, unknown>;
    const records = typeof json.url === 'string' ? { [name.replace(/\.pf_fragment$/, '')]: json } : json;
    for (const [id, record] of Object.entries(records)) {
      const page = pageOfUrl((record as { url: string }).url);
      ids[page] = [...(ids[page] ?? []), id];
    }
  }
  for (const list of Object.values(ids)) list.sort();
  return ids;
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
