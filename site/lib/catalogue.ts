/**
 * The resource catalogue: its facets (kind, theme, audience, project, language), each value a
 * pre-rendered page so that filtering needs no JavaScript, one facet at a time; and its lists in
 * pages, since thousands of resources on one page would weigh megabytes and help no one: each list
 * (the whole catalogue, or one facet value) is cut into pages of `CATALOGUE_PAGE_SIZE`, newest first.
 *
 * Every list is computed once per build, as every page of a list asks for the whole of it.
 */
import { displayNames } from '../i18n/formats.ts';
import { localeCodes } from '@praxis/contract/locales';
import { useTranslations } from '../i18n/t.ts';
import { AUDIENCES, RESOURCE_KINDS, THEMES } from '@praxis/contract/vocabulary';
import { CARD_STATES } from '../components/catalogue/facet-selection.ts';
import { localizedPagesIn, type LocalizedPage } from './localized.ts';
import { allResources, newestFirst } from './resources.ts';

export type Facet = 'kind' | 'theme' | 'audience' | 'project' | 'language';
export const FACETS: Facet[] = ['kind', 'theme', 'audience', 'project', 'language'];

const projectSlugs = new Map<string, string>();

/** A project acronym as a URL segment: "A.St.R.A." → "a-st-r-a". Asked for every resource and project facet, so kept. */
export function projectSlug(acronym: string | null): string | undefined {
  if (!acronym) return undefined;
  let slug = projectSlugs.get(acronym);
  if (slug === undefined) {
    slug = acronym
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    projectSlugs.set(acronym, slug);
  }
  return slug;
}

/** Whether a resource page belongs under a facet value; "language" means a real translation exists. */
export function matchesFacet(page: LocalizedPage<'resources'>, facet: Facet, value: string): boolean {
  const { data } = page.entry;
  if (facet === 'kind') return data.kind === value;
  if (facet === 'theme') return (data.themes as readonly string[]).includes(value);
  if (facet === 'audience') return (data.audience as readonly string[]).includes(value);
  if (facet === 'project') return projectSlug(data.project) === value;
  return page.versions.has(value);
}

let values: Promise<{ facet: Facet; value: string }[]> | undefined;
let projects: Promise<Map<string | undefined, string | null>> | undefined;

/** Every facet value some resource has, in vocabulary order. */
export function facetValues(): Promise<{ facet: Facet; value: string }[]> {
  values ??= allResources().then((all) => {
    const present = {
      kind: RESOURCE_KINDS.filter((kind) => all.some((entry) => entry.data.kind === kind)),
      theme: THEMES.filter((theme) => all.some((entry) => (entry.data.themes as readonly string[]).includes(theme))),
      audience: AUDIENCES.filter((audience) => all.some((entry) => (entry.data.audience as readonly string[]).includes(audience))),
      project: [...new Set(all.map((entry) => projectSlug(entry.data.project)).filter((slug): slug is string => slug !== undefined))].sort(),
      language: localeCodes.filter((code) => all.some((entry) => entry.data.locale === code)),
    };
    return (Object.entries(present) as [Facet, readonly string[]][]).flatMap(([facet, facetValues]) => facetValues.map((value) => ({ facet, value })));
  });
  return values;
}

/** Project acronyms by their URL segment. */
export function projectNames(): Promise<Map<string | undefined, string | null>> {
  projects ??= allResources().then((all) => new Map(all.map((entry) => [projectSlug(entry.data.project), entry.data.project])));
  return projects;
}

const catalogues = new Map<string, Promise<LocalizedPage<'resources'>[]>>();
const facetIndexes = new Map<string, Promise<Map<string, LocalizedPage<'resources'>[]>>>();
const facetLists = new Map<string, Promise<{ resources: LocalizedPage<'resources'>[]; title: string }>>();

/** Computes a list once per build: every page of a list asks for the whole of it. */
function once<T>(cache: Map<string, Promise<T>>, key: string, compute: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    value = compute();
    cache.set(key, value);
  }
  return value;
}

