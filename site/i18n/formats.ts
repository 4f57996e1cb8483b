/**
 * The `Intl` formatters of a language, made once per build and shared. Making one costs far more
 * than using it, and a build of tens of thousands of pages asks for the same few again and again
 * (every resource card names its languages). Same arguments, same formatter; and for the lists of
 * language names, same list, same text.
 */

const made = new Map<string, unknown>();

function once<T>(key: string, make: () => T): T {
  if (!made.has(key)) made.set(key, make());
  return made.get(key) as T;
}

/** Names of languages ("ro" → "romeno") or regions ("RO" → "Romania") in `lang`. */
export const displayNames = (lang: string, type: 'language' | 'region'): Intl.DisplayNames =>
  once(`names:${lang}:${type}`, () => new Intl.DisplayNames([lang], { type }));

/** "a, b e c" in `lang`. */
export const listFormat = (lang: string): Intl.ListFormat => once(`list:${lang}`, () => new Intl.ListFormat(lang, { type: 'conjunction' }));

/**
 * The names of `codes` in `lang` as one list ("italiano, portoghese e romeno"). Every resource card
 * writes one and there are few distinct ones, while naming them with ICU
 * for every card added up to seconds of a large build.
 */
export const languageList = (lang: string, codes: readonly string[]): string =>
  once(`languages:${lang}:${codes.join(',')}`, () => listFormat(lang).format(codes.map((code) => displayNames(lang, 'language').of(code) ?? code)));

export const pluralRules = (lang: string): Intl.PluralRules => once(`plural:${lang}`, () => new Intl.PluralRules(lang));

export const numberFormat = (lang: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat =>
  once(`number:${lang}:${JSON.stringify(options)}`, () => new Intl.NumberFormat(lang, options));

/** A size given in kilobytes (as the CMS gives them), e.g. "120 kB", never "0 kB". */
export const kilobytes = (lang: string, size: number): string =>
  numberFormat(lang, { style: 'unit', unit: 'kilobyte', unitDisplay: 'short', maximumFractionDigits: 0 }).format(Math.max(1, size));

const PRECISION_OPTIONS: Record<number, Intl.DateTimeFormatOptions> = {
  4: { year: 'numeric' },
  7: { year: 'numeric', month: 'long' },
  10: { dateStyle: 'long' },
};

/**
 * A date as far as it is known ("2014", "2013-11", "2015-03-12", see `partialDate` in the content
 * contract) in `lang`, to its precision and no further: "2014", "novembre 2013", "12 marzo 2015";
 * "2013 m. lapkritis" in Lithuanian. Read as a calendar date, in UTC, so that no time zone moves it
 * to the day, month or year before. The text itself when it is not such a date.
 */
export function partialDateText(lang: string, partial: string): string {
  const options = PRECISION_OPTIONS[partial.length];
  const [year, month = '01', day = '01'] = partial.split('-');
  const instant = Date.UTC(Number(year), Number(month) - 1, Number(day));
  if (!options || !/^\d{4}(-\d{2}){0,2}$/.test(partial) || Number.isNaN(instant)) return partial;
  return once(`date:${lang}:${partial.length}`, () => new Intl.DateTimeFormat(lang, { ...options, timeZone: 'UTC' })).format(instant);
}
