'use strict';

const { localeCodes } = require('@praxis/contract/locales');

/**
 * An organisation's languages (`locales`) were typed as raw JSON in the admin; they are now picked
 * from the four locales and checked when saved (src/editorial/languages.ts). The column keeps its
 * JSON list of codes, so this only mends what hand-typing left: a bare code (`"lt"`), codes in
 * capitals or with spaces, repeats. A code of no locale is left out (and logged): the admin could
 * not show it and the partner guard never matched it.
 */
module.exports = {
  async up(knex) {
    if (!(await knex.schema.hasTable('organisations')) || !(await knex.schema.hasColumn('organisations', 'locales'))) return;
    const known = localeCodes;
    const rows = await knex('organisations').select('id', 'locales').whereNotNull('locales');
    for (const row of rows) {
      let value = row.locales;
      if (typeof value === 'string') {
        try {
          value = JSON.parse(value);
        } catch {
          // A bare word stored as text.
        }
      }
      const list = (Array.isArray(value) ? value : [value]).map((code) => String(code).trim().toLowerCase());
      const mended = [...new Set(list.filter((code) => known.includes(code)))];
      const dropped = list.filter((code) => !known.includes(code));
      if (dropped.length) console.warn(`organisation row ${row.id}: languages "${dropped.join('", "')}" are no locale of Praxis and were left out`);
      if (JSON.stringify(mended) !== JSON.stringify(value))
        await knex('organisations')
          .where({ id: row.id })
          .update({ locales: JSON.stringify(mended) });
    }
  },

  async down() {
    // The mended lists are what the old field held too; there is nothing to undo.
  },
};
