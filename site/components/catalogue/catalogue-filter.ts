/**
 * `<praxis-catalogue-filter>`: the catalogue's facets combined, when JavaScript runs. It turns the
 * facet links (one plain page per value, which keep working without JavaScript) into a form of
 * checkboxes, one fieldset per facet, each value with the count it would leave; narrows the list
 * as values are chosen; keeps the choice in the address (`?kind=guide&theme=prevention`), so a
 * filtered view can be bookmarked, shared and reloaded as it was. It fetches the catalogue's data
 * once (`/{locale}/resources/facets.json`, `catalogueIndex`). Focus stays where it is: only counts,
 * the list and the status line change, and the status line (`role="status"`) says the new count.
 *
 * On a one-facet page (`data-preset="kind=guide"`) the filter starts from that value; a choice that
 * differs from it is the catalogue's address with that choice (`/it/resources/?kind=guide&…`), which
 * reloads on the catalogue's page as it was.
 */
import type { CatalogueIndex } from '../../lib/catalogue.ts';
import {
  applySelection,
  CARD_STATES,
  emptySelection,
  isEmpty,
  sameSelection,
  searchOfSelection,
  selectionFromSearch,
  type FacetSpace,
  type Selection,
} from './facet-selection.ts';

/** What the element's `data-strings` holds: the page's words, so that this script carries none. */
export interface FilterStrings {
  /** BCP 47 tag of the page. */
  lang: string;
  /** Plural templates of the list's count, by `Intl.PluralRules` category, with `{count}`. */
  count: Record<string, string>;
  /** The badge of each card state, in the order of `CARD_STATES`. */
  states: string[];
  /** Where the resources' pages are, e.g. "/it/resources/". */
  resources: string;
  /** "Languages:" before a card's languages. */
  languages: string;
  clear: string;
  more: string;
  /** The form's accessible name. */
  label: string;
}

/** Cards shown at once, then as many more at each press of "more": a catalogue page's worth. */
const BATCH = 30;

class CatalogueFilter extends HTMLElement {
  #strings!: FilterStrings;
  #index!: CatalogueIndex;
  #space!: FacetSpace;
  #selection!: Selection;
  /** What the page was built to show: nothing chosen (the catalogue), or one facet value. */
  #preset!: Selection;
  /** The address of the page as built, without a query. */
  #home = '';
  #inputs: HTMLInputElement[][] = [];
  #counts: HTMLElement[][] = [];
  /** Facet values' labels, from the links (the kind's also labels the cards). */
  #labels: string[][] = [];
  #list!: HTMLUListElement;
  #staticCards: Element[] = [];
  #status!: HTMLElement;
  #pagination: HTMLElement | null = null;
  #more!: HTMLButtonElement;
  #shown = 0;
  #matched: number[] = [];

  connectedCallback() {
    if (this.dataset.started) return;
    this.dataset.started = '';
    // Anything amiss (the data unreachable): the links stay, and work as without JavaScript.
    this.#start().catch(() => {});
  }

  async #start() {
    const nav = this.querySelector<HTMLElement>('nav.facets');
    const list = this.querySelector<HTMLUListElement>('ul.cards');
    const status = this.querySelector<HTMLElement>('[role="status"]');
    if (!nav || !list || !status || !this.dataset.index || !this.dataset.strings) return;
    const response = await fetch(this.dataset.index);
    if (!response.ok) return;
    this.#index = (await response.json()) as CatalogueIndex;
    this.#strings = JSON.parse(this.dataset.strings) as FilterStrings;
    const groups = [...nav.querySelectorAll<HTMLElement>('[data-facet-group]')];
    this.#space = { facets: groups.map((group) => group.dataset.facetGroup!), values: this.#index.values };
    this.#list = list;
    this.#status = status;
    this.#staticCards = [...list.children];
    this.#pagination = this.querySelector<HTMLElement>('nav.pagination');

