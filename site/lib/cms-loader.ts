/**
 * An Astro content loader that reads published entries from the Praxis CMS (or a snapshot of it,
 * `cms-source.ts`) at build time, fetching only what changed since the last build.
 *
 * Astro keeps the loaded entries between builds in its content-layer store (`cacheDir`). For each
 * locale the loader remembers, in the store's meta, every document it holds and its version (its
 * `updatedAt` and the ids its relations point to); the next build asks the CMS for a light listing
 * (those fields only), fetches in full just the entries that are new or changed, drops those no
 * longer published, and keeps the rest as they are. A one-item edit therefore refetches one entry
 * (and the entries whose relations it changed), not the corpus.
 *
 * Known limit: an entry's `updatedAt` changes when the entry is saved, not when a file it links to
 * is replaced in the media library; `npm run site:build -- --full-refresh` fetches everything again
 * (`build-channel.ts`).
 *
 * An entry's Markdown `body` is stored only as its sanitised HTML (`entry.rendered`, what `render()`
 * shows); the entry's `data` holds every other field.
 *
 * Every fetched entry is validated with its zod schema and the content contract
 * (`@praxis/contract/content-rules`). An unreachable CMS stops the build with one line that
 * names the cause. A bad entry (one the CMS should have refused at save time, or one only the site's
 * rules refuse) does not: it is left out of this build, the version of it that the last build held
 * stays, so its pages stay as they were, and the report names it (`rejected`), which the publisher
 * shows in the admin. The next build fetches it again, and takes it once it is mended.
 */
import type { Loader, LoaderContext } from 'astro/loaders';
import type { ZodType } from 'zod';
import { localeCodes } from '@praxis/contract/locales';
import { shareSyncedCollection } from '../integrations/content-store-handoff.ts';
import { buildChannel } from './build-channel.ts';
import { isTypesOnlySync } from '../integrations/types-only-sync.ts';
import { describeZodError } from '../schemas/zod-message.ts';
import { bodyTargets, linkProblem } from '@praxis/contract/content-rules';
import { entryVersion, type ContentSource } from './cms-source.ts';
import { safeHtml } from './safe-html.ts';

export interface CmsLoaderOptions {
  source: ContentSource;
  /** REST collection, e.g. "resources". */
  collection: string;
  /** The `populate` query, in Strapi's bracket syntax, e.g. "populate[files][populate]=media". */
  populate?: string;
  /** The relations that query reads: a change to what they point to refetches the entry. */
  relations?: string[];
  /** The schema every entry must satisfy. */
  schema: ZodType<{ locale: string; key: string; slug?: string; body?: string | null }>;
  /** The pictures an entry's pages show (`cms-collections.ts`), which the image step prepares before they render. */
  pictures?: PicturesOf;
}

/** The images of the media library an entry's pages show as pictures (`components/Picture.astro`). */
export type PicturesOf = (data: Record<string, unknown>) => Array<{ url: string; mime: string } | null | undefined>;

/** An entry this build left out because the site cannot accept it. */
export interface RejectedEntry {
  collection: string;
  locale: string;
  documentId: string;
  /** The entry as people know it, e.g. "resources/it/kit-connect". */
  entry: string;
  /** Why, in one line naming the field. */
  reason: string;
  /** Whether the version the last build held is still served (false: the entry has no page). */
  kept: boolean;
}

/** What one build's sync did for a collection, told to the pipeline (`build-channel.ts`). */
export interface SyncReport {
  collection: string;
  /** Entries fetched in full (new or changed). */
  fetched: number;
  /** Entries kept from the previous build without fetching them. */
  kept: number;
  /** Entries dropped because they are no longer published. */
  removed: number;
  /** Locales read in full because the store had nothing (first build, or a cleared cache). */
  fullLocales: string[];
  /** Entries left out of this build (their last good version kept where there was one). */
  rejected: RejectedEntry[];
  /** What this build holds, by locale: documentId → "<locale>/<slug or key>", for the release check. */
  held: Record<string, Record<string, string>>;
  seconds: number;
}

type RenderedContent = Awaited<ReturnType<LoaderContext['renderMarkdown']>>;
type DataEntry = Parameters<LoaderContext['store']['set']>[0];

