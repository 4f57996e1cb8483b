/**
 * Pagefind's search API, in one language or in all of them. Each language has a bundle of its own,
 * `/pagefind/{locale}/` (built by `scripts/pipeline/search-index.ts`); "all languages"
 * merges the other languages' bundles into the page's (`mergeIndex`), searched with the page
 * language's word stemming.
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

/**
 * The filter Pagefind adds to every page of each index when searching all languages: the locale of
 * the index a result comes from.
 */
export const INDEX_FILTER = 'index';

let loaded: Promise<Pagefind> | undefined;
let loadedMode: boolean | undefined;

/**
 * Pagefind, ready to search the page's language, or (`allLanguages`) every language of the portal.
 * Switching mode reinitialises it; the browser keeps the files it already downloaded.
 */
export async function pagefind(locale: string, locales: { code: string; lang: string }[], allLanguages: boolean): Promise<Pagefind> {
  if (loaded && loadedMode === allLanguages) return loaded;
  const previous = loaded;
  loadedMode = allLanguages;
  loaded = (async () => {
    const module = (await (previous ?? import(/* @vite-ignore */ `${bundlePath(locale)}pagefind.js`))) as Pagefind;
    if (previous) await module.destroy();
    await module.options({
      bundlePath: bundlePath(locale),
      // Technical metadata must not lift a page that merely contains a date.
      ranking: { metaWeights: { date: 0, added: 0 } },
      ...(allLanguages ? { mergeFilter: { [INDEX_FILTER]: locale } } : {}),
    });
    await module.init();
    if (allLanguages) {
      for (const other of locales) {
        if (other.code === locale) continue;
        // Half weight: on an equal match, a page in the visitor's language comes first.
        await module.mergeIndex(bundlePath(other.code), { language: other.lang.toLowerCase(), indexWeight: 0.5, mergeFilter: { [INDEX_FILTER]: other.code } });
      }
    }
    // The facets' filter index is loaded only when the visitor asks for the facets (`search-ui.ts`):
    // it grows with the pages of a language, and was most of a first query's bytes.
    return module;
  })();
  return loaded;
}
