'use strict';

/**
 * Registrations used to name their webinar by its key (`webinar_key`), which organisers can edit;
 * they now hold the webinar's document id (`webinar_document_id`). Strapi runs this before it syncs
 * the tables to the models, which then drops `webinar_key` and rebuilds the indexes on the new
 * column. A database created after the change has no `webinar_key`, and nothing is done.
 */
module.exports = {
  async up(knex) {
    if (!(await knex.schema.hasTable('registrations')) || !(await knex.schema.hasColumn('registrations', 'webinar_key'))) return;
    if (!(await knex.schema.hasColumn('registrations', 'webinar_document_id'))) {
      await knex.schema.alterTable('registrations', (table) => table.string('webinar_document_id'));
    }
    const keys = await knex('registrations').distinct('webinar_key').whereNull('webinar_document_id');
    for (const { webinar_key: key } of keys) {
      // The published version when there is one, as registration found it.
      const webinar =
        (await knex('webinars').select('document_id').where({ key }).whereNotNull('published_at').orderBy('id').first()) ??
        (await knex('webinars').select('document_id').where({ key }).orderBy('id').first());
      // The webinar was deleted: a stand-in that matches no document, so that retention erases the
      // rows after the default period, as it did before.
      const documentId = webinar ? webinar.document_id : `deleted:${key}`.slice(0, 255);
      await knex('registrations').where({ webinar_key: key }).whereNull('webinar_document_id').update({ webinar_document_id: documentId });
    }
  },

  async down() {
    throw new Error('Registrations cannot be tied back to webinar keys: restore a backup instead.');
  },
};