/** documentId → [store id, version], per locale, in the collection's meta store. */
type Synced = Record<string, [id: string, version: string]>;

/**
 * Why the site cannot take a body, or undefined: a relative link ("annex.pdf") would lead nowhere
 * from the page it is on, and fail the release check. Everything else in a body that the contract
 * refuses (other hosts' images, other schemes) the sanitizer makes harmless (`safe-html.ts`).
 */
function bodyProblem(body: string | null | undefined): string | undefined {
  if (!body) return undefined;
  for (const { kind, target } of bodyTargets(body)) {
    // An image that is not the media library's is shown as a link or text instead (`safe-html.ts`).
    if (kind !== 'link') continue;
    const problem = linkProblem(target);
    if (problem && !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('//')) return `body: ${problem}`;
  }
  return undefined;
}

/**
 * Renders a partner's Markdown and keeps only what may safely reach a visitor (`safe-html.ts`).
 * Only the HTML is kept: no page reads the headings and image lists Astro adds beside it, which
 * made the store larger and slower for Astro to write.
 */
async function renderSafely(renderMarkdown: (markdown: string) => Promise<RenderedContent>, markdown: string): Promise<RenderedContent> {
  const rendered = await renderMarkdown(markdown);
  return { html: safeHtml(rendered.html) };
}

