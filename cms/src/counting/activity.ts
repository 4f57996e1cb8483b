import type { Core } from '@strapi/strapi';

/**
 * What the network did, for the reach (src/counting/reach.ts): events and exchanges held in the
 * period by country and year, and the resources published in each language with their translation
 * coverage. Published versions only; a partner's view keeps the events their organisation hosted
 * and the resources it published.
 */

const EVENT = 'api::event.event';
const RESOURCE = 'api::resource.resource';
const PROJECT = 'api::project.project';
const LANGUAGES = ['it', 'pt', 'ro', 'lt'] as const;
/** Where an online event, or one whose country is not recorded, is counted. */
export const ONLINE = 'online';
export const UNKNOWN_COUNTRY = '—';

export interface EventsHeld {
  /** Events held in the period, by country (ISO 3166-1 alpha-2, `online`, or `—`), year and kind. */
  rows: Array<{ country: string; year: string; kind: string; count: number }>;
  /** Events that match but have no date: they cannot be placed in a period, so they are left out of `rows`. */
  undated: number;
}

export interface ResourcesPublished {
  /** Resources published in at least one language. */
  total: number;
  /** Resources published in each language (the chosen one alone, when a language is chosen); coverage is `count / total`. */
  languages: Array<{ language: string; count: number }>;
}

export interface ActivityFilter {
  from: string;
  to: string;
  project: string | null;
  /** The organisations (document ids) kept: a partner's, or the one chosen; every organisation when unset. */
  own?: Set<string>;
}

interface EventRow {
  documentId: string;
  kind: string;
  start: string | Date | null;
  date: string | null;
  country: string | null;
  online: boolean | number | null;
  project?: { key: string } | null;
  host?: { documentId: string } | null;
}

/** The day an event took place, YYYY-MM-DD (UTC for a start time), or null when not recorded. */
function eventDay(row: EventRow): string | null {
  if (row.start) return new Date(row.start).toISOString().slice(0, 10);
  return row.date ? String(row.date).slice(0, 10) : null;
}

export async function eventsHeld(strapi: Core.Strapi, filter: ActivityFilter, today: string): Promise<EventsHeld> {
  const rows = (await strapi.db.query(EVENT as never).findMany({
    select: ['documentId', 'kind', 'start', 'date', 'country', 'online'],
    where: { publishedAt: { $notNull: true } },
    populate: { project: { select: ['key'] }, host: { select: ['documentId'] } },
  })) as EventRow[];
  // Project and host are set per language: an event's are those of any of its versions.
  const owners = new Map<string, { project?: string; host?: string }>();
  for (const row of rows) {
    const owner = owners.get(row.documentId) ?? {};
    owner.project ??= row.project?.key;
    owner.host ??= row.host?.documentId;
    owners.set(row.documentId, owner);
  }
  const seen = new Set<string>();
  const counts = new Map<string, { country: string; year: string; kind: string; count: number }>();
  let undated = 0;
  for (const row of rows) {
    // One per event: its date, place and kind are shared by every language.
    if (seen.has(row.documentId)) continue;
    seen.add(row.documentId);
    const owner = owners.get(row.documentId)!;
    if (filter.project && owner.project !== filter.project) continue;
    if (filter.own && !(owner.host && filter.own.has(owner.host))) continue;
    const day = eventDay(row);
    if (day === null) {
      undated += 1;
      continue;
    }
    // Held: in the period and not in the future.
    if (day < filter.from || day > filter.to || day > today) continue;
    const country = row.online ? ONLINE : (row.country?.toUpperCase() ?? UNKNOWN_COUNTRY);
    const year = day.slice(0, 4);
    const key = `${country} ${year} ${row.kind}`;
    const entry = counts.get(key) ?? { country, year, kind: row.kind, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  const sorted = [...counts.values()].sort((a, b) => a.year.localeCompare(b.year) || a.country.localeCompare(b.country) || a.kind.localeCompare(b.kind));
  return { rows: sorted, undated };
}

/**
 * The resources published now in each language, of the project and organisations of `filter` (a
 * snapshot: the period does not apply); with a language, that language's alone, next to the total
 * in any language its coverage is measured against.
 */
export async function resourcesPublished(
  strapi: Core.Strapi,
  filter: Omit<ActivityFilter, 'from' | 'to'> & { language?: string | null },
): Promise<ResourcesPublished> {
  let acronyms: Set<string> | undefined;
  if (filter.project) {
    const projects = (await strapi.db.query(PROJECT as never).findMany({ select: ['acronym'], where: { key: filter.project } })) as Array<{
      acronym: string;
    }>;
    acronyms = new Set(projects.map((row) => row.acronym));
  }
  const rows = (await strapi.db.query(RESOURCE as never).findMany({
    select: ['documentId', 'locale', 'project'],
    where: { publishedAt: { $notNull: true } },
    populate: { organisation: { select: ['documentId'] } },
  })) as Array<{ documentId: string; locale: string; project: string | null; organisation?: { documentId: string } | null }>;
  // The organisation is set per language: a resource's is that of any of its versions.
  const organisations = new Map<string, string>();
  for (const row of rows)
    if (row.organisation?.documentId && !organisations.has(row.documentId)) organisations.set(row.documentId, row.organisation.documentId);
  const documents = new Set<string>();
  const byLanguage = new Map<string, Set<string>>(LANGUAGES.map((language) => [language, new Set()]));
  for (const row of rows) {
    if (acronyms && !(row.project && acronyms.has(row.project))) continue;
    const organisation = organisations.get(row.documentId);
    if (filter.own && !(organisation && filter.own.has(organisation))) continue;
    documents.add(row.documentId);
    byLanguage.get(row.locale)?.add(row.documentId);
  }
  return {
    total: documents.size,
    languages: [...byLanguage]
      .filter(([language]) => !filter.language || language === filter.language)
      .map(([language, published]) => ({ language, count: published.size })),
  };
}
