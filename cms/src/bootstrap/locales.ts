import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';

interface LocaleRow {
  code: string;
  cmsName: string;
}

/**
 * The one locale table lives with the site (`site/i18n/locales.json`); the CMS reads the same
 * file at run time rather than keeping a copy that could drift.
 */
export function readLocaleTable(strapi: Core.Strapi): LocaleRow[] {
  const file = path.resolve(strapi.dirs.app.root, '..', 'site', 'i18n', 'locales.json');
  const table = JSON.parse(readFileSync(file, 'utf8')) as { locales: LocaleRow[] };
  return table.locales;
}

/**
 * Makes the CMS locales exactly the table's: creates missing ones, makes the first row the
 * default, and removes locales the table does not list (such as Strapi's initial English).
 */
export async function syncLocales(strapi: Core.Strapi): Promise<void> {
  const table = readLocaleTable(strapi);
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
