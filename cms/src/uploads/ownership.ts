import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { organisationsOfEditor } from '../editorial/organisations';
import { isPartnerEditorOnly } from '../editorial/roles';

const FILE = 'plugin::upload.file';

interface AdminUser {
  id: number;
  email: string;
  roles?: Array<{ code: string }>;
}

/**
 * A file belongs to the organisation of the editor who uploaded it: its files are those uploaded by
 * any of its editors. Strapi's upload plugin applies the condition to the media library's list and
 * to every route that loads one file (read, update info, replace, delete).
 */
export function organisationFilesCondition(strapi: Core.Strapi) {
  return {
    displayName: 'Files of my organisation',
    name: 'organisation-files',
    async handler(user: AdminUser) {
      const own = await organisationsOfEditor(strapi, user.id);
      return { 'createdBy.id': { $in: own.colleagueIds } };
    },
  };
}

export interface Route {
  method: string;
  path: string;
  config?: { policies?: unknown[] };
}

export interface PolicyContext {
  state: { user?: AdminUser };
  params?: { id?: string };
  query?: { id?: string };
  request: { body?: Record<string, unknown> };
}

/** The file ids a request of the media library acts on, by route. */
function fileIdsOf(route: Route, context: PolicyContext): unknown[] {
  const body = context.request.body ?? {};
  if (route.path === '/actions/bulk-delete' || route.path === '/actions/bulk-move') return Array.isArray(body.fileIds) ? body.fileIds : [];
  if (route.path === '/actions/bulk-update') return Array.isArray(body.updates) ? body.updates.map((update) => (update as { id?: unknown })?.id) : [];
  if (route.path === '/actions/generate-ai-metadata') return Array.isArray(body.fileIds) ? body.fileIds : [];
  if (route.path.startsWith('/files/:id')) return [context.params?.id];
  if (route.path === '/' && context.query?.id !== undefined) return [context.query.id];
  return [];
}

/**
 * Checks, on the server, every media-library route that names files or folders:
 * - nobody uploads from a URL (the CMS would fetch any address it is given, inside its network);
 * - a partner editor acts only on their organisation's files, in one go or in bulk, and leaves
 *   folders (shared by every organisation) to coordinators.
 * Strapi checks the single-file routes with the RBAC condition too; its bulk delete and bulk move
 * check no file at all, so this policy is what guards them.
 */
export function guardUploadRoutes(routes: Route[]): void {
  for (const route of routes) {
    const policy = { name: 'global::organisation-files', config: { method: route.method, path: route.path } };
    route.config = { ...route.config, policies: [...(route.config?.policies ?? []), policy] };
  }
}

/** The check of `guardUploadRoutes`, run as the route's policy (`policies/organisation-files.ts`). */
export async function checkUploadRoute(strapi: Core.Strapi, route: Route, context: PolicyContext): Promise<boolean> {
  if (route.path === '/actions/upload-from-urls') throw new errors.PolicyError('Uploading from a web address is off: download the file, then upload it.');
  const user = context.state.user;
  if (!user || !isPartnerEditorOnly(user) || route.method === 'GET') return true;
  const body = context.request.body ?? {};
  // A metadata job runs over every image of the library, every organisation's.
  if (route.path.startsWith('/ai-metadata-jobs')) throw new errors.PolicyError('Describing the whole media library is for coordinators: ask one to start it.');
  const touchesFolders = route.path.startsWith('/folders') || (Array.isArray(body.folderIds) && body.folderIds.length > 0);
  if (touchesFolders) throw new errors.PolicyError('Folders are arranged by coordinators: ask one to create, rename, move or delete a folder.');
  const ids = fileIdsOf(route, context);
  if (ids.length === 0) return true;
  if (!ids.every((id) => /^\d+$/.test(String(id)))) throw new errors.PolicyError('Name files by their number.');
  const own = await organisationsOfEditor(strapi, user.id);
  const files = (await strapi.db
    .query(FILE)
    .findMany({ where: { id: { $in: ids.map(Number) } }, select: ['id'], populate: { createdBy: { select: ['id'] } } })) as Array<{
    id: number;
    createdBy?: { id: number } | null;
  }>;
  if (files.some((file) => !file.createdBy || !own.colleagueIds.includes(file.createdBy.id))) {
    throw new errors.PolicyError('This file belongs to another organisation: you can only change your own organisation’s files.');
  }
  return true;
}
