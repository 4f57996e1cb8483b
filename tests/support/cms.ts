/**
 * What several CMS test files set up the same way: a CMS seeded from `content/` and started, the
 * same with the editorial cast of two organisations, a CMS for bursts of registrations, an example
 * organisation and an example practice, a webinar's registrations as the admin API lists them, and rows counted in the
 * CMS's database.
 */
import type { Knex } from 'knex';
import { expect } from 'vitest';
import { createTestCms, entriesPath, testDatabase, type TestCms } from '../../scripts/local/throwaway/cms.ts';
import type { ExampleWebinar } from '../../scripts/local/throwaway/webinars.ts';

/** A throwaway CMS (`createTestCms`'s options), seeded from `content/` and started; the seed must succeed. */
export async function startSeededCms(options: Parameters<typeof createTestCms>[0] = {}): Promise<TestCms> {
  const cms = await createTestCms(options);
  return startedOrRemoved(cms, async () => {
    const seeded = await cms.seed();
    expect(seeded.code, seeded.output).toBe(0);
    await cms.start();
    return cms;
  });
}

/** The seed's organisations and practice the editorial tests work on, and their example accounts. */
export const EDITORIAL = {
  /** The partner's organisation, which works in Portuguese and Italian. */
  own: 'umar',
  /** Another organisation, which works in Italian. */
  other: 'mossos-esquadra',
  /** A good practice of the other organisation. */
  othersPractice: 'asit-catalonia-protocols',
  partnerEmail: 'partner@umar.example',
  otherPartnerEmail: 'partner@mossos.example',
  coordinatorEmail: 'coordinator@praxis.example',
} as const;

/** A seeded CMS with its editorial cast: the accounts' bearer tokens, and document ids by seed key. */
export interface EditorialCms {
  cms: TestCms;
  /** The document ids of `EDITORIAL.own`, `.other` and `.othersPractice`, by their keys. */
  ids: Record<string, string>;
  coordinator: string;
  /** A partner editor of `EDITORIAL.own` (Portuguese and Italian). */
  partner: string;
  /** A partner editor of `EDITORIAL.other` (Italian). */
  otherPartner: string;
}

/**
 * A CMS seeded and started (`startSeededCms`'s options), with a coordinator and a partner editor of
 * each of the two organisations of `EDITORIAL`, named by a coordinator as their editors.
 */
export async function startEditorialCms(
  options: Parameters<typeof createTestCms>[0] = {},
  { partnerPassword }: { partnerPassword?: string } = {},
): Promise<EditorialCms> {
  const cms = await startSeededCms(options);
  return startedOrRemoved(cms, async () => {
    const ids: Record<string, string> = {};
    for (const [uid, key] of [
      ['api::organisation.organisation', EDITORIAL.own],
      ['api::organisation.organisation', EDITORIAL.other],
      ['api::good-practice.good-practice', EDITORIAL.othersPractice],
    ] as const) {
      ids[key] = (await cms.entries(uid).find(key)).documentId;
    }
    const coordinator = await cms.createAdminUser(EDITORIAL.coordinatorEmail, 'praxis-coordinator');
    const partner = await cms.createAdminUser(EDITORIAL.partnerEmail, 'praxis-partner-editor', partnerPassword);
    const otherPartner = await cms.createAdminUser(EDITORIAL.otherPartnerEmail, 'praxis-partner-editor');
    await cms.setEditors(ids[EDITORIAL.own]!, [EDITORIAL.partnerEmail], ['pt', 'it']);
    await cms.setEditors(ids[EDITORIAL.other]!, [EDITORIAL.otherPartnerEmail], ['it']);
    return { cms, ids, coordinator, partner, otherPartner };
  });
}

/** What `start` gives, or, when it fails, the CMS removed (the caller's `afterAll` never had it). */
async function startedOrRemoved<T>(cms: TestCms, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    await cms.destroy();
    throw error;
  }
}

