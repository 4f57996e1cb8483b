/**
 * The `Intl` formatters of a language, made once per build and shared. Making one costs far more
 * than using it, and a build of tens of thousands of pages asks for the same few again and again
 * (every resource card names its languages). Same arguments, same formatter.
 */

const made = new Map<string, unknown>();

function once<T>(key: string, make: () => T): T {
  if (!made.has(key)) made.set(key, make());
  return made.get(key) as T;
}

/** Names of languages ("ro" → "romeno") or regions ("RO" → "Romania") in `lang`. */
export const displayNames = (lang: string, type: 'language' | 'region'): Intl.DisplayNames => once(`names:${lang}:${type}`, () => new Intl.DisplayNames([lang], { type }));

/** "a, b e c" in `lang`. */
export const listFormat = (lang: string): Intl.ListFormat => once(`list:${lang}`, () => new Intl.ListFormat(lang, { type: 'conjunction' }));

export const pluralRules = (lang: string): Intl.PluralRules => once(`plural:${lang}`, () => new Intl.PluralRules(lang));

export const numberFormat = (lang: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat =>
  once(`number:${lang}:${JSON.stringify(options)}`, () => new Intl.NumberFormat(lang, options));

/** A size given in kilobytes (as the CMS gives them), e.g. "120 kB", never "0 kB". */
export const kilobytes = (lang: string, size: number): string =>
  numberFormat(lang, { style: 'unit', unit: 'kilobyte', unitDisplay: 'short', maximumFractionDigits: 0 }).format(Math.max(1, size));
