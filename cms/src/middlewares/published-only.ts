import type { Core } from '@strapi/strapi';
import { config } from '@praxis/contract/config';
import { grantCovers, verifyPreview } from '@praxis/contract/preview-token';

/** The header that carries a preview link's token (`@praxis/contract/preview-token`). */
export const PREVIEW_HEADER = 'x-praxis-preview';

interface RouteContext {
  query: Record<string, unknown>;
  params: Record<string, string | undefined>;
  headers: Record<string, string | string[] | undefined>;
  set(name: string, value: string): void;
  state: { auth?: { strategy?: { name?: string } }; route?: { handler?: string } };
}

/**
 * Serves only published content through the public REST API.
 *
 * Strapi 5 lets any caller with `find` permission ask for `?status=draft`, so the public role
 * could read unpublished drafts. Only an API token may ask for another status, or the holder of a
 * preview link, for the one document, locale and status the link was signed for (`findOne` only).
 */
export default (_config: unknown, _ctx: { strapi: Core.Strapi }) => {
  return async (ctx: RouteContext, next: () => Promise<void>) => {
    if (ctx.state.auth?.strategy?.name === 'api-token') return next();
    const preview = previewStatus(ctx);
    ctx.query.status = preview ?? 'published';
    // A draft is never kept by a cache between the CMS and the renderer.
    if (preview) ctx.set('Cache-Control', 'no-store');
    await next();
  };
};

/** The status a valid preview token grants for this request, or undefined. */
function previewStatus(ctx: RouteContext): 'draft' | 'published' | undefined {
  const token = ctx.headers[PREVIEW_HEADER];
  const handler = ctx.state.route?.handler;
  if (typeof token !== 'string' || !handler?.endsWith('.findOne') || !ctx.params.id) return undefined;
  const verified = verifyPreview(token, config().PRAXIS_PREVIEW_SECRET);
  if (!verified.ok) return undefined;
  const uid = handler.slice(0, -'.findOne'.length);
  return grantCovers(verified.grant, uid, ctx.params.id, String(ctx.query.locale ?? '')) ? verified.grant.status : undefined;
}
