/**
 * The network by country, for its map and table: the partners based in each country, the events
 * held there (exchanges and study visits apart) and the reports of those events. Countries come
 * from the content's own fields only: an organisation's `country`, an event's `country`; a report
 * is where its event was. Online events and those whose place is not given are in no country.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { eventUrl, organisationUrl, reportUrl } from '@praxis/contract/urls';
import { findPage, localizedPagesIn } from './localized.ts';

/** One thing that happened in a country, as a link. */
export interface NetworkItem {
  title: string;
  href: string;
}

export interface CountryActivity {
  /** ISO 3166-1 alpha-2, e.g. "IT". */
  country: string;
  /** Partners based there, by name. */
  partners: NetworkItem[];
  /** Workshops, conferences and other events held there, except exchanges. */
  events: NetworkItem[];
  /** Exchanges and study visits held there. */
  exchanges: NetworkItem[];
  /** Reports of the events held there. */
  reports: NetworkItem[];
}

/** What happened where, in `locale` (each item in its translation or fallback), by country code. */
export async function networkByCountry(locale: string): Promise<CountryActivity[]> {
  const byCountry = new Map<string, CountryActivity>();
  const of = (country: string) => {
    let activity = byCountry.get(country);
    if (!activity) {
      activity = { country, partners: [], events: [], exchanges: [], reports: [] };
      byCountry.set(country, activity);
    }
    return activity;
  };

  // Organisations have no page per language: one version each, the page's language where it exists.
  const organisations = new Map<string, CollectionEntry<'organisations'>>();
  for (const organisation of await getCollection('organisations')) {
    if (!organisations.has(organisation.data.key) || organisation.data.locale === locale) organisations.set(organisation.data.key, organisation);
  }
  for (const { data } of organisations.values()) {
    if (data.country) of(data.country).partners.push({ title: data.name, href: organisationUrl(locale, data.key) });
  }

  for (const page of await localizedPagesIn('events', locale)) {
    const { country, online, kind, title, slug } = page.entry.data;
    if (!country || online) continue;
    of(country)[kind === 'exchange' ? 'exchanges' : 'events'].push({ title, href: eventUrl(locale, slug) });
  }

  for (const page of await localizedPagesIn('workshopReports', locale)) {
    const event = (await findPage('events', page.entry.data.event, locale))?.entry.data;
    if (!event?.country || event.online) continue;
    of(event.country).reports.push({ title: page.entry.data.title, href: reportUrl(locale, page.entry.data.slug) });
  }

  const byTitle = (a: NetworkItem, b: NetworkItem) => a.title.localeCompare(b.title, locale);
  for (const activity of byCountry.values()) {
    for (const list of [activity.partners, activity.events, activity.exchanges, activity.reports]) list.sort(byTitle);
  }
  return [...byCountry.values()];
}
