/**
 * Checks a built release before the publisher swaps it in: every published item has its page in
 * each locale it exists in, and no internal link or asset of any page points to nothing.
 *
 * The expectations come from the CMS itself (a listing of slugs per collection and locale), not
 * from the build, so a page the build silently left out is caught. Told what the build held
 * (`built`), the check leaves out what the build could not have: an entry published, changed or
 * unpublished while it ran (its own webhook has queued the next build, which brings it), and an
 * entry the build left out because the site cannot take it (the publish status names it).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { localeCodes } from '@praxis/contract/locales';
import { decodeHTMLAttribute } from 'entities';
import type { RejectedEntry } from '../../site/lib/cms-loader.ts';
import { API_ROUTE, MEDIA_ROUTE } from '../../site/lib/cms-media.ts';
import type { ContentSource } from '../../site/lib/cms-source.ts';
import * as urls from '@praxis/contract/urls';

/** The collections that have a page per item, and where it lives. */
const ITEM_PAGES: Record<string, (locale: string, slug: string) => string> = {
  resources: urls.resourceUrl,
  'spot-videos': urls.videoUrl,
  campaigns: urls.campaignUrl,
  webinars: urls.webinarUrl,
  events: urls.eventUrl,
  'workshop-reports': urls.reportUrl,
  'good-practices': urls.goodPracticeUrl,
  projects: urls.projectUrl,
};

/** What a build holds, by collection and locale: documentId → "<locale>/<slug>" (`SyncReport.held`). */
export type HeldEntries = Record<string, Record<string, Record<string, string>>>;

/**
 * An entry published this long before the build started must be in it, whatever the build says it
 * holds: the margin allows for the CMS's clock and the builder's disagreeing.
 */
const CLOCK_MARGIN_MS = 60_000;

export interface ReleaseCheck {
  pages: number;
  /** Item pages the CMS says must exist, and internal links followed. */
  checked: { itemPages: number; links: number };
  /** One line per problem; the release is refused when there is any. */
  problems: string[];
}

/**
 * The pages of a release, as site paths ("/it/resources/kit/index.html"), in a stable order.
 * Pagefind's bundles and Astro's assets hold no pages: their tens of thousands of files are not walked.
 */
function pagesOf(dir: string, path = ''): string[] {
  const pages: string[] = [];
  const entries = readdirSync(join(dir, path), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const child = `${path}/${entry.name}`;
    if (entry.isDirectory()) {
      if (child !== '/pagefind' && child !== '/_astro') pages.push(...pagesOf(dir, child));
    } else if (entry.isFile() && entry.name.endsWith('.html')) pages.push(child);
  }
  return pages;
}

/**
 * Whether a site path is served by a file of the release, as a static server resolves it. Each
 * path is looked up on disk once: most links (the menu, the footer) are on every page.
 */
function resolver(dir: string): (path: string) => boolean {
  // Normalised as a server does, so that "/../x" cannot point outside the release. A NUL (a link
  // to "%00") names no file, and would make `statSync` throw.
  const isFile = (path: string) => !path.includes('\0') && (statSync(join(dir, posix.normalize(path)), { throwIfNoEntry: false })?.isFile() ?? false);
  const known = new Map<string, boolean>();
  return (path) => {
    let found = known.get(path);
    if (found === undefined) {
      found = path.endsWith('/') ? isFile(`${path}index.html`) : isFile(path) || isFile(`${path}/index.html`);
      known.set(path, found);
    }
    return found;
  };
}

