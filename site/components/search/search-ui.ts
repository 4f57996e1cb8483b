/**
 * The search interface: a search box, "search all languages", facets, an order, and result cards
 * (kind, languages, date, where the words were found). Loaded only when a visitor opens search, by
 * the loader in `SearchDialog.astro` or by the search page; every word it shows comes from
 * `/{locale}/search/strings.json`, built from the UI dictionaries.
 */
import { INDEX_FILTER, pagefind, type FilterCounts, type PagefindData } from './pagefind.ts';
import { orderResults, type ResultOrder, type Sort } from './result-order.ts';
import { readAddress, writeAddress } from './search-address.ts';
import type { SearchStrings } from './strings.ts';
import { partialDateText } from '../../i18n/formats.ts';
import css from './search.css?inline';

const FACETS = ['kind', 'when', 'theme', 'audience', 'country', 'project', 'language'];
/** The hidden filter listing the locales an item has a page in (`lib/search-facts.ts`). */
const TRANSLATION_FILTER = 'translation';
const PAGE_SIZE = 10;
/** Sections of one page shown under its result. */
const MAX_SECTIONS = 3;
const DEBOUNCE_MS = 200;

const stringsByLocale = new Map<string, Promise<SearchStrings>>();

function loadStrings(locale: string): Promise<SearchStrings> {
  let strings = stringsByLocale.get(locale);
  if (!strings) {
    strings = fetch(`/${locale}/search/strings.json`).then((response) => {
      if (!response.ok) throw new Error(`search strings: ${response.status}`);
      return response.json() as Promise<SearchStrings>;
    });
    stringsByLocale.set(locale, strings);
  }
  return strings;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> & { class?: string } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const { class: className, ...rest } = props;
  const node = Object.assign(document.createElement(tag), rest);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

/** Same-origin result URLs become paths, so links stay on the site the visitor is on. */
function localHref(url: string): string {
  const resolved = new URL(url, location.href);
  return resolved.origin === location.origin ? resolved.pathname + resolved.search + resolved.hash : resolved.href;
}

/** `<praxis-search>`: the whole interface, in the search page or in the dialog. */
export class PraxisSearch extends HTMLElement {
  #strings!: SearchStrings;
  #query = '';
  #sort: Sort = 'relevance';
  #allLanguages = false;
  #selected = new Map<string, Set<string>>();
  #results: ResultOrder | undefined;
  /** What the status said of the latest search's results. */
  #counted = '';
  #run = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #input!: HTMLInputElement;
  #status!: HTMLElement;
  #facets!: HTMLElement;
  /** Whether the visitor asked for the facets: only then is their filter index downloaded. */
  #facetsShown = false;
  #list!: HTMLOListElement;
  #more!: HTMLButtonElement;
  /** Offered when nothing is found in the page's language: the same search in all of them. */
  #tryAllLanguages!: HTMLButtonElement;
  #names!: {
    language: Intl.DisplayNames;
    region: Intl.DisplayNames;
    list: Intl.ListFormat;
    date: Intl.DateTimeFormat;
    plural: Intl.PluralRules;
    number: Intl.NumberFormat;
  };
  ready: Promise<void> | undefined;

  /**
   * Opens search (`openSearch`). A static method, so that the inline loader reaches it through
   * `customElements.get('praxis-search')`: bundling may rename the module's exports.
   */
  static open(opener?: HTMLElement | null): Promise<void> {
    return openSearch(opener);
  }

  connectedCallback() {
    this.ready ??= this.#render();
  }

  /** Puts the caret in the search box. */
  focusInput() {
    void this.ready?.then(() => {
      this.#input.focus();
      this.#input.select();
    });
  }

  async #render() {
    const locale = this.dataset.locale ?? document.documentElement.dataset.locale ?? location.pathname.split('/')[1]!;
    this.#strings = await loadStrings(locale);
    const { text, lang } = this.#strings;
    this.#names = {
      language: new Intl.DisplayNames([lang], { type: 'language' }),
      region: new Intl.DisplayNames([lang], { type: 'region' }),
      list: new Intl.ListFormat(lang, { type: 'conjunction' }),
      date: new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }),
      plural: new Intl.PluralRules(lang),
      number: new Intl.NumberFormat(lang),
    };
    const id = (name: string) => `search-${name}-${Math.random().toString(36).slice(2, 8)}`;
    const inputId = id('query');
    const hintId = id('hint');
    this.#input = element('input', { id: inputId, type: 'search', name: 'q', autocomplete: 'off', spellcheck: false });
    this.#input.setAttribute('aria-describedby', hintId);
    const form = element(
      'form',
      { class: 'search-form', role: 'search', action: location.pathname.replace(/[^/]*$/, '') },
      element('label', { class: 'visually-hidden', htmlFor: inputId }, text.label),
      this.#input,
      element('button', { type: 'submit', class: 'button' }, text.submit),
    );
    const all = element('input', { type: 'checkbox', name: 'all' });
    const sort = element(
      'select',
      { name: 'sort' },
      ...(['relevance', 'newest', 'oldest'] as const).map((value) =>
        element('option', { value }, text[`sort${value[0]!.toUpperCase()}${value.slice(1)}` as 'sortRelevance']),
      ),
    );
    const options = element(
      'div',
      { class: 'search-options' },
      element('label', { class: 'search-all' }, all, ' ', text.allLanguages, element('small', {}, text.allLanguagesHint)),
      element('label', { class: 'search-sort' }, text.sort, ' ', sort),
    );
    this.#status = element('p', { class: 'search-status', role: 'status' });
    this.#facets = element('div', { class: 'search-facets' });
    this.#list = element('ol', { class: 'search-results' });
    this.#more = element('button', { type: 'button', class: 'search-more', hidden: true }, text.more);
    this.#tryAllLanguages = element('button', { type: 'button', class: 'search-try-all', hidden: true }, text.allLanguages);
    const facetsId = id('facets');
    // What the visitor already typed into the page's plain form while this loaded is kept.
    const early = this.querySelector<HTMLInputElement>('input[name="q"]');
    const typed = early?.value ?? '';
    const hadFocus = early !== null && early === document.activeElement;
    this.replaceChildren(
      form,
      element('p', { id: hintId, class: 'search-hint' }, text.hint),
      options,
      this.#status,
      this.#tryAllLanguages,
      element(
        'div',
        { class: 'search-body' },
        element('aside', { class: 'search-filters', ariaLabel: text.filters, id: facetsId }, this.#facets),
        element('div', { class: 'search-list' }, this.#list, this.#more),
      ),
    );

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#query = this.#input.value;
      void this.#search();
    });
    this.#input.addEventListener('input', () => {
      this.#query = this.#input.value;
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.#search(), DEBOUNCE_MS);
    });
    all.addEventListener('change', () => {
      this.#allLanguages = all.checked;
      void this.#search();
    });
    sort.addEventListener('change', () => {
      this.#sort = sort.value as Sort;
      void this.#search();
    });
    this.#more.addEventListener('click', () => {
      const run = this.#run;
      this.#showMore(run).then(
        // The count again, should an earlier press have failed; a newer search speaks for itself.
        () => {
          if (run === this.#run) this.#status.textContent = this.#counted;
        },
        (error: unknown) => {
          if (run !== this.#run) return;
          // The connection dropped between two batches: say so, keep what is shown; the button tries again.
          console.error(error);
          this.#status.textContent = text.unavailable;
        },
      );
    });
    this.#tryAllLanguages.addEventListener('click', () => {
      all.checked = this.#allLanguages = true;
      all.focus();
      void this.#search();
    });

    if (hadFocus) this.#input.focus();
    // The search page takes its search from its address (`search-address.ts`), the dialog from the page it opens on.
    const address = this.#onPage ? readAddress(location.search, FACETS) : undefined;
    if (address) {
      all.checked = this.#allLanguages = address.allLanguages;
      sort.value = this.#sort = address.sort;
      this.#selected = address.filters;
      // Ticked facets are shown with their ticks.
      if (address.filters.size > 0) this.#facetsShown = true;
    }
    const initial = typed || address?.query || '';
    this.#input.value = this.#query = initial;
    if (initial || (address && address.filters.size > 0)) await this.#search();
  }

  /** Whether this is the search page's interface (rather than the dialog's): its address holds the search. */
  get #onPage(): boolean {
    return this.dataset.page !== undefined;
  }

  #filters(): Record<string, unknown> {
    const filters: Record<string, unknown> = {};
    for (const [facet, values] of this.#selected) if (values.size > 0) filters[facet] = { any: [...values] };
    // All languages: the visitor's own pages, and other languages' pages of items with none in theirs.
    if (this.#allLanguages) filters.any = [{ [INDEX_FILTER]: this.#strings.locale }, { not: { [TRANSLATION_FILTER]: this.#strings.locale } }];
    return filters;
  }

  async #search() {
    // A search started now covers the words typed so far: the one their typing scheduled would only
    // run it again, and empty the list (what "more results" added included) a moment later.
    clearTimeout(this.#timer);
    const run = ++this.#run;
    const { text } = this.#strings;
    const query = this.#query.trim();
    const filtering = [...this.#selected.values()].some((values) => values.size > 0);
    if (this.#onPage)
      history.replaceState(null, '', location.pathname + writeAddress({ query, allLanguages: this.#allLanguages, sort: this.#sort, filters: this.#selected }));
    this.ariaBusy = 'true';
    if (!query && !filtering) {
      this.ariaBusy = 'false';
      this.#results = undefined;
      this.#list.replaceChildren();
      this.#facets.replaceChildren();
      this.#more.hidden = true;
      this.#tryAllLanguages.hidden = true;
      this.#status.textContent = '';
      return;
    }
    this.#status.textContent = text.loading;
    this.#tryAllLanguages.hidden = true;
    try {
      const engine = await pagefind(this.#strings.locale, this.#strings.locales, this.#allLanguages);
      if (this.#facetsShown) await engine.filters();
      const sort = this.#sort === 'relevance' ? undefined : { date: this.#sort === 'newest' ? ('desc' as const) : ('asc' as const) };
      const search = await engine.search(query || null, { filters: this.#filters(), ...(sort ? { sort } : {}) });
      if (run !== this.#run) return;
      this.#results = orderResults(search.results, { sort: this.#sort, query, lang: this.#strings.lang, indexOf: engine.indexOf });
      this.#list.replaceChildren();
      const count = search.results.length;
      // Nothing to narrow: no facets, unless ticked ones led here (they stay, to be unticked).
      if (count > 0 || filtering) this.#renderFacets(search.filters, search.totalFilters);
      else this.#facets.replaceChildren();
      const template = this.#strings.results[this.#names.plural.select(count)] ?? this.#strings.results.other!;
      this.#status.textContent = this.#counted = count === 0 ? fill(text.none, { query }) : fill(template, { count: this.#names.number.format(count) });
      // An item may exist in another language only, not yet translated.
      this.#tryAllLanguages.hidden = count > 0 || this.#allLanguages;
      await this.#showMore(run);
    } catch (error) {
      if (run !== this.#run) return;
      console.error(error);
      this.#status.textContent = text.unavailable;
    }
    if (run === this.#run) this.ariaBusy = 'false';
  }

  async #showMore(run = this.#run) {
    const results = this.#results;
    if (!results) return;
    const next = await results.next(PAGE_SIZE);
    if (run !== this.#run) return;
    this.#list.append(...next.map((item) => this.#card(item)));
    this.#more.hidden = !results.more;
  }

  #label(facet: string, value: string): string {
    const known = this.#strings.values[facet]?.[value];
    if (known) return known;
    const named = facet === 'language' ? this.#names.language.of(value) : facet === 'country' ? this.#names.region.of(value) : undefined;
    if (!named) return value;
    return named.charAt(0).toLocaleUpperCase(this.#strings.lang) + named.slice(1);
  }

  #renderFacets(counts: FilterCounts, totals: FilterCounts) {
    if (!this.#facetsShown) {
      const show = element('button', { type: 'button', class: 'search-show-filters' }, this.#strings.text.showFilters);
      show.addEventListener('click', async () => {
        show.disabled = true;
        this.#facetsShown = true;
        await this.#search();
        this.#facets.querySelector('input')?.focus();
      });
      this.#facets.replaceChildren(element('h2', {}, this.#strings.text.filters), show);
      return;
    }
    const groups = FACETS.flatMap((facet) => {
      const selected = this.#selected.get(facet) ?? new Set<string>();
      const values = Object.keys(totals[facet] ?? {}).filter((value) => selected.has(value) || (counts[facet]?.[value] ?? 0) > 0);
      if (values.length === 0) return [];
      values.sort((a, b) => this.#label(facet, a).localeCompare(this.#label(facet, b), this.#strings.lang));
      const fieldset = element('fieldset', {}, element('legend', {}, this.#strings.facets[facet] ?? facet));
      for (const value of values) {
        const box = element('input', { type: 'checkbox', name: facet, value, checked: selected.has(value) });
        box.addEventListener('change', () => {
          const set = this.#selected.get(facet) ?? new Set<string>();
          if (box.checked) set.add(value);
          else set.delete(value);
          this.#selected.set(facet, set);
          void this.#search();
        });
        const count = counts[facet]?.[value] ?? 0;
        fieldset.append(
          element('label', {}, box, ' ', this.#label(facet, value), ' ', element('span', { class: 'search-count' }, `(${this.#names.number.format(count)})`)),
        );
      }
      return [fieldset];
    });
    const clear = element('button', { type: 'button', class: 'search-clear' }, this.#strings.text.clearFilters);
    clear.addEventListener('click', () => {
      this.#selected.clear();
      void this.#search();
    });
    const filtering = [...this.#selected.values()].some((values) => values.size > 0);
    this.#facets.replaceChildren(element('h2', {}, this.#strings.text.filters), ...groups, ...(filtering ? [clear] : []));
  }

  /**
   * Links to the sections of a long page where the words are (a good practice's "Why it matters"),
   * each with its excerpt, as Pagefind finds them under the page's headings; none when the hits are
   * all before the first heading.
   */
  #sections(item: PagefindData): HTMLUListElement | undefined {
    const sections = (item.sub_results ?? []).filter((section) => section.url !== item.url && section.url.includes('#')).slice(0, MAX_SECTIONS);
    if (sections.length === 0) return undefined;
    return element(
      'ul',
      { class: 'search-sections' },
      ...sections.map((section) => {
        const excerpt = element('p', { class: 'search-excerpt' });
        excerpt.innerHTML = section.excerpt; // Escaped by Pagefind, hits in <mark>.
        return element('li', {}, element('a', { href: localHref(section.url) }, section.title), excerpt);
      }),
    );
  }

  #card(item: PagefindData): HTMLLIElement {
    const { text, locales, locale } = this.#strings;
    const href = localHref(item.url);
    const pageLocale = locales.find((entry) => new URL(href, location.href).pathname.startsWith(`/${entry.code}/`));
    const kind = item.filters.kind?.[0];
    const head = element('p', { class: 'kind' }, kind ? this.#label('kind', kind) : '');
    if (pageLocale && pageLocale.code !== locale) head.append(' · ', element('span', { lang: pageLocale.lang, class: 'search-language' }, pageLocale.label));
    const link = element('a', { href }, item.meta.title ?? href);
    const excerpt = element('p', { class: 'search-excerpt' });
    excerpt.innerHTML = item.excerpt; // Pagefind escapes the text and marks the hits with <mark>.
    const facts = element('p', { class: 'search-facts' });
    const languages = (item.filters.language ?? []).map((code) => this.#names.language.of(code) ?? code);
    if (languages.length > 0) facts.append(fill(text.languages, { languages: this.#names.list.format(languages) }));
    // The thing's own date to its precision ("2014", "novembre 2013"), or the day it was added, said so.
    const { date, added } = item.meta;
    if (date || added) {
      if (languages.length > 0) facts.append(' · ');
      if (date)
        facts.append(
          element('time', { dateTime: date }, date.length > 10 ? this.#names.date.format(new Date(date)) : partialDateText(this.#strings.lang, date)),
        );
      else {
        const [before, after = ''] = text.added.split('{date}');
        facts.append(before!, element('time', { dateTime: added! }, this.#names.date.format(new Date(added!))), after);
      }
    }
    // A page's sections with hits stand for its excerpt, which is one of theirs.
    const card = element('li', { class: 'search-result' }, head, element('h3', {}, link), this.#sections(item) ?? excerpt, facts);
    const document = item.filters.document?.[0];
    if (document) card.append(element('p', { class: 'search-document' }, fill(text.inDocument, { language: this.#names.language.of(document) ?? document })));
    if (pageLocale && pageLocale.code !== locale) card.lang = pageLocale.lang;
    return card;
  }
}

// The styles come with the interface, not with every page.
document.head.append(element('style', {}, css));
customElements.define('praxis-search', PraxisSearch);

let dialog: HTMLDialogElement | undefined;

/**
 * Opens search: focuses the search page's box when there is one, otherwise opens the search dialog
 * (created on first use) and gives focus back to `opener` when it closes.
 */
export async function openSearch(opener?: HTMLElement | null): Promise<void> {
  const inPage = document.querySelector<PraxisSearch>('praxis-search[data-page]');
  if (inPage) return inPage.focusInput();
  if (!dialog) {
    const locale = location.pathname.split('/')[1] ?? '';
    const strings = await loadStrings(locale);
    const search = document.createElement('praxis-search') as PraxisSearch;
    search.dataset.locale = locale;
    const close = element('button', { type: 'button', class: 'search-close' }, strings.text.close);
    // A modal dialog makes the rest of the page inert, the quick exit too: the dialog carries a
    // copy of it, first in its tab order, which the page's quick-exit script answers (QuickExit.astro).
    const quickExit = document.querySelector('[data-quick-exit]')?.cloneNode(true);
    const bar = element('div', { class: 'search-dialog-bar' }, ...(quickExit ? [quickExit] : []), close);
    dialog = element('dialog', { class: 'search-dialog', ariaLabel: strings.text.title }, bar, search);
    close.addEventListener('click', () => dialog!.close());
    // A click on the backdrop (outside the panel) closes the dialog.
    dialog.addEventListener('click', (event) => {
      if (event.target === dialog) dialog.close();
    });
    document.body.append(dialog);
  }
  const current = dialog;
  current.showModal();
  current.querySelector<PraxisSearch>('praxis-search')!.focusInput();
  current.addEventListener('close', () => opener?.focus(), { once: true });
}
