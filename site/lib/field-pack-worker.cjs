/**
 * The heavy half of a field pack (`field-pack.ts`), run in a worker thread so that it takes the
 * build's second core while the pages render: the lunr index of the pack's documents, the script
 * that carries it, and the ZIP, which on a large catalogue are a large share of the work of the
 * build's one JavaScript thread. A thread builds one pack, given in `workerData.job`, posts it and ends.
 *
 * Started with `eval: true` from the text of this file, so the bundler leaves it as it is; lunr is
 * read from the project's node_modules (`workerData.root`), with the stemmer of the pack's locale
 * (`workerData.stemmer`: a lunr-languages module or a plain `word → stem` function's module).
 * Words become index terms through `field-pack-lexicon.js` (`workerData.lexicon`, its text), the
 * same script the pack's page searches with.
 *
 * Turning text into terms (lunr's tokenizer, then the lexicon's stems and folds, three terms a
 * word) was most of a pack's time, and a one-item edit rebuilt every pack of its language from
 * every text. So the terms of each text (a title, a summary, a page's body, a PDF's text, a
 * transcript) are kept from build to build in Astro's cache folder (`workerData.termsFile`), by
 * the text's hash, as counts (each distinct term, in the order it first appears, with how often it
 * occurs), and only texts not seen before are analysed. lunr's tokenizer splits a text on spaces and
 * hyphens and its pipeline maps each token alone, so the terms of texts joined by a space are the
 * terms of each, in order. The index is then written from those counts by `field-pack-index.cjs`
 * (`workerData.indexSource`, its text) rather than by lunr's builder, term by term: the same bytes
 * as lunr's builder over the texts, as a full build without the cache makes.
 */
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { createRequire } = require('node:module');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { crc32, deflateRawSync } = require('node:zlib');
const { dirname, join } = require('node:path');
const { runInThisContext } = require('node:vm');

const load = createRequire(join(workerData.root, 'package.json'));
const lunr = load('lunr');
const { Zip } = load('fflate');
const { locale } = workerData.job;
const stemmer = workerData.stemmer;
/** The code that decides a text's terms: kept terms made by other code are not used. */
const analysis = createHash('sha256').update('counts\0').update(lunr.version).update('\0').update(workerData.lexicon);
if (stemmer?.kind === 'lunr-languages') {
  load('lunr-languages/lunr.stemmer.support.js')(lunr);
  load(stemmer.module)(lunr);
  analysis.update(readFileSync(load.resolve('lunr-languages/lunr.stemmer.support.js')));
} else if (stemmer?.kind === 'function') {
  globalThis.praxisStemmers = { [locale]: load(stemmer.module).stemmer };
}
if (stemmer) analysis.update('\0').update(readFileSync(load.resolve(stemmer.module)));
const analysisVersion = analysis.update('\0').update(locale).digest('base64url');
runInThisContext(workerData.lexicon);
const lexicon = globalThis.PraxisPackLexicon;
const terms = lexicon.indexPipeline(lunr, locale);
lunr.Pipeline.registerFunction(terms, 'praxis-terms');
const analyse = new lunr.Pipeline();
analyse.add(terms);
/** `field-pack-index.cjs`, evaluated from its text as a CommonJS module. */
const indexModule = { exports: {} };
new Function('module', 'exports', workerData.indexSource)(indexModule, indexModule.exports);
const { serialisedIndex } = indexModule.exports;

/**
 * The terms of each text by its hash, as the last build left them: each distinct term then its
 * count, space-separated (a term never holds a space), in the order the terms first appear.
 */
function keptTerms(file) {
  try {
    const kept = JSON.parse(readFileSync(file, 'utf8'));
    if (kept.analysis === analysisVersion) return new Map(Object.entries(kept.terms));
  } catch {
    // None kept yet, or unreadable: every text is analysed.
  }
  return new Map();
}

/**
 * A ZIP of `entries` (name → [bytes, options]): stored where `options.level` is 0 (the PDFs, which
 * are compressed already), else deflated at level 6, every file dated `mtime` so that the same
 * entries give the same bytes. fflate writes the archive; the deflating is Node's zlib, handed to
 * fflate as each entry's finished data, since fflate's own deflate in JavaScript took 4.3 s for a
 * pack at 10,000 resources where zlib takes 1.4 s (the README's Benchmarks row for this file).
 */
