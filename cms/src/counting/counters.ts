import type { Core } from '@strapi/strapi';
import { hitDay, type Hit, type HitKind } from '@praxis/contract/counting';

/**
 * The reach counters (`@praxis/contract/counting`): one row per item, language, day and kind,
 * shared by every CMS process through the database. A hit adds one to its row; nothing else of
 * the request is kept.
 */

export const HIT_COUNT = 'api::hit-count.hit-count';

/**
 * Adds one to the counter of `hit` on `kind` for the day of `now`. One statement, atomic on SQLite
 * and PostgreSQL alike (INSERT … ON CONFLICT … DO UPDATE), so simultaneous hits on several
 * processes never read, add and overwrite each other's counts.
 */
export async function countHit(strapi: Core.Strapi, hit: Hit, kind: HitKind, now = new Date()): Promise<void> {
  const knex = strapi.db.connection;
  const table = strapi.db.metadata.get(HIT_COUNT).tableName;
  await knex(table)
    .insert({ item: hit.item, language: hit.language, day: hitDay(now), kind, hits: 1 })
    .onConflict(['item', 'language', 'day', 'kind'])
    .merge({ hits: knex.raw('??.?? + 1', [table, 'hits']) });
}

export interface CounterRow {
  item: string;
  language: string;
  day: string;
  kind: HitKind;
  hits: number;
}

/** The counters of the days from `from` to `to` (inclusive, `YYYY-MM-DD`), optionally of items that start with `prefix`. */
export async function readCounters(strapi: Core.Strapi, from: string, to: string, prefix?: string): Promise<CounterRow[]> {
  const table = strapi.db.metadata.get(HIT_COUNT).tableName;
  const query = strapi.db.connection(table).select('item', 'language', 'day', 'kind', 'hits').whereBetween('day', [from, to]);
  if (prefix) query.where('item', 'like', `${prefix.replace(/[\\%_]/g, '\\$&')}%`);
  const rows = (await query.orderBy(['day', 'item', 'language', 'kind'])) as Array<Omit<CounterRow, 'hits'> & { hits: string | number }>;
  return rows.map((row) => ({ ...row, hits: Number(row.hits) }));
}
