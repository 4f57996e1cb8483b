import type { Core } from '@strapi/strapi';
import { config } from '@praxis/contract/config';

/**
 * Fixed-window rate limits kept in the database, so every CMS process counts the same hits.
 * Limits are `<hits>/<seconds>`, from the configuration (`@praxis/contract/config`):
 * PRAXIS_RATE_LIMIT_ADDRESS, PRAXIS_RATE_LIMIT_WEBINAR, the manage link's two and the reach
 * counters' PRAXIS_RATE_LIMIT_HITS.
 */

const RATE_LIMIT = 'api::rate-limit.rate-limit';

export interface Limit {
  hits: number;
  windowMs: number;
}

export type LimitName =
  | 'PRAXIS_RATE_LIMIT_ADDRESS'
  | 'PRAXIS_RATE_LIMIT_WEBINAR'
  | 'PRAXIS_RATE_LIMIT_MANAGE_LINK_CLIENT'
  | 'PRAXIS_RATE_LIMIT_MANAGE_LINK_ADDRESS'
  | 'PRAXIS_RATE_LIMIT_HITS';

export const limitFromEnv = (name: LimitName): Limit => config()[name];

/** Counts one hit in `bucket`; false when the bucket is over its limit in the current window. */
export async function allowHit(strapi: Core.Strapi, bucket: string, limit: Limit, now = Date.now()): Promise<boolean> {
  const knex = strapi.db.connection;
  const table = strapi.db.metadata.get(RATE_LIMIT).tableName;
  const windowStart = Math.floor(now / limit.windowMs) * limit.windowMs;
  // One statement: insert the window's first hit, or add one to it, and read the total back.
  // Atomic on both databases (INSERT … ON CONFLICT … DO UPDATE … RETURNING).
  const [row] = (await knex(table)
    .insert({ bucket, window_start: windowStart, hits: 1 })
    .onConflict(['bucket', 'window_start'])
    .merge({ hits: knex.raw('??.?? + 1', [table, 'hits']) })
    .returning('hits')) as Array<{ hits: number }>;
  return Number(row?.hits ?? 0) <= limit.hits;
}

/** Seconds until the current window of `limit` ends: what a refused client is told to wait. */
export function retryAfterSeconds(limit: Limit, now = Date.now()): number {
  return Math.max(1, Math.ceil((Math.floor(now / limit.windowMs) * limit.windowMs + limit.windowMs - now) / 1000));
}

/** Drops windows older than a day. */
export async function pruneRateLimits(strapi: Core.Strapi, now = Date.now()): Promise<void> {
  const table = strapi.db.metadata.get(RATE_LIMIT).tableName;
  await strapi.db
    .connection(table)
    .where('window_start', '<', now - 86_400_000)
    .delete();
}