/**
 * A CMS for bursts of registrations, with `env` and the rate limits lifted: one Strapi process on
 * SQLite, two sharing the database on PostgreSQL, the way a deployment scales out. `servers` are
 * their addresses.
 */
export async function startBurstCms(env: NodeJS.ProcessEnv): Promise<{ cms: TestCms; servers: string[] }> {
  const cms = await createTestCms({ env: { PRAXIS_RATE_LIMIT_ADDRESS: '100000/600', PRAXIS_RATE_LIMIT_WEBINAR: '100000/60', ...env } });
  return startedOrRemoved(cms, async () => {
    await cms.start();
    const servers = [cms.url];
    if (testDatabase === 'postgres') servers.push((await cms.startReplica()).url);
    return { cms, servers };
  });
}

/** An example practice's summary, in the language of the version it is written in. */
const EXAMPLE_SUMMARY: Record<string, string> = {
  it: 'Una pratica di esempio scritta dai test.',
  pt: 'Uma prática de exemplo escrita pelos testes.',
  ro: 'O practică de exemplu scrisă de teste.',
  lt: 'Testų parašytas praktikos pavyzdys.',
};

/**
 * A good practice's version as a partner writes it in the admin, plainly an example: of the
 * organisation `organisation` (a document id), in `locale`, its key and slug made from `title`;
 * `fields` add to these or replace them.
 */
export function examplePractice(title: string, organisation: string, locale: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  const slug = title
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');
  return {
    key: slug,
    title,
    slug,
    summary: EXAMPLE_SUMMARY[locale],
    theme: 'prevention',
    translationStatus: 'original',
    organisation: { connect: [{ documentId: organisation, locale }] },
    ...fields,
  };
}

/** An example organisation, published in Italian; its document id. */
export async function createOrganisation(cms: TestCms, key: string): Promise<string> {
  const organisations = entriesPath('api::organisation.organisation');
  const created = await cms.admin(`${organisations}?locale=it`, {
    method: 'POST',
    body: { key, name: `Organizzazione di esempio ${key}`, kind: 'ngo', translationStatus: 'original', locales: ['it'] },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const documentId = created.body.data.documentId as string;
  expect((await cms.admin(`${organisations}/${documentId}/actions/publish?locale=it`, { method: 'POST', body: {} })).status).toBe(200);
  return documentId;
}

/** A registration as the admin API lists it. */
export interface RegistrationRow {
  id: number;
  documentId: string;
  email: string;
  emailKey: string;
  state: string;
  [field: string]: unknown;
}

/** The registrations of a webinar (by its document), read through the admin API, oldest first. */
export async function registrationRows(cms: TestCms, webinar: ExampleWebinar): Promise<RegistrationRow[]> {
  const found: RegistrationRow[] = [];
  for (let page = 1; ; page += 1) {
    const listed = await cms.admin(
      `${entriesPath('api::registration.registration')}?filters[webinarDocumentId][$eq]=${webinar.documentId}&pageSize=100&page=${page}&sort=id:asc`,
    );
    found.push(...listed.body.results);
    if (page >= listed.body.pagination.pageCount) return found;
  }
}

/** The rows a query selects (PostgreSQL answers a count as a string). */
export async function countRows(query: Knex.QueryBuilder): Promise<number> {
  return Number(((await query.count({ n: '*' })) as Array<{ n: number | string }>)[0]!.n);
}

/**
 * Rows counted in the CMS's database, one count a name: a table's name, or a query of its rows.
 * What a refused request could have changed is compared before and after it.
 */
export async function rowCounts<Name extends string>(
  cms: TestCms,
  counted: Record<Name, string | ((db: Knex) => Knex.QueryBuilder)>,
): Promise<Record<Name, number>> {
  const db = await cms.database();
  try {
    const counts = {} as Record<Name, number>;
    for (const [name, rows] of Object.entries(counted) as Array<[Name, string | ((db: Knex) => Knex.QueryBuilder)]>) {
      counts[name] = await countRows(typeof rows === 'string' ? db(rows) : rows(db));
    }
    return counts;
  } finally {
    await db.destroy();
  }
}
