// @ts-check
/**
 * How an offline field pack turns text into the terms of its lunr index, and a query into results:
 * one file, run by the build's worker (`field-pack-worker.cjs`, which builds the index) and by the
 * pack's page (`field-pack-search.js`, which searches it from `file://`), so both sides always
 * agree. A classic script: it puts `PraxisPackLexicon` on `window` (or the worker's `globalThis`).
 *
 * Each word is indexed under up to three terms, all without diacritics: the stem of the word as
 * written, the stem of the word with its diacritics folded, and the folded word itself. A query
 * word is looked up the same way, each term also as a prefix (from four letters). So "zmones"
 * finds "žmonėmis" (both stem to "zmon"), "isnaudojimas" finds "išnaudojimo", and "exploatare"
 * finds "exploatării", where the Romanian stemmer cuts the two differently ("exploat",
 * "exploatăr") and only the prefix meets. This is what the online search (Pagefind) does with the
 * same words: stems, folds diacritics, and matches prefixes.
 *
 * Every word of a query must be found (in any of its terms); results are ranked by lunr's score.
 */
((root) => {
  /** Letters without their diacritics: "žmonėmis" → "zmonemis", "şcoli" and "școli" → "scoli". */
  const fold = (/** @type {string} */ text) =>
    text
      .normalize('NFD')
      .replace(/\p{Mn}/gu, '')
      .normalize('NFC');

  /** The words of a text, lower-case: runs of letters and digits ("d'Italia" → "d", "italia"). */
  const words = (/** @type {string} */ text) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

  /**
   * The stemmer of a locale, as a function of a word: lunr-languages' where it has one (Italian,
   * Portuguese, Romanian), or one the pack registered in `praxisStemmers` (Lithuanian); else none.
   * @param {any} lunr
   * @param {string} locale
   * @returns {(word: string) => string}
   */
  function stemmerFor(lunr, locale) {
    const language = lunr[locale];
    if (language && typeof language.stemmer === 'function') return (word) => language.stemmer(new lunr.Token(word, {})).toString();
    const own = root.praxisStemmers?.[locale];
    if (typeof own === 'function') return own;
    return (word) => word;
  }

  /**
   * The terms a word is indexed and looked up under.
   * @param {string} word a word of `words()`
   * @param {(word: string) => string} stem
   */
  function termsOf(word, stem) {
    const folded = fold(word);
    return [...new Set([fold(stem(word)), fold(stem(folded)), folded])].filter((term) => term.length > 0);
  }

  /**
   * A lunr pipeline function for the index: splits a token of lunr's tokenizer into words and
   * gives each its terms, keeping the token's position.
   * @param {any} lunr
   * @param {string} locale
   */
  function indexPipeline(lunr, locale) {
    const stem = stemmerFor(lunr, locale);
    return (/** @type {any} */ token) => words(token.toString()).flatMap((word) => termsOf(word, stem).map((term) => token.clone(() => term)));
  }

  /** The shortest term also looked up as a prefix: shorter ones would match nearly everything. */
  const PREFIX_FROM = 4;

  /**
   * The items a query finds, best first, as lunr refs.
   * @param {any} lunr
   * @param {any} index a loaded lunr index built with `indexPipeline`
   * @param {string} locale
   * @param {string} query what the person typed
   * @returns {string[]}
   */
  function search(lunr, index, locale, query) {
    const stem = stemmerFor(lunr, locale);
    /** @type {Map<string, number> | undefined} */
    let scores;
    for (const word of new Set(words(query))) {
      /** @type {Map<string, number>} */
      const found = new Map();
      const results = index.query((/** @type {any} */ builder) => {
        for (const term of termsOf(word, stem)) {
          builder.term(term, { usePipeline: false, boost: 2 });
          if (term.length >= PREFIX_FROM) builder.term(term, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
        }
      });
      for (const result of results) found.set(result.ref, result.score);
      // Every word must be found: keep the items found so far that this word finds too.
      scores =
        scores === undefined ? found : new Map([...scores].filter(([ref]) => found.has(ref)).map(([ref, score]) => [ref, score + (found.get(ref) ?? 0)]));
    }
    return [...(scores ?? new Map())].sort((a, b) => b[1] - a[1]).map(([ref]) => ref);
  }

  root.PraxisPackLexicon = { fold, words, termsOf, stemmerFor, indexPipeline, search };
})(/** @type {any} */ (typeof window === 'undefined' ? globalThis : window));
