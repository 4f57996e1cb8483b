'use strict';

/**
 * A project named its funder and programme in two text fields (`funder`, `programme`); it now has
 * a list of funders (the `project.funder` component: name, programme, statement, emblem,
 * disclaimer). Strapi runs this before it brings the tables to the new model, which drops the two
 * columns: their values are set aside, row by row (each language, draft and published), in a table
 * of their own, and the CMS's bootstrap makes each a funder of its row once the component's tables
 * exist (src/bootstrap/project-funders.ts), then drops it.
 */
const SET_ASIDE = 'praxis_legacy_project_funders';

module.exports = {
  async up(knex) {
    if (!(await knex.schema.hasTable('projects'))) return;
    const columns = [];
    for (const column of ['funder', 'programme']) if (await knex.schema.hasColumn('projects', column)) columns.push(column);
    if (columns.length === 0) return;
    if (!(await knex.schema.hasTable(SET_ASIDE)))
      await knex.schema.createTable(SET_ASIDE, (table) => {
        table.integer('project_id').notNullable();
        table.string('funder', 300);
        table.string('programme', 300);
      });
    const rows = await knex('projects')
      .select('id', ...columns)
      .where((where) => {
        for (const column of columns) where.orWhereNotNull(column);
      });
    const kept = rows
      .map((row) => ({ project_id: row.id, funder: blank(row.funder), programme: blank(row.programme) }))
      .filter((row) => row.funder !== null || row.programme !== null);
    for (let start = 0; start < kept.length; start += 100) await knex(SET_ASIDE).insert(kept.slice(start, start + 100));
  },

  async down() {
    // The funders made from the two fields stay: they hold the same facts.
  },
};

/** A value with its spaces trimmed, or null for nothing. */
function blank(value) {
  const text = typeof value === 'string' ? value.trim() : '';
  return text === '' ? null : text;
}
