import type { Core } from '@strapi/strapi';
import { ensureFirstAdmin } from './bootstrap/first-admin';
import { syncLocales } from './bootstrap/locales';
import { syncPublicPermissions } from './bootstrap/permissions';

export default {
  register() {},

  /** Locales, permissions and the first account are set in code at every start, never by clicking. */
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await syncLocales(strapi);
    await syncPublicPermissions(strapi);
    await ensureFirstAdmin(strapi);
  },
};
