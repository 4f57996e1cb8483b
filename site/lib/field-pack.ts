/**
 * The offline field pack of a locale: one ZIP with the downloadable resources in that language,
 * the spot videos' captions and transcripts, and an `index.html` that searches them with lunr
 * from a prebuilt index — opened straight from disk (`file://`), where Pagefind cannot run
 * because browsers refuse `fetch` and ES modules there. Everything in the pack is a classic
 * `<script src>` or a relative link.
 *
 * Stemming: lunr-languages stems Italian, Portuguese and Romanian, so "tratta" finds "tratte".
 * Lithuanian has no lunr stemmer: its pipeline only folds diacritics (ą č ę ė į š ų ū ž → a c e e
 * i s u u z) in the index and in the query, so "zmonemis" finds "žmonėmis" and "prekyba" finds
 * "prekybą"; it does not stem, so "prekyba" does not find "prekybos".
 *
 * One pack per locale is built once per build and shared by the page that describes it and the
 * endpoint that serves it. The index and the ZIP are made in a worker thread
 * (`field-pack-worker.cjs`), on the build's second core; the build starts the packs when it lists
 * the pages (`pages/[locale]/field-pack/[file].ts`), so they are ready when their pages render.
 * A pack whose content is unchanged since the last build is not started: Astro copies its ZIP and
 * page (`fieldPackKey`); at 10,000 resources each pack took its worker 12–15 s.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { Worker } from 'node:worker_threads';
import { strToU8, type Zippable } from 'fflate';
import { displayNames } from '../i18n/formats.ts';
import { getLocale } from '../i18n/locales.ts';
import { useTranslations } from '../i18n/t.ts';
import { cmsGet } from './cms-get.ts';
import { mediaUrl } from './cms-media.ts';
import { fieldPackKey, lastFieldPack } from './page-keys.ts';
import { resourceUrl } from './urls.ts';
// What the pack's page loads from disk, as text: the same lunr and stemmers the index is built with.
import lunrSource from 'lunr/lunr.min.js?raw';
import stemmerSupportSource from 'lunr-languages/min/lunr.stemmer.support.min.js?raw';
import lunrItSource from 'lunr-languages/min/lunr.it.min.js?raw';
import lunrPtSource from 'lunr-languages/min/lunr.pt.min.js?raw';
import lunrRoSource from 'lunr-languages/min/lunr.ro.min.js?raw';
import packSearchSource from './field-pack-search.js?raw';
// The worker that builds a pack's index and ZIP, as text: it runs as it is, outside the bundle.
import workerSource from './field-pack-worker.cjs?raw';

/** The stemmers of the languages lunr-languages can stem, as the pack's page loads them; the others fold diacritics only. */
const STEMMERS: Record<string, string> = { it: lunrItSource, pt: lunrPtSource, ro: lunrRoSource };
/** The label of the folding function, shared by the build (`field-pack-worker.cjs`) and the pack's own script. */
export const FOLD_LABEL = 'praxis-fold-diacritics';
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

const safeName = (name: string) => name.normalize('NFD').replace(/\p{Mn}/gu, '').replace(/[^A-Za-z0-9._-]+/g, '-');
/** The words of an entry's rendered body, for the pack's index. */
const plainText = (html: string) =>
  html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" })[entity]!)
    .replace(/\s+/g, ' ')
    .trim();

async function buildFieldPack(locale: string, site: URL): Promise<FieldPack> {
  const t = useTranslations(locale);
  const { lang } = getLocale(locale);
  const languageNames = displayNames(lang, 'language');
  const entries: Zippable = {};
  const documents: PackDocument[] = [];
  const bodies = new Map<string, string>();

  const resources = (await getCollection('resources', (entry) => entry.data.locale === locale)).sort((a, b) => a.data.title.localeCompare(b.data.title, lang));
  for (const { data, rendered } of resources) {
    // The files in the pack's language: the pack is for reading offline in that language.
    const files = data.files.filter((file) => file.language === locale);
    const links: PackDocument['links'] = [];
    for (const file of files) {
      const path = `files/${safeName(file.media.name)}`;
      entries[path] = [await download(mediaUrl(file.media.url)), { mtime: FIXED_DATE, level: 0 }];
      links.push({ href: path, label: `${file.format.toUpperCase()}, ${languageNames.of(file.language) ?? file.language}` });
    }
    const id = `resource:${data.key}`;
    documents.push({ id, title: data.title, kind: t(`resource.kind.${data.kind}`), summary: data.summary, links, online: new URL(resourceUrl(locale, data.slug), site).href });
    bodies.set(id, plainText(rendered?.html ?? ''));
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
      entries[path] = [await download(mediaUrl(caption.file.url)), { mtime: FIXED_DATE }];
      links.push({ href: path, label: t('fieldpack.captions') });
    }
    const id = `video:${data.key}`;
    documents.push({ id, title: data.title, kind: t('search.kind.spot-video'), summary: data.summary ?? '', links, online: new URL(`/${locale}/videos/${data.slug}/`, site).href });
    bodies.set(id, data.transcript ?? '');
  }

  entries['search/lunr.js'] = [strToU8(lunrSource), { mtime: FIXED_DATE }];
  const stemmer = STEMMERS[locale];
  if (stemmer) {
    entries['search/lunr.stemmer.support.js'] = [strToU8(stemmerSupportSource), { mtime: FIXED_DATE }];
    entries[`search/lunr.${locale}.js`] = [strToU8(stemmer), { mtime: FIXED_DATE }];
  }
  entries['search/pack-search.js'] = [strToU8(packSearchSource), { mtime: FIXED_DATE }];
  entries['index.html'] = [strToU8(packHtml(locale, documents)), { mtime: FIXED_DATE }];

  // The index adds `search/pack-data.js`.
  const files = Object.keys(entries).length + 1;
  const { zip, indexBytes } = await inWorker({ locale, stemmed: stemmer !== undefined, documents, bodies: Object.fromEntries(bodies), entries, mtime: FIXED_DATE.getTime() });
  return { locale, fileName: `praxis-field-pack-${locale}.zip`, zip, indexBytes, documents, files };
}

