/** How much of a list one page shows: the catalogue's pages (`catalogue.ts`) and the feed; plain arithmetic, shared with the tests. */

/** Resources per catalogue page. */
export const CATALOGUE_PAGE_SIZE = 30;

/** Items in a locale's feed (`pages/[locale]/rss.xml.ts`), newest first; older ones are found in the catalogue. */
export const FEED_LENGTH = 50;

/** How many pages a list of `count` resources takes (at least one, which may be empty). */
export const pageCount = (count: number) => Math.max(1, Math.ceil(count / CATALOGUE_PAGE_SIZE));

/** Page `page` (from 1) of a list. */
export const pageOf = <T>(items: T[], page: number): T[] => items.slice((page - 1) * CATALOGUE_PAGE_SIZE, page * CATALOGUE_PAGE_SIZE);

/** The page numbers after the first, as Astro's `getStaticPaths` params. */
export const laterPages = (count: number) => Array.from({ length: pageCount(count) - 1 }, (_, index) => String(index + 2));
