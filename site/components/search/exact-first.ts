/** Exact spellings first, within the results shown together. */
import type { PagefindData } from './pagefind.ts';

/** Lower case, composed, and the old cedilla letters (ş ţ) as the comma-below ones (ș ț) they stand for. */
const spelling = (text: string, lang: string) => text.normalize('NFC').toLocaleLowerCase(lang).replace(/ş/g, 'ș').replace(/ţ/g, 'ț');

/**
 * Orders loaded results so that those containing the words exactly as typed, diacritics included,
 * come first; otherwise Pagefind's order stands. Pagefind folds diacritics and prefers the exact
 * spelling only when the diacritic is in the word's stem: Lithuanian and Romanian endings (aukų,
 * țară) are cut by the stemmer, so "auku" and "aukų" tie there. Applied to each batch of results
 * shown together, because only their text is downloaded.
 */
export function exactFirst(items: PagefindData[], query: string, lang: string): PagefindData[] {
  const words = spelling(query, lang).match(/\p{L}+/gu) ?? [];
  if (words.length === 0) return items;
  const exact = (item: PagefindData) => {
    const text = ` ${spelling(`${item.meta.title ?? ''} ${item.content}`, lang).replace(/[^\p{L}]+/gu, ' ')}`;
    return words.filter((word) => text.includes(` ${word}`)).length;
  };
  return items
    .map((item, index) => ({ item, index, score: exact(item) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map(({ item }) => item);
}
