import path from 'node:path';
import type { Core } from '@strapi/strapi';

export default ({ env }: Core.Config.Shared.ConfigParams) => ({
  host: env('PRAXIS_CMS_HOST', '127.0.0.1'),
  port: env.int('PRAXIS_CMS_PORT', 1337),
  url: env('PRAXIS_CMS_PUBLIC_URL', ''),
  app: { keys: env.array('APP_KEYS') },
  // Behind a reverse proxy, the visitor's address (which the registration rate limit counts) is the
  // one the proxy forwards; trusting X-Forwarded-For without a proxy would let anyone pick theirs.
  proxy: { koa: env.bool('PRAXIS_BEHIND_PROXY', false), maxIpsCount: env.int('PRAXIS_PROXY_COUNT', 1) },
  // Uploads live beside the database in the gitignored data folder, never in the source tree.
  dirs: { public: env('PRAXIS_PUBLIC_DIR', path.join(env('PRAXIS_DATA_DIR', path.join(__dirname, '..', '..', '..', '.data')), 'public')) },
  // Registration chores (reminders, retention, e-mail delivery): see src/registration/schedule.ts.
  cron: { enabled: true },
  logger: { updates: { enabled: false }, startup: { enabled: false } },
});
