import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

export interface PolicyContext {
  state: { user?: { email: string; password?: string } };
  request: { body?: { email?: unknown; currentPassword?: unknown } };
}

/**
 * Changing one's own sign-in address (`PUT /admin/users/me`) needs the current password, as
 * changing the password does: a stolen session must not be enough to take the account over
 * through a password reset sent to a new address. (Organisation membership does not follow the
 * address: see `organisations.ts`.)
 */
export function requirePasswordForEmailChange(strapi: Core.Strapi): void {
  const router = (strapi.admin.routes as Record<string, { routes?: Array<{ method: string; path: string; config?: { policies?: unknown[] } }> }>).admin;
  const route = router?.routes?.find((candidate) => candidate.method === 'PUT' && candidate.path === '/users/me');
  if (!route) throw new Error('the admin route PUT /users/me is missing: the e-mail change check has nothing to guard');
  route.config = { ...route.config, policies: [...(route.config?.policies ?? []), 'global::email-change'] };
}

/** The check, run as the route's policy (`policies/email-change.ts`). */
export async function checkEmailChange(strapi: Core.Strapi, policyContext: PolicyContext): Promise<boolean> {
  const { user } = policyContext.state;
  const { email, currentPassword } = policyContext.request.body ?? {};
  if (!user || email === undefined || String(email).trim().toLowerCase() === user.email.toLowerCase()) return true;
  const valid =
    typeof currentPassword === 'string' && !!user.password && (await strapi.service('admin::auth').validatePassword(currentPassword, user.password));
  if (!valid) throw new errors.PolicyError('To change your e-mail address, give your current password.');
  return true;
}
