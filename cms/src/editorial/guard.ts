import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { organisationsOfEditor } from './organisations';
import { isPartnerEditorOnly, PARTNER_TYPES } from './roles';

const WRITES = new Set(['create', 'update', 'delete', 'clone', 'publish', 'unpublish', 'discardDraft']);
const GUARDED = new Set<string>(PARTNER_TYPES);

interface AdminUser {
  id: number;
  email: string;
  roles?: Array<{ code: string }>;
}

/** One target a relation payload names: by document id, or by row id (`{ id }` or a bare number). */
export type RelationReference = { documentId: string } | { id: number };

export interface RelationChange {
  /** The targets connected or set, in every form Strapi accepts. */
  named: RelationReference[];
  /** The targets disconnected. */
  disconnected: RelationReference[];
  /** Whether the payload replaces the whole relation (`set`, `null`, a bare value or list). */
  replaces: boolean;
}

function referencesIn(value: unknown): RelationReference[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (typeof value === 'string') return /^\d+$/.test(value) ? [{ id: Number(value) }] : [{ documentId: value }];
  if (typeof value === 'number') return [{ id: value }];
  if (typeof value === 'object') {
    const entry = value as { documentId?: unknown; id?: unknown };
    if (typeof entry.documentId === 'string') return [{ documentId: entry.documentId }];
    if (typeof entry.id === 'number' || typeof entry.id === 'string') return [{ id: Number(entry.id) }];
  }
  // Anything else is a form the guard does not know: treated as a target it cannot vouch for.
  return [{ id: Number.NaN }];
}

/**
 * What a relation payload does, in every form the Document Service takes: a document id, a row id,
 * `{ documentId }`, `{ id }`, lists of those, `{ set }`, `{ connect, disconnect }` with or without
 * positions. Returns `undefined` when the payload leaves the relation alone.
 */
export function relationChange(value: unknown): RelationChange | undefined {
  if (value === undefined) return undefined;
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && ('connect' in value || 'disconnect' in value || 'set' in value)) {
    const relation = value as { connect?: unknown; disconnect?: unknown; set?: unknown };
    if (relation.set !== undefined) return { named: referencesIn(relation.set), disconnected: [], replaces: true };
    return { named: referencesIn(relation.connect), disconnected: referencesIn(relation.disconnect), replaces: false };
  }
  return { named: referencesIn(value), disconnected: [], replaces: true };
}

/** The document ids the references point at; a row id that names no row of `uid` gives `undefined`. */
async function documentIdsOf(strapi: Core.Strapi, uid: string, references: RelationReference[]): Promise<Array<string | undefined>> {
  const rowIds = references.flatMap((reference) => ('id' in reference && Number.isInteger(reference.id) ? [reference.id] : []));
  const rows = rowIds.length
    ? ((await strapi.db.query(uid as never).findMany({ where: { id: { $in: rowIds } }, select: ['id', 'documentId'] })) as Array<{
        id: number;
        documentId: string;
      }>)
    : [];
  const byRow = new Map(rows.map((row) => [row.id, row.documentId]));
  return references.map((reference) => ('documentId' in reference ? reference.documentId : byRow.get(reference.id)));
}

/** Relations that hold one target (many-to-one, one-to-one) of a content type. */
function singleRelations(strapi: Core.Strapi, uid: string): Array<[string, string]> {
  const { attributes } = strapi.getModel(uid as never) as unknown as { attributes: Record<string, { type: string; relation?: string; target?: string }> };
  return Object.entries(attributes)
    .filter(([, attribute]) => attribute.type === 'relation' && ['manyToOne', 'oneToOne'].includes(attribute.relation ?? '') && attribute.target)
    .map(([name, attribute]) => [name, attribute.target!]);
}

const ORGANISATION = 'api::organisation.organisation';
const ONE_ORGANISATION = 'Choose your own organisation: partner editors write only for the organisation they belong to.';

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
    if (!context.uid.startsWith('api::') || !WRITES.has(context.action)) return next();
    const params = context.params as { documentId?: string; locale?: string; data?: Record<string, unknown> };

    // Whoever writes: a relation that holds one target is given one, however the targets are written
    // (`{ documentId }` and `{ id }` of two documents would otherwise both be linked).
    for (const [name, target] of singleRelations(strapi, context.uid)) {
      const change = relationChange(params.data?.[name]);
      if (!change || change.named.length < 2) continue;
      const targets = await documentIdsOf(strapi, target, change.named);
      if (targets.includes(undefined) || new Set(targets).size > 1) throw new errors.PolicyError(`"${name}" holds one entry: name only one.`);
    }

    if (!GUARDED.has(context.uid)) return next();
    const user = strapi.requestContext.get()?.state?.user as AdminUser | undefined;
    if (!user?.id || !isPartnerEditorOnly(user)) return next();

    if (['publish', 'unpublish'].includes(context.action)) {
      throw new errors.PolicyError('Partner editors cannot publish or unpublish: a coordinator reviews and publishes.');
    }
    const own = await organisationsOfEditor(strapi, user.id);
    const locale = params.locale;
    if (!locale || locale === '*' || !own.locales.has(locale)) {
      throw new errors.PolicyError(
        `Your organisation does not work in the locale "${locale ?? 'all'}": you can write in ${[...own.locales].join(', ') || 'no locale'}.`,
      );
    }
    if (params.documentId && context.action !== 'create') {
      const rows = (await strapi.db
        .query(context.uid)
        .findMany({ where: { documentId: params.documentId }, populate: { organisation: { select: ['documentId'] } } })) as Array<{
        organisation?: { documentId: string } | null;
      }>;
      const owners = new Set(rows.map((row) => row.organisation?.documentId).filter(Boolean));
      if (rows.length > 0 && ![...owners].some((owner) => own.documentIds.has(owner!))) {
        throw new errors.PolicyError('This content belongs to another organisation: you can only edit your own.');
      }
    }
    const creating = context.action === 'create' || context.action === 'clone';
    const change = relationChange(params.data?.organisation);
    if (!change) {
      if (creating) throw new errors.PolicyError(ONE_ORGANISATION);
      return next();
    }
    const named = await documentIdsOf(strapi, ORGANISATION, change.named);
    const leavesNone = named.length === 0 && (creating || change.replaces || change.disconnected.length > 0);
    if (leavesNone || named.some((documentId) => documentId === undefined || !own.documentIds.has(documentId))) {
      throw new errors.PolicyError(ONE_ORGANISATION);
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
      const own = await organisationsOfEditor(strapi, user.id);
      return { 'organisation.id': { $in: own.rowIds } };
    },
  };
}
