// @ts-check
/**
 * Search inside an offline field pack, from `file://`: a classic script (browsers refuse ES
 * modules and fetch there) reading the prebuilt lunr index that `pack-data.js` put on `window`,
 * with the terms of `lexicon.js` (`field-pack-lexicon.js`), as the index was built.
 * It filters the list already on the page, so the pack reads the same without JavaScript.
 */
(() => {
  /** @type {any} */
  const win = window;
  const pack = win.PRAXIS_PACK;
  const lunr = win.lunr;
  const lexicon = win.PraxisPackLexicon;
  if (!pack || !lunr || !lexicon) return;
  const index = lunr.Index.load(pack.index);

  const form = /** @type {HTMLFormElement} */ (document.getElementById('pack-search'));
  const input = /** @type {HTMLInputElement} */ (document.getElementById('pack-query'));
  const status = /** @type {HTMLElement} */ (document.getElementById('pack-status'));
  const list = /** @type {HTMLElement} */ (document.getElementById('pack-items'));
  const items = /** @type {HTMLElement[]} */ (Array.from(list.children));
  form.hidden = false;

  function search() {
    if (lexicon.words(input.value).length === 0) {
      items.forEach((item) => list.append(item));
      for (const item of items) item.hidden = false;
      status.textContent = '';
      return;
    }
    // A result's ref is the position of its item in the list as the page was built (`field-pack-worker.cjs`).
    /** @type {Element[]} */
    const found = lexicon
      .search(lunr, index, pack.locale, input.value)
      .map((/** @type {string} */ ref) => items[Number(ref)])
      .filter((/** @type {Element | undefined} */ item) => item !== undefined);
    const shown = new Set(found);
    for (const item of items) item.hidden = !shown.has(item);
    found.forEach((item) => list.append(item));
    status.textContent = found.length === 0 ? (status.dataset.none ?? '') : (status.dataset.all ?? '').replace('{count}', String(found.length));
  }

  form.addEventListener('submit', (event) => event.preventDefault());
  input.addEventListener('input', search);
})();
