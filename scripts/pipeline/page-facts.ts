/**
 * What the sitemap (`sitemap.ts`), the release check (`release-check.ts`) and the search index's
 * fingerprints (`search-index.ts`) need to know of each page of a build, read once per page
 * *file*: whether it asks search engines to leave it out, its real translations, the site paths its
 * internal links and assets point to, and a hash of its bytes.
 *
 * A page Astro reused from the build before is a hard link to the same file as then
 * (`linked-pages.ts`), and no file of a build is ever changed in place, so a page whose file has
 * the identity it had (device, inode, modification time in ns, size) holds the same bytes: its
 * facts are taken from the last build's record (`cacheFile`, in Astro's cache folder) without
 * reading it. A one-item publish reads the few pages that were rendered again, not the 55,000 of a
 * large catalogue. The record is kept for one site URL and set of CMS origins; another gives a
 * record of its own.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { decodeHTMLAttribute } from 'entities';
import { Parser } from 'htmlparser2';
import { API_ROUTE, MEDIA_ROUTE } from '../../site/lib/cms-media.ts';

export interface PageFacts {
  /** Site path of the file: "/it/resources/kit/index.html". */
  page: string;
  /** Device, inode, modification time and size of the file the facts were read from. */
  file: string;
  /** SHA-256 of its bytes (base64), for the search index's fingerprints (`search-index.ts`). */
  hash: string;
  /** The page asks not to be indexed (fallback pages, 404s, tools). */
  noindex: boolean;
  /** Its real translations, language tag → absolute URL. */
  alternates: Record<string, string>;
  /** Internal links and assets on the page (each occurrence). */
  links: number;
  /** The site paths they point to, once each, as indexes into `ReleaseFacts.targets`. */
  targets: number[];
  /** The page links to the CMS's own origin, which the check refuses (it reads the page again to say where). */
  linksToCms: boolean;
}

export interface ReleaseFacts {
  /** Every `.html` file of the build outside `_astro/` and `pagefind/`, in a stable order. */
  pages: PageFacts[];
  /** The site paths the pages' links point to, decoded, each once. */
  targets: string[];
  /** Pages read for this build; the others' facts were the last build's. */
  read: number;
}

export interface FactsOptions {
  /** The site's public URL: links to it are internal, and alternates are made absolute with it. */
  site: string;
  /** The CMS's addresses (`cmsOrigins()` of site/lib/cms-media.ts). */
  cmsOrigins?: readonly string[];
  /** Where the facts of the last build are kept and this build's are written; none: every page is read. */
  cacheFile?: string | undefined;
}

/**
 * A link, source or form target as Astro writes it (double-quoted; its entities are decoded after). Read with
 * an expression rather than an HTML parser: a full build reads every page, and a parser was several
 * times slower (the README's Benchmarks row for `release-check.ts`, `npm run bench:parse`).
 */
export const LINK = /\s(?:href|src|action)="([^"#?]*)[^"]*"/g;

/** What a page's link is to the release check. */
export type LinkKind = { kind: 'cms' } | { kind: 'outside' } | { kind: 'internal'; path: string };

/** Classifies the raw value of a link on `page` (a site path), as the site server would resolve it. */
export function classifyLink(raw: string, page: string, origin: string, cmsOrigins: readonly string[]): LinkKind {
  let target = decodeHTMLAttribute(raw);
  if (target.startsWith(origin)) target = target.slice(origin.length) || '/';
  // The CMS's origin has another look, no quick exit and no helplines: its files and API are
  // reached through the site (`/media/`, `/api/`).
  if (cmsOrigins.some((cms) => target.startsWith(`${cms.replace(/\/+$/, '')}/`) || target === cms)) return { kind: 'cms' };
  // Other hosts, protocols and in-page anchors are not ours to check, nor what the site server
  // passes to the CMS (its API, the media library's files): they are no part of a release.
  if (target === '' || target.startsWith('//') || /^[a-z][a-z0-9+.-]*:/i.test(target)) return { kind: 'outside' };
  if (target.startsWith(API_ROUTE) || target.startsWith(MEDIA_ROUTE)) return { kind: 'outside' };
  let path = target.startsWith('/') ? target : posix.join(posix.dirname(page), target);
  if (target.endsWith('/') && !path.endsWith('/')) path += '/';
  return { kind: 'internal', path: path.includes('%') ? safeDecode(path) : path };
}

