import { config } from '@praxis/contract/config';

// Every setting comes from the checked configuration: a bad value stops Strapi here, at its start, with one line.
export default () => ({
  host: config().PRAXIS_CMS_HOST,
  port: config().PRAXIS_CMS_PORT,
  url: config().PRAXIS_CMS_PUBLIC_URL ?? '',
  app: { keys: config().APP_KEYS },
  // Behind a reverse proxy, the visitor's address (which the registration rate limit counts) is the
  // one the proxy forwards; trusting X-Forwarded-For without a proxy would let anyone pick theirs.
  proxy: { koa: config().PRAXIS_BEHIND_PROXY, maxIpsCount: config().PRAXIS_PROXY_COUNT },
  // Uploads live beside the database in the gitignored data folder, never in the source tree.
  dirs: { public: config().PRAXIS_PUBLIC_DIR },
  // Registration chores (reminders, retention, e-mail delivery): see src/registration/schedule.ts.
  cron: { enabled: true },
  logger: { updates: { enabled: false }, startup: { enabled: false } },
});
