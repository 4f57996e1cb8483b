// @ts-check
/**
 * Search inside an offline field pack, from `file://`: a classic script (browsers refuse ES
 * modules and fetch there) reading the prebuilt lunr index that `pack-data.js` put on `window`.
 * It filters the list already on the page, so the pack reads the same without JavaScript.
 */
(function () {
  /** @type {any} */
  const win = window;
  const pack = win.PRAXIS_PACK;
  const lunr = win.lunr;
  if (!pack || !lunr) return;
  const fold = (/** @type {string} */ text) => text.normalize('NFD').replace(/\p{Mn}/gu, '');
  // The same folding the index was built with, under the same label, for packs without a stemmer.
  lunr.Pipeline.registerFunction((/** @type {any} */ token) => token.update(fold), pack.foldLabel);
  const index = lunr.Index.load(pack.index);

  const form = /** @type {HTMLFormElement} */ (document.getElementById('pack-search'));
  const input = /** @type {HTMLInputElement} */ (document.getElementById('pack-query'));
  const status = /** @type {HTMLElement} */ (document.getElementById('pack-status'));
  const list = /** @type {HTMLElement} */ (document.getElementById('pack-items'));
  const items = Array.from(list.children);
  form.hidden = false;

  function search() {
    const words = input.value.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) {
      items.forEach((item) => list.append(item));
      items.forEach((item) => ((/** @type {HTMLElement} */ (item)).hidden = false));
      status.textContent = '';
      return;
    }
    // Every word, with a trailing wildcard so that a word being typed already finds its matches.
    const results = index.query((/** @type {any} */ query) => {
      for (const word of words) {
        const term = pack.stemmed ? word.toLowerCase() : fold(word.toLowerCase());
        query.term(term, { presence: lunr.Query.presence.REQUIRED, usePipeline: true });
        query.term(term, { wildcard: lunr.Query.wildcard.TRAILING, usePipeline: false, boost: 0.5 });
      }
    });
    // A result's ref is the position of its item in the list as the page was built (`field-pack-worker.cjs`).
    /** @type {Element[]} */
    const found = results.map((/** @type {{ ref: string }} */ result) => items[Number(result.ref)]).filter((/** @type {Element | undefined} */ item) => item !== undefined);
    const shown = new Set(found);
    items.forEach((item) => ((/** @type {HTMLElement} */ (item)).hidden = !shown.has(item)));
    found.forEach((item) => list.append(item));
    status.textContent = found.length === 0 ? status.dataset.none ?? '' : (status.dataset.all ?? '').replace('{count}', String(found.length));
  }

  form.addEventListener('submit', (event) => event.preventDefault());
  input.addEventListener('input', search);
})();
