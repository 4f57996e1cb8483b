import { config } from '@praxis/contract/config';
import { BODY_LIMIT, formKeyDecoder } from '../src/middlewares/request-body';
import { LARGEST_UPLOAD } from '../src/uploads/rules';

/** The origins allowed to call the API from a browser: the site, plus PRAXIS_CORS_ORIGINS. */
function siteOrigins(): string[] {
  return [...new Set([new URL(config().PRAXIS_SITE_URL).origin, ...config().PRAXIS_CORS_ORIGINS])];
}

/**
 * With uploads in an S3-compatible store (config/plugins.ts), the admin's media library shows
 * previews from its public address, which Strapi's content security policy must then allow.
 */
function security(): string | { name: string; config: unknown } {
  const store = config().PRAXIS_UPLOAD_PROVIDER === 's3' && config().PRAXIS_UPLOAD_PUBLIC_URL;
  if (!store) return 'strapi::security';
  const origin = new URL(store).origin;
  return {
    name: 'strapi::security',
    config: {
      contentSecurityPolicy: {
        useDefaults: true,
        directives: { 'connect-src': ["'self'", 'https:'], 'img-src': ["'self'", 'data:', 'blob:', origin], 'media-src': ["'self'", 'data:', 'blob:', origin] },
      },
    },
  };
}

export default [
  // First: a registration's bound on waiting counts from the moment it arrived.
  'global::arrival',
  'strapi::logger',
  'strapi::errors',
  security(),
  // The site's own origin, never "*": its registration form calls the API from the browser.
  {
    name: 'strapi::cors',
    config: {
      origin: siteOrigins(),
      methods: ['GET', 'POST', 'HEAD', 'OPTIONS'],
      headers: ['Content-Type', 'Authorization', 'Accept'],
      keepHeaderOnError: true,
    },
  },
  'strapi::poweredBy',
  'strapi::query',
  // Declared lengths over the limits (413 at once), compressed bodies, anything but JSON or a form
  // post on the registration routes (415), and the registration API's shape for a body that does
  // not parse.
  'global::request-body',
  // Form keys naming a prototype (`__proto__[x]`) are refused by the decoder, not dropped by qs.
  {
    name: 'strapi::body',
    config: {
      formLimit: BODY_LIMIT,
      jsonLimit: BODY_LIMIT,
      textLimit: BODY_LIMIT,
      queryString: { decoder: formKeyDecoder },
      formidable: { maxFileSize: LARGEST_UPLOAD },
    },
  },
  'strapi::session',
  // The portal's icon, from memory: the stock `strapi::favicon` (which Strapi requires in the list)
  // looks for a file the CMS does not have, and answered every /favicon.ico with a 500.
  'global::favicon',
  'strapi::favicon',
  'strapi::public',
];
