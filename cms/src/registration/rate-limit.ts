import type { Core } from '@strapi/strapi';
import { config } from '@praxis/contract/config';
import { identifier, literal } from './sql-text';

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

/** A bucket to count a hit in, and its limit. */
export interface Count {
  bucket: string;
  limit: Limit;
}

/** What a registration's admission found: which count refused it, if any, and the key's webinar. */
export interface Admission {
  refusedBy: 'address' | 'webinar' | undefined;
  /**
   * The published webinar with the key (its document and capacity), when it was read with the
   * counts (PostgreSQL): null for no such webinar; undefined when not read (SQLite, or refused).
   */
  webinar: { documentId: string; capacity: number | null } | null | undefined;
}

/** The columns the admission statement answers (PostgreSQL). */
export interface AdmissionRow {
  address_hits: number | string;
  webinar_hits: number | string | null;
  document_id: string | null;
  capacity: number | null;
}

/**
 * A registration's admission as one statement's text (PostgreSQL), values written in
 * (`sql-text.ts`), so that it can travel in one message with the seat (`seats.ts`): counts the
 * client's hit, then, only when the client is within its limit, the webinar's, as two `allowHit`s
 * would, and finds the key's published webinar (Italian first, as `findWebinar`). The two counts
 * are chained upserts (data-modifying CTEs, the second fed by the first's RETURNING), each its own
 * row. It answers one row, `admission` (`AdmissionRow`), plus the columns `also` computes from it.
 */
export function admissionStatement(strapi: Core.Strapi, address: Count, webinar: Count, key: string, now = Date.now(), also = ''): string {
  const windowOf = (limit: Limit) => Math.floor(now / limit.windowMs) * limit.windowMs;
  const table = identifier(strapi.db.metadata.get(RATE_LIMIT).tableName);
  const webinars = identifier(strapi.db.metadata.get('api::webinar.webinar').tableName);
  return `with address as (
       insert into ${table} as r (bucket, window_start, hits) values (${literal(address.bucket)}, ${literal(windowOf(address.limit))}, 1)
       on conflict (bucket, window_start) do update set hits = r.hits + 1
       returning hits
     ), webinar as (
       insert into ${table} as r (bucket, window_start, hits)
       select ${literal(webinar.bucket)}, ${literal(windowOf(webinar.limit))}, 1 from address where address.hits <= ${literal(address.limit.hits)}
       on conflict (bucket, window_start) do update set hits = r.hits + 1
       returning hits
     )
     select admission.*${also ? `, ${also}` : ''}
     from (
       select (select hits from address) as address_hits, (select hits from webinar) as webinar_hits, w.document_id, w.capacity
       from (select 1) as one
       left join lateral (
         select document_id, capacity from ${webinars} where key = ${literal(key)} and published_at is not null order by (locale = 'it') desc, id limit 1
       ) as w on true
     ) as admission`;
}

/** What the admission statement's row says (`admissionStatement`). */
export function readAdmission(row: AdmissionRow | undefined, address: Count, webinar: Count): Admission {
  if (!row || Number(row.address_hits) > address.limit.hits) return { refusedBy: 'address', webinar: undefined };
  if (row.webinar_hits === null || Number(row.webinar_hits) > webinar.limit.hits) return { refusedBy: 'webinar', webinar: undefined };
  return { refusedBy: undefined, webinar: row.document_id === null ? null : { documentId: row.document_id, capacity: row.capacity ?? null } };
}

/**
 * A registration's admission: counts the client's hit, then, only when the client is within its
 * limit, the webinar's, and finds the key's published webinar. On PostgreSQL this is one statement
 * (`admissionStatement`), committed as it ends, so the hot row of a webinar's bucket is never held
 * locked past it; a registration sends it in the same message as its seat (`register` in
 * `seats.ts`). SQLite, in-process, counts with `allowHit` in turn.
 */
export async function admitRegistration(strapi: Core.Strapi, address: Count, webinar: Count, key: string, now = Date.now()): Promise<Admission> {
  if (strapi.db.config.connection.client !== 'postgres') {
    if (!(await allowHit(strapi, address.bucket, address.limit, now))) return { refusedBy: 'address', webinar: undefined };
    if (!(await allowHit(strapi, webinar.bucket, webinar.limit, now))) return { refusedBy: 'webinar', webinar: undefined };
    return { refusedBy: undefined, webinar: undefined };
  }
  const { rows } = (await strapi.db.connection.raw(admissionStatement(strapi, address, webinar, key, now))) as { rows: AdmissionRow[] };
  return readAdmission(rows[0], address, webinar);
}
