/**
 * The CMS's icon at /favicon.ico: the portal's own mark (the site's inline icon), as SVG, from
 * memory. Strapi requires its `strapi::favicon` middleware in the list, and that one serves a file
 * of the app folder; with none there it answered every /favicon.ico with a 500 and a stack trace.
 * This middleware runs before it and answers the path itself, so the stock one is never reached.
 */
const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b5c8c"/><path d="M10 25V7h7a6 6 0 0 1 0 12h-3v6z" fill="#fff"/></svg>`;

interface Context {
  method: string;
  path: string;
  status: number;
  type: string;
  body: unknown;
  set(header: string, value: string): void;
}

export default () => {
  return async (ctx: Context, next: () => Promise<void>) => {
    if (ctx.path !== '/favicon.ico' || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    ctx.status = 200;
    ctx.type = 'image/svg+xml';
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = ICON;
  };
};
