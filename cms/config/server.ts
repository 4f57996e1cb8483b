import path from 'node:path';
import type { Core } from '@strapi/strapi';

export default ({ env }: Core.Config.Shared.ConfigParams) => ({
  host: env('PRAXIS_CMS_HOST', '127.0.0.1'),
  port: env.int('PRAXIS_CMS_PORT', 1337),
  url: env('PRAXIS_CMS_PUBLIC_URL', ''),
  app: { keys: env.array('APP_KEYS') },
  // Uploads live beside the database in the gitignored data folder, never in the source tree.
  dirs: { public: env('PRAXIS_PUBLIC_DIR', path.join(env('PRAXIS_DATA_DIR', path.join(__dirname, '..', '..', '..', '.data')), 'public')) },
  // Registration chores (reminders, retention, e-mail delivery): see src/registration/schedule.ts.
  cron: { enabled: true },
  logger: { updates: { enabled: false }, startup: { enabled: false } },
});
