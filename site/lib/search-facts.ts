/**
 * What search knows about a content page besides its text: the facets it can be filtered by, the
 * date it sorts by, and the metadata its result card shows. Pages render these through
 * `components/SearchMeta.astro`; the search index gives the same facts to the records it adds for
 * a page's downloads, so a PDF filters and sorts like the page it belongs to.
 *
 * Filter values are vocabulary keys ("teaching-kit", "ro", "IT"), never labels: the indexes of the
 * four languages then share one set of values, and "search all languages" merges them into one
 * facet that the visitor's language labels.
 */
import { localeCodes } from '@praxis/contract/locales';
import type { Translate } from '../i18n/t.ts';
import type { Timing } from './timing.ts';
import { AUDIENCES, RESOURCE_KINDS, THEMES } from '@praxis/contract/vocabulary';

/** The facets shown next to the results, in this order. */
export const FACETS = ['kind', 'when', 'theme', 'audience', 'country', 'project', 'language'] as const;
export type Facet = (typeof FACETS)[number];

/**
 * A hidden filter, never shown: the locales the item has a page in. "Search all languages" uses it
 * to leave out another language's page of an item that also exists in the visitor's language.
 */
export const TRANSLATION_FILTER = 'translation';

/** Kinds of page that are not resources; resources use their own kind (`RESOURCE_KINDS`). */
export const PAGE_KINDS = [
  'project',
  'organisation',
  'workshop',
  'exchange',
  'conference',
  'webinar',
  'workshop-report',
  'good-practice',
  'spot-video',
  'campaign',
  'helpline',
] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

export interface SearchFactsInput {
  /** The resource kind ("guide") or the kind of page ("good-practice", "workshop"). */
  kind: (typeof RESOURCE_KINDS)[number] | PageKind;
  /** Theme keys, e.g. ["prevention"]. */
  themes?: readonly string[];
  /** Audience keys, e.g. ["educators"]. */
  audience?: readonly string[];
  /** ISO 3166-1 alpha-2 codes, e.g. ["IT"]. */
  countries?: readonly (string | null | undefined)[];
  /** Project acronyms, e.g. ["CONNECT"]. */
  projects?: readonly (string | null | undefined)[];
  /** Locale codes the item has a page in (this page's included). */
  translations: readonly string[];
  /** Further languages it can be read in, e.g. the languages of its files ("en" too). */
  languages?: readonly string[];
  /** For an event: upcoming, past or without a date, at the build's clock (`lib/timing.ts`). */
  timing?: Timing;
  /** When it was added to the portal (its first publication): what it sorts by when it has no date of its own. */
  date: Date;
  /**
   * The date the thing itself has, which its card shows and it sorts by: an event's exact start, or
   * a date to its precision ("2014", "2013-11", "2015-03-12": a kit's publication, a workshop's
   * month). Null or absent when the partner gave none.
   */
  dated?: Date | string | null;
}

export interface SearchFacts {
  filters: Record<string, string[]>;
  meta: Record<string, string>;
  sort: Record<string, string>;
}

const unique = (values: readonly (string | null | undefined)[] = []) => [...new Set(values.filter((value): value is string => Boolean(value)))];

/** The filters, sort key and card metadata of one content page. */
export function searchFacts(input: SearchFactsInput): SearchFacts {
  const own = input.dated instanceof Date ? input.dated.toISOString() : (input.dated ?? undefined);
  const added = input.date.toISOString();
  // ISO 8601 text sorts as the dates do, whatever its precision: "2014" before "2014-03-12T09:00:00.000Z".
  const sortKey = own ?? added;
  const filters: Record<string, string[]> = {
    kind: [input.kind],
    when: unique([input.timing]),
    theme: unique(input.themes),
    audience: unique(input.audience),
    country: unique(input.countries),
    project: unique(input.projects),
    language: unique([...input.translations, ...(input.languages ?? [])]),
    [TRANSLATION_FILTER]: unique(input.translations),
  };
  return {
    filters: Object.fromEntries(Object.entries(filters).filter(([, values]) => values.length > 0)),
    // The card shows the thing's own date to its precision, or else the day it was added, saying so,
    // in the visitor's language; the order, within an index (Pagefind's sort) and across them
    // (`components/search/result-order.ts`), uses the same date.
    meta: own ? { date: own } : { added },
    sort: { date: sortKey },
  };
}

/** The label of a kind in the visitor's language. */
export function kindLabel(t: Translate, kind: string): string {
  return (RESOURCE_KINDS as readonly string[]).includes(kind)
    ? t(`resource.kind.${kind as (typeof RESOURCE_KINDS)[number]}`)
    : t(`search.kind.${kind as PageKind}`);
}

/**
 * Labels for the facet values that have a dictionary entry; countries and languages are named by
 * `Intl.DisplayNames` in the browser, project acronyms are shown as they are.
 */
export function facetValueLabels(t: Translate): Record<string, Record<string, string>> {
  return {
    kind: Object.fromEntries([...RESOURCE_KINDS, ...PAGE_KINDS].map((kind) => [kind, kindLabel(t, kind)])),
    theme: Object.fromEntries(THEMES.map((theme) => [theme, t(`resource.theme.${theme}`)])),
    audience: Object.fromEntries(AUDIENCES.map((audience) => [audience, t(`resource.audience.${audience}`)])),
    when: { upcoming: t('events.upcoming'), past: t('events.past'), undated: t('events.undated') },
  };
}

/** The locales a list of entries (the language versions of one item) exist in, in table order. */
export function localesOf(entries: readonly { locale: string }[]): string[] {
  return localeCodes.filter((code) => entries.some((entry) => entry.locale === code));
}