interface WorkerJob {
  locale: string;
  stemmed: boolean;
  documents: PackDocument[];
  bodies: Record<string, string>;
  entries: Zippable;
  mtime: number;
}

/** The pack being built; the next one waits for it, so that one pack's index is in memory at a time. */
let lastJob: Promise<unknown> = Promise.resolve();

/**
 * Builds a pack's index and ZIP in a worker thread of its own (`field-pack-worker.cjs`), one pack
 * after another. The thread ends with its pack, and its heap with it: one long-lived thread for
 * all four kept each pack's lunr index (about 450 MB at 10,000 resources) until V8 chose to
 * collect it, and held two at once, 1.4 GB.
 */
function inWorker(job: WorkerJob): Promise<{ zip: Uint8Array; indexBytes: number }> {
  const built = lastJob.then(() => inOwnWorker(job));
  lastJob = built.catch(() => undefined);
  return built;
}

function inOwnWorker(job: WorkerJob): Promise<{ zip: Uint8Array; indexBytes: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource, { eval: true, workerData: { root: process.cwd(), stemmers: Object.keys(STEMMERS), foldLabel: FOLD_LABEL, job } });
    let answer: { zip: Uint8Array; indexBytes: number } | Error | undefined;
    worker.once('message', ({ zip, indexBytes, error }: { zip?: Uint8Array; indexBytes?: number; error?: string }) => {
      answer = error || !zip ? new Error(`field pack ${job.locale}: ${error ?? 'no ZIP'}`) : { zip, indexBytes: indexBytes! };
    });
    worker.once('error', (error) => (answer ??= error));
    worker.once('exit', (code) => {
      if (answer === undefined) reject(new Error(`field pack ${job.locale}: the worker stopped (exit ${code})`));
      else if (answer instanceof Error) reject(answer);
      else resolve(answer);
    });
  });
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The pack's own page: every item listed (so it works without search), and a search box. The items
 * keep the order of `documents`: the pack's index refers to an item by its position (`field-pack-worker.cjs`).
 */
function packHtml(locale: string, documents: PackDocument[]): string {
  const t = useTranslations(locale);
  const { lang, dir } = getLocale(locale);
  const stemmed = locale in STEMMERS;
  const items = documents
    .map(
      (document) => `<li id="${escapeHtml(document.id)}"><p class="kind">${escapeHtml(document.kind)}</p><h2>${escapeHtml(document.title)}</h2><p>${escapeHtml(document.summary)}</p><ul>${document.links.map((link) => `<li><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></li>`).join('')}</ul></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="${lang}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t('fieldpack.title'))} · ${escapeHtml(t('site.name'))}</title>
<style>
body{font-family:system-ui,sans-serif;line-height:1.5;max-inline-size:48rem;margin:0 auto;padding:1rem;color:#1d232b;background:#fbfaf7}
a{color:#0b5c8c}input{font:inherit;padding:.4rem;inline-size:100%;max-inline-size:24rem}
ol{padding:0;list-style:none}ol>li{border-block-end:1px solid #d9dde2;padding-block:.5rem}.kind{color:#55606e;margin:0}h2{font-size:1.1rem;margin:.2rem 0}
:focus-visible{outline:3px solid #0b5c8c;outline-offset:2px}
</style>
</head>
<body>
<main>
<h1>${escapeHtml(t('fieldpack.title'))}</h1>
<p>${escapeHtml(t('fieldpack.intro'))}</p>
<form role="search" id="pack-search" hidden>
<label for="pack-query">${escapeHtml(t('fieldpack.search.label'))}</label><br>
<input id="pack-query" type="search" autocomplete="off">
<p id="pack-status" role="status" aria-live="polite" data-none="${escapeHtml(t('fieldpack.search.none'))}" data-all="${escapeHtml(t('fieldpack.search.all', { count: '{count}' }))}"></p>
</form>
<ol id="pack-items">
${items}
</ol>
</main>
<script src="search/lunr.js"></script>
${stemmed ? `<script src="search/lunr.stemmer.support.js"></script>\n<script src="search/lunr.${locale}.js"></script>` : ''}
<script src="search/pack-data.js"></script>
<script src="search/pack-search.js"></script>
</body>
</html>
`;
}
