import { describe, expect, it } from 'vitest';
import { dictionaryProblems, loadDictionaries } from '../../site/i18n/dictionaries.ts';
import { localeCodes } from '@praxis/contract/locales';

describe('the UI dictionaries', () => {
  it('are complete in every locale, with a note for every key', () => {
    expect(dictionaryProblems()).toEqual([]);
  });

  it('report a missing key, a stray key and an empty string, naming the file', () => {
    const dictionaries = structuredClone(loadDictionaries());
    delete dictionaries.pt!['nav.search'];
    dictionaries.ro!['nav.serch'] = 'Căutare';
    dictionaries.lt!['home.title'] = ' ';
    const notes = Object.fromEntries(Object.keys(dictionaries.it!).map((key) => [key, 'note']));
    expect(dictionaryProblems(dictionaries, notes)).toMatchInlineSnapshot(`
      [
        "site/i18n/ui/pt.json: missing key "nav.search"",
        "site/i18n/ui/ro.json: stray key "nav.serch"",
        "site/i18n/ui/lt.json: empty key "home.title"",
      ]
    `);
  });

  it('require the plural forms each language uses for whole numbers', () => {
    const dictionaries = structuredClone(loadDictionaries());
    delete dictionaries.lt!['search.results.few'];
    dictionaries.it!['search.results.few'] = 'risultati';
    const notes = Object.fromEntries(Object.keys(dictionaries.it!).map((key) => [key, 'note']));
    expect(dictionaryProblems(dictionaries, notes)).toEqual([
      'site/i18n/ui/it.json: stray key "search.results.few"',
      'site/i18n/ui/lt.json: missing key "search.results.few"',
    ]);
  });

  it('exist for every locale of the locale table', () => {
    expect(Object.keys(loadDictionaries()).sort()).toEqual([...localeCodes].sort());
  });
});
