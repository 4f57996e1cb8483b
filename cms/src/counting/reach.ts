import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { hitDay, type CountedType } from '@praxis/contract/counting';
import { organisationsOfEditor } from '../editorial/organisations';
import { COORDINATOR, isPartnerEditorOnly } from '../editorial/roles';
import { readCounters, type CounterRow } from './counters';
import { eventsHeld, resourcesPublished, type EventsHeld, type ResourcesPublished } from './activity';
import { summaryHtml, summaryLanguage } from './summary';
import { webinarFigures, type WebinarFigures } from './webinars';

/**
 * The reach figures of the admin (the "Reach" widget, its CSV): the counters of a period, with each
 * item's title, organisation and project. A coordinator sees every item and the section pages; a
 * partner editor sees only the items of their own organisations.
 */

interface AdminUser {
  id: number;
  roles?: Array<{ code: string }>;
}

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
  /** Whether the figures are one organisation's (a partner's view). */
  ownOrganisation: boolean;
  projects: Array<{ key: string; acronym: string }>;
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

const DAY = /^\d{4}-\d{2}-\d{2}$/;

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

/** The reach of a period (default the last 30 days) and optionally one project, as `user` may see it. */
export async function reach(strapi: Core.Strapi, user: AdminUser | undefined, query: { from?: unknown; to?: unknown; project?: unknown }): Promise<Reach> {
  const coordinator = (user?.roles ?? []).some((role) => role.code === COORDINATOR || role.code === 'strapi-super-admin');
  if (!coordinator && (!user || !isPartnerEditorOnly(user))) throw new errors.PolicyError('Only coordinators and partner editors see the reach figures.');
  const to = query.to === undefined || query.to === '' ? hitDay() : query.to;
  const from = query.from === undefined || query.from === '' ? hitDay(new Date(Date.now() - 29 * 86_400_000)) : query.from;
  if (typeof from !== 'string' || typeof to !== 'string' || !DAY.test(from) || !DAY.test(to) || from > to)
    throw new errors.ValidationError('A period is two days, from and to, as YYYY-MM-DD, from not after to.');
  const project = query.project === undefined || query.project === '' ? null : query.project;
  if (project !== null && (typeof project !== 'string' || !/^[a-z0-9][a-z0-9-]{0,79}$/.test(project)))
    throw new errors.ValidationError('A project is chosen by its key.');

  const own = coordinator ? undefined : (await organisationsOfEditor(strapi, user!.id)).documentIds;
  const { facts, projects } = await itemFacts(strapi);
  const rows: ReachRow[] = [];
  for (const row of await readCounters(strapi, from, to)) {
    const fact = facts.get(row.item);
    if (own && !(fact?.organisation && own.has(fact.organisation))) continue;
    if (project && fact?.project !== project) continue;
    rows.push({ ...row, title: fact?.title ?? row.item, project: fact?.project ?? null });
  }
  const webinars = await webinarFigures(strapi, { from, to, project, own });
  const events = await eventsHeld(strapi, { from, to, project, own }, hitDay());
  const resources = await resourcesPublished(strapi, { project, own });
  return { from, to, project, ownOrganisation: own !== undefined, projects, rows, webinars, events, resources };
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
          ctx.set('Content-Disposition', `attachment; filename="praxis-reach-${figures.project ?? 'all'}-${figures.from}-${figures.to}.csv"`);
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
