/**
 * Pagefind's search API, in one language or in all of them. Each language has a bundle of its own,
 * `/pagefind/{locale}/` (built by `scripts/pipeline/search-index.ts`); "all languages"
 * merges the other languages' bundles into the page's (`mergeIndex`), searched with the page
 * language's word stemming.
 *
 * Between two full builds of a language's bundle, the pages changed since are in a small bundle of
 * their own, `/pagefind/{locale}-recent/`, merged the same way at full weight, and
 * `/pagefind/{locale}-recent.json` lists the main bundle's records they replace: those are left out
 * of the results, so an edited page is found by its new words only and a deleted one not at all.
 * Pagefind names a record by a hash of its content, so a record in both bundles is the same record:
 * it is shown once.
 */

/** The subset of Pagefind's browser API that Praxis uses (pagefind.app/docs/api-reference). */
export interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  destroy(): Promise<void>;
  mergeIndex(bundlePath: string, options: Record<string, unknown>): Promise<void>;
  filters(): Promise<FilterCounts>;
  search(query: string | null, options: { filters?: Record<string, unknown>; sort?: Record<string, 'asc' | 'desc'> }): Promise<PagefindSearch>;
}

export type FilterCounts = Record<string, Record<string, number>>;

export interface PagefindSearch {
  results: PagefindResult[];
  /** Results per filter value if it were added to the current filters. */
  filters: FilterCounts;
  /** Results per filter value for the query alone. */
  totalFilters: FilterCounts;
}

export interface PagefindResult {
  id: string;
  data(): Promise<PagefindData>;
}

export interface PagefindData {
  url: string;
  /** Page text around the hits, HTML-escaped by Pagefind, hits in `<mark>`. */
  excerpt: string;
  /** The record's whole text. */
  content: string;
  meta: Record<string, string | undefined>;
  filters: Record<string, string[] | undefined>;
  /** The sections of the page with hits, by the heading (with an `id`) they follow; the page itself when hits come before the first. */
  sub_results?: { title: string; url: string; excerpt: string }[];
}

/** The search bundle of a locale's pages. */
export const bundlePath = (locale: string) => `/pagefind/${locale}/`;

/** The bundle of a locale's pages changed since its main bundle was built, when there are some. */
export const recentPath = (locale: string) => `/pagefind/${locale}-recent/`;

/** What the recent bundle replaces (`RecentChanges` in scripts/pipeline/search-index.ts). */
interface RecentChanges {
  bundle: boolean;
  hidden: string[];
  pages: string[];
}

/** A locale's recent changes; none when the list cannot be read (a release from before they existed). */
async function recentChanges(locale: string): Promise<RecentChanges> {
  try {
    const response = await fetch(`/pagefind/${locale}-recent.json`);
    if (response.ok) return (await response.json()) as RecentChanges;
  } catch {
    // Searched without them: the main bundle alone is the site of one build before.
  }
  return { bundle: false, hidden: [], pages: [] };
}

/** Pagefind with the recent changes applied, and which bundle each result came from. */
export interface Search extends Pagefind {
  /** The bundle a result came from: its language for a main bundle, with "-recent" for a recent one. */
  indexOf(result: PagefindResult): string;
}

/**
 * The filter Pagefind adds to every page of each index when searching all languages: the locale of
 * the index a result comes from.
 */
export const INDEX_FILTER = 'index';

let loaded: Promise<Search> | undefined;
/** Pagefind's own module, imported once. */
let engine: Promise<Pagefind> | undefined;
let loadedMode: boolean | undefined;

/**
 * Pagefind, ready to search the page's language, or (`allLanguages`) every language of the portal.
 * Switching mode reinitialises it; the browser keeps the files it already downloaded.
 */
export async function pagefind(locale: string, locales: { code: string; lang: string }[], allLanguages: boolean): Promise<Search> {
  if (loaded && loadedMode === allLanguages) return loaded;
  const previous = loaded;
  loadedMode = allLanguages;
  engine ??= import(/* @vite-ignore */ `${bundlePath(locale)}pagefind.js`) as Promise<Pagefind>;
  const imported = engine;
  loaded = (async () => {
    const searched = allLanguages ? locales.map((entry) => entry.code) : [locale];
    // Fetched beside Pagefind's script: the lists are small, and a search needs them first.
    const [module, ...changes] = await Promise.all([imported, ...searched.map((code) => recentChanges(code))]);
    const changesOf = new Map(searched.map((code, index) => [code, changes[index]!]));
    if (previous) {
      await previous.catch(() => undefined);
      await module.destroy();
    }
    await module.options({
      bundlePath: bundlePath(locale),
      // Technical metadata must not lift a page that merely contains a date.
      ranking: { metaWeights: { date: 0, added: 0 } },
      ...(allLanguages ? { mergeFilter: { [INDEX_FILTER]: locale } } : {}),
    });
    await module.init();
    const lang = (code: string) => locales.find((entry) => entry.code === code)?.lang.toLowerCase();
    const merge = async (code: string, path: string, weight: number) =>
      module.mergeIndex(path, {
        ...(lang(code) ? { language: lang(code) } : {}),
        indexWeight: weight,
        ...(allLanguages ? { mergeFilter: { [INDEX_FILTER]: code } } : {}),
      });
    if (changesOf.get(locale)?.bundle) await merge(locale, recentPath(locale), 1);
    if (allLanguages) {
      for (const other of locales) {
        if (other.code === locale) continue;
        // Half weight: on an equal match, a page in the visitor's language comes first.
        await merge(other.code, bundlePath(other.code), 0.5);
        if (changesOf.get(other.code)?.bundle) await merge(other.code, recentPath(other.code), 0.5);
      }
    }
    // The facets' filter index is loaded only when the visitor asks for the facets (`search-ui.ts`):
    // it grows with the pages of a language, and was most of a first query's bytes.
    return withChanges(module, [...changesOf.values()]);
  })();
  return loaded;
}

/**
 * Pagefind whose results leave out the main bundles' records that recent ones replace, and each
 * record once. The facets' counts still count a replaced record until the next full build of its
 * language: Pagefind counts them inside its index.
 */
function withChanges(module: Pagefind, changes: RecentChanges[]): Search {
  const hidden = new Set(changes.flatMap((list) => list.hidden));
  const recent = new Set(changes.flatMap((list) => list.pages));
  const indexOf = (result: PagefindResult) => {
    const language = result.id.slice(0, Math.max(0, result.id.indexOf('_')));
    return recent.has(result.id) ? `${language}-recent` : language;
  };
  // A module's namespace cannot be changed: its functions are called through this object.
  return {
    options: (options) => module.options(options),
    init: () => module.init(),
    destroy: () => module.destroy(),
    mergeIndex: (path, options) => module.mergeIndex(path, options),
    filters: () => module.filters(),
    indexOf,
    search: async (query, options) => {
      const found = await module.search(query, options);
      if (hidden.size === 0 && recent.size === 0) return found;
      const seen = new Set<string>();
      const results = found.results.filter((result) => !hidden.has(result.id) && !seen.has(result.id) && seen.add(result.id));
      return { ...found, results };
    },
  };
}
