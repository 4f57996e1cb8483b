/** The shape of `/{locale}/search/strings.json`: every word the search interface shows. */
export interface SearchStrings {
  /** Locale code of the page, e.g. "ro". */
  locale: string;
  /** Its BCP 47 tag, for `Intl`, e.g. "ro-RO". */
  lang: string;
  /** The portal's locales, to name a result's language by its own name ("Italiano"). */
  locales: { code: string; label: string; lang: string }[];
  /** Interface text; `{query}`, `{language}`, `{languages}`, `{date}` are filled in by the interface. */
  text: Record<
    | 'title'
    | 'label'
    | 'hint'
    | 'submit'
    | 'loading'
    | 'none'
    | 'unavailable'
    | 'close'
    | 'shortcut'
    | 'allLanguages'
    | 'allLanguagesHint'
    | 'sort'
    | 'sortRelevance'
    | 'sortNewest'
    | 'sortOldest'
    | 'filters'
    | 'clearFilters'
    | 'showFilters'
    | 'more'
    | 'inDocument'
    | 'languages'
    | 'added',
    string
  >;
  /** Plural templates of the result count by `Intl.PluralRules` category, with `{count}`. */
  results: Record<string, string>;
  /** The heading of each facet. */
  facets: Record<string, string>;
  /** Labels of facet values that have one (kind, theme, audience), by facet and value key. */
  values: Record<string, Record<string, string>>;
}
