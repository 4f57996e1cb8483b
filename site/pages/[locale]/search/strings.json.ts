/**
 * What the search interface says in one language, fetched when a visitor opens search, so that no
 * page carries it before (`components/search/search-ui.ts` reads it).
 */
import type { APIRoute } from 'astro';
import { getLocale, localeCodes, locales } from '@praxis/contract/locales';
import { pluralForms, useTranslations } from '../../../i18n/t.ts';
import { FACETS, facetValueLabels } from '../../../lib/search-facts.ts';
import type { SearchStrings } from '../../../components/search/strings.ts';

export function getStaticPaths() {
  return localeCodes.map((locale) => ({ params: { locale } }));
}

export const GET: APIRoute = ({ params }) => {
  const locale = params.locale!;
  const t = useTranslations(locale);
  const strings: SearchStrings = {
    locale,
    lang: getLocale(locale).lang,
    locales: locales.map(({ code, label, lang }) => ({ code, label, lang })),
    text: {
      title: t('search.title'),
      label: t('search.label'),
      hint: t('search.hint'),
      submit: t('search.submit'),
      loading: t('search.loading'),
      none: t('search.none', { query: '{query}' }),
      unavailable: t('search.unavailable'),
      close: t('search.close'),
      shortcut: t('search.shortcut'),
      allLanguages: t('search.all-languages'),
      allLanguagesHint: t('search.all-languages.hint'),
      sort: t('search.sort'),
      sortRelevance: t('search.sort.relevance'),
      sortNewest: t('search.sort.newest'),
      sortOldest: t('search.sort.oldest'),
      filters: t('search.filters'),
      clearFilters: t('search.filters.clear'),
      showFilters: t('search.filters.show'),
      more: t('search.more'),
      inDocument: t('search.result.document', { language: '{language}' }),
      languages: t('search.result.languages', { languages: '{languages}' }),
      added: t('search.result.added', { date: '{date}' }),
    },
    results: pluralForms(locale, 'search.results'),
    facets: Object.fromEntries(FACETS.map((facet) => [facet, t(`search.facet.${facet}`)])),
    values: facetValueLabels(t),
  };
  return new Response(JSON.stringify(strings), { headers: { 'content-type': 'application/json' } });
};
