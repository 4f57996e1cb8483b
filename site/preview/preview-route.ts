/** Where the site's origin serves previews, and the header that hands their token to the CMS. */
export const PREVIEW_ROUTE = '/preview/';
/** The same name as the CMS reads (`cms/src/middlewares/published-only.ts`). */
export const PREVIEW_HEADER = 'x-praxis-preview';
