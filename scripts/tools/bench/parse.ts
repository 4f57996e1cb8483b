/**
 * Reading built HTML: the three places the pipeline and the site take something out of a page,
 * each done with a regular expression and with htmlparser2's streaming `Parser` (its tokenizer and
 * callbacks, no DOM), on real built pages, side by side:
 *
 * - the sitemap: a page's `<head>`, for `<meta name="robots">` and `<link rel="alternate" hreflang>`
 *   (`scripts/pipeline/sitemap.ts`);
 * - the release check: every `href`, `src` and `action` of a page (`scripts/pipeline/release-check.ts`);
 * - the field pack: the words of a resource's rendered body (`site/lib/field-pack.ts`), here the
 *   `<main>` of each built resource page.
 *
 * Pages are read into memory first: reading a file costs both the same. Each extraction runs over
 * every page (again and again, to at least 5,000 a round) a number of rounds after as many to warm
 * up; the figure is the median round, as milliseconds a page and as seconds at 55,000 pages (a full
 * build of the 10,000-resource corpus, about 13,700 pages a locale). Both ways must find the same things on every page, or the run fails.
 * Whichever way the code ships is the code's own function; the other is kept here, to be measured.
 *
 *   npm run bench:parse                 (builds the seed site on a throwaway portal)
 *   npm run bench:parse -- <built site> (an existing build, e.g. the publisher's `current`)
 *   npm run bench:parse -- <built site> 20   (rounds; 10 unless told)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { decodeHTML, decodeHTMLAttribute } from 'entities';
import { Parser } from 'htmlparser2';
import { LINK } from '../../pipeline/release-check.ts';
import { headFacts, type HeadFacts } from '../../pipeline/sitemap.ts';
import { startBenchPortal } from './portal.ts';

const FULL_BUILD_PAGES = 55_000;
const ROUNDS = Number(process.argv[3] ?? 10);

interface Extraction<T> {
  name: string;
  where: string;
  /** The input of each page the extraction reads. */
  input: (page: BuiltPage) => string | undefined;
  regex: (html: string) => T;
  parser: (html: string) => T;
}

interface BuiltPage {
  path: string;
  html: string;
}

// The sitemap: the attributes it needs from a page's head. With htmlparser2: `headFacts` of sitemap.ts.

