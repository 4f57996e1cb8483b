import type { Core } from '@strapi/strapi';
import { config } from '@praxis/contract/config';

/**
 * Creates the first super admin from `PRAXIS_ADMIN_EMAIL` and `PRAXIS_ADMIN_PASSWORD` when the CMS
 * has no admin yet, so that a fresh portal can be logged into without a registration form.
 * `npm start` generates both on first run and stores them in the gitignored data folder.
 */
export async function ensureFirstAdmin(strapi: Core.Strapi): Promise<void> {
  const { PRAXIS_ADMIN_EMAIL: email, PRAXIS_ADMIN_PASSWORD: password } = config();
  if (!email || !password) return;

  const users = strapi.service('admin::user');
  if ((await users.count()) > 0) return;

  const superAdmin = await strapi.service('admin::role').getSuperAdmin();
  if (!superAdmin) throw new Error('the super admin role is missing');
  await users.create({
    email: email.toLowerCase(),
    firstname: 'Praxis',
    lastname: 'Administrator',
    password,
    registrationToken: null,
    isActive: true,
    roles: [superAdmin.id],
  });
  strapi.log.info(`Created the first administrator account ${email}`);
}
