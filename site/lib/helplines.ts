/** Which helplines a visitor is shown, by the country of the page's language. */
import { getCollection, type CollectionEntry } from 'astro:content';
import { getLocale } from '@praxis/contract/locales';

type Helpline = CollectionEntry<'helplines'>;

export interface HelplineGuide {
  /** The country of the page's language (its language tag's region: "lt-LT" → LT). */
  country: string;
  /** That country's helplines, national before regional, by name. Empty when the CMS has none. */
  own: Helpline[];
  /** Every other country's helplines, by country, then national before regional. */
  others: Helpline[];
}

const guides = new Map<string, Promise<HelplineGuide>>();

/**
 * The helplines of the page's country first, and the others apart: a Lithuanian reader is not told
 * to call Italy. Each helpline in the page's language where it has that version, otherwise in
 * Italian, the portal's source language. Computed once per locale and build.
 */
export function helplineGuide(locale: string): Promise<HelplineGuide> {
  let guide = guides.get(locale);
  if (!guide) {
    guide = computeGuide(locale);
    guides.set(locale, guide);
  }
  return guide;
}

async function computeGuide(locale: string): Promise<HelplineGuide> {
  const { lang } = getLocale(locale);
  const country = new Intl.Locale(lang).region ?? '';
  const byKey = new Map<string, Helpline>();
  for (const entry of await getCollection('helplines')) {
    if (entry.data.locale === locale || (!byKey.has(entry.data.key) && entry.data.locale === 'it')) byKey.set(entry.data.key, entry);
  }
  const scope = (entry: Helpline) => (entry.data.scope === 'national' ? 0 : 1);
  const sorted = [...byKey.values()].sort(
    (a, b) => a.data.country.localeCompare(b.data.country) || scope(a) - scope(b) || a.data.name.localeCompare(b.data.name, lang),
  );
  return { country, own: sorted.filter((entry) => entry.data.country === country), others: sorted.filter((entry) => entry.data.country !== country) };
}