/** Reads every published entry of a collection in every locale of the locale table. */
export function cmsLoader(options: CmsLoaderOptions): Loader {
  const { source, collection, populate = '', relations = [], schema, pictures } = options;
  return {
    name: 'praxis-cms',
    load: async ({ collection: name, store, meta, renderMarkdown, generateDigest, logger }) => {
      if (isTypesOnlySync()) return;
      const started = performance.now();
      // The pages of this build read the entries from here rather than from a second copy.
      shareSyncedCollection(name, store);
      const report: SyncReport = { collection, fetched: 0, kept: 0, removed: 0, fullLocales: [], rejected: [], held: {}, seconds: 0 };
      // A different populate query changes what an entry holds: start over, as after a cleared cache.
      const syncKey = (locale: string) => `synced:${locale}:${generateDigest(populate)}`;
      const fullRefresh = buildChannel()?.fullRefresh ?? false;

      // An entry as the store keeps it, validated and with its Markdown rendered; undefined for an
      // entry the site cannot take, whose last good version (in `previous`) stays where there is one.
      const toEntry = async (raw: unknown, locale: string, next: Synced, previous: Synced | null): Promise<DataEntry | undefined> => {
        const record = raw as { documentId?: string; slug?: string; key?: string };
        const document = `${collection}/${locale}/${record.slug ?? record.key ?? record.documentId ?? '(no slug)'}`;
        report.fetched++;
        const parsed = schema.safeParse(firstPublication(raw as Record<string, unknown>));
        const problem = parsed.success ? bodyProblem(parsed.data.body) : describeZodError(document, parsed.error).slice(document.length + 2);
        if (problem !== undefined || !parsed.success) {
          const last = record.documentId === undefined ? undefined : previous?.[record.documentId];
          const kept = last !== undefined && store.has(last[0]);
          if (kept) next[record.documentId!] = last;
          report.rejected.push({ collection, locale, documentId: record.documentId ?? '', entry: document, reason: problem ?? 'invalid', kept });
          logger.warn(`left out ${document} (${kept ? 'its last good version stays' : 'it has no page'}): ${problem}`);
          return undefined;
        }
        // The Markdown is kept only as the HTML it renders to: at 10,000 resources the source was
        // two fifths of the store, which the build holds in memory and rewrites at every run.
        const { body, ...data } = parsed.data;
        const id = `${data.locale}/${data.slug ?? data.key}`;
        next[record.documentId!] = [id, entryVersion(raw as Record<string, unknown>, relations)];
        return {
          id,
          data: data as Record<string, unknown>,
          digest: generateDigest(raw as Record<string, unknown>),
          ...(body ? { rendered: await renderSafely(renderMarkdown, body) } : {}),
        };
      };

      // Each locale asks the source for what it needs, all locales at once, and works on each page of
      // entries as it arrives: this process validates and renders while the CMS prepares the next
      // pages, instead of waiting for all of them.
      const syncLocale = async (locale: string) => {
        const previous = JSON.parse(meta.get(syncKey(locale)) ?? 'null') as Synced | null;
        const complete = !fullRefresh && previous !== null && Object.values(previous).every(([id]) => store.has(id));
        const next: Synced = {};
        // Undefined: everything, the store holding nothing of this locale yet.
        let wanted: string[] | undefined;
        if (complete) {
          const listed = new Map((await source.list(collection, locale, relations)).map((entry) => [entry.documentId, entry.version]));
          for (const [documentId, [id, version]] of Object.entries(previous)) {
            if (listed.get(documentId) === version) next[documentId] = [id, version];
          }
          wanted = [...listed.keys()].filter((documentId) => !(documentId in next));
        }
        const kept = Object.keys(next).length;
        const entries: DataEntry[] = [];
        if (wanted === undefined || wanted.length > 0) {
          for await (const page of source.pages(collection, locale, populate, wanted)) {
            for (const raw of page) {
              const entry = await toEntry(raw, locale, next, previous);
              if (entry) entries.push(entry);
            }
          }
        }
        return { locale, complete, previous, next, entries, kept };
      };
      const syncing = localeCodes.map(syncLocale);
      // A failed locale fails the build below, in order; the others' rejections are seen here.
      for (const running of syncing) running.catch(() => {});

      // Everything is fetched and rendered first, then written to the store in one synchronous
      // pass: Astro saves the whole store to disk 500 ms after the last change, so changes spread
      // over a long fetch would have it rewritten (tens of megabytes, seconds each) at every pause.
      const synced: Awaited<ReturnType<typeof syncLocale>>[] = [];
      for (const running of syncing) {
        const result = await running;
        report.kept += result.kept;
        if (!result.complete) report.fullLocales.push(result.locale);
        synced.push(result);
      }

      for (const { locale, complete, previous, next, entries } of synced) {
        // Read again in full: what the store held goes, but for the last good versions of rejected entries.
        const keptBack = new Set(Object.values(next).map(([id]) => id));
        if (!complete) for (const id of store.keys()) if (id.startsWith(`${locale}/`) && !keptBack.has(id)) store.delete(id);
        for (const entry of entries) store.set(entry);
        // Whatever the previous build held and this one did not keep or fetch is no longer published
        // (or moved to another slug): drop it, unless another document now lives under that id.
        const live = new Set(Object.values(next).map(([id]) => id));
        for (const [documentId, [id]] of Object.entries(previous ?? {})) {
          if (next[documentId]?.[0] === id) continue;
          if (!live.has(id)) store.delete(id);
          if (!(documentId in next)) report.removed++;
        }
        meta.set(syncKey(locale), JSON.stringify(next));
        report.held[locale] = Object.fromEntries(Object.entries(next).map(([documentId, [id]]) => [documentId, id]));
      }

      // Every picture the collection's pages may show, the kept entries' too: a page copied from the
      // last build names its pictures as well, and the release must hold them.
      const channel = buildChannel();
      if (pictures && channel?.picturesUsed) {
        const images = [...store.values()].flatMap((entry) => pictures(entry.data)).filter((image) => image != null);
        await channel.picturesUsed(images);
      }

      report.seconds = (performance.now() - started) / 1000;
      logger.info(
        `${collection}: ${report.fetched} fetched, ${report.kept} unchanged, ${report.removed} removed, ${report.rejected.length} left out, from ${source.label} in ${report.seconds.toFixed(2)} s`,
      );
      buildChannel()?.contentSynced(report);
    },
  };
}

/**
 * An entry dated by its first publication: Strapi sets `publishedAt` anew at every publish, and keeps
 * the first in `firstPublishedAt` (`cms/config/features.ts`). Entries written before it was kept
 * (and by the corpus generator) have none: their `publishedAt` stands.
 */
function firstPublication(raw: Record<string, unknown>): Record<string, unknown> {
  return raw.firstPublishedAt ? { ...raw, publishedAt: raw.firstPublishedAt } : raw;
}
