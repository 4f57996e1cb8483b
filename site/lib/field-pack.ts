/**
 * The offline field pack of a locale: one ZIP with the downloadable resources in that language,
 * the spot videos' captions and transcripts, and an `index.html` that searches them with lunr
 * from a prebuilt index — opened straight from disk (`file://`), where Pagefind cannot run
 * because browsers refuse `fetch` and ES modules there. Everything in the pack is a classic
 * `<script src>` or a relative link.
 *
 * It finds what the online search finds (`tests/e2e/field-pack-parity.test.ts` holds it to that,
 * query by query, in every language): the words of each resource's page and of its PDFs in the
 * pack's language, stemmed in the pack's language (lunr-languages for Italian, Portuguese and
 * Romanian, Snowball's Lithuanian stemmer from `@orama/stemmers`), diacritics folded, prefixes
 * matched (`field-pack-lexicon.js`): "zmones" finds "žmonėmis", "scoli" finds "școli".
 * It also carries, for when there is no connection, the helplines of the country of its language
 * (`helplines.ts`, as every page's footer) and a word on browsing safely.
 *
 * One pack per locale is built once per build and shared by the page that describes it and the
 * endpoint that serves it. The index and the ZIP are made in a worker thread
 * (`field-pack-worker.cjs`), on the build's second core; the build starts the packs when it lists
 * the pages (`pages/[locale]/field-pack/[file].ts`), so they are ready when their pages render.
 * A pack whose content is unchanged since the last build is not started: Astro copies its ZIP and
 * page (`fieldPackKey`), since building a pack is slow on a large catalogue.
 */
import { config } from '@praxis/contract/config';
import { getCollection, type CollectionEntry } from 'astro:content';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { documentPages } from './document-text.ts';
import { decodeHTML, escapeUTF8 } from 'entities';
import { strToU8, type Zippable } from 'fflate';
import { displayNames } from '../i18n/formats.ts';
// The site's tokens, so the field pack wears Praxis's colours without the site's stylesheet.
import tokens from '../styles/tokens.css?raw';
import { getLocale } from '@praxis/contract/locales';
import { useTranslations } from '../i18n/t.ts';
import { cmsGet } from './cms-get.ts';
import { helplineGuide } from './helplines.ts';
import { mediaSources, mediaSourceUrl } from './cms-media.ts';
import { fieldPackKey, lastFieldPack } from './page-keys.ts';
import { resourceEntriesIn } from './resources.ts';
import { resourceUrl } from '@praxis/contract/urls';
// What the pack's page loads from disk, as text: the same lunr and stemmers the index is built with.
import lunrSource from 'lunr/lunr.min.js?raw';
import stemmerSupportSource from 'lunr-languages/min/lunr.stemmer.support.min.js?raw';
import lunrItSource from 'lunr-languages/min/lunr.it.min.js?raw';
import lunrPtSource from 'lunr-languages/min/lunr.pt.min.js?raw';
import lunrRoSource from 'lunr-languages/min/lunr.ro.min.js?raw';
import lexiconSource from './field-pack-lexicon.js?raw';
import packSearchSource from './field-pack-search.js?raw';
// The worker that builds a pack's index and ZIP, as text: it runs as it is, outside the bundle,
// with the module that writes the index from the texts' term counts.
import workerSource from './field-pack-worker.cjs?raw';
import indexSource from './field-pack-index.cjs?raw';

/** A module of the project's dependencies, resolved as the worker does (from the project, not the bundle). */
const dependency = (name: string) => createRequire(join(process.cwd(), 'package.json')).resolve(name);
/** Snowball's Lithuanian stemmer, compiled to CommonJS (the package offers no plain script). */
const lithuanianSource = readFileSync(dependency('@orama/stemmers/lithuanian'), 'utf8');

/**
 * The stemmer of each language: how the build's worker loads it, and the scripts the pack's page
 * loads it with. A language without one is searched with diacritics folded and prefixes only.
 */
const STEMMERS: Record<string, { kind: 'lunr-languages' | 'function'; module: string; scripts: Record<string, string> }> = {
  it: { kind: 'lunr-languages', module: 'lunr-languages/lunr.it.js', scripts: { 'lunr.stemmer.support.js': stemmerSupportSource, 'lunr.it.js': lunrItSource } },
  pt: { kind: 'lunr-languages', module: 'lunr-languages/lunr.pt.js', scripts: { 'lunr.stemmer.support.js': stemmerSupportSource, 'lunr.pt.js': lunrPtSource } },
  ro: { kind: 'lunr-languages', module: 'lunr-languages/lunr.ro.js', scripts: { 'lunr.stemmer.support.js': stemmerSupportSource, 'lunr.ro.js': lunrRoSource } },
  // Snowball's Lithuanian stemmer, compiled to CommonJS: on the page it gets an `exports` of its own.
  lt: {
    kind: 'function',
    module: '@orama/stemmers/lithuanian',
    scripts: { 'stemmer.lt.js': `(function () { var exports = {};\n${lithuanianSource}\nwindow.praxisStemmers = { lt: exports.stemmer };\n})();\n` },
  },
};
/** Files in the ZIP carry this date so that the same content gives the same bytes. */
const FIXED_DATE = new Date('2026-01-01T00:00:00Z');

