import type { Core } from '@strapi/strapi';
import type { PUBLIC_TYPES } from '../../../bootstrap/permissions';

/** Entries per query of the Document Service, so that no query names more ids than a database takes. */
const CHUNK = 1_000;

type Related = { documentId: string } | Array<{ documentId: string }> | null | undefined;

/** Only the documentIds of what an entry relates to. */
const idsOf = (value: Related) => (Array.isArray(value) ? value.map(({ documentId }) => ({ documentId })) : value ? { documentId: value.documentId } : null);

/** The published versions of one public type in one locale (undefined: not localized), with the ids its `relations` point to. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(uid: (typeof PUBLIC_TYPES)[number], locale: string | undefined, relations: string[]): Promise<Array<Record<string, unknown>>> {
    const data: Array<Record<string, unknown>> = [];
    // Where the type has pages, the slug that names them: the release check lists what must have a page with it.
    const slugged = 'slug' in strapi.contentTypes[uid]!.attributes;
    for (let start = 0; ; start += CHUNK) {
      const entries = (await strapi.documents(uid).findMany({
        status: 'published',
        ...(locale ? { locale } : {}),
        fields: ['updatedAt', 'publishedAt', ...(slugged ? ['slug'] : [])],
        populate: Object.fromEntries(relations.map((name) => [name, { fields: ['documentId'] }])),
        sort: 'id:asc',
        start,
        limit: CHUNK,
      } as never)) as unknown as Array<Record<string, unknown> & { documentId: string }>;
      for (const entry of entries) {
        data.push({
          documentId: entry.documentId,
          updatedAt: entry.updatedAt,
          publishedAt: entry.publishedAt,
          ...(slugged ? { slug: entry.slug } : {}),
          ...Object.fromEntries(relations.map((name) => [name, idsOf(entry[name] as Related)])),
        });
      }
      if (entries.length < CHUNK) return data;
    }
  },
});
