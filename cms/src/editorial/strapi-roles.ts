import type { Core } from '@strapi/strapi';

/** The roles Strapi creates on a new database that Praxis does not use. */
const UNUSED = ['strapi-author', 'strapi-editor'];

/**
 * Removes Strapi's own "Author" and "Editor" roles, so that a coordinator inviting someone picks
 * between Praxis's roles (Partner editor, Coordinator, and the Super Admin) and does not guess.
 * Removed rather than hidden: a hidden role could still be given through the API, and Strapi
 * creates them only on a database with no roles at all, so they stay gone. A role that someone
 * still holds is kept, with a warning, until a coordinator moves that person to a Praxis role.
 */
export async function removeUnusedStrapiRoles(strapi: Core.Strapi): Promise<void> {
  const roles = strapi.service('admin::role');
  for (const code of UNUSED) {
    const role = (await roles.findOne({ code })) as { id: number; name: string } | null;
    if (!role) continue;
    const holders = (await roles.getUsersCount(role.id)) as number;
    if (holders > 0) {
      strapi.log.warn(
        `The role "${role.name}" is not used by Praxis but ${holders} account(s) hold it: give them a Praxis role, and it is removed at the next start.`,
      );
      continue;
    }
    await roles.deleteByIds([role.id]);
  }
}
