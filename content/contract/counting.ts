/**
 * Reach counted without tracking: what the site sends and the CMS counts (README, "Counting reach").
 *
 * The CMS keeps one counter per item, language, day and kind, nothing else: no address, no
 * identifier of a visitor, no cookie, no raw hit. A page view is a beacon sent after the page has
 * loaded; a download is counted by the link itself (a redirect to the file on the site's origin),
 * so it is counted without JavaScript too. Both go to the CMS through the site's own origin (the
 * site server passes `/api/` on).
 */
import { localeCodes } from '@praxis/contract/locales';

/** What a counter counts. */
export const HIT_KINDS = ['view', 'download'] as const;
export type HitKind = (typeof HIT_KINDS)[number];

/** The types of item counted by their key; `page` is a page that shows no single item (a list, the home page). */
export const COUNTED_TYPES = ['resource', 'report', 'event', 'webinar', 'good-practice', 'video', 'campaign', 'project', 'page'] as const;
export type CountedType = (typeof COUNTED_TYPES)[number];

/** Where the site sends a page view (POST, no body) and where a counted download link goes (GET). */
export const COUNT_ROUTES = { view: '/api/counts/view', download: '/api/counts/download' } as const;

const ITEM = new RegExp(`^(?:${COUNTED_TYPES.join('|')}):[a-z0-9][a-z0-9-]{0,79}$`);
/** A file on the site's origin a counted download may lead to: the media route, a plain key, an optional `?download=` name. */
const FILE_PATH = /^\/media\/[\w.~@+=-]+(?:\/[\w.~@+=-]+)*(?:\?download=[\w.~%!'()*-]{1,400})?$/;

/**
 * The counted item of a page: its type and the item's key, the same in every language.
 *
 * @example countedItem('resource', 'connect-teaching-kit') // 'resource:connect-teaching-kit'
 */
export const countedItem = (type: CountedType, key: string) => `${type}:${key}`;

/** The item a page without its own counts as: its section (`/it/resources/page/2/` → `page:resources`), or `page:home`. */
export function sectionItem(pathname: string): string {
  const section = pathname.split('/').filter(Boolean)[1]?.toLowerCase();
  return countedItem('page', section && /^[a-z0-9][a-z0-9-]{0,79}$/.test(section) ? section : 'home');
}

/** The beacon's address for a page view of `item` in `locale`. */
export const viewBeaconUrl = (item: string, locale: string) => `${COUNT_ROUTES.view}?${new URLSearchParams({ item, language: locale })}`;

/**
 * A download link that counts: the CMS adds one to the item's downloads in the file's language and
 * sends the browser on to the file (`to`, a path of the site such as `/media/kit_ro.pdf?download=kit-ro.pdf`).
 *
 * @example countedDownloadUrl('resource:connect-teaching-kit', 'ro', '/media/kit_ro.pdf?download=kit-ro.pdf')
 */
export const countedDownloadUrl = (item: string, language: string, to: string) => `${COUNT_ROUTES.download}?${new URLSearchParams({ item, language, to })}`;

export interface Hit {
  item: string;
  language: string;
}

/** A hit's item and language from a request's query, or undefined when either is not one the site sends. */
export function parseHit(query: Record<string, unknown>): Hit | undefined {
  const { item, language } = query;
  if (typeof item !== 'string' || typeof language !== 'string') return undefined;
  if (!ITEM.test(item) || !(localeCodes as readonly string[]).includes(language)) return undefined;
  return { item, language };
}

/** Whether `to` is a file on the site's own origin that a counted download may redirect to. */
export const isCountedFile = (to: unknown): to is string => typeof to === 'string' && FILE_PATH.test(to) && !/(?:^|\/)\.{1,2}(?:\/|\?|$)/.test(to);

/** The day a hit is counted on: the UTC date, `YYYY-MM-DD`. */
export const hitDay = (now = new Date()) => now.toISOString().slice(0, 10);