/** The catalogue of a locale, newest first: every resource, translated or as a fallback. */
export function catalogueOf(locale: string): Promise<LocalizedPage<'resources'>[]> {
  return once(catalogues, locale, async () => newestFirst(await localizedPagesIn('resources', locale)));
}

/** One facet value's list, newest first, and its title ("Risorse: Guida"). */
export function facetList(locale: string, facet: Facet, value: string): Promise<{ resources: LocalizedPage<'resources'>[]; title: string }> {
  return once(facetLists, `${locale}/${facet}/${value}`, () => computeFacetList(locale, facet, value));
}

/**
 * Every facet value's list of a locale (by "facet/value"), newest first, made in one pass over its
 * catalogue rather than by filtering the whole catalogue once per value. A resource is in the
 * lists of the values `matchesFacet` gives it.
 */
function facetIndex(locale: string): Promise<Map<string, LocalizedPage<'resources'>[]>> {
  return once(facetIndexes, locale, async () => {
    const lists = new Map<string, LocalizedPage<'resources'>[]>();
    const add = (facet: Facet, value: string, page: LocalizedPage<'resources'>) => {
      const key = `${facet}/${value}`;
      const list = lists.get(key);
      if (list) list.push(page);
      else lists.set(key, [page]);
    };
    for (const page of await catalogueOf(locale)) {
      const { data } = page.entry;
      add('kind', data.kind, page);
      for (const theme of new Set<string>(data.themes)) add('theme', theme, page);
      for (const audience of new Set<string>(data.audience)) add('audience', audience, page);
      const project = projectSlug(data.project);
      if (project !== undefined) add('project', project, page);
      for (const language of page.versions.keys()) add('language', language, page);
    }
    return lists;
  });
}

async function computeFacetList(locale: string, facet: Facet, value: string): Promise<{ resources: LocalizedPage<'resources'>[]; title: string }> {
  const t = useTranslations(locale);
  const resources = (await facetIndex(locale)).get(`${facet}/${value}`) ?? [];
  const label =
    facet === 'language'
      ? (displayNames(locale, 'language').of(value) ?? value)
      : facet === 'project'
        ? (resources.map((page) => page.entry.data.project).find((acronym) => projectSlug(acronym) === value) ?? value)
        : t(`resource.${facet}.${value}` as Parameters<typeof t>[0]);
  return { resources, title: `${t('catalogue.title')}: ${label}` };
}

/**
 * The catalogue of a locale as the combined filter reads it (`components/catalogue/`): what the
 * facets offer, and for each resource, newest first, what its card shows and the facet values it
 * has. Kept small, as the catalogue page fetches it whole: values are positions in `values`, the
 * kind's label, the languages' names and the badge's text come from the page.
 */
export interface CatalogueIndex {
  /** The values each facet offers, in the order of `FACETS`, as `ResourceFacets.astro` lists them. */
  values: string[][];
  /** One row a resource: slug, title, summary, position in `CARD_STATES`, the BCP 47 tag of its
   * language where the card shows another language than the page's (else ""), and for each facet
   * the positions of its values. */
  rows: [slug: string, title: string, summary: string, state: number, lang: string, values: number[][]][];
}

/** The combined filter's view of the catalogue of `locale`. */
export async function catalogueIndex(locale: string, langOf: (code: string) => string): Promise<CatalogueIndex> {
  const offered = await facetValues();
  const values = FACETS.map((facet) => offered.filter((entry) => entry.facet === facet).map((entry) => entry.value));
  const positions = values.map((list) => new Map(list.map((value, position) => [value, position])));
  const rows = (await catalogueOf(locale)).map((page): CatalogueIndex['rows'][number] => {
    const { slug, title, summary, translationStatus } = page.entry.data;
    const has = FACETS.map((facet, index) => values[index]!.filter((value) => matchesFacet(page, facet, value)).map((value) => positions[index]!.get(value)!));
    const state = CARD_STATES.indexOf(page.fallback ? 'missing' : translationStatus);
    return [slug, title, summary, state, page.fallback ? langOf(page.entry.data.locale) : '', has];
  });
  return { values, rows };
}
