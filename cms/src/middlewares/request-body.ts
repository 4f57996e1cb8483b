/**
 * What a request body may be, checked before `strapi::body` reads a byte of it.
 *
 * - No request body on any route may be compressed (`Content-Encoding`): no browser or client of
 *   Praxis sends one, and a corrupt one made the body parser fail with a 500.
 * - The public registration routes take JSON or a plain form post, nothing else: a multipart body
 *   would otherwise be written to disk (files are not held to the 1 MB limit) and its files
 *   ignored rather than refused.
 *
 * Both are answered 415 with the registration API's own shape and code (`body.malformed`).
 */
const REGISTRATION_ROUTE = /^\/api\/(?:webinars\/[^/]+\/registrations|registrations\/manage\/[^/]+(?:\/[a-z]+)?)\/?$/;

interface Context {
  method: string;
  path: string;
  status: number;
  body: unknown;
  get(header: string): string;
  is(...types: string[]): string | false | null;
}

export default () => {
  return async (ctx: Context, next: () => Promise<void>) => {
    const encoding = ctx.get('content-encoding').trim().toLowerCase();
    // A manage link's cancel button posts nothing (Content-Length: 0): there is no body to check.
    const hasBody = ctx.get('transfer-encoding') !== '' || Number(ctx.get('content-length')) > 0;
    const refused = hasBody && ((encoding !== '' && encoding !== 'identity') || (ctx.method === 'POST' && REGISTRATION_ROUTE.test(ctx.path) && !ctx.is('json', 'urlencoded')));
    if (refused) {
      ctx.status = 415;
      ctx.body = { outcome: 'rejected', errors: [{ field: 'body', code: 'body.malformed' }] };
      return;
    }
    await next();
  };
};
