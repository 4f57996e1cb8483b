import type { Core } from '@strapi/strapi';

/**
 * Keeps an entry's date of first publication (`firstPublishedAt`, switched on in
 * `config/features.ts`) through its later edits. Strapi sets it at the first publish, but clears
 * it when a write carries the field, and the admin's content manager sends back the document it
 * read: the next publish of a corrected typo would then date the kit as new. Here the field is
 * dropped from what every write carries; only Strapi's first publish sets it.
 */
export function keepFirstPublication(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    const params = context.params as { data?: Record<string, unknown> };
    if (params.data && 'firstPublishedAt' in params.data) {
      const { firstPublishedAt: _ignored, ...data } = params.data;
      params.data = data;
    }
    return next();
  });
}
