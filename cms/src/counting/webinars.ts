import type { Core } from '@strapi/strapi';

/**
 * The webinar figures of the reach (src/counting/reach.ts): per webinar starting in the period,
 * how many registrations are confirmed, on the waiting list and attended, and how many
 * certificates can be issued; confirmed registrations by profession and by region. Counts only:
 * no name, address or organisation of a registrant leaves this module.
 */

const WEBINAR = 'api::webinar.webinar';
const REGISTRATION = 'api::registration.registration';
/** What an erased registration or one without the field is counted under. */
export const NOT_GIVEN = '—';

export interface Tally {
  name: string;
  count: number;
}

export interface WebinarFigures {
  key: string;
  title: string;
  /** The day the webinar starts (UTC), YYYY-MM-DD. */
  day: string;
  project: string | null;
  confirmed: number;
  waitlisted: number;
  /** Registrations marked attended by the organiser. */
  attended: number;
  /** Attendees a certificate can still be issued to (attended and not erased): certificates are made on request, not stored. */
  certificates: number;
  /** Confirmed registrations by the profession they gave, largest first. */
  professions: Tally[];
  /** Confirmed registrations by the region they gave, largest first. */
  regions: Tally[];
}

interface WebinarRow {
  documentId: string;
  key: string;
  title: string;
  locale: string;
  start: string | Date;
  languages?: unknown;
  project?: { key: string } | null;
  organisation?: { documentId: string } | null;
}

interface RegistrationRow {
  webinarDocumentId: string;
  state: string;
  attended: boolean | number | null;
  jobRole: string | null;
  region: string | null;
  erasedAt: string | Date | null;
}

const tallies = (counts: Map<string, number>): Tally[] =>
  [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));

/**
 * The figures of the webinars starting between `from` and `to` (days, inclusive), of one project
 * when `project` is set, of the organisations `own` when set, held in `language` when set (a
 * webinar's `languages`, the languages it is spoken in).
 */
export async function webinarFigures(
  strapi: Core.Strapi,
  filter: { from: string; to: string; project: string | null; own?: Set<string>; language?: string | null },
): Promise<WebinarFigures[]> {
  const rows = (await strapi.db.query(WEBINAR as never).findMany({
    select: ['documentId', 'key', 'title', 'locale', 'start', 'languages'],
    populate: { project: { select: ['key'] }, organisation: { select: ['documentId'] } },
  })) as WebinarRow[];
  // One webinar per document, its Italian title first; project and organisation are set per language, so any version's count.
  rows.sort((a, b) => Number(b.locale === 'it') - Number(a.locale === 'it'));
  const owners = new Map<string, { project?: string; organisation?: string }>();
  for (const row of rows) {
    const owner = owners.get(row.documentId) ?? {};
    owner.project ??= row.project?.key;
    owner.organisation ??= row.organisation?.documentId;
    owners.set(row.documentId, owner);
  }
  const webinars = new Map<string, WebinarFigures>();
  for (const row of rows) {
    if (webinars.has(row.documentId)) continue;
    const day = new Date(row.start).toISOString().slice(0, 10);
    if (day < filter.from || day > filter.to) continue;
    const { project = null, organisation } = owners.get(row.documentId)!;
    if (filter.project && project !== filter.project) continue;
    if (filter.own && !(organisation && filter.own.has(organisation))) continue;
    if (filter.language && !(Array.isArray(row.languages) && row.languages.includes(filter.language))) continue;
    webinars.set(row.documentId, {
      key: row.key,
      title: row.title,
      day,
      project,
      confirmed: 0,
      waitlisted: 0,
      attended: 0,
      certificates: 0,
      professions: [],
      regions: [],
    });
  }
  if (webinars.size === 0) return [];

  const registrations = (await strapi.db.query(REGISTRATION as never).findMany({
    select: ['webinarDocumentId', 'state', 'attended', 'jobRole', 'region', 'erasedAt'],
    where: { webinarDocumentId: { $in: [...webinars.keys()] } },
  })) as RegistrationRow[];
  const professions = new Map<string, Map<string, number>>();
  const regions = new Map<string, Map<string, number>>();
  for (const row of registrations) {
    const figures = webinars.get(row.webinarDocumentId)!;
    if (row.state === 'waitlisted') figures.waitlisted += 1;
    if (row.attended) {
      figures.attended += 1;
      if (!row.erasedAt) figures.certificates += 1;
    }
    if (row.state !== 'confirmed') continue;
    figures.confirmed += 1;
    for (const [by, value] of [
      [professions, row.jobRole],
      [regions, row.region],
    ] as const) {
      const counts = by.get(row.webinarDocumentId) ?? new Map<string, number>();
      const name = value?.trim() || NOT_GIVEN;
      counts.set(name, (counts.get(name) ?? 0) + 1);
      by.set(row.webinarDocumentId, counts);
    }
  }
  for (const [documentId, figures] of webinars) {
    figures.professions = tallies(professions.get(documentId) ?? new Map());
    figures.regions = tallies(regions.get(documentId) ?? new Map());
  }
  return [...webinars.values()].sort((a, b) => a.day.localeCompare(b.day) || a.key.localeCompare(b.key));
}
