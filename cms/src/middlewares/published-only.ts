import type { Core } from '@strapi/strapi';

/**
 * Serves only published content through the public REST API.
 *
 * Strapi 5 lets any caller with `find` permission ask for `?status=draft`, so the public role
 * could read unpublished drafts. Only an API token (for previews) may ask for another status.
 */
export default (_config: unknown, _ctx: { strapi: Core.Strapi }) => {
  return async (ctx: { query: Record<string, unknown>; state: { auth?: { strategy?: { name?: string } } } }, next: () => Promise<void>) => {
    if (ctx.state.auth?.strategy?.name !== 'api-token') ctx.query.status = 'published';
    await next();
  };
};
