/** Every URL of the site, built in one place so that links and the language switcher agree. */

export const homeUrl = (locale: string) => `/${locale}/`;
export const searchUrl = (locale: string) => `/${locale}/search/`;
export const resourceUrl = (locale: string, slug: string) => `/${locale}/resources/${slug}/`;

/** A link to the same page in another language, for the switcher and `hreflang`. */
export interface Alternate {
  /** Locale code, e.g. "ro". */
  locale: string;
  href: string;
}
