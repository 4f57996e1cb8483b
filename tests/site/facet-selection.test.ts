import { describe, expect, it } from 'vitest';
import {
  applySelection,
  emptySelection,
  isEmpty,
  sameSelection,
  searchOfSelection,
  selectionFromSearch,
  type FacetSpace,
} from '../../site/components/catalogue/facet-selection.ts';

const space: FacetSpace = {
  facets: ['kind', 'theme', 'language'],
  values: [
    ['guide', 'toolkit', 'teaching-kit'],
    ['prevention', 'identification'],
    ['it', 'ro'],
  ],
};
/** Four resources: each facet's values by position. */
const rows = [
  { values: [[0], [0], [0, 1]] }, // a guide on prevention, in Italian and Romanian
  { values: [[0], [1], [0]] }, // a guide on identification, in Italian
  { values: [[1], [0, 1], [1]] }, // a toolkit on both, in Romanian
  { values: [[2], [0], [0, 1]] }, // a teaching kit on prevention, in both
];

describe('the catalogue’s combined filter', () => {
  it('reads the chosen values from the address, leaving out values the catalogue does not offer', () => {
    const selection = selectionFromSearch('?kind=guide&theme=prevention&kind=toolkit&kind=brochure&colour=red', space);
    expect(selection.map((chosen) => [...chosen].sort())).toEqual([[0, 1], [0], []]);
  });

  it('writes an address that reads back as the same choice, facets and values in the page’s order', () => {
    const selection = selectionFromSearch('?theme=identification&kind=toolkit&kind=guide', space);
    const search = searchOfSelection(selection, space);
    expect(search).toBe('?kind=guide&kind=toolkit&theme=identification');
    expect(selectionFromSearch(search, space)).toEqual(selection);
    expect(searchOfSelection(emptySelection(space), space)).toBe('');
    expect(isEmpty(selectionFromSearch('?colour=red', space))).toBe(true);
    expect(sameSelection(selectionFromSearch('?theme=prevention&kind=guide', space), selectionFromSearch('?kind=guide&theme=prevention', space))).toBe(true);
    expect(sameSelection(selectionFromSearch('?kind=guide', space), selectionFromSearch('?kind=guide&kind=toolkit', space))).toBe(false);
  });

  it('narrows across facets and widens within one', () => {
    expect(applySelection(rows, selectionFromSearch('?kind=guide', space), space).matched).toEqual([0, 1]);
    expect(applySelection(rows, selectionFromSearch('?kind=guide&kind=toolkit', space), space).matched).toEqual([0, 1, 2]);
    expect(applySelection(rows, selectionFromSearch('?kind=guide&kind=toolkit&theme=prevention', space), space).matched).toEqual([0, 2]);
    expect(applySelection(rows, selectionFromSearch('?kind=guide&theme=prevention&language=ro', space), space).matched).toEqual([0]);
    expect(applySelection(rows, emptySelection(space), space).matched).toEqual([0, 1, 2, 3]);
  });

  it('counts for each value what the list would hold with it, given the other facets’ choices', () => {
    const { counts } = applySelection(rows, selectionFromSearch('?kind=guide&theme=prevention', space), space);
    // Kinds, counted among what is about prevention: one guide, one toolkit, one teaching kit.
    expect(counts[0]).toEqual([1, 1, 1]);
    // Themes, counted among the guides: one on prevention, one on identification.
    expect(counts[1]).toEqual([1, 1]);
    // Languages, counted among the guides on prevention: the one guide, in Italian and Romanian.
    expect(counts[2]).toEqual([1, 1]);
    // With nothing chosen, each value counts every resource that has it.
    expect(applySelection(rows, emptySelection(space), space).counts).toEqual([
      [2, 1, 1],
      [3, 2],
      [3, 3],
    ]);
  });
});
