import type { Core } from '@strapi/strapi';
import { localeCodes } from '@praxis/contract/locales';
import { PUBLIC_TYPES } from '../../../bootstrap/permissions';

interface Context {
  params: { collection: string };
  query: Record<string, unknown>;
  body: unknown;
  set(name: string, value: string): void;
  badRequest(message: string): void;
  notFound(message: string): void;
}

/**
 * The versions of a collection's published entries in one locale, in one answer: each entry's
 * documentId, `updatedAt`, `publishedAt` and slug (where the type has one), and the documentIds of
 * the relations named in `relations` (a report that adds a resource changes the join table, not
 * the resource's `updatedAt`). The site's content loader compares them with what its store holds
 * and fetches in full only what changed, and the release check lists from them the pages a
 * release must have (site/lib/cms-source.ts, `list`).
 *
 * The REST API answers the same question a hundred entries a request (its `maxLimit`), which made
 * the loader's listing of a large catalogue a good part of every build. This says nothing the REST API does not: published entries of
 * the types anyone may read (`PUBLIC_TYPES`), and which of those they relate to.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    const uid = PUBLIC_TYPES.find((candidate) => strapi.contentTypes[candidate]?.info.pluralName === ctx.params.collection);
    if (!uid) return ctx.notFound(`no public collection "${ctx.params.collection}"`);
    const type = strapi.contentTypes[uid];
    const relations = typeof ctx.query.relations === 'string' ? ctx.query.relations.split(',').filter(Boolean) : [];
    for (const name of relations) {
      const attribute = type.attributes[name] as { type?: string; target?: string } | undefined;
      if (attribute?.type !== 'relation' || !(PUBLIC_TYPES as readonly string[]).includes(attribute.target ?? '')) {
        return ctx.badRequest(`"${name}" is not a relation of ${ctx.params.collection} to public content`);
      }
    }
    const localized = Boolean((type.pluginOptions as { i18n?: { localized?: boolean } } | undefined)?.i18n?.localized);
    const locale = typeof ctx.query.locale === 'string' ? ctx.query.locale : undefined;
    // An unknown locale has no entries: answering an empty list would tell the loader that everything was unpublished.
    const codes = localeCodes;
    if (localized && !codes.includes(locale ?? ''))
      return ctx.badRequest(`${ctx.params.collection} are localized: say which locale, one of ${codes.join(', ')}`);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: await strapi.service('api::content-version.content-version').list(uid, localized ? locale : undefined, relations) };
  },
});
