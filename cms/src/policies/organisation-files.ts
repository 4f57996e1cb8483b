import type { Core } from '@strapi/strapi';
import { checkUploadRoute, type PolicyContext, type Route } from '../uploads/ownership';

/** `global::organisation-files`: who may act on which files of the media library (`uploads/ownership.ts`). */
export default (policyContext: PolicyContext, route: Route, { strapi }: { strapi: Core.Strapi }) => checkUploadRoute(strapi, route, policyContext);
