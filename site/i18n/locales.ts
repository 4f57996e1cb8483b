/**
 * Typed access to the one locale table (`locales.json`, read as JSON so that the CMS, which
 * compiles separately, can load the very same file at bootstrap).
 */
import table from './locales.json' with { type: 'json' };

export interface Locale {
  /** URL segment and CMS locale code, e.g. "ro". */
  code: string;
  /** Name of the language in itself, shown in the language switcher, e.g. "Română". */
  label: string;
  /** BCP 47 tag for `<html lang>` and `Intl`, e.g. "ro-RO". */
  lang: string;
  /** Writing direction. */
  dir: 'ltr' | 'rtl';
  /** Name the CMS admin shows for the locale. */
  cmsName: string;
}

export const locales = table.locales as readonly Locale[];
export const localeCodes = locales.map((locale) => locale.code);
export const defaultLocale = locales[0]!.code;

export function getLocale(code: string): Locale {
  const locale = locales.find((entry) => entry.code === code);
  if (!locale) throw new Error(`unknown locale "${code}"; known: ${localeCodes.join(', ')}`);
  return locale;
}