/** A searchable item of the pack. */
export interface PackDocument {
  id: string;
  title: string;
  kind: string;
  summary: string;
  /** Links inside the pack (relative paths) with their labels. */
  links: { href: string; label: string }[];
  /** The same item online. */
  online: string;
}

export interface FieldPack {
  locale: string;
  fileName: string;
  zip: Uint8Array;
  /** Bytes of the serialized search index, raw and as stored (deflated) in the ZIP. */
  indexBytes: number;
  documents: PackDocument[];
  files: number;
}

const packs = new Map<string, Promise<FieldPack>>();

/** The field pack of `locale`, built once per build; its key is recorded once it is built (`page-keys.ts`). */
export function fieldPack(locale: string, site: URL): Promise<FieldPack> {
  let pack = packs.get(locale);
  if (!pack) {
    pack = buildFieldPack(locale, site).then(async (built) => {
      lastFieldPack.record(locale, await fieldPackKey(locale, site));
      return built;
    });
    packs.set(locale, pack);
  }
  return pack;
}

/** Each upload is downloaded once per build, however many resources list it. */
const downloads = new Map<string, Promise<Uint8Array>>();

function download(url: string): Promise<Uint8Array> {
  let bytes = downloads.get(url);
  if (!bytes) {
    bytes = cmsGet(url).then(async (response) => {
      if (!response.ok) throw new Error(`field pack: ${url} answered ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    });
    downloads.set(url, bytes);
  }
  return bytes;
}

const safeName = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-');
/**
 * The words of an entry's rendered body, for the pack's index. A regular expression, not htmlparser2:
 * the README's Benchmarks row for this file (`npm run bench:parse`).
 */
const plainText = (html: string) =>
  decodeHTML(html.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();

async function buildFieldPack(locale: string, site: URL): Promise<FieldPack> {
  const t = useTranslations(locale);
  const { lang } = getLocale(locale);
  const languageNames = displayNames(lang, 'language');
  const entries: Zippable = {};
  const documents: PackDocument[] = [];
  /** The texts searched as an item's body, in order: kept apart so that each one's terms are kept apart (`field-pack-worker.cjs`). */
  const texts = new Map<string, string[]>();
  const sourceOf = mediaSources();

  const resources = [...(await resourceEntriesIn(locale))].sort((a, b) => a.data.title.localeCompare(b.data.title, lang));
  for (const { data, rendered } of resources) {
    // The files in the pack's language: the pack is for reading offline in that language.
    const files = data.files.filter((file) => file.language === locale);
    const links: PackDocument['links'] = [];
    // The words inside its PDFs are searched too, as online (`scripts/pipeline/search-index.ts`).
    const parts = [plainText(rendered?.html ?? '')];
    for (const file of files) {
      const path = `files/${safeName(file.media.name)}`;
      const bytes = await download(sourceOf(file.media.url));
      entries[path] = [bytes, { mtime: FIXED_DATE, level: 0 }];
      links.push({ href: path, label: `${file.format.toUpperCase()}, ${languageNames.of(file.language) ?? file.language}` });
      if (file.format === 'pdf') parts.push(await pdfText(file.media, bytes));
    }
    const id = `resource:${data.key}`;
    documents.push({
      id,
      title: data.title,
      kind: t(`resource.kind.${data.kind}`),
      summary: data.summary,
      links,
      online: new URL(resourceUrl(locale, data.slug), site).href,
    });
    texts.set(id, parts);
  }

  const videos: CollectionEntry<'spotVideos'>[] = await getCollection('spotVideos', (entry) => entry.data.locale === locale);
  for (const { data } of videos) {
    const links: PackDocument['links'] = [];
    if (data.transcript) {
      const path = `transcripts/${safeName(data.slug)}.txt`;
      entries[path] = [strToU8(`${data.title}\n\n${data.transcript}\n`), { mtime: FIXED_DATE }];
      links.push({ href: path, label: t('fieldpack.transcript') });
    }
    for (const caption of data.captions.filter((track) => track.language === locale)) {
      const path = `captions/${safeName(data.slug)}.${caption.language}.vtt`;
      entries[path] = [await download(sourceOf(caption.file.url)), { mtime: FIXED_DATE }];
      links.push({ href: path, label: t('fieldpack.captions') });
    }
    const id = `video:${data.key}`;
    documents.push({
      id,
      title: data.title,
      kind: t('search.kind.spot-video'),
      summary: data.summary ?? '',
      links,
      online: new URL(`/${locale}/videos/${data.slug}/`, site).href,
    });
    texts.set(id, [data.transcript ?? '']);
  }

  const stemmer = STEMMERS[locale];
  const scripts = { 'lunr.js': lunrSource, ...stemmer?.scripts, 'lexicon.js': lexiconSource, 'pack-data.js': undefined, 'pack-search.js': packSearchSource };
  for (const [name, source] of Object.entries(scripts)) if (source !== undefined) entries[`search/${name}`] = [strToU8(source), { mtime: FIXED_DATE }];
  entries['index.html'] = [strToU8(await packHtml(locale, documents, Object.keys(scripts))), { mtime: FIXED_DATE }];

  // The index adds `search/pack-data.js`.
  const files = Object.keys(entries).length + 1;
  const { zip, indexBytes } = await inWorker({ locale, documents, texts: Object.fromEntries(texts), entries, mtime: FIXED_DATE.getTime() });
  return { locale, fileName: `praxis-field-pack-${locale}.zip`, zip, indexBytes, documents, files };
}

/** Set by `scripts/pipeline/astro-build.ts`: this bundled code cannot work out the data folder itself. */
const PDF_TEXT_CACHE = config().PRAXIS_PDF_TEXT_CACHE;

/** Each PDF's text is read once per build, however many resources list it (`pdfText`). */
const pdfTexts = new Map<string, Promise<string>>();

/**
 * The text of a PDF of the pack, its pages joined, from the cache the search index shares (a file
 * is read once, by whichever needs it first); none, with a warning, for a file that cannot be read.
 * Once per file and build: on a large catalogue many resources list the same file, and reading its
 * cache entry for each of them was work of the build's one JavaScript thread.
 */
function pdfText(media: { url: string; size: number; name: string }, bytes: Uint8Array): Promise<string> {
  let text = pdfTexts.get(media.url);
  if (!text) {
    text = pdfPages(media, bytes).then((pages) => pages.join(' '));
    pdfTexts.set(media.url, text);
  }
  return text;
}

// pdf.js takes the buffer it is given (it is detached after), and the ZIP still needs the file: it gets a copy.
async function pdfPages(media: { url: string; size: number; name: string }, bytes: Uint8Array): Promise<string[]> {
  try {
    return (await documentPages({ url: mediaSourceUrl(media.url), size: media.size }, PDF_TEXT_CACHE, async () => bytes.slice())).pages;
  } catch (error) {
    console.warn(`field pack: the text of ${media.name} is not searchable (${(error as Error).message.split('\n')[0]})`);
    return [];
  }
}

interface WorkerJob {
  locale: string;
  documents: PackDocument[];
  texts: Record<string, string[]>;
  entries: Zippable;
  mtime: number;
}

/**
 * What each pack's worker took, in seconds, for the build report's phases (read by
 * `scripts/pipeline/astro-build.ts`, in the same process, under this global's name): the whole
 * thread, and of it the index's writing (`field-pack-index.cjs`).
 */
const packWorkHolder = globalThis as { praxisFieldPackWork?: Record<string, { seconds: number; index: number }> };
packWorkHolder.praxisFieldPackWork ??= {};
const packWork = packWorkHolder.praxisFieldPackWork;

/** The pack being built; the next one waits for it, so that one pack's index is in memory at a time. */
let lastJob: Promise<unknown> = Promise.resolve();

/**
 * Builds a pack's index and ZIP in a worker thread of its own (`field-pack-worker.cjs`), one pack
 * after another. The thread ends with its pack, and its heap with it: one long-lived thread for
 * all four kept each pack's large lunr index until V8 chose to collect it, and held two at once.
 */
function inWorker(job: WorkerJob): Promise<{ zip: Uint8Array; indexBytes: number }> {
  const built = lastJob.then(() => inOwnWorker(job));
  lastJob = built.catch(() => undefined);
  return built;
}

function inOwnWorker(job: WorkerJob): Promise<{ zip: Uint8Array; indexBytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: {
        root: process.cwd(),
        stemmer: STEMMERS[job.locale] && { kind: STEMMERS[job.locale]!.kind, module: STEMMERS[job.locale]!.module },
        lexicon: lexiconSource,
        indexSource,
        termsFile: lastFieldPack.termsFile(job.locale),
        job,
      },
    });
    let answer: { zip: Uint8Array; indexBytes: number } | Error | undefined;
    type Answer = { zip?: Uint8Array; indexBytes?: number; timings?: Record<string, number>; error?: string };
    worker.once('message', ({ zip, indexBytes, timings, error }: Answer) => {
      answer = error || !zip ? new Error(`field pack ${job.locale}: ${error ?? 'no ZIP'}`) : { zip, indexBytes: indexBytes! };
      packWork[job.locale] = { seconds: (performance.now() - started) / 1000, index: (timings?.index ?? 0) / 1000 };
    });
    worker.once('error', (error) => (answer ??= error));
    worker.once('exit', (code) => {
      if (answer === undefined) reject(new Error(`field pack ${job.locale}: the worker stopped (exit ${code})`));
      else if (answer instanceof Error) reject(answer);
      else resolve(answer);
    });
  });
}

/**
 * The pack's own page: every item listed (so it works without search), a search box, the helplines
 * of the country of its language and a word on browsing safely. The items keep the order of
 * `documents`: the pack's index refers to an item by its position (`field-pack-worker.cjs`).
 */
async function packHtml(locale: string, documents: PackDocument[], scripts: string[]): Promise<string> {
  const t = useTranslations(locale);
  const { lang, dir } = getLocale(locale);
  const { country, own } = await helplineGuide(locale);
  const countryName = displayNames(lang, 'region').of(country) ?? country;
  const items = documents
    .map(
      (document) =>
        `<li id="${escapeUTF8(document.id)}"><p class="kind">${escapeUTF8(document.kind)}</p><h2>${escapeUTF8(document.title)}</h2><p>${escapeUTF8(document.summary)}</p><ul>${document.links.map((link) => `<li><a href="${escapeUTF8(link.href)}">${escapeUTF8(link.label)}</a></li>`).join('')}<li><a href="${escapeUTF8(document.online)}" rel="noreferrer">${escapeUTF8(t('fieldpack.online'))}</a></li></ul></li>`,
    )
    .join('\n');
  const call = (number: string) => `<a href="tel:${escapeUTF8(number.replace(/\s+/g, ''))}">${escapeUTF8(number)}</a>`;
  // As in every page's footer (`HelplineStrip.astro`): this country's helplines, or that plain fact and 112.
  const helplines =
    own.length > 0
      ? `<ul>${own.map(({ data }) => `<li>${call(data.number)} · ${escapeUTF8(data.name)}${data.region ? ` (${escapeUTF8(data.region)})` : ''}${data.available24h ? ` · ${escapeUTF8(t('helplines.24h'))}` : ''}</li>`).join('')}</ul>`
      : `<p>${escapeUTF8(t('helplines.none', { country: countryName }))} ${escapeUTF8(t('helplines.emergency'))} ${call('112')}</p>`;
  return `<!doctype html>
<html lang="${lang}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeUTF8(t('fieldpack.title'))} · ${escapeUTF8(t('site.name'))}</title>
<style>
${tokens.replace(/\/\*[\s\S]*?\*\//g, '')}
body{font-family:var(--font-sans);line-height:1.5;max-inline-size:48rem;margin:0 auto;padding:1rem;color:var(--color-ink);background:var(--color-paper)}
a{color:var(--color-brand)}input{font:inherit;padding:.4rem;inline-size:100%;max-inline-size:24rem;min-block-size:2.75rem;border:2px solid var(--color-line-strong)}
ol{padding:0;list-style:none}ol>li{border-block-end:1px solid var(--color-line);padding-block:.5rem}.kind{color:var(--color-ink-muted);margin:0}h2{font-size:1.1rem;margin:.2rem 0}
aside{border:2px solid var(--color-brand);border-radius:.4rem;padding:.5rem 1rem;margin-block:1rem}
:focus-visible{outline:var(--focus-ring);outline-offset:2px}
</style>
</head>
<body>
<main>
<h1>${escapeUTF8(t('fieldpack.title'))}</h1>
<p>${escapeUTF8(t('fieldpack.intro'))}</p>
<aside aria-labelledby="pack-help">
<h2 id="pack-help">${escapeUTF8(t('helplines.strip.title'))}</h2>
${helplines}
<h2>${escapeUTF8(t('fieldpack.safety.title'))}</h2>
<p>${escapeUTF8(t('fieldpack.safety.body'))}</p>
</aside>
<form role="search" id="pack-search" hidden>
<label for="pack-query">${escapeUTF8(t('fieldpack.search.label'))}</label><br>
<input id="pack-query" type="search" autocomplete="off">
<p id="pack-status" role="status" aria-live="polite" data-none="${escapeUTF8(t('fieldpack.search.none'))}" data-all="${escapeUTF8(t('fieldpack.search.all', { count: '{count}' }))}"></p>
</form>
<ol id="pack-items">
${items}
</ol>
</main>
${scripts.map((name) => `<script src="search/${name}"></script>`).join('\n')}
</body>
</html>
`;
}
