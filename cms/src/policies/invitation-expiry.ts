import type { Core } from '@strapi/strapi';
import { checkInvitationExpiry } from '../editorial/invitations';

interface PolicyContext {
  request: { query?: { registrationToken?: unknown }; body?: { registrationToken?: unknown } };
}

/** `global::invitation-expiry`: an invitation link works for a limited time (`editorial/invitations.ts`). */
export default (policyContext: PolicyContext, _config: unknown, { strapi }: { strapi: Core.Strapi }) =>
  checkInvitationExpiry(strapi, policyContext.request.body?.registrationToken ?? policyContext.request.query?.registrationToken);
