/** The helplines of the strip at the foot of every page, computed once per locale and build. */
import { getCollection, type CollectionEntry } from 'astro:content';
import { getLocale } from '../i18n/locales.ts';

const strips = new Map<string, Promise<CollectionEntry<'helplines'>[]>>();

/**
 * The helplines in `locale`: those of the locale's country first (the region of its language tag,
 * "ro-RO" → RO), national before local, then the others, by name.
 */
export function stripHelplines(locale: string): Promise<CollectionEntry<'helplines'>[]> {
  let strip = strips.get(locale);
  if (!strip) {
    strip = computeStrip(locale);
    strips.set(locale, strip);
  }
  return strip;
}

async function computeStrip(locale: string): Promise<CollectionEntry<'helplines'>[]> {
  const { lang } = getLocale(locale);
  const country = new Intl.Locale(lang).region;
  const rank = (entry: CollectionEntry<'helplines'>) => (entry.data.country === country ? 0 : 2) + (entry.data.scope === 'national' ? 0 : 1);
  return (await getCollection('helplines', (entry) => entry.data.locale === locale)).sort((a, b) => rank(a) - rank(b) || a.data.name.localeCompare(b.data.name, lang));
}
