/**
 * The combined filter of the resource catalogue, as plain data: which facet values are chosen,
 * how that reads in the address (`?kind=guide&theme=prevention&theme=identification`), which
 * resources it leaves and how many each value would leave. Values of one facet widen the list
 * (a guide or a toolkit); facets narrow it (a guide, and about prevention). The count beside a
 * value is what the list would hold with that value added to the other facets' choices, as in
 * most faceted catalogues. No DOM here: `catalogue-filter.ts` shows it, the tests read it.
 */

/** A card's translation state (`TranslationBadge.astro`), by its position in the catalogue's data. */
export const CARD_STATES = ['original', 'translated', 'needs-review', 'missing'] as const;

/** The facets in the order the page offers them, each with its values (`CatalogueIndex.values`). */
export interface FacetSpace {
  facets: readonly string[];
  values: readonly (readonly string[])[];
}

/** The chosen values: for each facet (by position), the positions of its chosen values. */
export type Selection = Set<number>[];

/** Nothing chosen. */
export const emptySelection = (space: FacetSpace): Selection => space.facets.map(() => new Set<number>());

/** The selection an address holds; values the catalogue does not offer are left out. */
export function selectionFromSearch(search: string, space: FacetSpace): Selection {
  const params = new URLSearchParams(search);
  return space.facets.map(
    (facet, index) =>
      new Set(
        params
          .getAll(facet)
          .map((value) => space.values[index]!.indexOf(value))
          .filter((position) => position >= 0),
      ),
  );
}

/** The address of a selection: its facets in the page's order, values in the facet's order; "" for none. */
export function searchOfSelection(selection: Selection, space: FacetSpace): string {
  const params = new URLSearchParams();
  space.facets.forEach((facet, index) => {
    for (const position of [...selection[index]!].sort((a, b) => a - b)) params.append(facet, space.values[index]![position]!);
  });
  const search = params.toString();
  return search ? `?${search}` : '';
}

export const isEmpty = (selection: Selection) => selection.every((chosen) => chosen.size === 0);

/** Whether two selections choose the same values. */
export const sameSelection = (a: Selection, b: Selection) =>
  a.length === b.length && a.every((chosen, facet) => chosen.size === b[facet]!.size && [...chosen].every((position) => b[facet]!.has(position)));

/** Whether a resource with these values (by facet, positions) passes every facet but `except`. */
function passes(values: readonly (readonly number[])[], selection: Selection, except: number): boolean {
  for (let facet = 0; facet < selection.length; facet++) {
    const chosen = selection[facet]!;
    if (facet === except || chosen.size === 0) continue;
    if (!values[facet]!.some((position) => chosen.has(position))) return false;
  }
  return true;
}

/**
 * The resources a selection leaves (positions in `rows`, in their order) and, for each facet and
 * value, how many resources the list would hold with that value chosen too, given the other
 * facets' choices.
 */
export function applySelection(
  rows: readonly { values: readonly (readonly number[])[] }[],
  selection: Selection,
  space: FacetSpace,
): { matched: number[]; counts: number[][] } {
  const counts = space.values.map((values) => values.map(() => 0));
  const matched: number[] = [];
  rows.forEach((row, position) => {
    if (passes(row.values, selection, -1)) matched.push(position);
    for (let facet = 0; facet < counts.length; facet++) {
      if (!passes(row.values, selection, facet)) continue;
      for (const value of row.values[facet]!) counts[facet]![value]!++;
    }
  });
  return { matched, counts };
}
