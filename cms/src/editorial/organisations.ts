import type { Core } from '@strapi/strapi';

const ORGANISATION = 'api::organisation.organisation';

export interface EditorOrganisations {
  /** Document ids of the organisations the editor belongs to. */
  documentIds: Set<string>;
  /** Row ids of every language version and status of those organisations (relations point at rows). */
  rowIds: number[];
  /** The locales those organisations work in. */
  locales: Set<string>;
  /** The admin users who edit for any of those organisations, the editor included: whose files are the organisation's. */
  colleagueIds: number[];
}

interface OrganisationRow {
  id: number;
  documentId: string;
  locales: unknown;
  editors?: Array<{ id: number }>;
}

/**
 * The organisations an admin user edits for: those whose private `editors` relation names the
 * user. Only a coordinator sets it (partners cannot write organisations), so membership is never
 * claimed by a user: changing one's own e-mail address changes nothing here.
 *
 * The draft rows decide: they are what the coordinator edits, so a removal takes effect on save,
 * not at the next publish.
 */
export async function organisationsOfEditor(strapi: Core.Strapi, userId: number): Promise<EditorOrganisations> {
  const rows = (await strapi.db.query(ORGANISATION).findMany({
    select: ['id', 'documentId', 'locales', 'publishedAt'],
    populate: { editors: { select: ['id'] } },
  })) as Array<OrganisationRow & { publishedAt: string | null }>;
  const mine = rows.filter((row) => row.publishedAt === null && (row.editors ?? []).some((editor) => editor.id === userId));
  const documentIds = new Set(mine.map((row) => row.documentId));
  return {
    documentIds,
    // Every row of those documents: a draft edited in one locale may not have reached the others yet.
    rowIds: rows.filter((row) => documentIds.has(row.documentId)).map((row) => row.id),
    locales: new Set(mine.flatMap((row) => (Array.isArray(row.locales) ? row.locales.map(String) : []))),
    colleagueIds: [...new Set(mine.flatMap((row) => (row.editors ?? []).map((editor) => editor.id)))],
  };
}
