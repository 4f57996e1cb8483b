/**
 * Marks every answer of the preview page as a preview: a notice at the top of a rendered draft in
 * its language, `noindex, nofollow` for robots, never cached or sent on as a referrer. The page is rendered by
 * Astro's dev server, which adds its own scripts (its client, the components' scripts as source
 * modules): the site's origin does not serve them, so they are taken out, and the preview shows the
 * page as it reads without JavaScript, which every page of the site supports.
 */
import { defineMiddleware } from 'astro:middleware';
import { useTranslations } from '../i18n/t.ts';
import { isPreviewPath } from './preview-route.ts';

const DEV_SCRIPT = /<script\b[^>]*\bsrc="\/(?:@|site\/|node_modules\/)[^"]*"[^>]*>\s*<\/script>/g;
const ROBOTS = /<meta name="robots"[^>]*>/g;

export const onRequest = defineMiddleware(async (context, next) => {
  if (!isPreviewPath(context.url.pathname)) return next();
  const response = await next();
  const locale = (context.locals as { previewLocale?: string }).previewLocale;
  const headers = new Headers(response.headers);
  headers.set('Cache-Control', 'no-store');
  headers.set('X-Robots-Tag', 'noindex, nofollow');
  headers.set('Referrer-Policy', 'no-referrer');
  if (!(headers.get('content-type') ?? '').startsWith('text/html')) return new Response(response.body, { status: response.status, headers });
  let html = (await response.text())
    .replace(DEV_SCRIPT, '')
    .replace(ROBOTS, '')
    .replace('</head>', '<meta name="robots" content="noindex, nofollow" /></head>');
  // The notice on a rendered draft; an error page says what went wrong without it.
  if (locale) {
    const t = useTranslations(locale);
    const notice = `<p class="notice notice-warning preview-notice" role="status" data-preview-notice><strong>${t('preview.notice.title')}</strong> ${t('preview.notice.body')}</p>`;
    html = html.replace(/<body\b[^>]*>/, (body) => `${body}${notice}`);
  }
  headers.delete('content-length');
  return new Response(html, { status: response.status, headers });
});
