import type { Core } from '@strapi/strapi';
import { hitDay, type CountedType } from '@praxis/contract/counting';
import { type AdminUser, REACH_LANGUAGES, reachFilter } from './filter';
import { readCounters, type CounterRow } from './counters';
import { eventsHeld, resourcesPublished, type EventsHeld, type ResourcesPublished } from './activity';
import { summaryHtml, summaryLanguage } from './summary';
import { webinarFigures, type WebinarFigures } from './webinars';

/**
 * The reach figures of the admin (the "Reach" widget, its CSV): the counters of a period, with each
 * item's title, organisation and project, for a project, an organisation and a language when
 * chosen (src/counting/filter.ts). A coordinator sees every item and the section pages; a partner
 * editor sees only the items of their own organisations.
 */

/** The content type behind each counted type; `page` has none. */
const TYPES: Record<Exclude<CountedType, 'page'>, string> = {
  resource: 'api::resource.resource',
  report: 'api::workshop-report.workshop-report',
  event: 'api::event.event',
  webinar: 'api::webinar.webinar',
  'good-practice': 'api::good-practice.good-practice',
  video: 'api::spot-video.spot-video',
  campaign: 'api::campaign.campaign',
  project: 'api::project.project',
};

export interface ReachRow extends CounterRow {
  title: string;
  /** The project's key, when the item belongs to one. */
  project: string | null;
}

export interface Reach {
  from: string;
  to: string;
  project: string | null;
  /** The organisation chosen (its key), or every one the person may see. */
  organisation: string | null;
  /** The language chosen, or all. */
  language: string | null;
  /** Whether the figures are one organisation's (a partner's view). */
  ownOrganisation: boolean;
  projects: Array<{ key: string; acronym: string }>;
  /** The organisations the person may choose among. */
  organisations: Array<{ key: string; name: string }>;
  /** The languages the language filter takes. */
  languages: readonly string[];
  /** The figures a language does not apply to (they have none), counted whatever language is chosen. */
  withoutLanguage: Array<'events'>;
  rows: ReachRow[];
  /** The webinars starting in the period, with their registrations counted. */
  webinars: WebinarFigures[];
  /** Events and exchanges held in the period, by country and year. */
  events: EventsHeld;
  /** Resources published now in each language (a snapshot, whatever the period). */
  resources: ResourcesPublished;
}

interface ItemFacts {
  title: string;
  organisation: string | null;
  project: string | null;
}

/** A row of a counted type as `itemFacts` reads it: its owner relation is named by the type (organisation, host, lead). */
interface FactRow {
  key: string;
  locale: string;
  title?: string;
  acronym?: string;
  project?: string | { key: string } | null;
  event?: { project?: { key: string } | null } | null;
  [owner: string]: unknown;
}

/** Title, organisation and project of every counted item, from the Italian version first (any version when there is none). */
async function itemFacts(strapi: Core.Strapi): Promise<{ facts: Map<string, ItemFacts>; projects: Array<{ key: string; acronym: string }> }> {
  const facts = new Map<string, ItemFacts>();
  const projectRows = (await strapi.db.query(TYPES.project as never).findMany({ select: ['key', 'acronym', 'locale'] })) as Array<{
    key: string;
    acronym: string;
  }>;
  const byAcronym = new Map(projectRows.map((row) => [row.acronym, row.key]));
  const projects = [...new Map(projectRows.map((row) => [row.key, { key: row.key, acronym: row.acronym }])).values()].sort((a, b) =>
    a.acronym.localeCompare(b.acronym),
  );
  for (const [type, uid] of Object.entries(TYPES)) {
    const attributes = (strapi.getModel(uid as never) as unknown as { attributes: Record<string, { type: string; target?: string }> }).attributes;
    const owner = ['organisation', 'host', 'lead'].find((name) => attributes[name]?.type === 'relation');
    const populate: Record<string, unknown> = {};
    if (owner) populate[owner] = { select: ['documentId'] };
    if (attributes.project?.type === 'relation') populate.project = { select: ['key'] };
    if (type === 'report') populate.event = { select: ['key'], populate: { project: { select: ['key'] } } };
    const rows = (await strapi.db
      .query(uid as never)
      .findMany({ select: ['key', 'locale', ...('title' in attributes ? ['title'] : ['acronym'])], populate })) as FactRow[];
    rows.sort((a, b) => Number(b.locale === 'it') - Number(a.locale === 'it'));
    for (const row of rows) {
      const item = `${type}:${row.key}`;
      if (facts.has(item)) continue;
      const project =
        type === 'project'
          ? row.key
          : typeof row.project === 'string'
            ? (byAcronym.get(row.project) ?? null)
            : (row.project?.key ?? row.event?.project?.key ?? null);
      facts.set(item, {
        title: String(row.title ?? row.acronym ?? row.key),
        organisation: owner ? ((row[owner] as { documentId?: string } | null | undefined)?.documentId ?? null) : null,
        project,
      });
    }
  }
  return { facts, projects };
}

