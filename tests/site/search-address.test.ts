import { describe, expect, it } from 'vitest';
import { readAddress, writeAddress } from '../../site/components/search/search-address.ts';

const FACETS = ['kind', 'theme', 'language'];

describe('the address of a search on the search page', () => {
  it('reads the words, all languages, the order and the ticked facets', () => {
    const address = readAddress('?q=trafic%20de%20persoane&all&sort=newest&kind=guide&kind=teaching-kit&theme=prevention', FACETS);
    expect(address).toEqual({
      query: 'trafic de persoane',
      allLanguages: true,
      sort: 'newest',
      filters: new Map([
        ['kind', new Set(['guide', 'teaching-kit'])],
        ['theme', new Set(['prevention'])],
      ]),
    });
  });

  it('writes what it reads, and nothing for a plain search', () => {
    const search = '?q=trafic+de+persoane&all&sort=oldest&kind=guide&language=ro';
    expect(writeAddress(readAddress(search, FACETS))).toBe(search);
    expect(writeAddress({ query: '', allLanguages: false, sort: 'relevance', filters: new Map([['kind', new Set<string>()]]) })).toBe('');
  });

  it('ignores an unknown order, unknown facets and empty values', () => {
    expect(readAddress('?q=x&sort=random&colour=red&kind=', FACETS)).toEqual({ query: 'x', allLanguages: false, sort: 'relevance', filters: new Map() });
  });
});
