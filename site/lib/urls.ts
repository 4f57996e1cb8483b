/** Every URL of the site, built in one place so that links and the language switcher agree. */

export const homeUrl = (locale: string) => `/${locale}/`;
export const searchUrl = (locale: string) => `/${locale}/search/`;
export const resourceUrl = (locale: string, slug: string) => `/${locale}/resources/${slug}/`;

/**
 * The id of a file's entry in a page's download list, from its CMS URL (unique per upload), so that
 * a search result found inside the file can lead to it: "/uploads/kit_ro_2fe12f8208.pdf" gives
 * "file-kit_ro_2fe12f8208".
 */
export const fileAnchor = (mediaUrl: string) => `file-${mediaUrl.replace(/^.*\//, '').replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** A link to the same page in another language, for the switcher and `hreflang`. */
export interface Alternate {
  /** Locale code, e.g. "ro". */
  locale: string;
  href: string;
}

export const videosUrl = (locale: string) => `/${locale}/videos/`;
export const videoUrl = (locale: string, slug: string) => `/${locale}/videos/${slug}/`;
export const campaignsUrl = (locale: string) => `/${locale}/campaigns/`;
export const campaignUrl = (locale: string, slug: string) => `/${locale}/campaigns/${slug}/`;
export const webinarUrl = (locale: string, slug: string) => `/${locale}/webinars/${slug}/`;
export const feedUrl = (locale: string) => `/${locale}/rss.xml`;
export const fieldPackUrl = (locale: string) => `/${locale}/field-pack/`;
