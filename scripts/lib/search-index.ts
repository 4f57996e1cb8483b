/**
 * The search index of a built site: a Pagefind bundle per locale, `pagefind/{locale}/`, of the
 * pages under `/{locale}/`, reading only what pages mark with `data-pagefind-body` (the `<main>` of
 * content pages), with the facets, dates and card metadata of `site/components/SearchMeta.astro`.
 * Then the text inside the downloads (`search-documents.json`, written by the site build) is added
 * as records of their own, to the bundle of each file's language, leading to the page that offers it.
 *
 * The bundles are built one after another, each by a fresh Pagefind process: Pagefind holds a whole
 * index in memory until it writes it, so one process for every language peaked at about 5 GB at
 * 10,000 resources × 4 locales, where one language at a time needs a quarter of that. Searching all
 * languages merges the bundles in the browser (`site/components/search/pagefind.ts`).
 *
 * Diacritics need nothing here: Pagefind (since 1.5) folds them when searching ("scoli" finds
 * "școli", "zmonemis" finds "žmonėmis", the old cedilla "ş" matches "ș") and ranks the exact
 * spelling first; `tests/e2e/search.test.ts` holds it to that for Romanian and Lithuanian.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CustomRecord } from 'pagefind';
import type { SearchDocument } from '../../site/lib/search-documents.ts';
import { localeCodes } from '../../site/i18n/locales.ts';
import { documentPages } from './document-text.ts';
import { dataDir } from './paths.ts';

/** Where the site build leaves the list of downloads to read (`site/pages/search-documents.json.ts`). */
export const DOCUMENTS_FILE = 'search-documents.json';

/**
 * Words per record. A long PDF becomes several records, so that a result's data (which carries the
 * record's whole text) stays a few kilobytes however long the file.
 */
const WORDS_PER_RECORD = 1_000;

/** Records sent to Pagefind before waiting for its answers. */
const RECORDS_IN_FLIGHT = 200;

export interface SearchIndexReport {
  /** HTML pages indexed. */
  pages: number;
  /** Pages and records per Pagefind language, e.g. { "ro-ro": 12 }. */
  languages: Record<string, number>;
  /** Records added from the text of downloads, and the files they came from. */
  documents: { files: number; records: number; fromCache: number };
  /** Files that could not be read, with the reason; the rest of the index is still written. */
  skipped: { url: string; reason: string }[];
  seconds: number;
}

/** Where the search bundle of `locale` lives in a built site. */
export const bundleDir = (outDir: string, locale: string) => join(outDir, 'pagefind', locale);

/**
 * Writes `outDir/pagefind/{locale}/` for the site built in `outDir`. Reads the downloads from the
 * CMS at `PRAXIS_CMS_URL` and caches their text under the data folder. Throws when Pagefind fails.
 */
export async function buildSearchIndex(outDir: string, env: NodeJS.ProcessEnv, { log = console.warn }: { log?: (line: string) => void } = {}): Promise<SearchIndexReport> {
  const started = performance.now();
  const documentsFile = join(outDir, DOCUMENTS_FILE);
  const documents = existsSync(documentsFile) ? (JSON.parse(readFileSync(documentsFile, 'utf8')) as SearchDocument[]) : [];
  rmSync(documentsFile, { force: true });
  rmSync(join(outDir, 'pagefind'), { recursive: true, force: true });

  const context: DocumentContext = {
    cmsUrl: env.PRAXIS_CMS_URL ?? 'http://127.0.0.1:1337',
    cacheDir: join(dataDir(env), 'search-cache', 'pdf-text'),
    report: { files: 0, records: 0, fromCache: 0 },
    skipped: [],
    log,
  };
  let pages = 0;
  const languages: Record<string, number> = {};
  for (const locale of localeCodes) {
    const bundle = await buildBundle(outDir, locale, documents.filter((document) => document.locale === locale), context);
    pages += bundle.pages;
    Object.assign(languages, bundle.languages);
  }
  return { pages, languages, documents: context.report, skipped: context.skipped, seconds: (performance.now() - started) / 1000 };
}

interface DocumentContext {
  cmsUrl: string;
  cacheDir: string;
  report: SearchIndexReport['documents'];
  skipped: SearchIndexReport['skipped'];
  log: (line: string) => void;
}

/** One locale's bundle: its pages and the records of its downloads, in a Pagefind process of its own. */
async function buildBundle(outDir: string, locale: string, documents: SearchDocument[], context: DocumentContext): Promise<{ pages: number; languages: Record<string, number> }> {
  const { cmsUrl, cacheDir, report, skipped, log } = context;
  const pagefind = await import('pagefind');
  try {
    const { index, errors } = await pagefind.createIndex();
    if (!index) throw new Error(`search index failed: ${errors.join('; ')}`);
    const added = await index.addDirectory({ path: outDir, glob: `${locale}/**/*.html` });
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
        pending.push(index.addCustomRecord(record).then((result) => {
          if (result.errors.length > 0) throw new Error(`search index failed on ${document.file.name}: ${result.errors.join('; ')}`);
          report.records++;
        }));
      }
      // Records go to Pagefind a batch at a time, not one round trip each: tens of thousands at 10,000 resources.
      if (pending.length >= RECORDS_IN_FLIGHT) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);

    const written = await index.writeFiles({ outputPath: bundleDir(outDir, locale) });
    if (written.errors.length > 0) throw new Error(`search index failed: ${written.errors.join('; ')}`);
    const entry = JSON.parse(readFileSync(join(bundleDir(outDir, locale), 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
    return { pages: added.page_count, languages: Object.fromEntries(Object.entries(entry.languages).map(([lang, info]) => [lang, info.page_count])) };
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
