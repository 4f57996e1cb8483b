/**
 * `t()` for a page: every visible text and aria-label goes through it. Placeholders are `{name}`;
 * plurals pick `key.<category>` by `Intl.PluralRules` of the page's language.
 */
import type source from './ui/it.json';
import { numberFormat, pluralRules } from './formats.ts';
import { getLocale } from '@praxis/contract/locales';

/** A key of the source dictionary, without its plural category. */
export type UiKey = keyof typeof source extends infer K ? (K extends `${infer Base}.${'one' | 'other'}` ? Base : K) : never;

// Runs inside Vite (Astro, Vitest): every `ui/<code>.json` becomes a dictionary.
const dictionaries: Record<string, Record<string, string>> = Object.fromEntries(
  Object.entries(import.meta.glob<Record<string, string>>(['./ui/*.json', '!./ui/notes.json'], { eager: true, import: 'default' })).map(
    ([path, dictionary]) => [path.slice('./ui/'.length, -'.json'.length), dictionary],
  ),
);

export type Translate = (key: UiKey, values?: Record<string, string | number>) => string;

/** One translator per locale: every page and card asks for one, tens of thousands of times a build. */
const translators = new Map<string, Translate>();

/** Returns the translator for a locale code. */
export function useTranslations(code: string): Translate {
  let translate = translators.get(code);
  if (!translate) {
    translate = translator(code);
    translators.set(code, translate);
  }
  return translate;
}

function translator(code: string): Translate {
  const dictionary = dictionaries[code];
  if (!dictionary) throw new Error(`no dictionary for locale "${code}"`);
  const { lang } = getLocale(code);
  const plurals = pluralRules(lang);
  const numbers = numberFormat(lang);
  return (key, values = {}) => {
    const count = values.count;
    const text = typeof count === 'number' ? dictionary[`${key}.${plurals.select(count)}`] : dictionary[key];
    if (text === undefined) throw new Error(`missing UI string "${key}" in "${code}"`);
    // Most strings have no placeholder, and a build asks for them millions of times.
    if (!text.includes('{')) return text;
    return text.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`UI string "${key}" needs {${name}}`);
      return typeof value === 'number' ? numbers.format(value) : value;
    });
  };
}

/**
 * The raw plural templates of a key (`{ one: "{count} risultato", other: "{count} risultati" }`),
 * for client scripts that count at run time and must not carry a dictionary.
 */
export function pluralForms(code: string, key: UiKey): Record<string, string> {
  const dictionary = dictionaries[code] ?? {};
  return Object.fromEntries(
    Object.entries(dictionary)
      .filter(([name]) => name.startsWith(`${key}.`))
      .map(([name, text]) => [name.slice(key.length + 1), text]),
  );
}
