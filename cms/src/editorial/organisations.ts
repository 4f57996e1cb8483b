import type { Core } from '@strapi/strapi';

const ORGANISATION = 'api::organisation.organisation';

export interface EditorOrganisations {
  /** Document ids of the organisations the editor belongs to. */
  documentIds: Set<string>;
  /** Row ids of every language version and status of those organisations (relations point at rows). */
  rowIds: number[];
  /** The locales those organisations work in. */
  locales: Set<string>;
}

/**
 * The organisations an admin user edits for: those whose private `editorEmails` list the user's
 * e-mail address. A coordinator sets the list on the organisation, in code or in the admin.
 */
export async function organisationsOfEditor(strapi: Core.Strapi, email: string): Promise<EditorOrganisations> {
  const rows = (await strapi.db.query(ORGANISATION).findMany({ select: ['id', 'documentId', 'editorEmails', 'locales'] })) as Array<{
    id: number;
    documentId: string;
    editorEmails: unknown;
    locales: unknown;
  }>;
  const mine = rows.filter((row) => Array.isArray(row.editorEmails) && row.editorEmails.some((entry) => String(entry).toLowerCase() === email.toLowerCase()));
  const documentIds = new Set(mine.map((row) => row.documentId));
  return {
    documentIds,
    // Every row of those documents: a draft edited in one locale may not have reached the others yet.
    rowIds: rows.filter((row) => documentIds.has(row.documentId)).map((row) => row.id),
    locales: new Set(mine.flatMap((row) => (Array.isArray(row.locales) ? row.locales.map(String) : []))),
  };
}
