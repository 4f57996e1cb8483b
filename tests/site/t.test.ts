import { describe, expect, it } from 'vitest';
import { pluralForms, useTranslations } from '../../site/i18n/t.ts';

describe('t()', () => {
  it('fills placeholders and picks the plural form of the language', () => {
    expect(useTranslations('lt')('search.results', { count: 1 })).toBe('1 rezultatas');
    expect(useTranslations('lt')('search.results', { count: 3 })).toBe('3 rezultatai');
    expect(useTranslations('lt')('search.results', { count: 10 })).toBe('10 rezultatų');
    expect(useTranslations('ro')('search.results', { count: 20 })).toBe('20 de rezultate');
    expect(useTranslations('it')('search.none', { query: 'tratta' })).toBe('Nessun risultato per «tratta».');
  });

  it('formats numbers for the language', () => {
    expect(useTranslations('pt')('resource.pages', { count: 1200 })).toBe('1200 páginas');
    expect(useTranslations('it')('resource.pages', { count: 12000 })).toBe('12.000 pagine');
  });

  it('throws on a missing placeholder value rather than showing a raw key', () => {
    expect(() => useTranslations('it')('search.none')).toThrow('UI string "search.none" needs {query}');
  });

  it('gives client scripts the raw plural templates', () => {
    expect(pluralForms('ro', 'search.results')).toEqual({ one: '{count} rezultat', few: '{count} rezultate', other: '{count} de rezultate' });
  });
});
