import type { Core } from '@strapi/strapi';
import { locales as table } from '@praxis/contract/locales';

/**
 * Makes the CMS locales exactly the table's: creates missing ones, makes the first row the
 * default, and removes locales the table does not list (such as Strapi's initial English).
 */
export async function syncLocales(strapi: Core.Strapi): Promise<void> {
  const service = strapi.plugin('i18n').service('locales');
  const existing: Array<{ id: number; code: string }> = await service.find();

  for (const row of table) {
    if (!existing.some((locale) => locale.code === row.code)) {
      await service.create({ code: row.code, name: row.cmsName });
    }
  }
  await service.setDefaultLocale({ code: table[0]!.code });
  for (const locale of existing) {
    if (!table.some((row) => row.code === locale.code)) await service.delete({ id: locale.id });
  }
}