/** The reach of a period (default the last 30 days), optionally one project, organisation and language, as `user` may see it. */
export async function reach(strapi: Core.Strapi, user: AdminUser | undefined, query: Record<string, unknown>): Promise<Reach> {
  const filter = await reachFilter(strapi, user, query);
  const { from, to, project, language, own } = filter;
  const { facts, projects } = await itemFacts(strapi);
  const rows: ReachRow[] = [];
  for (const row of await readCounters(strapi, from, to)) {
    const fact = facts.get(row.item);
    if (own && !(fact?.organisation && own.has(fact.organisation))) continue;
    if (project && fact?.project !== project) continue;
    if (language && row.language !== language) continue;
    rows.push({ ...row, title: fact?.title ?? row.item, project: fact?.project ?? null });
  }
  const webinars = await webinarFigures(strapi, { from, to, project, own, language });
  // Events have no language of their own: the language filter does not apply to them.
  const events = await eventsHeld(strapi, { from, to, project, own }, hitDay());
  const resources = await resourcesPublished(strapi, { project, own, language });
  return {
    from,
    to,
    project,
    organisation: filter.organisation,
    language,
    ownOrganisation: filter.partner,
    projects,
    organisations: filter.organisations,
    languages: REACH_LANGUAGES,
    withoutLanguage: ['events'],
    rows,
    webinars,
    events,
    resources,
  };
}

const csvCell = (value: string | number) => {
  const text = String(value);
  // A cell a spreadsheet would run as a formula is written as text.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/**
 * The funder's CSV, one table: a line per day, item, language and kind with its count; then, per
 * webinar (on the day it starts), its registrations by kind, and its confirmed registrations by
 * profession and by region, the profession or region in `group`; the events held per year (in
 * `day`), country (`item` country:XX) and kind (`group`); the resources published now, in all and
 * per language (on the period's last day).
 */
export function reachCsv(figures: Reach): string {
  const header = ['day', 'item', 'title', 'project', 'language', 'kind', 'count', 'group'];
  const line = (cells: Array<string | number>) => cells.map(csvCell).join(',');
  const lines = figures.rows.map((row) => line([row.day, row.item, row.title, row.project ?? '', row.language, row.kind, row.hits, '']));
  for (const webinar of figures.webinars) {
    const start = [webinar.day, `webinar:${webinar.key}`, webinar.title, webinar.project ?? '', ''];
    for (const [kind, count] of [
      ['registrations-confirmed', webinar.confirmed],
      ['registrations-waitlisted', webinar.waitlisted],
      ['attended', webinar.attended],
      ['certificates', webinar.certificates],
    ] as const)
      lines.push(line([...start, kind, count, '']));
    for (const tally of webinar.professions) lines.push(line([...start, 'registrations-confirmed-by-profession', tally.count, tally.name]));
    for (const tally of webinar.regions) lines.push(line([...start, 'registrations-confirmed-by-region', tally.count, tally.name]));
  }
  const project = figures.project ?? '';
  for (const held of figures.events.rows)
    lines.push(
      line([held.year, `country:${held.country}`, '', project, '', held.kind === 'exchange' ? 'exchanges-held' : 'events-held', held.count, held.kind]),
    );
  if (figures.events.undated > 0) lines.push(line(['', 'events', '', project, '', 'events-undated', figures.events.undated, '']));
  lines.push(line([figures.to, 'resources', '', project, '', 'resources-published', figures.resources.total, '']));
  for (const published of figures.resources.languages)
    lines.push(line([figures.to, 'resources', '', project, published.language, 'resources-published', published.count, '']));
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

/** The CSV's name: what it holds, the filters chosen and the period. */
export const reachFileName = (figures: Pick<Reach, 'project' | 'organisation' | 'language' | 'from' | 'to'>) =>
  ['praxis-reach', figures.project ?? 'all', figures.organisation, figures.language, figures.from, figures.to].filter(Boolean).join('-');

/** Admin routes: `GET /praxis/reach` (JSON), `GET /praxis/reach.csv` and the printable `GET /praxis/reach/summary`, for coordinators and partner editors. */
export function reachRoutes(strapi: Core.Strapi) {
  type Context = { query: Record<string, unknown>; state: { user?: AdminUser }; body: unknown; set(name: string, value: string): void };
  return {
    type: 'admin',
    prefix: '/praxis',
    routes: [
      {
        method: 'GET',
        path: '/reach',
        config: { policies: ['admin::isAuthenticatedAdmin'] },
        async handler(ctx: Context) {
          ctx.set('Cache-Control', 'no-store');
          ctx.body = { data: await reach(strapi, ctx.state.user, ctx.query) };
        },
      },
      {
        method: 'GET',
        path: '/reach.csv',
        config: { policies: ['admin::isAuthenticatedAdmin'] },
        async handler(ctx: Context) {
          const figures = await reach(strapi, ctx.state.user, ctx.query);
          ctx.set('Cache-Control', 'no-store');
          ctx.set('Content-Type', 'text/csv; charset=utf-8');
          ctx.set('Content-Disposition', `attachment; filename="${reachFileName(figures)}.csv"`);
          ctx.body = reachCsv(figures);
        },
      },
      {
        method: 'GET',
        path: '/reach/summary',
        config: { policies: ['admin::isAuthenticatedAdmin'] },
        async handler(ctx: Context) {
          const figures = await reach(strapi, ctx.state.user, ctx.query);
          ctx.set('Cache-Control', 'no-store');
          ctx.set('Content-Type', 'text/html; charset=utf-8');
          // Print-ready and self-contained: nothing runs, nothing is fetched.
          ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
          ctx.body = summaryHtml(figures, await summaryLanguage(strapi, ctx.state.user?.id), hitDay());
        },
      },
    ],
  };
}
