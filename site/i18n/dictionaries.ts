/**
 * UI strings: one dictionary per locale (`ui/<code>.json`) with flat dotted keys, and a note per
 * key for translators (`ui/notes.json`). Italian is the source: every other dictionary must have
 * exactly its keys, except plural groups (`….one`, `….other`), which have exactly the plural
 * categories that whole numbers take in that language (`Intl.PluralRules`): Romanian and
 * Lithuanian add `….few`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultLocale, getLocale, localeCodes } from '@praxis/contract/locales';

export type Dictionary = Record<string, string>;

const uiDir = join(dirname(fileURLToPath(import.meta.url)), 'ui');
const PLURAL_CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'];

function readJson(file: string): Dictionary {
  return JSON.parse(readFileSync(join(uiDir, file), 'utf8')) as Dictionary;
}

/** Every dictionary, read from disk. */
export function loadDictionaries(): Record<string, Dictionary> {
  return Object.fromEntries(localeCodes.map((code) => [code, readJson(`${code}.json`)]));
}

/** The plural categories that whole numbers from 0 to 1000 take in a language. */
export function integerPluralCategories(lang: string): Set<string> {
  const rules = new Intl.PluralRules(lang);
  const categories = new Set<string>();
  for (let n = 0; n <= 1000; n++) categories.add(rules.select(n));
  return categories;
}

function pluralBase(key: string): string | undefined {
  const dot = key.lastIndexOf('.');
  return PLURAL_CATEGORIES.includes(key.slice(dot + 1)) ? key.slice(0, dot) : undefined;
}

/** The keys a dictionary for `code` must have, derived from the source dictionary. */
export function expectedKeys(source: Dictionary, code: string): Set<string> {
  const expected = new Set<string>();
  const categories = integerPluralCategories(getLocale(code).lang);
  for (const key of Object.keys(source)) {
    const base = pluralBase(key);
    if (base) for (const category of categories) expected.add(`${base}.${category}`);
    else expected.add(key);
  }
  return expected;
}

/**
 * Lists every missing, stray or empty key, and every key without a translator's note.
 * The build fails when this returns anything (see `integrations/check-dictionaries.ts`).
 */
export function dictionaryProblems(dictionaries: Record<string, Dictionary> = loadDictionaries(), notes: Dictionary = readJson('notes.json')): string[] {
  const problems: string[] = [];
  const source = dictionaries[defaultLocale]!;
  for (const code of localeCodes) {
    const dictionary = dictionaries[code];
    if (!dictionary) {
      problems.push(`site/i18n/ui/${code}.json: missing dictionary`);
      continue;
    }
    const expected = expectedKeys(source, code);
    for (const key of expected) if (!(key in dictionary)) problems.push(`site/i18n/ui/${code}.json: missing key "${key}"`);
    for (const key of Object.keys(dictionary)) {
      if (!expected.has(key)) problems.push(`site/i18n/ui/${code}.json: stray key "${key}"`);
      else if (!dictionary[key]!.trim()) problems.push(`site/i18n/ui/${code}.json: empty key "${key}"`);
    }
  }
  for (const key of Object.keys(source)) if (!notes[key]) problems.push(`site/i18n/ui/notes.json: no note for "${key}"`);
  for (const key of Object.keys(notes)) if (!(key in source)) problems.push(`site/i18n/ui/notes.json: stray note "${key}"`);
  return problems;
}
