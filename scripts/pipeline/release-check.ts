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
import { readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { localeCodes } from '@praxis/contract/locales';
import type { RejectedEntry } from '../../site/lib/cms-loader.ts';
import type { ContentSource, ListedEntry } from '../../site/lib/cms-source.ts';
import { classifyLink, collectPageFacts, LINK, type ReleaseFacts } from './page-facts.ts';

/** How links are found in a page (`page-facts.ts`), for `npm run bench:parse`. */
export { LINK } from './page-facts.ts';
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
 * Whether a site path is served by a file of the release, as a static server resolves it. A page
 * of the release is found in `pages` (its file is known to exist); anything else is looked up on
 * disk, each path once.
 */
function resolver(dir: string, pages: ReadonlySet<string>): (path: string) => boolean {
  // Normalised as a server does, so that "/../x" cannot point outside the release. A NUL (a link
  // to "%00") names no file, and would make `statSync` throw.
  const isFile = (path: string) => {
    if (path.includes('\0')) return false;
    const normalized = posix.normalize(path);
    return pages.has(normalized) || (statSync(join(dir, normalized), { throwIfNoEntry: false })?.isFile() ?? false);
  };
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

/** At most this many problems are listed; past it, a shared template's broken link would fill the log. */
const MOST_PROBLEMS = 100;

/** Checks the release in `dir`, built for `siteUrl`, against the published content of `source` (the CMS). */
export async function checkRelease(
  dir: string,
  {
    source,
    siteUrl,
    built,
    cmsOrigins = [],
    facts,
  }: {
    source: ContentSource;
    siteUrl: string;
    built?: { held: HeldEntries; rejected: RejectedEntry[]; startedAt: number };
    /** The CMS's addresses (`cmsOrigins()` of site/lib/cms-media.ts): no page may send a visitor there. */
    cmsOrigins?: readonly string[];
    /**
     * The facts of the release's pages (`page-facts.ts`), collected with the same `siteUrl` and
     * `cmsOrigins`; without them every page is read.
     */
    facts?: Promise<ReleaseFacts>;
  },
): Promise<ReleaseCheck> {
  // Every collection and locale at once, while the pages are read, each in one answer (the
  // listing the content loader syncs from, with each entry's slug): read through the REST API, a
  // hundred entries a request, the listings of a large catalogue were the last part of a publish
  // to end.
  const listings = Promise.all(
    Object.entries(ITEM_PAGES).flatMap(([collection, pageUrl]) =>
      localeCodes.map(async (locale) => ({ collection, pageUrl, locale, entries: await source.list(collection, locale, []) })),
    ),
  );
  // Handled here too: if reading the pages fails first, a failed listing must not also end the process.
  listings.catch(() => undefined);
  const { pages, targets } = await (facts ?? collectPageFacts(dir, { site: siteUrl, cmsOrigins }));
  const resolves = resolver(dir, new Set(pages.map((facts) => facts.page)));
  const origin = new URL(siteUrl).origin;

  let links = 0;
  /** Each target's fate, by its index: 0 not looked up yet, 1 found, 2 missing. */
  const found = new Uint8Array(targets.length);
  const isFound = (index: number) => {
    if (found[index] === 0) found[index] = resolves(targets[index]!) ? 1 : 2;
    return found[index] === 1;
  };
  /** The problems of each page, in the order of the pages. */
  const broken: string[] = [];
  for (const facts of pages) {
    links += facts.links;
    if (broken.length >= MOST_PROBLEMS || (!facts.linksToCms && facts.targets.every(isFound))) continue;
    // A page with a problem is read again (it is rare), to name each link as it is written.
    const html = readFileSync(join(dir, facts.page), 'utf8');
    for (const [, raw] of html.matchAll(LINK)) {
      if (broken.length >= MOST_PROBLEMS) break;
      const link = classifyLink(raw!, facts.page, origin, cmsOrigins);
      if (link.kind === 'cms') broken.push(`link to the CMS's origin on ${facts.page}: ${raw}`);
      else if (link.kind === 'internal' && !resolves(link.path)) broken.push(`broken link on ${facts.page}: ${raw}`);
    }
  }

  const problems: string[] = [];
  let itemPages = 0;
  const rejected = new Set(built?.rejected.map((entry) => `${entry.collection}/${entry.locale}/${entry.documentId}`));
  /** Whether the build must have made this entry's page. */
  const expected = (collection: string, locale: string, entry: ListedEntry, slug: string) => {
    if (!built) return true;
    if (rejected.has(`${collection}/${locale}/${entry.documentId}`)) return false;
    if (built.held[collection]?.[locale]?.[entry.documentId] === `${locale}/${slug}`) return true;
    // Not held as it is now: published or changed while the build ran, unless that was long before it.
    return entry.publishedAt !== undefined && Date.parse(entry.publishedAt) < built.startedAt - CLOCK_MARGIN_MS;
  };
  for (const { collection, pageUrl, locale, entries } of await listings) {
    for (const entry of entries) {
      const { slug } = entry;
      if (slug === undefined) {
        problems.push(`${source.label} listed ${collection} in "${locale}" without slugs: no page of theirs could be checked`);
        break;
      }
      if (!expected(collection, locale, entry, slug)) continue;
      itemPages++;
      const path = pageUrl(locale, slug);
      if (!resolves(path)) problems.push(`missing page ${path} for a published ${collection} item`);
    }
  }
  problems.push(...broken);
  return { pages: pages.length, checked: { itemPages, links }, problems: problems.slice(0, MOST_PROBLEMS) };
}
