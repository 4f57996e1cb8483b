import type { Core } from '@strapi/strapi';
import { config } from '@praxis/contract/config';
import type { PublishStatus } from '@praxis/contract/publish-status';
import { sameSecret, WEBHOOK_SECRET_HEADER } from '@praxis/contract/webhook';
import { markPublishesLive } from './entry-status';

/*
 * The publish status the publisher reports, kept for the admin. The publisher reports with the
 * webhook secret it already shares with the CMS; admins read it through the admin API (their
 * login). It lives in Strapi's core store: it is one small record, not content, and never reaches
 * the public API.
 */

/** At most this many left-out entries are kept in a status; the log has them all. */
const MOST_REJECTED = 50;

const STORE = { type: 'core' as const, name: 'praxis', key: 'publish-status' };
const STATES = new Set(['building', 'live', 'failed']);

/** Keeps only the fields a status has, with their types; anything else is refused. */
function parseStatus(body: unknown): PublishStatus | undefined {
  const value = body as Record<string, unknown> | null;
  if (!value || typeof value !== 'object' || !STATES.has(String(value.state)) || typeof value.trigger !== 'string' || typeof value.startedAt !== 'string')
    return undefined;
  const text = (field: string, max: number) => (typeof value[field] === 'string' ? (value[field] as string).slice(0, max) : undefined);
  const number = (field: string) => (typeof value[field] === 'number' && Number.isFinite(value[field]) ? (value[field] as number) : undefined);
  const status: PublishStatus = { state: value.state as PublishStatus['state'], trigger: value.trigger.slice(0, 200), startedAt: value.startedAt.slice(0, 40) };
  const optional = {
    finishedAt: text('finishedAt', 40),
    reason: text('reason', 2000),
    liveRelease: text('liveRelease', 80),
    pages: number('pages'),
    seconds: number('seconds'),
  };
  for (const [field, fieldValue] of Object.entries(optional)) if (fieldValue !== undefined) Object.assign(status, { [field]: fieldValue });
  if (Array.isArray(value.rejected)) {
    status.rejected = (value.rejected as unknown[])
      .filter(
        (item): item is Record<string, unknown> =>
          typeof item === 'object' &&
          item !== null &&
          typeof (item as { entry?: unknown }).entry === 'string' &&
          typeof (item as { reason?: unknown }).reason === 'string',
      )
      .slice(0, MOST_REJECTED)
      .map((item) => ({ entry: (item.entry as string).slice(0, 300), reason: (item.reason as string).slice(0, 1000), kept: item.kept === true }));
  }
  return status;
}

/** Admin routes: `PUT /praxis/publish-status` for the publisher, `GET` for anyone logged into the admin. */
export function publishStatusRoutes(strapi: Core.Strapi) {
  return {
    type: 'admin',
    prefix: '/praxis',
    routes: [
      {
        method: 'GET',
        path: '/publish-status',
        config: { policies: ['admin::isAuthenticatedAdmin'] },
        async handler(ctx: { body: unknown; set(name: string, value: string): void }) {
          ctx.set('Cache-Control', 'no-store');
          ctx.body = { data: ((await strapi.store.get(STORE)) as PublishStatus | null) ?? null };
        },
      },
      {
        method: 'PUT',
        path: '/publish-status',
        config: { auth: false },
        async handler(ctx: { request: { body?: unknown; headers: Record<string, string | string[] | undefined> }; status: number; body: unknown }) {
          if (!sameSecret(ctx.request.headers[WEBHOOK_SECRET_HEADER], config().PRAXIS_WEBHOOK_SECRET)) {
            ctx.status = 401;
            ctx.body = { error: { status: 401, name: 'UnauthorizedError', message: 'Only the publisher reports the publish status.' } };
            return;
          }
          const status = parseStatus(ctx.request.body);
          if (!status) {
            ctx.status = 400;
            ctx.body = {
              error: { status: 400, name: 'ValidationError', message: 'A publish status needs state (building, live, failed), trigger and startedAt.' },
            };
            return;
          }
          await strapi.store.set({ ...STORE, value: status });
          // Each entry's page in the admin says when its publish went live.
          await markPublishesLive(strapi, status);
          ctx.status = 204;
          ctx.body = null;
        },
      },
    ],
  };
}
