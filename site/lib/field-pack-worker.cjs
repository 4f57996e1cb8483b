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
 */
const { parentPort, workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { runInThisContext } = require('node:vm');

const load = createRequire(join(workerData.root, 'package.json'));
const lunr = load('lunr');
const { strToU8, zipSync } = load('fflate');
const { locale } = workerData.job;
const stemmer = workerData.stemmer;
if (stemmer?.kind === 'lunr-languages') {
  load('lunr-languages/lunr.stemmer.support.js')(lunr);
  load(stemmer.module)(lunr);
} else if (stemmer?.kind === 'function') {
  globalThis.praxisStemmers = { [locale]: load(stemmer.module).stemmer };
}
runInThisContext(workerData.lexicon);
const lexicon = globalThis.PraxisPackLexicon;
const terms = lexicon.indexPipeline(lunr, locale);
lunr.Pipeline.registerFunction(terms, 'praxis-terms');

/** Builds the pack of `workerData.job`: posts its ZIP, or the error. */
function buildPack({ documents, bodies, entries, mtime }) {
  try {
    const index = lunr(function () {
      this.pipeline.reset();
      this.pipeline.add(terms);
      // Queries are turned into terms by the pack's page itself (`lexicon.search`): nothing to load there.
      this.searchPipeline.reset();
      // A document's ref is its position in the list, the same as on the pack's page: lunr repeats
      // the ref in every posting, so a short one keeps the index small.
      this.ref('position');
      this.field('title', { boost: 10 });
      this.field('summary', { boost: 3 });
      this.field('body');
      documents.forEach((document, position) =>
        this.add({ position: String(position), title: document.title, summary: document.summary, body: bodies[document.id] ?? '' }),
      );
    });
    const data = `window.PRAXIS_PACK = ${JSON.stringify({ locale, index: index.toJSON() })};\n`;
    entries['search/pack-data.js'] = [strToU8(data), { mtime: new Date(mtime) }];
    const zip = zipSync(entries, { level: 6 });
    parentPort.postMessage({ zip, indexBytes: Buffer.byteLength(data) }, [zip.buffer]);
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
}

buildPack(workerData.job);
