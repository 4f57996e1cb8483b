import type { Core } from '@strapi/strapi';
import { DATED_TYPES } from '@praxis/contract/content-rules';
import { PUBLIC_TYPES } from './permissions';

interface ListConfiguration {
  settings: Record<string, unknown>;
  metadatas: Record<string, { list?: Record<string, unknown>; edit?: Record<string, unknown> }>;
  layouts: { list: string[]; edit: unknown };
}

/**
 * Shows each language version's translation status in the admin lists, next to the title, so a
 * coordinator sees at a glance what needs review. Set in code, like every other admin setting.
 */
export async function showTranslationStatusInLists(strapi: Core.Strapi): Promise<void> {
  const contentTypes = strapi.plugin('content-manager').service('content-types');
  for (const uid of PUBLIC_TYPES) {
    const contentType = contentTypes.findContentType(uid);
    if (!contentType?.attributes?.translationStatus) continue;
    const { uid: _uid, ...configuration } = (await contentTypes.findConfiguration(contentType)) as ListConfiguration & { uid: string };
    if (configuration.layouts.list.includes('translationStatus')) continue;
    const list = [...configuration.layouts.list.slice(0, 3), 'translationStatus'];
    const metadatas = {
      ...configuration.metadatas,
      translationStatus: { ...configuration.metadatas.translationStatus, list: { ...configuration.metadatas.translationStatus?.list, label: 'Translation' } },
    };
    await contentTypes.updateConfiguration(contentType, { ...configuration, metadatas, layouts: { ...configuration.layouts, list } });
  }
}

/**
 * Names an organisation's editors by their e-mail address in the admin, not by first name: the
 * coordinator picking them must tell apart two accounts called "Maria". And labels the two fields
 * of membership in words a coordinator uses, not the model's names.
 */
export async function nameEditorsByAddress(strapi: Core.Strapi): Promise<void> {
  const contentTypes = strapi.plugin('content-manager').service('content-types');
  const contentType = contentTypes.findContentType('api::organisation.organisation');
  const { uid: _uid, ...configuration } = (await contentTypes.findConfiguration(contentType)) as ListConfiguration & { uid: string };
  const { editors, locales } = configuration.metadatas;
  if (!editors || !locales) return;
  const wanted = {
    editors: {
      ...editors,
      edit: {
        ...editors.edit,
        mainField: 'email',
        label: 'Editors',
        description: 'The accounts that write for this organisation (partner editors). Invite a new one from the panel "Editors and invitations".',
      },
    },
    locales: { ...locales, edit: { ...locales.edit, label: 'Languages', description: 'The languages its editors write in.' } },
  };
  if (JSON.stringify({ editors, locales }) === JSON.stringify(wanted)) return;
  await contentTypes.updateConfiguration(contentType, { ...configuration, metadatas: { ...configuration.metadatas, ...wanted } });
}

/** What the admin says under the date fields of a dated type, so a partner knows how to enter a year or a month. */
export const DATE_FIELD_HINTS = {
  date: 'The date of the thing itself (when the kit came out, the workshop took place), not of its upload. Known only to the year or the month? Pick any day in it, and say so in "Date precision".',
  datePrecision: 'How much of the date is known: year (a kit of 2014), month (November 2013) or day (12 March 2015). The site shows that much and no more.',
} as const;

/** Labels and hints for the partner's date and its precision on every dated type (`DATED_TYPES`). */
export async function describeDateFields(strapi: Core.Strapi): Promise<void> {
  const contentTypes = strapi.plugin('content-manager').service('content-types');
  for (const uid of DATED_TYPES) {
    const contentType = contentTypes.findContentType(uid);
    const { uid: _uid, ...configuration } = (await contentTypes.findConfiguration(contentType)) as ListConfiguration & { uid: string };
    const { date, datePrecision } = configuration.metadatas;
    if (date?.edit?.description === DATE_FIELD_HINTS.date && datePrecision?.edit?.description === DATE_FIELD_HINTS.datePrecision) continue;
    const metadatas = {
      ...configuration.metadatas,
      date: { ...date, edit: { ...date?.edit, label: 'Date', description: DATE_FIELD_HINTS.date } },
      datePrecision: { ...datePrecision, edit: { ...datePrecision?.edit, label: 'Date precision', description: DATE_FIELD_HINTS.datePrecision } },
    };
    await contentTypes.updateConfiguration(contentType, { ...configuration, metadatas });
  }
}
