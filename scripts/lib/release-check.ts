/**
 * Checks a built release before the publisher swaps it in: every published item has its page in
 * each locale it exists in, and no internal link or asset of any page points to nothing.
 *
 * The expectations come from the CMS itself (a listing of slugs per collection and locale), not
 * from the build, so a page the build silently left out is caught.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { localeCodes } from '../../site/i18n/locales.ts';
import type { ContentSource } from '../../site/lib/cms-source.ts';
import * as urls from '../../site/lib/urls.ts';

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

export interface ReleaseCheck {
  pages: number;
  /** Item pages the CMS says must exist, and internal links followed. */
  checked: { itemPages: number; links: number };
  /** One line per problem; the release is refused when there is any. */
  problems: string[];
}

/** Every file of a folder, as site paths ("/it/resources/kit/index.html"). */
function filesOf(dir: string): Set<string> {
  const files = new Set<string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.add(`/${relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/')}`);
  }
  return files;
}

/** Whether a site path is served by a file of the release, as a static server resolves it. */
function resolves(files: Set<string>, path: string): boolean {
  if (path.endsWith('/')) return files.has(`${path}index.html`);
  return files.has(path) || files.has(`${path}/index.html`);
}

function safeDecode(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

const LINK = /\s(?:href|src|action)="([^"#?]*)[^"]*"/g;

/** At most this many problems are listed; past it, a shared template's broken link would fill the log. */
const MOST_PROBLEMS = 100;

/** Checks the release in `dir`, built for `siteUrl`, against the published content of `source` (the CMS). */
export async function checkRelease(dir: string, { source, siteUrl }: { source: ContentSource; siteUrl: string }): Promise<ReleaseCheck> {
  const files = filesOf(dir);
  const problems: string[] = [];
  const origin = new URL(siteUrl).origin;

  let itemPages = 0;
  // Every collection and locale at once: on a large catalogue these listings are most of the check's time.
  const listings = await Promise.all(
    Object.entries(ITEM_PAGES).flatMap(([collection, pageUrl]) =>
      localeCodes.map(async (locale) => ({ collection, pageUrl, locale, entries: (await source.fetch(collection, locale, 'fields[0]=slug')) as Array<{ slug: string }> })),
    ),
  );
  for (const { collection, pageUrl, locale, entries } of listings) {
    for (const entry of entries) {
      itemPages++;
      const path = pageUrl(locale, entry.slug);
      if (!resolves(files, path) && problems.length < MOST_PROBLEMS) problems.push(`missing page ${path} for a published ${collection} item`);
    }
  }

  let links = 0;
  const pages = [...files].filter((file) => file.endsWith('.html'));
  for (const page of pages) {
    const html = readFileSync(join(dir, page), 'utf8');
    for (const [, raw] of html.matchAll(LINK)) {
      let target = raw!.replaceAll('&amp;', '&');
      if (target.startsWith(origin)) target = target.slice(origin.length) || '/';
      // Other hosts (the CMS's downloads and API), protocols and in-page anchors are not ours to check.
      if (target === '' || target.startsWith('//') || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      let path = target.startsWith('/') ? target : posix.join(posix.dirname(page), target);
      if (target.endsWith('/') && !path.endsWith('/')) path += '/';
      links++;
      if (!resolves(files, safeDecode(path)) && problems.length < MOST_PROBLEMS) problems.push(`broken link on ${page}: ${raw}`);
    }
  }
  return { pages: pages.length, checked: { itemPages, links }, problems };
}
