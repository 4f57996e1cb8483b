/**
 * The one locale table of Praxis. Astro's i18n, the CMS locales, the UI dictionaries and the tests
 * all read it. Adding a locale is adding a row here and a dictionary in `site/i18n/ui/`. The first
 * row is the default locale.
 */

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

export const locales: readonly Locale[] = [
  { code: 'it', label: 'Italiano', lang: 'it-IT', dir: 'ltr', cmsName: 'Italian (it)' },
  { code: 'pt', label: 'Português', lang: 'pt-PT', dir: 'ltr', cmsName: 'Portuguese (pt)' },
  { code: 'ro', label: 'Română', lang: 'ro-RO', dir: 'ltr', cmsName: 'Romanian (ro)' },
  { code: 'lt', label: 'Lietuvių', lang: 'lt-LT', dir: 'ltr', cmsName: 'Lithuanian (lt)' },
];
export const localeCodes = locales.map((locale) => locale.code);
export const defaultLocale = locales[0]!.code;

export function getLocale(code: string): Locale {
  const locale = locales.find((entry) => entry.code === code);
  if (!locale) throw new Error(`unknown locale "${code}"; known: ${localeCodes.join(', ')}`);
  return locale;
}
