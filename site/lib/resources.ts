/** Reading resources from the content layer, per locale, with their translations. */
import { getCollection, type CollectionEntry } from 'astro:content';
import { resourceUrl, type Alternate } from './urls.ts';

export type ResourceEntry = CollectionEntry<'resources'>;

/** Every published language version of every resource. */
export async function allResources(): Promise<ResourceEntry[]> {
  return getCollection('resources');
}

/** The resources published in a locale, newest first. */
export async function resourcesIn(locale: string): Promise<ResourceEntry[]> {
  const entries = await getCollection('resources', (entry) => entry.data.locale === locale);
  return entries.sort((a, b) => b.data.publishedAt.getTime() - a.data.publishedAt.getTime() || a.data.title.localeCompare(b.data.title));
}

/** The language versions of the same resource (same CMS document), as switcher links. */
export function translationsOf(entry: ResourceEntry, all: ResourceEntry[]): Alternate[] {
  return all
    .filter((other) => other.data.documentId === entry.data.documentId)
    .map((other) => ({ locale: other.data.locale, href: resourceUrl(other.data.locale, other.data.slug) }));
}

/** Resource pages, newest publication first, then by title. */
export function newestFirst<T extends { entry: { data: { publishedAt: Date; title: string } } }>(pages: T[]): T[] {
  return [...pages].sort((a, b) => b.entry.data.publishedAt.getTime() - a.entry.data.publishedAt.getTime() || a.entry.data.title.localeCompare(b.entry.data.title));
}
