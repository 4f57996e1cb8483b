import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCms, entriesPath, testDatabase, type TestCms } from '../../scripts/local/throwaway/cms.ts';
import { createWebinar, registrationBody } from '../../scripts/local/throwaway/webinars.ts';
import { createOrganisation } from '../support/cms.ts';

const REGISTRATIONS = entriesPath('api::registration.registration');

describe(`organisers and their registrations on ${testDatabase}`, () => {
  let cms: TestCms;
  let organiser: string;
  let outsider: string;
  let coordinator: string;

  beforeAll(async () => {
    cms = await createTestCms();
    await cms.start();
    const own = await createOrganisation(cms, 'example-organiser');
    const other = await createOrganisation(cms, 'example-outsider');
    await createWebinar(cms, 'organised', {
      organisation: { connect: [{ documentId: own, locale: 'it' }] },
      accreditationBody: 'Ordine di esempio',
      accreditationCredits: 2,
      accreditationStatus: 'granted',
    });
    for (const [index, name] of ['Prima Persona', '=HYPERLINK("http://evil.example")', 'Țară Ăștia'].entries()) {
      const response = await fetch(`${cms.url}/api/webinars/organised/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(registrationBody({ name, email: `registrant${index}@example.org`, language: index === 2 ? 'ro' : 'it' })),
      });
      expect(response.status).toBe(201);
    }
    organiser = await cms.createAdminUser('organiser@example.org', 'praxis-partner-editor');
    outsider = await cms.createAdminUser('outsider@example.org', 'praxis-partner-editor');
    coordinator = await cms.createAdminUser('coordinator@example.org', 'praxis-coordinator');
    await cms.setEditors(own, ['organiser@example.org'], ['it']);
    await cms.setEditors(other, ['outsider@example.org'], ['it']);
  });

  afterAll(async () => {
    await cms?.destroy();
  });

  it('shows registrations to the coordinators and the webinar’s organisation in the admin, not to other partners', async () => {
    for (const token of [coordinator, organiser]) {
      const listed = await cms.admin(`${REGISTRATIONS}?pageSize=50`, { token });
      expect(listed.status, JSON.stringify(listed.body)).toBe(200);
      expect(listed.body.results.map((row: { email: string }) => row.email).sort()).toEqual([
        'registrant0@example.org',
        'registrant1@example.org',
        'registrant2@example.org',
      ]);
    }
    const hidden = await cms.admin(`${REGISTRATIONS}?pageSize=50`, { token: outsider });
    expect(hidden.status === 403 || hidden.body.results.length === 0, JSON.stringify(hidden.body)).toBe(true);
  });

  it('exports a webinar’s registrations as CSV for its organisers only, safe to open in a spreadsheet', async () => {
    const csv = async (token: string) => fetch(`${cms.url}/praxis/webinars/organised/registrations.csv`, { headers: { authorization: `Bearer ${token}` } });
    const exported = await csv(organiser);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toContain('text/csv');
    const text = await exported.text();
    const lines = text
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('"email"');
    expect(lines).toHaveLength(4);
    expect(text).toContain('"\'=HYPERLINK(""http://evil.example"")"');
    expect(text).toContain('Țară Ăștia');
    expect((await csv(coordinator)).status).toBe(200);
    expect((await csv(outsider)).status).toBe(403);
    expect((await fetch(`${cms.url}/praxis/webinars/organised/registrations.csv`)).status).toBe(401);
  });

  it('lets an organiser mark attendance, and issues a certificate to attendees only', async () => {
    const listed = await cms.admin(`${REGISTRATIONS}?pageSize=50&sort=id:asc`, { token: organiser });
    const romanian = listed.body.results.find((row: { email: string }) => row.email === 'registrant2@example.org');
    const certificate = (token: string) =>
      fetch(`${cms.url}/praxis/registrations/${romanian.documentId}/certificate.pdf`, { headers: { authorization: `Bearer ${token}` } });
    expect((await certificate(organiser)).status).toBe(409);

    const marked = await cms.admin(`${REGISTRATIONS}/${romanian.documentId}`, { method: 'PUT', token: organiser, body: { attended: true } });
    expect(marked.status, JSON.stringify(marked.body)).toBe(200);
    const renamed = await cms.admin(`${REGISTRATIONS}/${romanian.documentId}`, { method: 'PUT', token: organiser, body: { name: 'Someone Else' } });
    const after = await cms.admin(`${REGISTRATIONS}/${romanian.documentId}`, { token: coordinator });
    expect(after.body.data.name, `an organiser changes attendance only (answer ${renamed.status})`).toBe('Țară Ăștia');
    expect(after.body.data.attended).toBe(true);

    const pdf = await certificate(organiser);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const { extractText } = await import('unpdf');
    const { text } = await extractText(new Uint8Array(bytes), { mergePages: true });
    expect(text).toContain('Certificat de participare');
    expect(text).toContain('Țară Ăștia');
    expect(text).toContain('Ordine di esempio');
    expect((await certificate(outsider)).status).toBe(403);
  });
  it('moves the registrations of a database from before webinar documents onto their webinar, at the next start', { timeout: 180_000 }, async () => {
    const before = (await cms.admin(`${REGISTRATIONS}?pageSize=50&sort=id:asc`)).body.results as Array<{
      documentId: string;
      webinarDocumentId: string;
      emailKey: string;
    }>;
    expect(before).toHaveLength(3);
    const webinarDocumentId = before[0]!.webinarDocumentId;

    // Back to the tables as they were: registrations named their webinar by its key.
    await cms.stop();
    const db = await cms.database();
    try {
      await db.schema.alterTable('registrations', (table) => {
        table.dropUnique(['webinar_document_id', 'email_key'], 'registrations_webinar_email_unique');
        table.dropIndex(['webinar_document_id', 'state'], 'registrations_webinar_state');
      });
      await db.schema.alterTable('registrations', (table) => table.string('webinar_key'));
      await db('registrations').update({ webinar_key: 'organised' });
      await db.schema.alterTable('registrations', (table) => table.dropColumn('webinar_document_id'));
      await db.schema.alterTable('registrations', (table) => {
        table.unique(['webinar_key', 'email_key'], { indexName: 'registrations_webinar_email_unique' });
        table.index(['webinar_key', 'state'], 'registrations_webinar_state');
      });
      await db('strapi_migrations').where('name', 'like', '%registrations-by-webinar-document%').delete();
    } finally {
      await db.destroy();
    }

    await cms.start();
    const after = (await cms.admin(`${REGISTRATIONS}?pageSize=50&sort=id:asc`)).body.results as typeof before;
    expect(after.map((row) => [row.documentId, row.webinarDocumentId, row.emailKey])).toEqual(
      before.map((row) => [row.documentId, webinarDocumentId, row.emailKey]),
    );
    // Seats and "one per mailbox" hold on the moved rows.
    const again = await fetch(`${cms.url}/api/webinars/organised/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(registrationBody({ email: 'REGISTRANT0@example.org' })),
    });
    expect(await again.json()).toMatchObject({ outcome: 'confirmed', alreadyRegistered: true });
    const csv = await fetch(`${cms.url}/praxis/webinars/organised/registrations.csv`, { headers: { authorization: `Bearer ${coordinator}` } });
    expect((await csv.text()).trim().split('\r\n')).toHaveLength(4);
  });
});
