import type { Core } from '@strapi/strapi';

/**
 * What anyone on the internet may do through the REST API: read published content, nothing else.
 * Drafts stay private because the public API only serves `status=published` to the public role.
 */
export const PUBLIC_ACTIONS = ['api::resource.resource.find', 'api::resource.resource.findOne'] as const;

/** Sets the public role's permissions to exactly `PUBLIC_ACTIONS`, removing anything granted by hand. */
export async function syncPublicPermissions(strapi: Core.Strapi): Promise<void> {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
  if (!role) throw new Error('the users-permissions public role is missing');

  const permissions = strapi.db.query('plugin::users-permissions.permission');
  const granted: Array<{ id: number; action: string }> = await permissions.findMany({ where: { role: role.id } });

  for (const permission of granted) {
    if (!(PUBLIC_ACTIONS as readonly string[]).includes(permission.action)) await permissions.delete({ where: { id: permission.id } });
  }
  for (const action of PUBLIC_ACTIONS) {
    if (!granted.some((permission) => permission.action === action)) await permissions.create({ data: { action, role: role.id } });
  }
}
