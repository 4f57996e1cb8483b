import type { Core } from '@strapi/strapi';

/** The content types anyone may read, published versions only. */
export const PUBLIC_TYPES = [
  'api::campaign.campaign',
  'api::event.event',
  'api::good-practice.good-practice',
  'api::helpline.helpline',
  'api::organisation.organisation',
  'api::project.project',
  'api::resource.resource',
  'api::spot-video.spot-video',
  'api::theme.theme',
  'api::webinar.webinar',
  'api::workshop-report.workshop-report',
] as const;

/**
 * What anyone on the internet may do through the REST API: read published content and register
 * for a webinar, nothing else. Drafts stay private (see the `published-only` middleware); private
 * fields (a webinar's join link, an organisation's editors, every field of a registration) are
 * never serialised.
 */
export const PUBLIC_ACTIONS = [...PUBLIC_TYPES.flatMap((uid) => [`${uid}.find`, `${uid}.findOne`]), 'api::registration.registration.register'];

/** Sets the public role's permissions to exactly `PUBLIC_ACTIONS`, removing anything granted by hand. */
export async function syncPublicPermissions(strapi: Core.Strapi): Promise<void> {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
  if (!role) throw new Error('the users-permissions public role is missing');

  const permissions = strapi.db.query('plugin::users-permissions.permission');
  const granted: Array<{ id: number; action: string }> = await permissions.findMany({ where: { role: role.id } });

  for (const permission of granted) {
    if (!PUBLIC_ACTIONS.includes(permission.action)) await permissions.delete({ where: { id: permission.id } });
  }
  for (const action of PUBLIC_ACTIONS) {
    if (!granted.some((permission) => permission.action === action)) await permissions.create({ data: { action, role: role.id } });
  }
}
