/** Reading resources from the content layer, per locale, with their translations. */
import { getCollection, type CollectionEntry } from 'astro:content';
import { resourceUrl, type Alternate } from '@praxis/contract/urls';

export type ResourceEntry = CollectionEntry<'resources'>;

/**
 * The catalogue's entries, read once per build: each `getCollection` call makes a new object of
 * every entry, and the page keys, the feeds, the field packs and the project pages each asked for
 * all of them (the content cannot change while a build runs; see `localized.ts`). Callers share
 * the arrays: copy one before sorting it.
 */
let all: Promise<ResourceEntry[]> | undefined;
const inLocale = new Map<string, Promise<ResourceEntry[]>>();

/** Every published language version of every resource. */
export function allResources(): Promise<ResourceEntry[]> {
  all ??= getCollection('resources');
  return all;
}

/** The resources published in `locale`, in the content store's order. */
export function resourceEntriesIn(locale: string): Promise<ResourceEntry[]> {
  let entries = inLocale.get(locale);
  if (!entries) {
    entries = allResources().then((resources) => resources.filter((entry) => entry.data.locale === locale));
    inLocale.set(locale, entries);
  }
  return entries;
}

/** The resources published in a locale, newest first. */
export async function resourcesIn(locale: string): Promise<ResourceEntry[]> {
  return [...(await resourceEntriesIn(locale))].sort(
    (a, b) => b.data.publishedAt.getTime() - a.data.publishedAt.getTime() || a.data.title.localeCompare(b.data.title),
  );
}

/** The language versions of the same resource (same CMS document), as switcher links. */
export function translationsOf(entry: ResourceEntry, all: ResourceEntry[]): Alternate[] {
  return all
    .filter((other) => other.data.documentId === entry.data.documentId)
    .map((other) => ({ locale: other.data.locale, href: resourceUrl(other.data.locale, other.data.slug) }));
}

const practicesByResource = new Map<string, Promise<Map<string, CollectionEntry<'goodPractices'>[]>>>();

/** The good practices in `locale` that use resource `key`; indexed once per locale and build. */
export async function practicesUsing(key: string, locale: string): Promise<CollectionEntry<'goodPractices'>[]> {
  let index = practicesByResource.get(locale);
  if (!index) {
    index = getCollection('goodPractices', (practice) => practice.data.locale === locale).then((practices) => {
      const byResource = new Map<string, CollectionEntry<'goodPractices'>[]>();
      for (const practice of practices)
        for (const resource of practice.data.resources) byResource.set(resource, [...(byResource.get(resource) ?? []), practice]);
      return byResource;
    });
    practicesByResource.set(locale, index);
  }
  return (await index).get(key) ?? [];
}

/** Resource pages, newest publication first, then by title. */
export function newestFirst<T extends { entry: { data: { publishedAt: Date; title: string } } }>(pages: T[]): T[] {
  return [...pages].sort(
    (a, b) => b.entry.data.publishedAt.getTime() - a.entry.data.publishedAt.getTime() || a.entry.data.title.localeCompare(b.entry.data.title),
  );
}
