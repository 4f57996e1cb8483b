/**
 * Where the site's content comes from: the CMS REST API, or a snapshot of it in local JSON files.
 *
 * Both answer the same two questions, so the content loader (`cms-loader.ts`) can sync either
 * incrementally: which entries exist and when each last changed (a light listing), and the full
 * entries for a set of documents. The snapshot is what `bench:build` builds from as its no-CMS
 * baseline, and what `writeSnapshot` (scripts/lib/content-snapshot.ts) writes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One line of a listing: a published language version and when it last changed. */
export interface ListedEntry {
  documentId: string;
  updatedAt: string;
}

export interface ContentSource {
  /** Names the source in messages: "the CMS" or "the content snapshot in <dir>". */
  readonly label: string;
  /** Every published entry of a collection in a locale, with its last change. */
  list(collection: string, locale: string): Promise<ListedEntry[]>;
  /** The full entries (with `populate`) of a collection in a locale; all of them when `documentIds` is undefined. */
  fetch(collection: string, locale: string, populate: string, documentIds?: string[]): Promise<unknown[]>;
}

/** The error a build stops with when the CMS cannot be read or serves a bad entry. */
export class CmsContentError extends Error {
  override name = 'CmsContentError';
}

/**
 * Entries per request: the REST API's `maxLimit` (cms/config/api.ts), kept at 100 because the
 * public API must not serve arbitrarily heavy pages to anyone who asks.
 */
const PAGE_SIZE = 100;
/** Documents per `$in` filter, short enough for any URL length limit. */
const BATCH = 40;

/** Reads published entries from the CMS REST API (which serves published content only). */
export function cmsSource(url: string): ContentSource {
  async function get(collection: string, locale: string, query: string): Promise<{ data: unknown[]; pageCount: number }> {
    const address = `${url}/api/${collection}?locale=${locale}&${query}`;
    let response: Response;
    try {
      response = await fetch(address, { signal: AbortSignal.timeout(60_000) });
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
      throw new CmsContentError(`CMS unreachable at ${url} (${cause}) while reading ${collection} in "${locale}"`);
    }
    if (!response.ok) throw new CmsContentError(`CMS answered ${response.status} for ${collection} in "${locale}" at ${address}`);
    const body = (await response.json()) as { data?: unknown[]; meta?: { pagination?: { pageCount?: number } } };
    if (!Array.isArray(body.data)) throw new CmsContentError(`CMS sent no data array for ${collection} in "${locale}" at ${address}`);
    return { data: body.data, pageCount: body.meta?.pagination?.pageCount ?? 1 };
  }

  async function pages(collection: string, locale: string, query: string, pageSize: number): Promise<unknown[]> {
    const all: unknown[] = [];
    for (let page = 1, pageCount = 1; page <= pageCount; page++) {
      const result = await get(collection, locale, `${query}&sort=id&pagination[page]=${page}&pagination[pageSize]=${pageSize}`);
      pageCount = result.pageCount;
      all.push(...result.data);
    }
    return all;
  }

  return {
    label: 'the CMS',
    list: async (collection, locale) => (await pages(collection, locale, 'fields[0]=updatedAt', PAGE_SIZE)) as ListedEntry[],
    async fetch(collection, locale, populate, documentIds) {
      const extra = populate ? `&${populate}` : '';
      if (documentIds === undefined) return pages(collection, locale, extra.slice(1), PAGE_SIZE);
      const found: unknown[] = [];
      for (let start = 0; start < documentIds.length; start += BATCH) {
        const filter = documentIds
          .slice(start, start + BATCH)
          .map((id, index) => `filters[documentId][$in][${index}]=${encodeURIComponent(id)}`)
          .join('&');
        found.push(...(await pages(collection, locale, `${filter}${extra}`, PAGE_SIZE)));
      }
      return found;
    },
  };
}

/** The file of a collection's entries in one locale inside a snapshot folder. */
export const snapshotFile = (dir: string, collection: string, locale: string) => join(dir, `${collection}.${locale}.json`);

/** Reads a snapshot folder of JSON files, one per collection and locale, as the CMS served them. */
export function snapshotSource(dir: string): ContentSource {
  const cache = new Map<string, Array<ListedEntry & Record<string, unknown>>>();
  const read = (collection: string, locale: string) => {
    const file = snapshotFile(dir, collection, locale);
    if (!cache.has(file)) {
      if (!existsSync(file)) throw new CmsContentError(`the content snapshot in ${dir} has no ${collection} in "${locale}" (${file})`);
      cache.set(file, JSON.parse(readFileSync(file, 'utf8')) as Array<ListedEntry & Record<string, unknown>>);
    }
    return cache.get(file)!;
  };
  return {
    label: `the content snapshot in ${dir}`,
    list: async (collection, locale) => read(collection, locale).map(({ documentId, updatedAt }) => ({ documentId, updatedAt })),
    async fetch(collection, locale, _populate, documentIds) {
      const entries = read(collection, locale);
      if (documentIds === undefined) return entries;
      const wanted = new Set(documentIds);
      return entries.filter((entry) => wanted.has(entry.documentId));
    },
  };
}
