import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { hitDay } from '@praxis/contract/counting';
import { localeCodes } from '@praxis/contract/locales';
import { organisationsOfEditor } from '../editorial/organisations';
import { COORDINATOR, isPartnerEditorOnly } from '../editorial/roles';

/**
 * The one filter of the reach figures (src/counting/reach.ts): period, project, organisation and
 * language, read from the query of `GET /praxis/reach`, `/praxis/reach.csv` and
 * `/praxis/reach/summary` alike, and checked against who asks. A coordinator may choose any
 * organisation or none (everything, section pages included); a partner editor sees their own
 * organisations, or one of them, and is refused (403) any other.
 */

const ORGANISATION = 'api::organisation.organisation';
/** The languages Praxis publishes in (its one locale table): the only ones the language filter takes. */
export const REACH_LANGUAGES: readonly string[] = localeCodes;

export interface AdminUser {
  id: number;
  roles?: Array<{ code: string }>;
}

export interface ReachFilter {
  from: string;
  to: string;
  /** A project's key, or every project. */
  project: string | null;
  /** An organisation's key, or every organisation the person may see. */
  organisation: string | null;
  /** One of Praxis's languages, or all. */
  language: string | null;
  /** The organisations (document ids) whose figures are kept; every one, and what belongs to none, when unset. */
  own?: Set<string>;
  /** Whether the person is a partner editor: their own organisations only, whatever they choose. */
  partner: boolean;
  /** The organisations the person may choose among, by name. */
  organisations: Array<{ key: string; name: string }>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const KEY = /^[a-z0-9][a-z0-9-]{0,79}$/;
const given = (value: unknown) => (value === undefined || value === '' ? null : value);

/** Reads and checks the filter of a reach request; throws a ValidationError (400) or a PolicyError (403) with a sentence saying why. */
export async function reachFilter(strapi: Core.Strapi, user: AdminUser | undefined, query: Record<string, unknown>): Promise<ReachFilter> {
  const coordinator = (user?.roles ?? []).some((role) => role.code === COORDINATOR || role.code === 'strapi-super-admin');
  if (!coordinator && (!user || !isPartnerEditorOnly(user))) throw new errors.PolicyError('Only coordinators and partner editors see the reach figures.');

  const to = given(query.to) ?? hitDay();
  const from = given(query.from) ?? hitDay(new Date(Date.now() - 29 * 86_400_000));
  if (typeof from !== 'string' || typeof to !== 'string' || !DAY.test(from) || !DAY.test(to) || from > to)
    throw new errors.ValidationError('A period is two days, from and to, as YYYY-MM-DD, from not after to.');
  const project = given(query.project);
  if (project !== null && (typeof project !== 'string' || !KEY.test(project))) throw new errors.ValidationError('A project is chosen by its key.');
  const language = given(query.language);
  if (language !== null && !(typeof language === 'string' && REACH_LANGUAGES.includes(language)))
    throw new errors.ValidationError(`A language is one of ${REACH_LANGUAGES.join(', ')}, or none for all of them.`);
  const organisation = given(query.organisation);
  if (organisation !== null && (typeof organisation !== 'string' || !KEY.test(organisation)))
    throw new errors.ValidationError('An organisation is chosen by its key.');

  // The organisations as their coordinators edit them (the draft rows), one per document.
  const rows = (await strapi.db.query(ORGANISATION as never).findMany({
    select: ['documentId', 'key', 'name'],
    where: { publishedAt: { $null: true } },
  })) as Array<{ documentId: string; key: string; name: string }>;
  const byDocument = new Map(rows.map((row) => [row.documentId, row]));
  const mine = coordinator ? undefined : (await organisationsOfEditor(strapi, user!.id)).documentIds;
  const visible = [...byDocument.values()].filter((row) => !mine || mine.has(row.documentId)).sort((a, b) => a.name.localeCompare(b.name));

  let own = mine;
  if (organisation !== null) {
    const chosen = visible.find((row) => row.key === organisation);
    if (!chosen) {
      // A partner learns nothing about an organisation not theirs, not even whether it exists. A
      // PolicyError: Strapi turns a ForbiddenError's message into a bare "Forbidden".
      if (!coordinator) throw new errors.PolicyError(`You see the reach of your own organisations only, and "${organisation}" is not one of them.`);
      throw new errors.ValidationError(`No organisation has the key "${organisation}".`);
    }
    own = new Set([chosen.documentId]);
  }
  return {
    from,
    to,
    project: project as string | null,
    organisation: organisation as string | null,
    language: language as string | null,
    own,
    partner: !coordinator,
    organisations: visible.map((row) => ({ key: row.key, name: row.name })),
  };
}
