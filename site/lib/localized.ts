/**
 * Every item of a collection as a page in every locale. Where the item exists in the page's
 * language, the page shows that translation; where it does not, the page is a fallback: it shows
 * the item in another language (Italian first, the portal's default, then the original, then any)
 * under the page's own interface, with a notice, and it asks search engines not to index it. The
 * hreflang alternates list only real translations; the language switcher reaches every locale.
 *
 * A reader thus never meets a 404 for an item that exists in another language.
 */
import { getCollection, type CollectionEntry, type CollectionKey } from 'astro:content';
import { defaultLocale, localeCodes } from '@praxis/contract/locales';
import type { Alternate } from '@praxis/contract/urls';

/** The collections whose items have their own pages, with a slug per language. */
type PagedKey = { [K in CollectionKey]: CollectionEntry<K>['data'] extends { slug: string; documentId: string } ? K : never }[CollectionKey];

export interface LocalizedPage<C extends PagedKey> {
  /** The page's locale: its URL, its interface language. */
  locale: string;
  /** What the page shows: the translation in `locale`, or the fallback version. */
  entry: CollectionEntry<C>;
  /** Whether `entry` is in another language than the page. */
  fallback: boolean;
  /** The real versions of the item, by locale. */
  versions: ReadonlyMap<string, CollectionEntry<C>>;
}

/** The version a reader of `locale` sees when there is none in their language. */
function fallbackVersion<C extends PagedKey>(versions: ReadonlyMap<string, CollectionEntry<C>>): CollectionEntry<C> {
  const all = [...versions.values()];
  return versions.get(defaultLocale) ?? all.find((entry) => entry.data.translationStatus === 'original') ?? all[0]!;
}

/**
 * Pages, computed once per collection and build: the content cannot change while a build runs,
 * and a catalogue of 10,000 resources is asked for by thousands of pages. (The portal builds and
 * serves; it does not run `astro dev`, where these would go stale.)
 */
const pagesOf = new Map<string, Promise<LocalizedPage<PagedKey>[]>>();
const pagesByKey = new Map<string, Promise<Map<string, LocalizedPage<PagedKey>>>>();

/** Every item of `collection` × every locale. Callers get the same array: copy it before sorting. */
export function localizedPages<C extends PagedKey>(collection: C): Promise<LocalizedPage<C>[]> {
  let pages = pagesOf.get(collection);
  if (!pages) {
    pages = computePages(collection) as Promise<LocalizedPage<PagedKey>[]>;
    pagesOf.set(collection, pages);
  }
  return pages as unknown as Promise<LocalizedPage<C>[]>;
}

async function computePages<C extends PagedKey>(collection: C): Promise<LocalizedPage<C>[]> {
  const entries = (await getCollection(collection)) as CollectionEntry<C>[];
  const byDocument = new Map<string, Map<string, CollectionEntry<C>>>();
  for (const entry of entries) {
    const versions = byDocument.get(entry.data.documentId) ?? new Map<string, CollectionEntry<C>>();
    versions.set(entry.data.locale, entry);
    byDocument.set(entry.data.documentId, versions);
  }
  const pages: LocalizedPage<C>[] = [];
  for (const versions of byDocument.values()) {
    for (const locale of localeCodes) {
      const own = versions.get(locale);
      pages.push({ locale, entry: own ?? fallbackVersion(versions), fallback: !own, versions });
    }
  }
  return pages;
}

/** The pages of one locale, real translations and fallbacks. */
export async function localizedPagesIn<C extends PagedKey>(collection: C, locale: string): Promise<LocalizedPage<C>[]> {
  return (await localizedPages(collection)).filter((page) => page.locale === locale);
}

/** The URL of a page: its locale, and the slug of what it shows. */
export function pageHref<C extends PagedKey>(page: LocalizedPage<C>, url: (locale: string, slug: string) => string): string {
  return url(page.locale, page.entry.data.slug);
}

/** The real translations of a page's item, for `hreflang`. */
export function realAlternates<C extends PagedKey>(page: LocalizedPage<C>, url: (locale: string, slug: string) => string): Alternate[] {
  return [...page.versions.values()].map((entry) => ({ locale: entry.data.locale, href: url(entry.data.locale, entry.data.slug) }));
}

/** The same item in every locale, real or fallback, for the language switcher. */
export function switcherLinks<C extends PagedKey>(page: LocalizedPage<C>, url: (locale: string, slug: string) => string): Alternate[] {
  return localeCodes.map((locale) => {
    const entry = page.versions.get(locale) ?? fallbackVersion(page.versions);
    return { locale, href: url(locale, entry.data.slug) };
  });
}

/**
 * Astro's `getStaticPaths` for a collection's item pages, every locale, with the page as prop, and
 * the page's `cacheKey` where the collection has one (`page-keys.ts`).
 */
export async function localizedPaths<C extends PagedKey>(collection: C, cacheKey?: (page: LocalizedPage<C>) => Promise<string>) {
  return Promise.all(
    (await localizedPages(collection)).map(async (page) => ({
      params: { locale: page.locale, slug: page.entry.data.slug },
      props: { page },
      ...(cacheKey ? { cacheKey: await cacheKey(page) } : {}),
    })),
  );
}

/** The page of item `key` in `locale` (its translation or its fallback), or undefined. */
export async function findPage<C extends PagedKey>(collection: C, key: string | null | undefined, locale: string): Promise<LocalizedPage<C> | undefined> {
  if (!key) return undefined;
  let index = pagesByKey.get(collection);
  if (!index) {
    index = localizedPages(collection).then((pages) => new Map(pages.map((page) => [`${page.locale}/${page.entry.data.key}`, page])));
    pagesByKey.set(collection, index);
  }
  return (await index).get(`${locale}/${key}`) as LocalizedPage<C> | undefined;
}
