/**
 * Writes `sitemap.xml` and `robots.txt` from the built pages themselves. Each page already says
 * which real translations it has (`<link rel="alternate" hreflang>`) and whether search engines
 * should list it (fallback pages carry `noindex`), so the sitemap reads those tags rather than
 * guessing alternates from paths: Praxis slugs are localized, so `/it/resources/guida/` and
 * `/ro/resources/ghid/` are the same resource under different paths, which path-matching sitemap
 * generators cannot know.
 *
 * The protocol allows 50,000 URLs per file: a bigger site gets `sitemap-1.xml`, `sitemap-2.xml`, …
 * and `sitemap.xml` becomes their index, so robots.txt names the same file either way.
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import { escapeUTF8 } from 'entities';
import { Parser } from 'htmlparser2';

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

/** What the sitemap reads in a page's `<head>`. */
export interface HeadFacts {
  /** The page asks search engines to leave it out (`<meta name="robots" content="noindex">`). */
  noindex: boolean;
  /** Its translations, language tag → `href` as written (`<link rel="alternate" hreflang>`). */
  alternates: Record<string, string>;
}

/**
 * Reads a page's head with htmlparser2's tokenizer (no DOM): a tag inside a comment or a style is
 * not taken for one, and attributes come decoded. The README's Benchmarks row for this file
 * (`npm run bench:parse`) says what it costs over a regular expression.
 */
export function headFacts(head: string): HeadFacts {
  const facts: HeadFacts = { noindex: false, alternates: {} };
  new Parser({
    onopentag(name, attributes) {
      if (name === 'meta' && attributes.name?.toLowerCase() === 'robots' && /noindex/i.test(attributes.content ?? '')) facts.noindex = true;
      else if (name === 'link' && attributes.rel === 'alternate' && attributes.hreflang && attributes.href)
        facts.alternates[attributes.hreflang] = attributes.href;
    },
  }).end(head);
  return facts;
}

function* htmlFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      // Pagefind's bundle and Astro's assets hold no pages.
      if (entry.name !== 'pagefind' && entry.name !== '_astro') yield* htmlFiles(path);
    } else if (entry.name === 'index.html') yield path;
  }
}

/** Bytes read first from each page: its `<head>` fits in them (about 5 KB on a resource page). */
const HEAD_BYTES = 16 * 1024;

/** The buffer every page's head is read into: one for all, not one per page. */
const headBuffer = Buffer.alloc(HEAD_BYTES);

/** A page's `<head>`; read from the start of the file, and the whole file only if the head is longer. */
function headOf(file: string): string {
  const fd = openSync(file, 'r');
  let read: number;
  try {
    read = readSync(fd, headBuffer, 0, HEAD_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  // A character cut in two at the end of the bytes comes after `</head>`, and is sliced off with the rest.
  let html = headBuffer.toString('utf8', 0, read);
  let end = html.indexOf('</head>');
  if (end === -1 && read === HEAD_BYTES) {
    html = readFileSync(file, 'utf8');
    end = html.indexOf('</head>');
  }
  return end === -1 ? html : html.slice(0, end);
}

/** The pages of a built site that belong in the sitemap, with their alternates. */
export function sitemapPages(outDir: string, site: string): { pages: SitemapPage[]; excluded: number } {
  const pages: SitemapPage[] = [];
  let excluded = 0;
  for (const file of htmlFiles(outDir)) {
    const path = relative(outDir, file).split(sep).slice(0, -1).join('/');
    const url = new URL(path ? `/${path}/` : '/', site).href;
    // What the sitemap needs is all in `<head>`: the rest of the page is left unread.
    const { noindex, alternates } = headFacts(headOf(file));
    if (noindex) {
      excluded += 1;
      continue;
    }
    for (const [hreflang, href] of Object.entries(alternates)) alternates[hreflang] = new URL(href, site).href;
    pages.push({ url, alternates });
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

/** Writes `sitemap.xml` (and its parts, past `perFile` URLs) and a `robots.txt` that points to it. */
export function writeSitemap(outDir: string, site: string, { perFile = URLS_PER_SITEMAP } = {}): SitemapReport {
  const { pages, excluded } = sitemapPages(outDir, site);
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

/** `writeSitemap` in a worker thread of its own (`sitemap-worker.ts`), whose memory is given back when it ends. */
export function writeSitemapInWorker(outDir: string, site: string): Promise<SitemapReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./sitemap-worker.ts', import.meta.url), { workerData: { outDir, site } });
    let report: SitemapReport | undefined;
    worker.once('message', (message: SitemapReport) => (report = message));
    worker.once('error', reject);
    worker.once('exit', (code) => (report ? resolve(report) : reject(new Error(`sitemap: the worker stopped (exit ${code})`))));
  });
}
