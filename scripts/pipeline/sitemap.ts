/**
 * Writes `sitemap.xml` and `robots.txt` from the built pages themselves (their facts, `page-facts.ts`). Each page already says
 * which real translations it has (`<link rel="alternate" hreflang>`) and whether search engines
 * should list it (fallback pages carry `noindex`), so the sitemap reads those tags rather than
 * guessing alternates from paths: Praxis slugs are localized, so `/it/resources/guida/` and
 * `/ro/resources/ghid/` are the same resource under different paths, which path-matching sitemap
 * generators cannot know.
 *
 * The protocol allows 50,000 URLs per file: a bigger site gets `sitemap-1.xml`, `sitemap-2.xml`, …
 * and `sitemap.xml` becomes their index, so robots.txt names the same file either way.
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { escapeUTF8 } from 'entities';
import { collectPageFacts, type ReleaseFacts } from './page-facts.ts';

/** How a page's head is read (`page-facts.ts`), for `npm run bench:parse`. */
export { headFacts, type HeadFacts } from './page-facts.ts';

export interface SitemapPage {
  /** Absolute URL of the page. */
  url: string;
  /** Its real translations, language tag → absolute URL (the page itself included). */
  alternates: Record<string, string>;
}

export interface SitemapReport {
  /** Pages listed. */
  listed: number;
  /** Pages left out because they ask not to be indexed (fallback pages, 404s, tools). */
  excluded: number;
  /** Files of URLs written: 1 means `sitemap.xml` itself lists them; more, that it is their index. */
  files: number;
}

/** The protocol's limit of URLs per sitemap file (sitemaps.org). */
export const URLS_PER_SITEMAP = 50_000;

/** The pages of a built site that belong in the sitemap, with their alternates, from the facts of its pages. */
export function sitemapPages({ pages: facts }: ReleaseFacts, site: string): { pages: SitemapPage[]; excluded: number } {
  const pages: SitemapPage[] = [];
  let excluded = 0;
  for (const { page, noindex, alternates } of facts) {
    // Each folder's page; other `.html` files (a 404 page) are no address of the site's.
    if (!page.endsWith('/index.html')) continue;
    if (noindex) {
      excluded += 1;
      continue;
    }
    pages.push({ url: new URL(page.slice(0, -'index.html'.length), site).href, alternates });
  }
  pages.sort((a, b) => a.url.localeCompare(b.url));
  return { pages, excluded };
}

/** One page's `<url>` entry, with `xhtml:link` alternates for pages that have translations. */
function urlEntry({ url, alternates }: SitemapPage): string {
  const links = Object.entries(alternates)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([hreflang, href]) => `\n    <xhtml:link rel="alternate" hreflang="${escapeUTF8(hreflang)}" href="${escapeUTF8(href)}"/>`)
    .join('');
  return `  <url>\n    <loc>${escapeUTF8(url)}</loc>${links}\n  </url>\n`;
}

/** Entries written to the file at a time: the whole file as one string took much memory on a large site. */
const ENTRIES_PER_WRITE = 1_000;

/** Writes a sitemap file of the protocol's XML listing `pages`, a batch of entries at a time. */
function writeUrlset(file: string, pages: SitemapPage[]): void {
  const fd = openSync(file, 'w');
  try {
    writeSync(
      fd,
      '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n',
    );
    for (let start = 0; start < pages.length; start += ENTRIES_PER_WRITE) {
      writeSync(
        fd,
        pages
          .slice(start, start + ENTRIES_PER_WRITE)
          .map(urlEntry)
          .join(''),
      );
    }
    writeSync(fd, '</urlset>\n');
  } finally {
    closeSync(fd);
  }
}

/** A sitemap index: the protocol's list of sitemap files. */
export function sitemapIndexXml(urls: string[]): string {
  const entries = urls.map((url) => `  <sitemap>\n    <loc>${escapeUTF8(url)}</loc>\n  </sitemap>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</sitemapindex>\n`;
}

/**
 * Writes `sitemap.xml` (and its parts, past `perFile` URLs) and a `robots.txt` that points to it,
 * from the facts of the build's pages (`page-facts.ts`): the build has them already, and reads only
 * the pages it rendered again; without them, every page is read.
 */
export async function writeSitemap(
  outDir: string,
  site: string,
  { perFile = URLS_PER_SITEMAP, facts }: { perFile?: number; facts?: ReleaseFacts } = {},
): Promise<SitemapReport> {
  const { pages, excluded } = sitemapPages(facts ?? (await collectPageFacts(outDir, { site })), site);
  let files = 1;
  if (pages.length <= perFile) {
    writeUrlset(join(outDir, 'sitemap.xml'), pages);
  } else {
    const parts: string[] = [];
    for (let start = 0; start < pages.length; start += perFile) {
      const name = `sitemap-${parts.length + 1}.xml`;
      writeUrlset(join(outDir, name), pages.slice(start, start + perFile));
      parts.push(new URL(`/${name}`, site).href);
    }
    writeFileSync(join(outDir, 'sitemap.xml'), sitemapIndexXml(parts));
    files = parts.length;
  }
  writeFileSync(join(outDir, 'robots.txt'), `User-agent: *\nAllow: /\n\nSitemap: ${new URL('/sitemap.xml', site).href}\n`);
  return { listed: pages.length, excluded, files };
}
