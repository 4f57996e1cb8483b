import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countedDownloadUrl, hitDay, viewBeaconUrl } from '@praxis/contract/counting';
import { createTestCms, entriesPath, testDatabase, type TestCms } from '../../scripts/local/throwaway/cms.ts';
import { createWebinar, registrationBody } from '../../scripts/local/throwaway/webinars.ts';
import { createOrganisation } from '../support/cms.ts';

/** A relation to an organisation, given in Italian, where the test made it. */
const by = (documentId: string) => ({ connect: [{ documentId, locale: 'it' }] });

const daysAgo = (days: number) => hitDay(new Date(Date.now() - days * 86_400_000));

/**
 * Publishes `<prefix>-own-kit` of `own` in Italian and Portuguese and `<prefix>-other-kit` of
 * `other` in Italian; `<prefix>-draft-kit` of `own` stays a draft.
 */
async function publishKits(cms: TestCms, prefix: string, own: string, other: string): Promise<void> {
  const resources = cms.entries('api::resource.resource');
  const resource = (key: string, organisation: string) => ({
    key,
    kind: 'guide',
    title: `Risorsa di esempio ${key}`,
    slug: `risorsa-di-esempio-${key}`,
    summary: 'Una risorsa di esempio creata dai test.',
    audience: ['social-workers'],
    translationStatus: 'original',
    organisation: by(organisation),
  });
  const ownKit = await resources.createAndPublish(resource(`${prefix}-own-kit`, own));
  const translated = await resources.update(
    ownKit,
    // The organisation is related in Italian, where it exists: the translation inherits it.
    {
      ...resource(`${prefix}-own-kit`, own),
      organisation: undefined,
      title: 'Recurso de exemplo',
      slug: `recurso-de-exemplo-${prefix}-own-kit`,
      translationStatus: 'translated',
    },
    { locale: 'pt' },
  );
  expect(translated.status, JSON.stringify(translated.body)).toBe(200);
  expect((await resources.publish(ownKit, {}, { locale: 'pt' })).status).toBe(200);
  await resources.createAndPublish(resource(`${prefix}-other-kit`, other));
  // A draft is not published: not counted.
  expect((await resources.create(resource(`${prefix}-draft-kit`, own))).status).toBe(201);
}

/**
 * The reach counters under load: on SQLite against one Strapi, on PostgreSQL against two Strapi
 * processes sharing the database, the way a deployment scales out. Behind a proxy, as the site
 * server runs it, so that each hit has the visitor's address and the limit per address holds.
 */

const HITS = 2000;
/** Each address sends this many, the limit per address: all of them count. */
const PER_ADDRESS = 5;
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

