/**
 * An Astro content loader that reads published entries from the Praxis CMS REST API at build time.
 *
 * Every entry is validated with its zod schema; an unreachable CMS or a bad entry stops the build
 * with one line that names the cause and the document, never a half-built site.
 */
import { safeHtml } from './safe-html.ts';
import type { Loader } from 'astro/loaders';
import type { ZodType } from 'zod';
import { localeCodes } from '../i18n/locales.ts';
import { describeZodError } from '../schemas/zod-message.ts';

export interface CmsLoaderOptions {
  /** Base URL of the CMS, e.g. "http://127.0.0.1:1337". */
  url: string;
  /** REST collection, e.g. "resources". */
  collection: string;
  /** The `populate` query, in Strapi's bracket syntax, e.g. "populate[files][populate]=media". */
  populate?: string;
  /** The schema every entry must satisfy. */
  schema: ZodType<{ locale: string; key: string; slug?: string; body?: string | null }>;
}

/** The error a build stops with when the CMS cannot be read or serves a bad entry. */
export class CmsContentError extends Error {
  override name = 'CmsContentError';
}

const PAGE_SIZE = 100;

async function fetchPage(options: CmsLoaderOptions, locale: string, page: number): Promise<{ data: unknown[]; pageCount: number }> {
  const query = `locale=${locale}&pagination[page]=${page}&pagination[pageSize]=${PAGE_SIZE}&sort=id${options.populate ? `&${options.populate}` : ''}`;
  const url = `${options.url}/api/${options.collection}?${query}`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new CmsContentError(`CMS unreachable at ${options.url} (${cause}) while reading ${options.collection} in "${locale}"`);
  }
  if (!response.ok) throw new CmsContentError(`CMS answered ${response.status} for ${options.collection} in "${locale}" at ${url}`);
  const body = (await response.json()) as { data?: unknown[]; meta?: { pagination?: { pageCount?: number } } };
  if (!Array.isArray(body.data)) throw new CmsContentError(`CMS sent no data array for ${options.collection} in "${locale}" at ${url}`);
  return { data: body.data, pageCount: body.meta?.pagination?.pageCount ?? 1 };
}

/** Renders a partner's Markdown and keeps only what may safely reach a visitor (`safe-html.ts`). */
async function renderSafely(renderMarkdown: (markdown: string) => Promise<{ html: string; metadata?: unknown }>, markdown: string) {
  const rendered = await renderMarkdown(markdown);
  return { ...rendered, html: safeHtml(rendered.html) };
}

/** Reads every published entry of a collection in every locale of the locale table. */
export function cmsLoader(options: CmsLoaderOptions): Loader {
  return {
    name: 'praxis-cms',
    load: async ({ store, renderMarkdown, generateDigest, logger }) => {
      store.clear();
      for (const locale of localeCodes) {
        for (let page = 1, pageCount = 1; page <= pageCount; page++) {
          const result = await fetchPage(options, locale, page);
          pageCount = result.pageCount;
          for (const raw of result.data) {
            const record = raw as { documentId?: string; slug?: string; key?: string };
            const document = `${options.collection}/${locale}/${record.slug ?? record.key ?? record.documentId ?? '(no slug)'}`;
            const parsed = options.schema.safeParse(raw);
            if (!parsed.success) throw new CmsContentError(`bad entry from the CMS: ${describeZodError(document, parsed.error)}`);
            const data = parsed.data;
            store.set({
              id: `${data.locale}/${data.slug ?? data.key}`,
              data: data as unknown as Record<string, unknown>,
              digest: generateDigest(raw as Record<string, unknown>),
              rendered: data.body ? await renderSafely(renderMarkdown, data.body) : undefined,
            });
          }
        }
      }
      logger.info(`loaded ${store.keys().length} ${options.collection} from ${options.url}`);
    },
  };
}
