import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { WEBINAR } from './webinars';

/**
 * A webinar's key is the name of its registration URL (`/api/webinars/<key>/registrations`), so it
 * names one webinar in every language. The schema's `unique` is checked by Strapi per locale only:
 * another document in another locale could take the same key, and the registration URL would then
 * reach whichever row came first. This Document Service middleware refuses, on every save and
 * publish, a key that another webinar document holds in any locale, draft or published.
 *
 * Two saves of the same new key at once are serialised on PostgreSQL by a transaction-scoped
 * advisory lock on the key (SQLite runs one write transaction at a time anyway), so both cannot
 * pass the check.
 */
export function keepWebinarKeysUnique(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== WEBINAR || !['create', 'update', 'clone', 'publish'].includes(context.action)) return next();
    const params = context.params as { documentId?: string; data?: { key?: unknown } };
    // A clone is a new document: only the source's id is known here, and it must not count as "the same".
    const documentId = context.action === 'clone' ? undefined : params.documentId;
    let key = params.data?.key;
    if (context.action === 'publish' && documentId) {
      const draft = (await strapi.db.query(WEBINAR).findOne({ where: { documentId, publishedAt: null }, select: ['key'] })) as { key: string } | null;
      key = draft?.key;
    }
    if (typeof key !== 'string' || key === '') return next();

    return strapi.db.transaction(async ({ trx }) => {
      if (strapi.db.config.connection.client === 'postgres') {
        await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`praxis:webinar-key:${key}`]);
      }
      const other = (await strapi.db.query(WEBINAR).findOne({
        where: { key, ...(documentId ? { documentId: { $ne: documentId } } : {}) },
        select: ['documentId', 'locale', 'title'],
      })) as { documentId: string; locale: string; title: string } | null;
      if (other) {
        const message = `The key "${key}" is already the key of another webinar ("${other.title}", ${other.locale}). A key names one webinar in every language: choose another.`;
        throw new errors.ValidationError(message, { errors: [{ path: ['key'], message, name: 'ValidationError', value: key }] });
      }
      return next();
    });
  });
}
