import type { Core } from '@strapi/strapi';
import { checkEmailChange, type PolicyContext } from '../editorial/own-account';

/** `global::email-change`: a new sign-in address needs the current password (`editorial/own-account.ts`). */
export default (policyContext: PolicyContext, _config: unknown, { strapi }: { strapi: Core.Strapi }) => checkEmailChange(strapi, policyContext);
