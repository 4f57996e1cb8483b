import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { organisationsOfEditor } from './organisations';
import { COORDINATOR, PARTNER_EDITOR, PARTNER_TYPES } from './roles';

const WRITES = new Set(['create', 'update', 'delete', 'clone', 'publish', 'unpublish', 'discardDraft']);
const GUARDED = new Set<string>(PARTNER_TYPES);

interface AdminUser {
  email: string;
  roles?: Array<{ code: string }>;
}

/** Whether the user is only a partner editor (not also a coordinator or super admin). */
function isPartnerEditorOnly(user: AdminUser): boolean {
  const codes = (user.roles ?? []).map((role) => role.code);
  return codes.includes(PARTNER_EDITOR) && !codes.some((code) => code === COORDINATOR || code === 'strapi-super-admin');
}

/** The organisation document ids a relation payload names (documentId string, `{ connect | set }`, or list). */
export function organisationIdsIn(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((entry) => organisationIdsIn(entry) ?? []);
  if (typeof value === 'object') {
    const relation = value as { documentId?: string; connect?: unknown; set?: unknown };
    if (relation.documentId) return [relation.documentId];
    if (relation.set !== undefined) return organisationIdsIn(relation.set);
    if (relation.connect !== undefined) return organisationIdsIn(relation.connect);
  }
  return [];
}

/**
 * Refusals are `PolicyError`s: Strapi's authorization layer turns any other ForbiddenError raised
 * below it into a bare "Forbidden", and the partner must read why.
 *
 * The server-side half of the partner-editor rules, on every write through the Document Service
 * (admin API, content API, scripts alike), so that no admin UI trick or RBAC-condition gap lets a
 * partner write outside their organisation or its languages, or publish.
 */
export function registerEditorialGuard(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (!GUARDED.has(context.uid) || !WRITES.has(context.action)) return next();
    const user = strapi.requestContext.get()?.state?.user as AdminUser | undefined;
    if (!user?.email || !isPartnerEditorOnly(user)) return next();

    if (['publish', 'unpublish'].includes(context.action)) {
      throw new errors.PolicyError('Partner editors cannot publish or unpublish: a coordinator reviews and publishes.');
    }
    const params = context.params as { documentId?: string; locale?: string; data?: Record<string, unknown> };
    const own = await organisationsOfEditor(strapi, user.email);
    const locale = params.locale;
    if (!locale || locale === '*' || !own.locales.has(locale)) {
      throw new errors.PolicyError(`Your organisation does not work in the locale "${locale ?? 'all'}": you can write in ${[...own.locales].join(', ') || 'no locale'}.`);
    }
    if (params.documentId && context.action !== 'create') {
      const rows = (await strapi.db.query(context.uid).findMany({ where: { documentId: params.documentId }, populate: { organisation: { select: ['documentId'] } } })) as Array<{
        organisation?: { documentId: string } | null;
      }>;
      const owners = new Set(rows.map((row) => row.organisation?.documentId).filter(Boolean));
      if (rows.length > 0 && ![...owners].some((owner) => own.documentIds.has(owner!))) {
        throw new errors.PolicyError('This content belongs to another organisation: you can only edit your own.');
      }
    }
    const named = organisationIdsIn(params.data?.organisation);
    const creating = context.action === 'create' || context.action === 'clone';
    if ((creating && (!named || named.length === 0)) || (named && named.some((id) => !own.documentIds.has(id)))) {
      throw new errors.PolicyError('Choose your own organisation: partner editors write only for the organisation they belong to.');
    }
    return next();
  });
}

/** The RBAC condition: rows whose organisation is one of the user's (used to filter lists and checks). */
export function ownOrganisationCondition(strapi: Core.Strapi) {
  return {
    displayName: 'Belongs to one of my organisations',
    name: 'own-organisation',
    async handler(user: AdminUser) {
      const own = await organisationsOfEditor(strapi, user.email);
      return { 'organisation.id': { $in: own.rowIds } };
    },
  };
}
