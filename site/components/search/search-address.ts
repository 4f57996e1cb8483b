/**
 * The address of a search on the search page (`/{locale}/search/?q=tratta&all&sort=newest&kind=guide`):
 * the words, "all languages", the order and the ticked facets, so that a search can be bookmarked,
 * shared with a colleague and reloaded as it was. `q` is also what the page's plain form sends
 * without JavaScript.
 */
import type { Sort } from './result-order.ts';

export interface SearchAddress {
  query: string;
  allLanguages: boolean;
  sort: Sort;
  /** Ticked values by facet. */
  filters: Map<string, Set<string>>;
}

const SORTS: readonly Sort[] = ['relevance', 'newest', 'oldest'];

/** The search a query string describes; unknown parameters and facets are ignored. */
export function readAddress(search: string, facets: readonly string[]): SearchAddress {
  const params = new URLSearchParams(search);
  const sort = params.get('sort') as Sort | null;
  const filters = new Map<string, Set<string>>();
  for (const facet of facets) {
    const values = params.getAll(facet).filter(Boolean);
    if (values.length > 0) filters.set(facet, new Set(values));
  }
  return {
    query: params.get('q') ?? '',
    allLanguages: params.has('all'),
    sort: sort && SORTS.includes(sort) ? sort : 'relevance',
    filters,
  };
}

/** The query string of a search: only what differs from a plain search by relevance in one language. */
export function writeAddress({ query, allLanguages, sort, filters }: SearchAddress): string {
  const params = new URLSearchParams();
  if (query) params.set('q', query);
  if (allLanguages) params.set('all', '');
  if (sort !== 'relevance') params.set('sort', sort);
  for (const [facet, values] of filters) for (const value of values) params.append(facet, value);
  // `all=` reads better as `all`.
  const text = params.toString().replace(/(^|&)all=(?=&|$)/, '$1all');
  return text ? `?${text}` : '';
}