    const form = document.createElement('form');
    form.className = 'facet-form';
    form.setAttribute('aria-label', this.#strings.label);
    form.addEventListener('submit', (event) => event.preventDefault());
    groups.forEach((group, facet) => {
      const fieldset = document.createElement('fieldset');
      const legend = document.createElement('legend');
      legend.textContent = group.querySelector('h2')?.textContent ?? '';
      const ul = document.createElement('ul');
      const links = new Map(
        [...group.querySelectorAll<HTMLAnchorElement>('a[data-value]')].map((link) => [link.dataset.value!, link.textContent?.trim() ?? '']),
      );
      this.#labels[facet] = this.#space.values[facet]!.map((value) => links.get(value) ?? value);
      this.#inputs[facet] = [];
      this.#counts[facet] = [];
      this.#space.values[facet]!.forEach((value, position) => {
        const li = document.createElement('li');
        const label = document.createElement('label');
        const input = document.createElement('input');
        input.type = 'checkbox';
        input.name = this.#space.facets[facet]!;
        input.value = value;
        input.addEventListener('change', () => {
          if (input.checked) this.#selection[facet]!.add(position);
          else this.#selection[facet]!.delete(position);
          this.#update(true);
        });
        const count = document.createElement('span');
        count.className = 'facet-count';
        label.append(input, ` ${this.#labels[facet]![position]} `, count);
        li.append(label);
        ul.append(li);
        this.#inputs[facet]!.push(input);
        this.#counts[facet]!.push(count);
      });
      fieldset.append(legend, ul);
      form.append(fieldset);
    });
    const clear = document.createElement('button');
    clear.type = 'button';
    clear.className = 'facet-clear';
    clear.textContent = this.#strings.clear;
    clear.addEventListener('click', () => {
      this.#selection = emptySelection(this.#space);
      this.#update(true);
    });
    form.append(clear);
    // The facets' own headings become legends: one heading for the form keeps the page's outline
    // (h1, h2, then the cards' h3) for those who move by headings.
    const heading = document.createElement('h2');
    heading.className = 'visually-hidden';
    heading.textContent = this.#strings.label;
    form.prepend(heading);
    nav.replaceWith(form);

    this.#more = document.createElement('button');
    this.#more.type = 'button';
    this.#more.className = 'button catalogue-more';
    this.#more.textContent = this.#strings.more;
    this.#more.hidden = true;
    this.#more.addEventListener('click', () => this.#showMore());
    list.after(this.#more);

    this.#home = location.pathname;
    this.#preset = selectionFromSearch(this.dataset.preset ?? '', this.#space);
    const asked = selectionFromSearch(location.search, this.#space);
    // A copy: ticking boxes changes the selection, never the preset.
    this.#selection = (isEmpty(asked) ? this.#preset : asked).map((chosen) => new Set(chosen));
    this.#update(false);
  }

  /** Shows the current selection: checkboxes, counts, list, status line and, when `record`, the address. */
  #update(record: boolean) {
    const rows = this.#index.rows.map((row) => ({ values: row[5] }));
    const { matched, counts } = applySelection(rows, this.#selection, this.#space);
    const number = new Intl.NumberFormat(this.#strings.lang);
    this.#inputs.forEach((inputs, facet) =>
      inputs.forEach((input, position) => {
        input.checked = this.#selection[facet]!.has(position);
        this.#counts[facet]![position]!.textContent = `(${number.format(counts[facet]![position]!)})`;
      }),
    );
    const asBuilt = sameSelection(this.#selection, this.#preset);
    if (record) {
      const address = asBuilt ? this.#home : `${this.#strings.resources}${searchOfSelection(this.#selection, this.#space)}`;
      history.replaceState(history.state, '', `${address}${location.hash}`);
    }
    if (asBuilt) {
      // What the page was built to show, with its paging.
      this.#list.replaceChildren(...this.#staticCards);
      if (this.#pagination) this.#pagination.hidden = false;
      this.#more.hidden = true;
      this.#say(matched.length);
      return;
    }
    if (this.#pagination) this.#pagination.hidden = true;
    this.#matched = matched;
    this.#shown = 0;
    this.#list.replaceChildren();
    this.#showMore(false);
    this.#say(matched.length);
  }

  /** The next batch of matching cards; `focus`: move focus to the first of them, as after pressing "more". */
  #showMore(focus = true) {
    const next = this.#matched.slice(this.#shown, this.#shown + BATCH).map((position) => this.#card(this.#index.rows[position]!));
    this.#list.append(...next);
    this.#shown += next.length;
    this.#more.hidden = this.#shown >= this.#matched.length;
    if (focus) next[0]?.querySelector('a')?.focus();
  }

  #say(count: number) {
    const template = this.#strings.count[new Intl.PluralRules(this.#strings.lang).select(count)] ?? this.#strings.count.other ?? '{count}';
    this.#status.textContent = template.replace('{count}', new Intl.NumberFormat(this.#strings.lang).format(count));
  }

  /** A resource's card, as `ResourceCard.astro` renders it. */
  #card([slug, title, summary, state, lang, values]: CatalogueIndex['rows'][number]): HTMLLIElement {
    const { facets } = this.#space;
    const kind = facets.indexOf('kind');
    const language = facets.indexOf('language');
    const li = document.createElement('li');
    li.className = 'card';
    if (lang) li.lang = lang;
    const kindLabel = document.createElement('span');
    kindLabel.className = 'kind';
    kindLabel.textContent = kind >= 0 ? values[kind]!.map((position) => this.#labels[kind]![position]).join(', ') : '';
    const heading = document.createElement('h3');
    const link = document.createElement('a');
    link.href = `${this.#strings.resources}${encodeURIComponent(slug)}/`;
    link.textContent = title;
    heading.append(link);
    const text = document.createElement('p');
    text.textContent = summary;
    const languages = document.createElement('p');
    languages.className = 'card-languages';
    languages.lang = this.#strings.lang;
    const badge = document.createElement('span');
    badge.className = `badge badge-${CARD_STATES[state] ?? 'original'}`;
    badge.textContent = this.#strings.states[state] ?? '';
    const names = language >= 0 ? values[language]!.map((position) => this.#labels[language]![position]!) : [];
    languages.append(badge, ` ${this.#strings.languages} ${new Intl.ListFormat(this.#strings.lang, { type: 'conjunction' }).format(names)}`);
    li.append(kindLabel, heading, text, languages);
    return li;
  }
}

customElements.define('praxis-catalogue-filter', CatalogueFilter);