function zipOf(entries, mtime) {
  const chunks = [];
  let failure;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else chunks.push(chunk);
  });
  for (const [filename, [bytes, options]] of Object.entries(entries)) {
    const stored = options?.level === 0;
    // An entry whose data is given whole: fflate takes its size, CRC and method as they are.
    const entry = { filename, mtime, size: bytes.length, crc: crc32(bytes), compression: stored ? 0 : 8 };
    zip.add(entry);
    entry.ondata(null, stored ? bytes : deflateRawSync(bytes, { level: 6 }), true);
  }
  zip.end();
  if (failure) throw failure;
  // One buffer of its own, so that it can be handed to the build's thread without a copy.
  const archive = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    archive.set(chunk, at);
    at += chunk.length;
  }
  return archive;
}

/** Builds the pack of `workerData.job`: posts its ZIP, or the error. */
function buildPack({ documents, texts, entries, mtime }) {
  try {
    const termsFile = workerData.termsFile;
    const timings = {};
    let since = performance.now();
    const lap = (name) => {
      const now = performance.now();
      timings[name] = Math.round(now - since);
      since = now;
    };
    const kept = termsFile ? keptTerms(termsFile) : new Map();
    lap('read');
    /** The kept form of each text used in this build, by hash. */
    const used = new Map();
    /** Each text's terms as counts, one object per distinct text (`field-pack-index.cjs` numbers a text's terms once). */
    const counted = new Map();
    /** A text's hash, worked out once however many documents share the text (a PDF of many resources). */
    const keys = new Map();
    let analysed = 0;
    const termsOf = (text) => {
      let key = keys.get(text);
      if (key === undefined) {
        key = createHash('sha256').update(text).digest('base64url');
        keys.set(text, key);
      }
      let counts = counted.get(key);
      if (counts) return counts;
      let form = kept.get(key);
      if (form === undefined) {
        const occurrences = new Map();
        for (const term of analyse.run(lunr.tokenizer(text))) {
          const word = String(term);
          occurrences.set(word, (occurrences.get(word) ?? 0) + 1);
        }
        form = [...occurrences].flat().join(' ');
        analysed += 1;
      }
      used.set(key, form);
      counts = { terms: [], counts: [], length: 0 };
      const parts = form === '' ? [] : form.split(' ');
      for (let i = 0; i < parts.length; i += 2) {
        const count = Number(parts[i + 1]);
        counts.terms.push(parts[i]);
        counts.counts.push(count);
        counts.length += count;
      }
      counted.set(key, counts);
      return counts;
    };
    // A document's ref is its position in the list, the same as on the pack's page: lunr repeats
    // the ref in every posting, so a short one keeps the index small. Its fields: title (boosted
    // 10), summary (3) and body, each the terms of its texts one after the other.
    const fields = [{ name: 'title', boost: 10 }, { name: 'summary', boost: 3 }, { name: 'body' }];
    const fieldTexts = documents.map((document) => [[termsOf(document.title)], [termsOf(document.summary)], (texts[document.id] ?? []).map(termsOf)]);
    lap('terms');
    // Queries are turned into terms by the pack's page itself (`lexicon.search`): the index has no search pipeline to load there.
    const index = serialisedIndex({ version: lunr.version, fields, documents: fieldTexts });
    lap('index');
    const data = Buffer.concat([Buffer.from(`window.PRAXIS_PACK = {"locale":${JSON.stringify(locale)},"index":`), index, Buffer.from('};\n')]);
    entries['search/pack-data.js'] = [data];
    const zip = zipOf(entries, new Date(mtime));
    lap('zip');
    if (termsFile) {
      // Only this build's texts, so texts no longer in the pack are dropped; written aside, then
      // renamed, so that a build stopped halfway never leaves half a file.
      mkdirSync(dirname(termsFile), { recursive: true });
      // With how many texts this build analysed, which says what the kept terms spared it.
      writeFileSync(`${termsFile}.tmp`, JSON.stringify({ analysis: analysisVersion, analysed, terms: Object.fromEntries(used) }));
      renameSync(`${termsFile}.tmp`, termsFile);
      lap('write');
    }
    // With the time of each step, for the build report (`field-pack.ts`).
    parentPort.postMessage({ zip, indexBytes: data.length, timings }, [zip.buffer]);
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
}

buildPack(workerData.job);
