import type { Core } from '@strapi/strapi';

/** Where the migration of a project's old funder and programme fields set their values aside (database/migrations/). */
const SET_ASIDE = 'praxis_legacy_project_funders';
const PROJECT = 'api::project.project';
const FUNDER = 'project.funder';

/**
 * Makes each funder and programme a project held in its old text fields a funder of the same row
 * (the same language, draft or published), after the ones it has, unless it has one with that
 * name and programme already; then drops what the migration set aside. Nothing is published or
 * unpublished: each row keeps its state.
 */
export async function restoreProjectFunders(strapi: Core.Strapi): Promise<void> {
  const knex = strapi.db.connection;
  if (!(await knex.schema.hasTable(SET_ASIDE))) return;
  const rows = (await knex(SET_ASIDE).select('project_id', 'funder', 'programme').orderBy('project_id')) as Array<{
    project_id: number;
    funder: string | null;
    programme: string | null;
  }>;
  const pivot = { field: 'funders', component_type: FUNDER };
  await strapi.db.transaction(async () => {
    for (const row of rows) {
      const project = (await strapi.db.query(PROJECT).findOne({ where: { id: row.project_id }, populate: ['funders'] })) as {
        funders?: Array<{ id: number; name: string | null; programme: string | null }>;
      } | null;
      if (!project) continue;
      const funders = project.funders ?? [];
      if (funders.some((funder) => (funder.name ?? null) === row.funder && (funder.programme ?? null) === row.programme)) continue;
      const created = (await strapi.db.query(FUNDER).create({ data: { name: row.funder, programme: row.programme } })) as { id: number };
      await strapi.db.query(PROJECT).update({
        where: { id: row.project_id },
        data: { funders: [...funders, created].map(({ id }) => ({ id, __pivot: pivot })) },
      });
    }
  });
  await knex.schema.dropTable(SET_ASIDE);
  if (rows.length > 0) strapi.log.info(`Projects: ${rows.length} funders of the old funder and programme fields are now funders of their projects`);
}
