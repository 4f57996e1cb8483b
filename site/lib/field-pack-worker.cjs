/**
 * The heavy half of a field pack (`field-pack.ts`), run in a worker thread so that it takes the
 * build's second core while the pages render: the lunr index of the pack's documents, the script
 * that carries it, and the ZIP. At 10,000 resources × 4 locales this was about 45 s of the build's
 * one JavaScript thread. A thread builds one pack, given in `workerData.job`, posts it and ends.
 *
 * Started with `eval: true` from the text of this file, so the bundler leaves it as it is; lunr is
 * read from the project's node_modules (`workerData.root`), with the stemmers `field-pack.ts` lists
 * (`workerData.stemmers`).
 *
 * Stemming: lunr-languages stems Italian, Portuguese and Romanian. Lithuanian has no lunr stemmer:
 * its pipeline only folds diacritics, under `foldLabel`, the label the pack's own script
 * (`field-pack-search.js`) registers the same folding under.
 */
const { parentPort, workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const { join } = require('node:path');

const load = createRequire(join(workerData.root, 'package.json'));
const lunr = load('lunr');
const { strToU8, zipSync } = load('fflate');
load('lunr-languages/lunr.stemmer.support.js')(lunr);
for (const language of workerData.stemmers) load(`lunr-languages/lunr.${language}.js`)(lunr);
const foldDiacritics = (text) => text.normalize('NFD').replace(/\p{Mn}/gu, '');
const fold = (token) => token.update(foldDiacritics);
lunr.Pipeline.registerFunction(fold, workerData.foldLabel);

/** Builds the pack of `workerData.job`: posts its ZIP, or the error. */
function buildPack({ locale, stemmed, documents, bodies, entries, mtime }) {
  try {
    const index = lunr(function () {
      if (stemmed) this.use(lunr[locale]);
      else {
        // Folding first: lunr's trimmer keeps only ASCII word characters at the ends of a word.
        this.pipeline.reset();
        this.pipeline.add(fold, lunr.trimmer);
        this.searchPipeline.reset();
        this.searchPipeline.add(fold);
      }
      // A document's ref is its position in the list, the same as on the pack's page: lunr repeats
      // the ref in every posting, so a short one keeps the index small.
      this.ref('position');
      this.field('title', { boost: 10 });
      this.field('summary', { boost: 3 });
      this.field('body');
      documents.forEach((document, position) => this.add({ position: String(position), title: document.title, summary: document.summary, body: bodies[document.id] ?? '' }));
    });
    const data = `window.PRAXIS_PACK = ${JSON.stringify({ locale, stemmed, foldLabel: workerData.foldLabel, index: index.toJSON() })};\n`;
    entries['search/pack-data.js'] = [strToU8(data), { mtime: new Date(mtime) }];
    const zip = zipSync(entries, { level: 6 });
    parentPort.postMessage({ zip, indexBytes: Buffer.byteLength(data) }, [zip.buffer]);
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
}

buildPack(workerData.job);