describe(`${HITS} simultaneous hits on ${testDatabase}`, () => {
  let cms: TestCms;
  let servers: string[];

  beforeAll(async () => {
    cms = await createTestCms({ env: { PRAXIS_BEHIND_PROXY: 'true', PRAXIS_RATE_LIMIT_HITS: `${PER_ADDRESS}/600`, PRAXIS_CMS_LOG_LEVEL: 'warn' } });
    await cms.start();
    servers = [cms.url];
    if (testDatabase === 'postgres') servers.push((await cms.startReplica()).url);
  }, 240_000);

  afterAll(async () => {
    await cms?.destroy();
  });

  /** The counters of an item, read from the database: `{ 'it view': 12, … }`. */
  async function counters(item: string): Promise<Record<string, number>> {
    const db = await cms.database();
    try {
      const rows = (await db('hit_counts').where({ item }).select('language', 'day', 'kind', 'hits')) as Array<{
        language: string;
        day: string;
        kind: string;
        hits: number | string;
      }>;
      for (const row of rows) expect(row.day).toBe(hitDay());
      return Object.fromEntries(rows.map((row) => [`${row.language} ${row.kind}`, Number(row.hits)]));
    } finally {
      await db.destroy();
    }
  }

  const send = (index: number, path: string, init: RequestInit & { address: string; agent?: string }) =>
    fetch(`${servers[index % servers.length]}${path}`, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { 'user-agent': init.agent ?? BROWSER, 'x-forwarded-for': init.address },
    });

  it(`counts exactly ${HITS} of ${HITS} views and downloads sent at once, split across the servers, and keeps nothing but the counters`, {
    timeout: 240_000,
  }, async () => {
    const item = 'resource:burst-kit';
    const answers = await Promise.all(
      Array.from({ length: HITS }, (_, index) => {
        const address = `10.${Math.floor(index / PER_ADDRESS / 250)}.${Math.floor(index / PER_ADDRESS) % 250}.7`;
        return index % 2 === 0
          ? send(index, viewBeaconUrl(item, index % 4 === 0 ? 'it' : 'lt'), { method: 'POST', address })
          : send(index, countedDownloadUrl(item, 'ro', '/media/kit_ro.pdf?download=burst-kit-ro.pdf'), { address });
      }),
    );
    const statuses: Record<number, number> = {};
    for (const answer of answers) statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    expect(statuses).toEqual({ 204: HITS / 2, 303: HITS / 2 });
    for (const answer of answers) {
      expect(answer.headers.get('set-cookie')).toBeNull();
      if (answer.status === 303) expect(answer.headers.get('location')).toBe('/media/kit_ro.pdf?download=burst-kit-ro.pdf');
    }
    expect(await counters(item)).toEqual({ 'it view': HITS / 4, 'lt view': HITS / 4, 'ro download': HITS / 2 });

    // Nothing of a hit but its counter: no table has an address or a user agent.
    const db = await cms.database();
    try {
      const columns =
        testDatabase === 'postgres'
          ? ((await db('information_schema.columns').where({ table_name: 'hit_counts' }).pluck('column_name')) as string[])
          : ((await db.raw('select name from pragma_table_info(?)', ['hit_counts'])) as Array<{ name: string }>).map((row) => row.name);
      expect(columns.filter((column) => /address|agent|ip|visitor|referr/i.test(column))).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it('leaves robots out and limits an abusive sender, still sending a person’s download on to the file', async () => {
    const item = 'resource:abused-kit';
    for (const agent of ['Googlebot/2.1 (+http://www.google.com/bot.html)', 'curl/8.5.0', '']) {
      const answer = await send(0, viewBeaconUrl(item, 'it'), { method: 'POST', address: '10.99.0.1', agent });
      expect(answer.status, agent).toBe(204);
    }
    const flood = await Promise.all(Array.from({ length: 20 }, (_, index) => send(index, viewBeaconUrl(item, 'pt'), { method: 'POST', address: '10.99.0.2' })));
    expect(flood.filter((answer) => answer.status === 204)).toHaveLength(PER_ADDRESS);
    expect(flood.filter((answer) => answer.status === 429)).toHaveLength(20 - PER_ADDRESS);
    expect(flood.find((answer) => answer.status === 429)?.headers.get('retry-after')).toMatch(/^\d+$/);
    const over = await send(0, countedDownloadUrl(item, 'pt', '/media/kit_pt.pdf'), { address: '10.99.0.2' });
    expect(over.status).toBe(303);
    expect(await counters(item)).toEqual({ 'pt view': PER_ADDRESS });
  });

  it('refuses an item, a language or a destination the site never sends, and counts none of them', async () => {
    const refused = [
      ['POST', '/api/counts/view?item=visitor%3Aperson%40example.org&language=it'],
      ['POST', '/api/counts/view?item=resource%3Akit&language=en'],
      ['GET', '/api/counts/download?item=resource%3Akit&language=it&to=https%3A%2F%2Felsewhere.example%2Fkit.pdf'],
      ['GET', '/api/counts/download?item=resource%3Akit&language=it&to=%2F%2Felsewhere.example%2Fkit.pdf'],
    ] as const;
    for (const [method, path] of refused) {
      const answer = await send(0, path, { method, address: '10.98.0.1' });
      expect(answer.headers.get('location'), path).toBeNull();
      expect(answer.status, path).toBeLessThan(500);
    }
    expect(await counters('resource:kit')).toEqual({});
    const db = await cms.database();
    try {
      expect(Number(((await db('hit_counts').where('item', 'like', 'visitor:%').count({ n: '*' })) as Array<{ n: number | string }>)[0]!.n)).toBe(0);
    } finally {
      await db.destroy();
    }
  });

  it('counts each webinar’s registrations, waiting list, attendance and certificates as the database holds them, names never; a partner sees their own webinars only', {
    timeout: 120_000,
  }, async () => {
    const own = await createOrganisation(cms, 'example-reach-own');
    const other = await createOrganisation(cms, 'example-reach-other');
    const full = await createWebinar(cms, 'reach-full', { organisation: { connect: [{ documentId: own, locale: 'it' }] }, capacity: 2 });
    await createWebinar(cms, 'reach-other', { organisation: { connect: [{ documentId: other, locale: 'it' }] } });
    const people: Array<[string, string, string]> = [
      ['reach-full', 'social-worker', 'Toscana'],
      ['reach-full', 'social-worker', 'Lazio'],
      ['reach-full', 'educator', 'Toscana'],
      ['reach-full', 'health', 'Norte'],
      ['reach-other', 'law-enforcement', 'Vilnius'],
    ];
    for (const [index, [webinar, role, region]] of people.entries()) {
      const answer = await fetch(`${cms.url}/api/webinars/${webinar}/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': BROWSER, 'x-forwarded-for': `10.97.0.${index + 1}` },
        body: JSON.stringify(registrationBody({ name: `Persona Esempio ${index}`, email: `reach${index}@example.org`, role, region })),
      });
      expect(answer.status, await answer.text()).toBeLessThan(300);
    }
    // The organiser marks the two confirmed as attended; one of them is later erased (retention).
    const REGISTRATIONS = entriesPath('api::registration.registration');
    const listed = (await cms.admin(`${REGISTRATIONS}?pageSize=50&sort=id:asc&filters[webinarDocumentId][$eq]=${full.documentId}`)).body.results as Array<{
      documentId: string;
      state: string;
    }>;
    const confirmed = listed.filter((row) => row.state === 'confirmed');
    expect(confirmed).toHaveLength(2);
    for (const row of confirmed) expect((await cms.admin(`${REGISTRATIONS}/${row.documentId}`, { method: 'PUT', body: { attended: true } })).status).toBe(200);
    const db = await cms.database();
    let stored: Array<{ webinar_document_id: string; state: string; attended: unknown; job_role: string | null; region: string | null; erased_at: unknown }>;
    try {
      await db('registrations')
        .where({ document_id: confirmed[1]!.documentId })
        .update({ name: null, email: null, email_key: null, job_role: null, region: null, erased_at: new Date() });
      stored = await db('registrations').select('webinar_document_id', 'state', 'attended', 'job_role', 'region', 'erased_at');
    } finally {
      await db.destroy();
    }

    const to = hitDay(new Date(Date.now() + 14 * 86_400_000));
    const figures = async (token: string) => {
      const answer = await cms.admin(`/praxis/reach?from=${hitDay()}&to=${to}`, { token });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(JSON.stringify(answer.body)).not.toMatch(/Persona Esempio|example\.org/);
      return answer.body.data.webinars as Array<Record<string, unknown> & { key: string }>;
    };
    // What the database holds, counted here independently.
    const expected = (documentId: string) => {
      const rows = stored.filter((row) => row.webinar_document_id === documentId);
      const tally = (field: 'job_role' | 'region') => {
        const counts: Record<string, number> = {};
        for (const row of rows.filter((one) => one.state === 'confirmed')) counts[row[field] ?? '—'] = (counts[row[field] ?? '—'] ?? 0) + 1;
        return counts;
      };
      return {
        confirmed: rows.filter((row) => row.state === 'confirmed').length,
        waitlisted: rows.filter((row) => row.state === 'waitlisted').length,
        attended: rows.filter((row) => Boolean(row.attended)).length,
        certificates: rows.filter((row) => Boolean(row.attended) && !row.erased_at).length,
        professions: tally('job_role'),
        regions: tally('region'),
      };
    };
    const shown = (webinar: Record<string, unknown>) => ({
      confirmed: webinar.confirmed,
      waitlisted: webinar.waitlisted,
      attended: webinar.attended,
      certificates: webinar.certificates,
      professions: Object.fromEntries((webinar.professions as Array<{ name: string; count: number }>).map((tally) => [tally.name, tally.count])),
      regions: Object.fromEntries((webinar.regions as Array<{ name: string; count: number }>).map((tally) => [tally.name, tally.count])),
    });

    const token = await cms.adminToken();
    const all = await figures(token);
    expect(all.map((webinar) => webinar.key).sort()).toEqual(['reach-full', 'reach-other']);
    const fullShown = shown(all.find((webinar) => webinar.key === 'reach-full')!);
    expect(fullShown).toEqual(expected(full.documentId));
    expect(fullShown).toMatchObject({ confirmed: 2, waitlisted: 2, attended: 2, certificates: 1 });
    const otherDocument = stored.find((row) => row.webinar_document_id !== full.documentId)!.webinar_document_id;
    expect(shown(all.find((webinar) => webinar.key === 'reach-other')!)).toEqual(expected(otherDocument));

    // The funder's CSV carries the same counts as rows of its one table.
    const csv = await (await fetch(`${cms.url}/praxis/reach.csv?from=${hitDay()}&to=${to}`, { headers: { authorization: `Bearer ${token}` } })).text();
    const webinarLines = csv
      .split('\r\n')
      .filter((line) => line.includes('webinar:reach-full'))
      .map((line) => line.split(',').slice(5).join(' '));
    expect(webinarLines).toEqual(
      expect.arrayContaining([
        'registrations-confirmed 2 ',
        'registrations-waitlisted 2 ',
        'attended 2 ',
        'certificates 1 ',
        'registrations-confirmed-by-region 1 Toscana',
      ]),
    );
    expect(csv).not.toMatch(/Persona Esempio|example\.org/);

    const partner = await cms.createAdminUser('partner@reach-own.example', 'praxis-partner-editor');
    await cms.setEditors(own, ['partner@reach-own.example'], ['it']);
    const theirs = await figures(partner);
    expect(theirs.map((webinar) => webinar.key)).toEqual(['reach-full']);
    expect(shown(theirs[0]!)).toEqual(expected(full.documentId));
    const partnerCsv = await (await fetch(`${cms.url}/praxis/reach.csv?from=${hitDay()}&to=${to}`, { headers: { authorization: `Bearer ${partner}` } })).text();
    expect(partnerCsv).toContain('webinar:reach-full');
    expect(partnerCsv).not.toContain('webinar:reach-other');

    // A period before the webinars has none of them.
    const before = await cms.admin(`/praxis/reach?from=${hitDay(new Date(Date.now() - 30 * 86_400_000))}&to=${hitDay()}`, { token });
    expect(before.body.data.webinars).toEqual([]);
  });

  it('counts the events and exchanges held in the period by country and year, and the resources published per language; a partner sees their own organisation’s', {
    timeout: 120_000,
  }, async () => {
    const own = await createOrganisation(cms, 'example-activity-own');
    const other = await createOrganisation(cms, 'example-activity-other');
    const events = cms.entries('api::event.event');
    const event = (key: string, fields: Record<string, unknown>) =>
      events.createAndPublish({ key, title: `Evento di esempio ${key}`, slug: `evento-di-esempio-${key}`, translationStatus: 'original', ...fields });
    await event('activity-exchange', { kind: 'exchange', date: daysAgo(2), datePrecision: 'day', country: 'ES', host: by(own) });
    await event('activity-workshop', { kind: 'workshop', date: daysAgo(2), datePrecision: 'day', country: 'PT', host: by(other) });
    await event('activity-online', { kind: 'webinar', start: new Date(Date.now() - 3 * 86_400_000).toISOString(), online: true, host: by(own) });
    await event('activity-coming', {
      kind: 'exchange',
      date: hitDay(new Date(Date.now() + 5 * 86_400_000)),
      datePrecision: 'day',
      country: 'RO',
      host: by(own),
    });
    await event('activity-long-ago', { kind: 'exchange', date: '2015-03-12', datePrecision: 'day', country: 'IT', host: by(own) });
    await event('activity-undated', { kind: 'exchange', country: 'LT', host: by(own) });

    await publishKits(cms, 'activity', own, other);

    const period = `from=${daysAgo(30)}&to=${hitDay(new Date(Date.now() + 14 * 86_400_000))}`;
    const year = daysAgo(2).slice(0, 4);
    const token = await cms.adminToken();
    const all = (await cms.admin(`/praxis/reach?${period}`, { token })).body.data;
    expect(all.events.rows).toEqual(
      [
        { country: 'ES', year, kind: 'exchange', count: 1 },
        { country: 'PT', year, kind: 'workshop', count: 1 },
        { country: 'online', year: daysAgo(3).slice(0, 4), kind: 'webinar', count: 1 },
      ].sort((a, b) => a.year.localeCompare(b.year) || a.country.localeCompare(b.country)),
    );
    expect(all.events.undated).toBe(1);
    expect(all.resources).toEqual({
      total: 2,
      languages: [
        { language: 'it', count: 2 },
        { language: 'pt', count: 1 },
        { language: 'ro', count: 0 },
        { language: 'lt', count: 0 },
      ],
    });
    const longAgo = (await cms.admin(`/praxis/reach?from=2015-01-01&to=2015-12-31`, { token })).body.data.events.rows;
    expect(longAgo).toEqual([{ country: 'IT', year: '2015', kind: 'exchange', count: 1 }]);

    // The same figures, counted from the database's published rows.
    const db = await cms.database();
    try {
      const published = (table: string) => db(table).whereNotNull('published_at').countDistinct({ n: 'document_id' });
      expect(Number((await published('resources'))[0]!.n)).toBe(all.resources.total);
      const italian = await db('resources').whereNotNull('published_at').where({ locale: 'it' }).countDistinct({ n: 'document_id' });
      expect(Number(italian[0]!.n)).toBe(all.resources.languages[0].count);
    } finally {
      await db.destroy();
    }

    const csv = await (await fetch(`${cms.url}/praxis/reach.csv?${period}`, { headers: { authorization: `Bearer ${token}` } })).text();
    expect(csv).toContain(`${year},country:ES,,,,exchanges-held,1,exchange\r\n`);
    expect(csv).toContain(`${year},country:PT,,,,events-held,1,workshop\r\n`);
    expect(csv).toContain(',events,,,,events-undated,1,\r\n');
    expect(csv).toContain(',resources,,,pt,resources-published,1,\r\n');

    const partner = await cms.createAdminUser('partner@activity-own.example', 'praxis-partner-editor');
    await cms.setEditors(own, ['partner@activity-own.example'], ['it']);
    const theirs = (await cms.admin(`/praxis/reach?${period}`, { token: partner })).body.data;
    expect(theirs.events.rows.map((row: { country: string }) => row.country).sort()).toEqual(['ES', 'online']);
    expect(theirs.events.undated).toBe(1);
    expect(theirs.resources.total).toBe(1);
    expect(theirs.resources.languages.map((row: { count: number }) => row.count)).toEqual([1, 1, 0, 0]);
    const partnerCsv = await (await fetch(`${cms.url}/praxis/reach.csv?${period}`, { headers: { authorization: `Bearer ${partner}` } })).text();
    expect(partnerCsv).not.toContain('country:PT');
  });

  it('filters every figure by organisation and by language, the CSV as the counters; refuses a partner another organisation’s and a language Praxis does not publish in', {
    timeout: 120_000,
  }, async () => {
    const own = await createOrganisation(cms, 'example-filter-own');
    const other = await createOrganisation(cms, 'example-filter-other');
    await cms.entries('api::event.event').createAndPublish({
      key: 'filter-exchange',
      title: 'Scambio di esempio',
      slug: 'scambio-di-esempio-filter',
      translationStatus: 'original',
      kind: 'exchange',
      date: daysAgo(2),
      datePrecision: 'day',
      country: 'LT',
      host: by(own),
    });
    await publishKits(cms, 'filter', own, other);
    await createWebinar(cms, 'filter-bilingual', { organisation: by(own), languages: ['it', 'pt'] });
    await createWebinar(cms, 'filter-italian', { organisation: by(own), languages: ['it'] });
    await createWebinar(cms, 'filter-other', { organisation: by(other), languages: ['pt'] });
    // Views and downloads of both organisations' kits, in two languages, each from its own address.
    const sent: Array<[string, string, 'view' | 'download', number]> = [
      ['resource:filter-own-kit', 'it', 'view', 3],
      ['resource:filter-own-kit', 'pt', 'view', 2],
      ['resource:filter-own-kit', 'pt', 'download', 1],
      ['resource:filter-other-kit', 'pt', 'view', 4],
    ];
    for (const [index, [item, language, kind, count]] of sent.entries())
      for (let one = 0; one < count; one += 1) {
        const answer = await send(0, kind === 'view' ? viewBeaconUrl(item, language) : countedDownloadUrl(item, language, '/media/kit.pdf'), {
          method: kind === 'view' ? 'POST' : 'GET',
          address: `10.96.${index}.${one + 1}`,
        });
        expect(answer.status).toBe(kind === 'view' ? 204 : 303);
      }

    const period = `from=${daysAgo(30)}&to=${hitDay(new Date(Date.now() + 14 * 86_400_000))}`;
    const token = await cms.adminToken();
    const figures = async (query: string, as = token) => {
      const answer = await cms.admin(`/praxis/reach?${period}&${query}`, { token: as });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body.data;
    };
    const itemsOf = (data: { rows: Array<{ item: string; language: string; kind: string; hits: number }> }) =>
      data.rows.map((row) => `${row.item} ${row.language} ${row.kind} ${row.hits}`).sort();
    const webinarsOf = (data: { webinars: Array<{ key: string }> }) => data.webinars.map((webinar) => webinar.key).sort();

    // One organisation: its items, webinars, events and resources only.
    const ownOnly = await figures('organisation=example-filter-own');
    expect(ownOnly.organisation).toBe('example-filter-own');
    expect(itemsOf(ownOnly)).toEqual(['resource:filter-own-kit it view 3', 'resource:filter-own-kit pt download 1', 'resource:filter-own-kit pt view 2']);
    expect(webinarsOf(ownOnly)).toEqual(['filter-bilingual', 'filter-italian']);
    expect(ownOnly.events.rows).toEqual([{ country: 'LT', year: daysAgo(2).slice(0, 4), kind: 'exchange', count: 1 }]);
    expect(ownOnly.events.undated).toBe(0);
    expect(ownOnly.resources.total).toBe(1);
    expect(ownOnly.organisations.map((option: { key: string }) => option.key)).toEqual(expect.arrayContaining(['example-filter-own', 'example-filter-other']));

    // One language: views and downloads in it, resources published in it, webinars held in it; events have none.
    const portuguese = await figures('language=pt');
    expect(portuguese.rows.length).toBeGreaterThan(0);
    expect(portuguese.rows.every((row: { language: string }) => row.language === 'pt')).toBe(true);
    expect(webinarsOf(portuguese)).toEqual(expect.arrayContaining(['filter-bilingual', 'filter-other']));
    expect(webinarsOf(portuguese)).not.toContain('filter-italian');
    expect(portuguese.resources.languages.map((row: { language: string }) => row.language)).toEqual(['pt']);
    expect(portuguese.withoutLanguage).toEqual(['events']);
    expect(portuguese.events).toEqual((await figures('')).events);

    // Both at once, and the funder's CSV holds the same counters as the database.
    const both = await figures('organisation=example-filter-own&language=pt');
    expect(itemsOf(both)).toEqual(['resource:filter-own-kit pt download 1', 'resource:filter-own-kit pt view 2']);
    expect(webinarsOf(both)).toEqual(['filter-bilingual']);
    expect(both.resources).toEqual({ total: 1, languages: [{ language: 'pt', count: 1 }] });
    const csvAnswer = await fetch(`${cms.url}/praxis/reach.csv?${period}&organisation=example-filter-own&language=pt`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(csvAnswer.status).toBe(200);
    expect(csvAnswer.headers.get('content-disposition')).toContain('example-filter-own-pt');
    const csv = await csvAnswer.text();
    const counted = csv
      .split('\r\n')
      .filter((line) => /,(view|download),\d+,$/.test(line))
      .map((line) => line.split(','))
      .map((cells) => `${cells[1]} ${cells[4]} ${cells[5]} ${cells[6]}`)
      .sort();
    const db = await cms.database();
    try {
      const rows = (await db('hit_counts')
        .whereIn('item', ['resource:filter-own-kit'])
        .where({ language: 'pt' })
        .select('item', 'language', 'kind', 'hits')) as Array<{
        item: string;
        language: string;
        kind: string;
        hits: number | string;
      }>;
      expect(counted).toEqual(rows.map((row) => `${row.item} ${row.language} ${row.kind} ${Number(row.hits)}`).sort());
    } finally {
      await db.destroy();
    }
    expect(csv).toContain('webinar:filter-bilingual');
    expect(csv).not.toMatch(/filter-other|filter-italian/);
    expect(csv).toContain(',resources,,,pt,resources-published,1,\r\n');
    const summary = await fetch(`${cms.url}/praxis/reach/summary?${period}&organisation=example-filter-own&language=pt`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = await summary.text();
    expect(page).toContain('data-testid="summary-organisation">Organizzazione di esempio example-filter-own<');
    expect(page).toContain('data-testid="summary-events-without-language"');

    // Nonsense is refused with a sentence saying why.
    const english = await cms.admin(`/praxis/reach?${period}&language=en`, { token });
    expect(english.status).toBe(400);
    expect(english.body.error.message).toMatch(/it, pt, ro, lt/);
    const nobody = await cms.admin(`/praxis/reach.csv?${period}&organisation=no-such-organisation`, { token });
    expect(nobody.status).toBe(400);
    expect(nobody.body.error.message).toContain('no-such-organisation');

    // A partner: their organisation, never another's, by any route.
    const partner = await cms.createAdminUser('partner@filter-own.example', 'praxis-partner-editor');
    await cms.setEditors(own, ['partner@filter-own.example'], ['it']);
    const theirs = await figures('', partner);
    expect(theirs.organisations.map((option: { key: string }) => option.key)).toEqual(['example-filter-own']);
    expect(itemsOf(theirs)).toEqual(itemsOf(ownOnly));
    for (const route of ['/praxis/reach', '/praxis/reach.csv', '/praxis/reach/summary']) {
      for (const organisation of ['example-filter-other', 'no-such-organisation']) {
        const refused = await fetch(`${cms.url}${route}?${period}&organisation=${organisation}`, { headers: { authorization: `Bearer ${partner}` } });
        expect(refused.status, `${route} ${organisation}`).toBe(403);
        const body = await refused.text();
        expect(JSON.parse(body).error.message).toContain('your own organisations');
        expect(body).not.toMatch(/filter-other-kit|Organizzazione di esempio example-filter-other/);
      }
    }
    // Once they also edit for the other, they choose between the two.
    await cms.setEditors(other, ['partner@filter-own.example'], ['it']);
    expect((await figures('', partner)).organisations.map((option: { key: string }) => option.key).sort()).toEqual([
      'example-filter-other',
      'example-filter-own',
    ]);
    expect(itemsOf(await figures('organisation=example-filter-other&language=pt', partner))).toEqual(['resource:filter-other-kit pt view 4']);
    expect(webinarsOf(await figures('organisation=example-filter-other', partner))).toEqual(['filter-other']);
  });
});
