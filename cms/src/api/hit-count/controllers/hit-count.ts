import { factories, type Core } from '@strapi/strapi';
import { isbot } from 'isbot';
import { isCountedFile, parseHit, type HitKind } from '@praxis/contract/counting';
import { countHit } from '../../../counting/counters';
import { allowHit, limitFromEnv, retryAfterSeconds } from '../../../registration/rate-limit';
import { addressKey } from '../../../registration/tokens';

/** What the two routes read and set of Koa's context. */
interface Context {
  method: string;
  query?: Record<string, unknown>;
  request: { ip?: string };
  get(name: string): string;
  set(name: string, value: string): void;
  status: number;
  body?: unknown;
}

/**
 * The two counting routes (`routes/hit-count.ts`). A hit from a robot (its user agent, or none) is
 * answered as any other and not counted; a sender over its limit per address
 * (PRAXIS_RATE_LIMIT_HITS) gets 429 and is not counted. Neither answer sets a cookie or can be
 * cached.
 */
export default factories.createCoreController('api::hit-count.hit-count', ({ strapi }: { strapi: Core.Strapi }) => {
  /** Counts `kind` for the request's hit when a person sent it; false when the sender is over its limit. */
  async function count(ctx: Context, kind: HitKind): Promise<boolean> {
    const hit = parseHit(ctx.query ?? {});
    const agent = ctx.get('user-agent');
    if (!hit || !agent || isbot(agent)) return true;
    const limit = limitFromEnv('PRAXIS_RATE_LIMIT_HITS');
    if (!(await allowHit(strapi, `hits:${addressKey(ctx.request.ip ?? '')}`, limit))) {
      ctx.set('Retry-After', String(retryAfterSeconds(limit)));
      return false;
    }
    await countHit(strapi, hit, kind);
    return true;
  }

  return {
    /** A page view, sent by the site's beacon after the page has loaded: 204, nothing to read. */
    async view(ctx: Context) {
      ctx.set('Cache-Control', 'no-store');
      ctx.status = (await count(ctx, 'view')) ? 204 : 429;
    },

    /**
     * A counted download link: counts, then sends the browser on to the file on the site's origin.
     * A sender over its limit is sent on too, uncounted: the file is the person's, the count is ours.
     */
    async download(ctx: Context) {
      const to = ctx.query?.to;
      ctx.set('Cache-Control', 'no-store');
      if (!isCountedFile(to)) {
        ctx.status = 404;
        ctx.body = { error: 'download.not-found' };
        return;
      }
      if (ctx.method === 'GET') await count(ctx, 'download');
      ctx.status = 303;
      ctx.set('Location', to);
      ctx.set('Referrer-Policy', 'no-referrer');
    },
  };
});