function safeDecode(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

/**
 * A link, source or form target as Astro writes it (double-quoted; its entities are decoded after). Read with
 * an expression rather than an HTML parser: the check reads every page of every release, and a
 * parser was several times slower (the README's Benchmarks row for this file, `npm run bench:parse`).
 */
export const LINK = /\s(?:href|src|action)="([^"#?]*)[^"]*"/g;

/** At most this many problems are listed; past it, a shared template's broken link would fill the log. */
const MOST_PROBLEMS = 100;

/** Pages read between two looks at the CMS listings' answers. */
const PAGES_PER_BATCH = 100;

/** Checks the release in `dir`, built for `siteUrl`, against the published content of `source` (the CMS). */
export async function checkRelease(
  dir: string,
  {
    source,
    siteUrl,
    built,
    cmsOrigins = [],
  }: {
    source: ContentSource;
    siteUrl: string;
    built?: { held: HeldEntries; rejected: RejectedEntry[]; startedAt: number };
    /** The CMS's addresses (`cmsOrigins()` of site/lib/cms-media.ts): no page may send a visitor there. */
    cmsOrigins?: readonly string[];
  },
): Promise<ReleaseCheck> {
  // Every collection and locale at once, while the pages are read: on a large catalogue these
  // listings are a good part of the check's time.
  const listings = Promise.all(
    Object.entries(ITEM_PAGES).flatMap(([collection, pageUrl]) =>
      localeCodes.map(async (locale) => ({
        collection,
        pageUrl,
        locale,
        entries: (await source.fetch(collection, locale, 'fields[0]=slug&fields[1]=publishedAt')) as Array<{
          documentId: string;
          slug: string;
          publishedAt?: string;
        }>,
      })),
    ),
  );
  // Handled here too: if reading the pages fails first, a failed listing must not also end the process.
  listings.catch(() => undefined);
  const resolves = resolver(dir);
  const origin = new URL(siteUrl).origin;
  const pages = pagesOf(dir);

  let links = 0;
  /** Each page's broken links, by the page's place in `pages`, so that the problems keep that order. */
  const broken: string[][] = [];
  let recorded = 0;
  const checkPage = (page: string, html: string, record: boolean) => {
    const found: string[] = [];
    for (const [, raw] of html.matchAll(LINK)) {
      let target = decodeHTMLAttribute(raw!);
      if (target.startsWith(origin)) target = target.slice(origin.length) || '/';
      // The CMS's origin has another look, no quick exit and no helplines: its files and API are
      // reached through the site (`/media/`, `/api/`).
      if (cmsOrigins.some((cms) => target.startsWith(`${cms.replace(/\/+$/, '')}/`) || target === cms)) {
        if (record && found.length < MOST_PROBLEMS) found.push(`link to the CMS's origin on ${page}: ${raw}`);
        continue;
      }
      // Other hosts, protocols and in-page anchors are not ours to check, nor what the site server
      // passes to the CMS (its API, the media library's files): they are no part of a release.
      if (target === '' || target.startsWith('//') || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      if (target.startsWith(API_ROUTE) || target.startsWith(MEDIA_ROUTE)) continue;
      let path = target.startsWith('/') ? target : posix.join(posix.dirname(page), target);
      if (target.endsWith('/') && !path.endsWith('/')) path += '/';
      links++;
      if (!resolves(path.includes('%') ? safeDecode(path) : path) && record && found.length < MOST_PROBLEMS) found.push(`broken link on ${page}: ${raw}`);
    }
    recorded += found.length;
    return found;
  };
  // Read in batches, letting the CMS listings' answers in between.
  for (let start = 0; start < pages.length; start += PAGES_PER_BATCH) {
    // Pages go in order: once enough problems are recorded, a later page's would come after them.
    for (let index = start; index < Math.min(start + PAGES_PER_BATCH, pages.length); index++) {
      broken[index] = checkPage(pages[index]!, readFileSync(join(dir, pages[index]!), 'utf8'), recorded < MOST_PROBLEMS);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }

  const problems: string[] = [];
  let itemPages = 0;
  const rejected = new Set(built?.rejected.map((entry) => `${entry.collection}/${entry.locale}/${entry.documentId}`));
  /** Whether the build must have made this entry's page. */
  const expected = (collection: string, locale: string, entry: { documentId: string; slug: string; publishedAt?: string }) => {
    if (!built) return true;
    if (rejected.has(`${collection}/${locale}/${entry.documentId}`)) return false;
    if (built.held[collection]?.[locale]?.[entry.documentId] === `${locale}/${entry.slug}`) return true;
    // Not held as it is now: published or changed while the build ran, unless that was long before it.
    return entry.publishedAt !== undefined && Date.parse(entry.publishedAt) < built.startedAt - CLOCK_MARGIN_MS;
  };
  for (const { collection, pageUrl, locale, entries } of await listings) {
    for (const entry of entries) {
      if (!expected(collection, locale, entry)) continue;
      itemPages++;
      const path = pageUrl(locale, entry.slug);
      if (!resolves(path)) problems.push(`missing page ${path} for a published ${collection} item`);
    }
  }
  problems.push(...broken.flat());
  return { pages: pages.length, checked: { itemPages, links }, problems: problems.slice(0, MOST_PROBLEMS) };
}
