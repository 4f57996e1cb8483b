/**
 * Strapi feature switches:
 *   - the current Media Library, without a notice about the legacy one;
 *   - `firstPublishedAt` on every draft-and-publish type: Strapi sets `publishedAt` anew at every
 *     publish, so a corrected typo would date an old kit as new in the catalogue, the home page, the
 *     feed and search. The site dates items by their first publication (`site/lib/cms-loader.ts`).
 *     Strapi fills it in for entries published before it was switched on.
 */
export default { useLegacyMediaLibrary: false, future: { experimental_firstPublishedAt: true } };