function headRegex(html: string): HeadFacts {
  const tags = (tag: string) =>
    [...html.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'gi'))].map((match) => {
      const attributes: Record<string, string> = {};
      for (const attribute of match[1]!.matchAll(/([\w:-]+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
        attributes[attribute[1]!.toLowerCase()] = decodeHTMLAttribute(attribute[3] ?? attribute[4] ?? attribute[5] ?? '');
      }
      return attributes;
    });
  const alternates: Record<string, string> = {};
  for (const link of tags('link')) if (link.rel === 'alternate' && link.hreflang && link.href) alternates[link.hreflang] = link.href;
  return { noindex: tags('meta').some((meta) => meta.name?.toLowerCase() === 'robots' && /noindex/i.test(meta.content ?? '')), alternates };
}

// The release check: every link, source and form target, up to its query or fragment. With a regular
// expression: `LINK` of release-check.ts.

function linksRegex(html: string): string[] {
  return [...html.matchAll(LINK)].map(([, raw]) => decodeHTMLAttribute(raw!));
}

function linksParser(html: string): string[] {
  const links: string[] = [];
  new Parser({
    onattribute(name, value) {
      if (name === 'href' || name === 'src' || name === 'action') links.push(value.replace(/[#?].*$/s, ''));
    },
  }).end(html);
  return links;
}

// The field pack: the words of a rendered body. With a regular expression: `plainText` of field-pack.ts
// (which Node cannot import: it is the site's, built by Astro).

function wordsRegex(html: string): string {
  return decodeHTML(html.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

function wordsParser(html: string): string {
  let text = '';
  // A tag separates words; an entity comes as text of its own, inside a word.
  const gap = () => {
    text += ' ';
  };
  new Parser({
    ontext(data) {
      text += data;
    },
    onopentagname: gap,
    onclosetag: gap,
  }).end(html);
  return text.replace(/\s+/g, ' ').trim();
}

/** A built site's pages, as the sitemap and the release check find them. */
function builtPages(dist: string): BuiltPage[] {
  const pages: BuiltPage[] = [];
  for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
    const path = relative(dist, join(entry.parentPath, entry.name)).split(sep).join('/');
    if (entry.isFile() && entry.name.endsWith('.html') && !/^(?:pagefind|_astro)\//.test(path)) {
      pages.push({ path, html: readFileSync(join(dist, path), 'utf8') });
    }
  }
  return pages;
}

const head = ({ html }: BuiltPage) => {
  const end = html.indexOf('</head>');
  return end === -1 ? html : html.slice(0, end);
};

const resourceMain = ({ path, html }: BuiltPage) => {
  if (!/^[^/]+\/resources\/[^/]+\/index\.html$/.test(path)) return undefined;
  const start = html.indexOf('<main');
  const end = html.indexOf('</main>');
  return start === -1 || end === -1 ? undefined : html.slice(start, end + '</main>'.length);
};

const EXTRACTIONS: Extraction<unknown>[] = [
  { name: 'sitemap: robots and alternates', where: 'head', input: head, regex: headRegex, parser: headFacts },
  { name: 'release check: links', where: 'page', input: ({ html }) => html, regex: linksRegex, parser: linksParser },
  { name: 'field pack: words of a body', where: 'resource <main>', input: resourceMain, regex: wordsRegex, parser: wordsParser },
];

/** Extractions a round does at least, going over the inputs again as often as needed: a small site has few resource pages. */
const PER_ROUND = 5_000;

/** The median of `ROUNDS` rounds of `extract` over the inputs, after as many to warm up, in milliseconds an input. */
function msPerInput(inputs: string[], extract: (html: string) => unknown): number {
  const passes = Math.ceil(PER_ROUND / inputs.length);
  const rounds: number[] = [];
  for (let round = 0; round < 2 * ROUNDS; round++) {
    const started = performance.now();
    for (let pass = 0; pass < passes; pass++) for (const html of inputs) extract(html);
    if (round >= ROUNDS) rounds.push((performance.now() - started) / (passes * inputs.length));
  }
  rounds.sort((a, b) => a - b);
  return rounds[Math.floor(rounds.length / 2)]!;
}

async function main(): Promise<void> {
  const given = process.argv[2];
  const portal = given ? undefined : await startBenchPortal();
  try {
    const pages = builtPages(given ?? portal!.dist);
    console.log(
      `\n${pages.length} built pages, ${ROUNDS} rounds each of at least ${PER_ROUND.toLocaleString('en')} (median), projected at ${FULL_BUILD_PAGES.toLocaleString('en')} pages.\n`,
    );
    console.log('extraction                        read               inputs   KB avg   regex ms/page   parser ms/page   regex s   parser s   parser − regex');
    for (const extraction of EXTRACTIONS) {
      const inputs = pages.map(extraction.input).filter((input): input is string => input !== undefined);
      for (const [index, html] of inputs.entries()) {
        const [regex, parser] = [JSON.stringify(extraction.regex(html)), JSON.stringify(extraction.parser(html))];
        if (regex !== parser)
          throw new Error(`${extraction.name}: the two ways disagree on input ${index}:\n  regex:  ${regex.slice(0, 400)}\n  parser: ${parser.slice(0, 400)}`);
      }
      const kb = inputs.reduce((sum, html) => sum + html.length, 0) / inputs.length / 1024;
      const regex = msPerInput(inputs, extraction.regex);
      const parser = msPerInput(inputs, extraction.parser);
      const seconds = (ms: number) => (ms * FULL_BUILD_PAGES) / 1000;
      console.log(
        `${extraction.name.padEnd(33)} ${extraction.where.padEnd(16)} ${String(inputs.length).padStart(8)} ${kb.toFixed(1).padStart(8)} ${regex.toFixed(3).padStart(15)} ${parser.toFixed(3).padStart(16)} ${seconds(regex).toFixed(1).padStart(9)} ${seconds(parser).toFixed(1).padStart(10)} ${`${(seconds(parser) - seconds(regex)).toFixed(1)} s`.padStart(16)}`,
      );
    }
  } finally {
    await portal?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