function safeDecode(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

/**
 * The pages of a build, as site paths ("/it/resources/kit/index.html"), in a stable order.
 * Pagefind's bundles and Astro's assets hold no pages: their tens of thousands of files are not walked.
 */
export function pagesOf(dir: string, path = ''): string[] {
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

/** What the sitemap reads in a page's `<head>`. */
export interface HeadFacts {
  /** The page asks search engines to leave it out (`<meta name="robots" content="noindex">`). */
  noindex: boolean;
  /** Its translations, language tag → `href` as written (`<link rel="alternate" hreflang>`). */
  alternates: Record<string, string>;
}

/**
 * Reads a page's head with htmlparser2's tokenizer (no DOM): a tag inside a comment or a style is
 * not taken for one, and attributes come decoded. The README's Benchmarks row for `sitemap.ts`
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

/** The record kept between builds: the options it holds for, the target table, and each page's facts. */
interface Record_ {
  version: 2;
  site: string;
  cmsOrigins: readonly string[];
  targets: string[];
  pages: PageFacts[];
}

function readRecord(file: string | undefined, site: string, cmsOrigins: readonly string[]): Record_ | undefined {
  if (!file) return undefined;
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as Record_;
    if (record.version !== 2 || record.site !== site || JSON.stringify(record.cmsOrigins) !== JSON.stringify(cmsOrigins)) return undefined;
    return record;
  } catch {
    return undefined;
  }
}

/** Pages read between two turns of the event loop, so that what runs beside (the CMS listings of the check) goes on. */
const PAGES_PER_BATCH = 100;

/** The facts of every page of the build in `dir`, reading only the page files the last build did not record. */
export async function collectPageFacts(dir: string, { site, cmsOrigins = [], cacheFile }: FactsOptions): Promise<ReleaseFacts> {
  const origin = new URL(site).origin;
  const previous = readRecord(cacheFile, site, cmsOrigins);
  const known = new Map(previous?.pages.map((facts) => [facts.file, facts]));
  // The last build's table of targets is kept, so that a reused page's indexes stay as they are.
  let targets: string[] = previous ? previous.targets : [];
  const targetIndex = new Map(targets.map((path, index) => [path, index]));
  const intern = (path: string) => {
    let index = targetIndex.get(path);
    if (index === undefined) {
      index = targets.push(path) - 1;
      targetIndex.set(path, index);
    }
    return index;
  };
  const pages: PageFacts[] = [];
  let read = 0;
  for (const page of pagesOf(dir)) {
    const stat = statSync(join(dir, page), { bigint: true });
    const file = `${stat.dev}:${stat.ino}:${stat.mtimeNs}:${stat.size}`;
    const before = known.get(file);
    if (before && before.page === page) {
      pages.push(before);
      continue;
    }
    const bytes = readFileSync(join(dir, page));
    const html = bytes.toString('utf8');
    if (++read % PAGES_PER_BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
    const end = html.indexOf('</head>');
    const head = end === -1 ? html : html.slice(0, end);
    const { noindex, alternates } = headFacts(head);
    for (const [hreflang, href] of Object.entries(alternates)) alternates[hreflang] = new URL(href, site).href;
    const facts: PageFacts = {
      page,
      file,
      hash: createHash('sha256').update(bytes).digest('base64'),
      noindex,
      alternates,
      links: 0,
      targets: [],
      linksToCms: false,
    };
    const seen = new Set<number>();
    for (const [, raw] of html.matchAll(LINK)) {
      const link = classifyLink(raw!, page, origin, cmsOrigins);
      if (link.kind === 'cms') facts.linksToCms = true;
      if (link.kind !== 'internal') continue;
      facts.links++;
      seen.add(intern(link.path));
    }
    facts.targets = [...seen];
    pages.push(facts);
  }
  targets = compacted(pages, targets);
  if (cacheFile) {
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ version: 2, site, cmsOrigins, targets, pages } satisfies Record_));
    renameSync(temporary, cacheFile);
  }
  return { pages, targets, read };
}

/**
 * The table of targets without those no page links to any more, once they are half of it (the
 * pages' indexes renumbered): kept from build to build, it would otherwise only grow.
 */
function compacted(pages: PageFacts[], targets: string[]): string[] {
  const used = new Uint8Array(targets.length);
  let count = 0;
  for (const facts of pages) {
    for (const index of facts.targets) {
      if (used[index] === 0) count++;
      used[index] = 1;
    }
  }
  if (count * 2 >= targets.length) return targets;
  const renumbered = new Int32Array(targets.length);
  const kept: string[] = [];
  targets.forEach((path, index) => {
    if (used[index]) renumbered[index] = kept.push(path) - 1;
  });
  for (const facts of pages) facts.targets = facts.targets.map((index) => renumbered[index]!);
  return kept;
}
