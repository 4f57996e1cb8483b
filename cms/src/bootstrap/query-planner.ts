import type { Core } from '@strapi/strapi';

/**
 * Helps the database answer the site build's reads, which page through every published entry of a
 * collection in one locale (`?locale=…&sort=id&pagination[page]=…`, `site/lib/cms-source.ts`):
 * Strapi asks `SELECT t0.* … WHERE published_at IS NOT NULL AND locale = ? ORDER BY id LIMIT 100
 * OFFSET …`, and counts the same rows for the pagination.
 *
 * - A partial index per localized collection on (locale, id) of its published rows: it hands the
 *   rows over already in id order. An index on (locale, published_at, id) found the rows but, as
 *   published_at is a range there, SQLite still sorted every published row of the locale, whole,
 *   for each page, more slowly the further the page; with this one a page costs the same wherever it is.
 * - On SQLite, `ANALYZE`: without statistics its planner read a resource's files through the index
 *   on the component field name, which every row shares, instead of the one on the entry. PostgreSQL keeps its statistics itself (autovacuum).
 *
 * Both run at every start, quickly even on a large catalogue; should a
 * schema change ever drop the index, the next start puts it back.
 */
export async function helpQueryPlanner(strapi: Core.Strapi): Promise<void> {
  const knex = strapi.db.connection;
  for (const [uid, contentType] of Object.entries(strapi.contentTypes)) {
    if (!uid.startsWith('api::') || contentType.kind !== 'collectionType') continue;
    if (!(contentType.pluginOptions as { i18n?: { localized?: boolean } } | undefined)?.i18n?.localized) continue;
    const table = strapi.db.metadata.get(uid).tableName;
    // The earlier index on (locale, published_at, id), which databases made before this one still hold.
    await knex.raw('DROP INDEX IF EXISTS ??', [`praxis_${table}_locale_published`]);
    await knex.raw('CREATE INDEX IF NOT EXISTS ?? ON ?? (locale, id) WHERE published_at IS NOT NULL', [`praxis_${table}_published_by_locale`, table]);
  }
  if (strapi.db.dialect.client === 'sqlite') await knex.raw('ANALYZE');
}
