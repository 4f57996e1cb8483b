/**
 * What the tests read from the seed and the dictionaries to know what a page or an answer must show:
 * an item's translation by folder and key, the resources' titles and slugs, a UI string, and the
 * two screens pages are looked at on.
 */
import { localeCodes } from '@praxis/contract/locales';
import { contentDir } from '../../scripts/pipeline/paths.ts';
import { loadSeed } from '../../scripts/local/seed-content.ts';

export const seed = loadSeed(contentDir);
export const dictionaries: Record<string, Record<string, string>> = Object.fromEntries(
  await Promise.all(localeCodes.map(async (locale) => [locale, (await import(`../../site/i18n/ui/${locale}.json`, { with: { type: 'json' } })).default])),
);
/** A UI string of `locale`'s dictionary. */
export const t = (locale: string, key: string) => dictionaries[locale]![key]!;
/** A seed item by its folder (`content/<folder>/`) and key. */
export const item = (folder: string, key: string) => seed.find((candidate) => candidate.spec.folder === folder && candidate.key === key)!;
export const slug = (folder: string, key: string, locale: string) => item(folder, key).translations[locale]!.slug as string;
/** The seed's resources: each one's file, and its title and slug in each language it has. */
export const seedResources = seed
  .filter((candidate) => candidate.spec.folder === 'resources')
  .map((candidate) => ({
    file: candidate.file,
    translations: Object.fromEntries(
      Object.entries(candidate.translations).map(([code, version]) => [code, { title: version.title as string, slug: version.slug as string }]),
    ) as Partial<Record<string, { title: string; slug: string }>>,
  }));

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 900 };
