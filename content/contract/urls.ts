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
export const resourcesUrl = (locale: string) => `/${locale}/resources/`;
export const resourceFacetUrl = (locale: string, facet: string, value: string) => `/${locale}/resources/${facet}/${value}/`;
/** Page `page` of a catalogue list whose first page is at `first` (the catalogue, or one facet value). */
export const cataloguePageUrl = (first: string, page: number) => (page === 1 ? first : `${first}page/${page}/`);
export const eventsUrl = (locale: string) => `/${locale}/events/`;
export const eventUrl = (locale: string, slug: string) => `/${locale}/events/${slug}/`;
export const reportsUrl = (locale: string) => `/${locale}/reports/`;
export const reportUrl = (locale: string, slug: string) => `/${locale}/reports/${slug}/`;
export const webinarsUrl = (locale: string) => `/${locale}/webinars/`;
export const goodPracticesUrl = (locale: string) => `/${locale}/good-practices/`;
export const goodPracticeUrl = (locale: string, slug: string) => `/${locale}/good-practices/${slug}/`;
export const projectsUrl = (locale: string) => `/${locale}/projects/`;
export const projectUrl = (locale: string, slug: string) => `/${locale}/projects/${slug}/`;
export const organisationsUrl = (locale: string) => `/${locale}/organisations/`;
/** Organisations have no page of their own: an organisation's entry in the directory of projects and partners. */
export const organisationUrl = (locale: string, key: string) => `/${locale}/projects/#organisation-${key}`;
export const helplinesUrl = (locale: string) => `/${locale}/helplines/`;
/** The short pages kept in the dictionaries (about, privacy, accessibility, browsing safely). */
export const infoPages = ['about', 'privacy', 'accessibility', 'browse-safely'] as const;
export type InfoPage = (typeof infoPages)[number];
/** One page each, same path segment in every language. */
export const staticPageUrl = (locale: string, page: InfoPage) => `/${locale}/${page}/`;
/** Result pages of a registration form posted without JavaScript (see the registration API). */
export const registrationResultUrl = (locale: string, outcome: string) => `/${locale}/registration/${outcome}/`;
export const registrationProblemUrl = (locale: string) => `/${locale}/registration/problem/`;
/** The shell of the registrant's personal pages, which the CMS fills in (`cms/src/registration/site-shell.ts`). */
export const registrationManageUrl = (locale: string) => `/${locale}/registration/manage/`;
/** A webinar's calendar file, beside its page. */
export const webinarCalendarUrl = (locale: string, slug: string) => `/${locale}/webinars/${slug}/calendar.ics`;
/** The map of the network: partners, events and exchanges by country. */
export const networkUrl = (locale: string) => `/${locale}/network/`;
/** What happened in one country, by its ISO 3166-1 alpha-2 code in lower case: "/it/network/ro/". */
export const networkCountryUrl = (locale: string, country: string) => `/${locale}/network/${country.toLowerCase()}/`;
