import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATE_FIELD_HINTS } from '../../cms/src/bootstrap/admin-lists.ts';
import { DATED_TYPES } from '@praxis/contract/content-rules';
import { createTestCms, entriesPath, testDatabase, type TestCms } from '../../scripts/local/throwaway/cms.ts';

const PARTNER_EMAIL = 'partner@dates.example';

/** The message the admin shows, and the fields it marks. */
const refusal = (answer: { status: number; body: any }) => ({
  status: answer.status,
  message: answer.body?.error?.message as string,
  fields: (answer.body?.error?.details?.errors as Array<{ path: string[] }> | undefined)?.map((error) => error.path.join('.')),
});

describe(`dates a partner enters, with their precision, on ${testDatabase}`, () => {
  let cms: TestCms;
  let partner: string;
  let organisation: string;
  let serial = 0;

  /** A resource draft the partner writes in the admin, for their organisation. */
  const createResource = (fields: Record<string, unknown>) => {
    serial++;
    return cms.admin(`${entriesPath('api::resource.resource')}?locale=it`, {
      method: 'POST',
      token: partner,
      body: {
        key: `kit-datato-${serial}`,
        kind: 'teaching-kit',
        title: `Kit datato ${serial}`,
        slug: `kit-datato-${serial}`,
        summary: 'Un kit di prova.',
        audience: ['educators'],
        translationStatus: 'original',
        organisation: { connect: [{ documentId: organisation, locale: 'it' }] },
        ...fields,
      },
    });
  };

  const publish = (uid: string, documentId: string) => cms.admin(`${entriesPath(uid)}/${documentId}/actions/publish?locale=it`, { method: 'POST', body: {} });

  beforeAll(async () => {
    cms = await createTestCms();
    await cms.start();
    const created = await cms.admin(`${entriesPath('api::organisation.organisation')}?locale=it`, {
      method: 'POST',
      body: { key: 'organizzazione-datata', name: 'Organizzazione di prova', kind: 'ngo', translationStatus: 'original' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    organisation = created.body.data.documentId;
    partner = await cms.createAdminUser(PARTNER_EMAIL, 'praxis-partner-editor');
    await cms.setEditors(organisation, [PARTNER_EMAIL], ['it']);
  });

  afterAll(async () => {
    await cms?.destroy();
  });

  it('serves a kit’s year and a report’s day, as the partner entered them, through the public API once published', async () => {
    const kit = await createResource({ date: '2013-05-01', datePrecision: 'year' });
    expect(kit.status, JSON.stringify(kit.body)).toBe(201);
    const report = await cms.admin(`${entriesPath('api::workshop-report.workshop-report')}?locale=it`, {
      method: 'POST',
      token: partner,
      body: {
        key: 'resoconto-datato',
        title: 'Resoconto datato',
        slug: 'resoconto-datato',
        translationStatus: 'original',
        date: '2015-03-12',
        datePrecision: 'day',
        organisation: { connect: [{ documentId: organisation, locale: 'it' }] },
      },
    });
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    // The partner cannot publish; a coordinator does.
    expect((await publish('api::resource.resource', kit.body.data.documentId)).status).toBe(200);
    expect((await publish('api::workshop-report.workshop-report', report.body.data.documentId)).status).toBe(200);

    const served = await (await fetch(`${cms.url}/api/resources/${kit.body.data.documentId}?locale=it`)).json();
    expect(served.data).toMatchObject({ date: '2013-05-01', datePrecision: 'year' });
    // The day it was added is another fact, kept apart.
    expect(served.data.publishedAt.slice(0, 4)).not.toBe('2013');
    const servedReport = await (await fetch(`${cms.url}/api/workshop-reports/${report.body.data.documentId}?locale=it`)).json();
    expect(servedReport.data).toMatchObject({ date: '2015-03-12', datePrecision: 'day' });
  });

  it('serves an event known only by its month, beside one with its exact start', async () => {
    const monthly = await cms.admin(`${entriesPath('api::event.event')}?locale=it`, {
      method: 'POST',
      body: {
        key: 'laboratorio-di-novembre',
        kind: 'workshop',
        title: 'Laboratorio di novembre',
        slug: 'laboratorio-di-novembre',
        translationStatus: 'original',
        date: '2013-11-01',
        datePrecision: 'month',
        online: false,
      },
    });
    expect(monthly.status, JSON.stringify(monthly.body)).toBe(201);
    const exact = await cms.admin(`${entriesPath('api::event.event')}?locale=it`, {
      method: 'POST',
      body: {
        key: 'seminario-con-orario',
        kind: 'webinar',
        title: 'Seminario con orario',
        slug: 'seminario-con-orario',
        translationStatus: 'original',
        start: '2022-06-30T07:00:00.000Z',
        end: '2022-06-30T11:00:00.000Z',
        timeZone: 'Europe/Rome',
        online: true,
      },
    });
    expect(exact.status, JSON.stringify(exact.body)).toBe(201);
    for (const created of [monthly, exact]) expect((await publish('api::event.event', created.body.data.documentId)).status).toBe(200);
    const served = await (await fetch(`${cms.url}/api/events?locale=it&sort=key&fields[0]=key&fields[1]=date&fields[2]=datePrecision&fields[3]=start`)).json();
    expect(served.data.map(({ key, date, datePrecision, start }: Record<string, unknown>) => ({ key, date, datePrecision, start }))).toEqual([
      { key: 'laboratorio-di-novembre', date: '2013-11-01', datePrecision: 'month', start: null },
      { key: 'seminario-con-orario', date: null, datePrecision: null, start: '2022-06-30T07:00:00.000Z' },
    ]);
  });

  it('refuses a precision the site does not know, naming the field and the choices', async () => {
    expect(refusal(await createResource({ date: '2014-01-01', datePrecision: 'week' }))).toEqual({
      status: 400,
      message: 'datePrecision: "week" is not a precision the site knows: choose year (e.g. a kit of 2014), month (November 2013) or day (12 March 2015)',
      fields: ['datePrecision'],
    });
  });

  it('refuses a day the calendar does not have, and a date without its precision, saying what to write', async () => {
    expect(refusal(await createResource({ date: '2014-02-30', datePrecision: 'day' }))).toEqual({
      status: 400,
      message: 'date: "2014-02-30" is not a day of the calendar: write it as year-month-day, e.g. "2014-03-12"; for a year or a month, any day in it',
      fields: ['date'],
    });
    expect(refusal(await createResource({ date: '2014-06-01', datePrecision: null }))).toEqual({
      status: 400,
      message: 'datePrecision: say how precisely the date is known: year (e.g. a kit of 2014), month (November 2013) or day (12 March 2015)',
      fields: ['datePrecision'],
    });
    expect(refusal(await createResource({ date: null, datePrecision: 'month' }))).toMatchObject({ status: 400, fields: ['date'] });
  });

  it('refuses an event with both an exact start and a date to a precision', async () => {
    const both = await cms.admin(`${entriesPath('api::event.event')}?locale=it`, {
      method: 'POST',
      body: {
        key: 'evento-doppio',
        kind: 'conference',
        title: 'Evento doppio',
        slug: 'evento-doppio',
        translationStatus: 'original',
        start: '2014-03-12T09:00:00.000Z',
        date: '2014-01-01',
        datePrecision: 'year',
      },
    });
    expect(refusal(both)).toMatchObject({
      status: 400,
      message: expect.stringMatching(/^date: an event has either an exact start .+ not both/),
      fields: ['date'],
    });
  });

  it('tells the partner in the admin how to enter a year or a month, on every dated type', async () => {
    for (const uid of DATED_TYPES) {
      const configuration = await cms.admin(`/content-manager/content-types/${uid}/configuration`, { token: partner });
      expect(configuration.status, uid).toBe(200);
      const { metadatas } = configuration.body.data.contentType as { metadatas: Record<string, { edit: { label: string; description: string } }> };
      expect(metadatas.date!.edit, uid).toMatchObject({ label: 'Date', description: DATE_FIELD_HINTS.date });
      expect(metadatas.datePrecision!.edit, uid).toMatchObject({ label: 'Date precision', description: DATE_FIELD_HINTS.datePrecision });
    }
  });

  it('keeps nothing of a refused entry', async () => {
    const found = await cms.admin(`${entriesPath('api::resource.resource')}?locale=it&pageSize=100`);
    const keys = (found.body.results as Array<{ key: string }>).map((resource) => resource.key);
    // The first kit was taken; every later one was refused.
    expect(keys).toEqual(['kit-datato-1']);
    expect((await cms.admin(`${entriesPath('api::event.event')}?locale=it&filters[key][$eq]=evento-doppio`)).body.results).toEqual([]);
  });
});
