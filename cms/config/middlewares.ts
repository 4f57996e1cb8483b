import { LARGEST_UPLOAD } from '../src/uploads/rules';

/** The origins allowed to call the API from a browser: the site, plus PRAXIS_CORS_ORIGINS. */
function siteOrigins(): string[] {
  const site = process.env.PRAXIS_SITE_URL || `http://${process.env.PRAXIS_SITE_HOST ?? '127.0.0.1'}:${process.env.PRAXIS_SITE_PORT ?? '4321'}`;
  const extra = (process.env.PRAXIS_CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean);
  return [...new Set([new URL(site).origin, ...extra.map((origin) => new URL(origin).origin)])];
}

export default [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  // The site's own origin, never "*": its registration form calls the API from the browser.
  { name: 'strapi::cors', config: { origin: siteOrigins(), methods: ['GET', 'POST', 'HEAD', 'OPTIONS'], headers: ['Content-Type', 'Authorization', 'Accept'], keepHeaderOnError: true } },
  'strapi::poweredBy',
  'strapi::query',
  // Compressed bodies, and anything but JSON or a form post on the registration routes: 415.
  'global::request-body',
  { name: 'strapi::body', config: { formLimit: '1mb', jsonLimit: '1mb', textLimit: '1mb', formidable: { maxFileSize: LARGEST_UPLOAD } } },
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
