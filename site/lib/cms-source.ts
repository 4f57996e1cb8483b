/**
 * Where the site's content comes from: the CMS REST API, or a snapshot of it in local JSON files.
 *
 * Both answer the same two questions, so the content loader (`cms-loader.ts`) can sync either
 * incrementally: which entries exist and what version each is at (a light listing), and the full
 * entries for a set of documents. The snapshot is what `bench:build` builds from as its no-CMS
 * baseline, and what `writeSnapshot` (scripts/pipeline/content-snapshot.ts) writes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cmsGet, connectionCause } from './cms-get.ts';

/** One line of a listing: a published language version and what it is now. */
export interface ListedEntry {
  documentId: string;
  /**
   * Changes whenever the entry would load differently: its `updatedAt`, and the documents its
   * relations point to. A relation set from the other side (a report that adds a resource) changes
   * the join table but not this entry's `updatedAt`, so the listing reads the related ids too.
   */
  version: string;
  /** The slug its pages are named by, for a type that has pages. */
  slug?: string;
  /** When it was published (ISO 8601). */
  publishedAt?: string;
}

type Related = { documentId?: string } | Array<{ documentId?: string }> | null | undefined;

/** The version of an entry as the CMS serves it (with its relations populated). */
export function entryVersion(entry: Record<string, unknown>, relations: string[]): string {
  const ids = (value: Related) => (Array.isArray(value) ? value : value ? [value] : []).map((related) => related.documentId ?? '').sort();
  return [String(entry.updatedAt ?? ''), ...relations.map((relation) => ids(entry[relation] as Related).join(','))].join('|');
}

/** A listing's line for an entry as the CMS serves it. */
function listed(entry: Record<string, unknown> & { documentId: string }, relations: string[]): ListedEntry {
  return {
    documentId: entry.documentId,
    version: entryVersion(entry, relations),
    ...(typeof entry.slug === 'string' ? { slug: entry.slug } : {}),
    ...(typeof entry.publishedAt === 'string' ? { publishedAt: entry.publishedAt } : {}),
  };
}

export interface ContentSource {
  /** Names the source in messages: "the CMS" or "the content snapshot in <dir>". */
  readonly label: string;
  /** Every published entry of a collection in a locale, with its version. */
  list(collection: string, locale: string, relations: string[]): Promise<ListedEntry[]>;
  /** The full entries (with `populate`) of a collection in a locale; all of them when `documentIds` is undefined. */
  fetch(collection: string, locale: string, populate: string, documentIds?: string[]): Promise<unknown[]>;
  /**
   * The same entries as `fetch`, a page at a time as they arrive, so that a reader can work on one
   * page while the CMS prepares the next.
   */
  pages(collection: string, locale: string, populate: string, documentIds?: string[]): AsyncIterable<unknown[]>;
}

/** Every page of `pages`, in one array. */
async function collect(pages: AsyncIterable<unknown[]>): Promise<unknown[]> {
  const all: unknown[] = [];
  for await (const page of pages) all.push(...page);
  return all;
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
  /** One answer of the CMS at `/api/{path}`, about `collection` in `locale`. */
  async function get(collection: string, locale: string, query: string, path = collection): Promise<{ data: unknown[]; pageCount: number }> {
    const address = `${url}/api/${path}?locale=${locale}&${query}`;
    let response: Response;
    try {
      response = await cmsGet(address);
    } catch (error) {
      throw new CmsContentError(`CMS unreachable at ${url} (${connectionCause(error)}) while reading ${collection} in "${locale}"`);
    }
    if (!response.ok) throw new CmsContentError(`CMS answered ${response.status} for ${collection} in "${locale}" at ${address}`);
    const body = (await response.json()) as { data?: unknown[]; meta?: { pagination?: { pageCount?: number } } };
    if (!Array.isArray(body.data)) throw new CmsContentError(`CMS sent no data array for ${collection} in "${locale}" at ${address}`);
    return { data: body.data, pageCount: body.meta?.pagination?.pageCount ?? 1 };
  }

  /** The pages of one query, each asked for while the one before is being read. */
  async function* paged(collection: string, locale: string, query: string): AsyncGenerator<unknown[]> {
    const request = (page: number) => get(collection, locale, `${query}&sort=id&pagination[page]=${page}&pagination[pageSize]=${PAGE_SIZE}`);
    let next = request(1);
    for (let page = 1; ; page++) {
      const result = await next;
      const more = page < result.pageCount;
      if (more) {
        next = request(page + 1);
        // Seen by the next turn of the loop; until then a failure must not go unobserved.
        next.catch(() => undefined);
      }
      yield result.data;
      if (!more) return;
    }
  }

  async function* pages(collection: string, locale: string, populate: string, documentIds?: string[]): AsyncGenerator<unknown[]> {
    const extra = populate ? `&${populate}` : '';
    if (documentIds === undefined) return yield* paged(collection, locale, extra.slice(1));
    for (let start = 0; start < documentIds.length; start += BATCH) {
      const filter = documentIds
        .slice(start, start + BATCH)
        .map((id, index) => `filters[documentId][$in][${index}]=${encodeURIComponent(id)}`)
        .join('&');
      yield* paged(collection, locale, `${filter}${extra}`);
    }
  }

  return {
    label: 'the CMS',
    async list(collection, locale, relations) {
      // The whole listing in one answer (cms/src/api/content-version): the REST API would take a
      // request per hundred entries for the same fields.
      const { data } = await get(collection, locale, `relations=${relations.join(',')}`, `content-versions/${collection}`);
      const entries = data as Array<Record<string, unknown> & { documentId: string }>;
      return entries.map((entry) => listed(entry, relations));
    },
    fetch: (collection, locale, populate, documentIds) => collect(pages(collection, locale, populate, documentIds)),
    pages,
  };
}

/** The file of a collection's entries in one locale inside a snapshot folder. */
export const snapshotFile = (dir: string, collection: string, locale: string) => join(dir, `${collection}.${locale}.json`);

/** Reads a snapshot folder of JSON files, one per collection and locale, as the CMS served them. */
export function snapshotSource(dir: string): ContentSource {
  const cache = new Map<string, Array<{ documentId: string } & Record<string, unknown>>>();
  const read = (collection: string, locale: string) => {
    const file = snapshotFile(dir, collection, locale);
    if (!cache.has(file)) {
      if (!existsSync(file)) throw new CmsContentError(`the content snapshot in ${dir} has no ${collection} in "${locale}" (${file})`);
      cache.set(file, JSON.parse(readFileSync(file, 'utf8')) as Array<{ documentId: string } & Record<string, unknown>>);
    }
    return cache.get(file)!;
  };
  const fetch: ContentSource['fetch'] = async (collection, locale, _populate, documentIds) => {
    const entries = read(collection, locale);
    if (documentIds === undefined) return entries;
    const wanted = new Set(documentIds);
    return entries.filter((entry) => wanted.has(entry.documentId));
  };
  return {
    label: `the content snapshot in ${dir}`,
    list: async (collection, locale, relations) => read(collection, locale).map((entry) => listed(entry, relations)),
    fetch,
    // A file is read whole: one page.
    async *pages(collection, locale, populate, documentIds) {
      yield await fetch(collection, locale, populate, documentIds);
    },
  };
}
