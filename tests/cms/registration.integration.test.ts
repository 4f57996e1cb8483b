import { join } from 'node:path';
import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_VERSION } from '../../cms/src/registration/input.ts';
import { createTestCms, testDatabase, type TestCms } from '../support/cms.ts';
import { recipients, startSmtp, type Inbox } from '../support/smtp.ts';
import { createWebinar, registrationBody, updateWebinar, type ExampleWebinar } from '../support/webinars.ts';

/** Posts a registration as JSON and returns the status and body. */
async function registerJson(cms: TestCms, key: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${cms.url}/api/webinars/${key}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const manageLinkIn = (message: ParsedMail) => /https?:\/\/\S+\/api\/registrations\/manage\/[A-Za-z0-9._-]+/.exec(message.text ?? '')?.[0];

/** A webinar's registrations (they belong to its document, whatever its key), through the admin API. */
async function registrations(cms: TestCms, webinar: ExampleWebinar): Promise<Array<Record<string, any>>> {
  const listed = await cms.admin(`/content-manager/collection-types/api::registration.registration?filters[webinarDocumentId][$eq]=${webinar.documentId}&pageSize=100&sort=id:asc`);
  expect(listed.status).toBe(200);
  return listed.body.results;
}

describe(`webinar registration on ${testDatabase}`, () => {
  let cms: TestCms;
  let inbox: Inbox;
  let open: ExampleWebinar;

  beforeAll(async () => {
    inbox = await startSmtp();
    cms = await createTestCms({
      env: { PRAXIS_SMTP_URL: inbox.url, PRAXIS_SCHEDULER_SECONDS: '1', PRAXIS_REGISTRATION_MIN_FILL_SECONDS: '2', PRAXIS_RATE_LIMIT_ADDRESS: '1000/600' },
    });
    await cms.start();
    open = await createWebinar(cms, 'registration-open', { capacity: 2, waitingList: true, contactEmail: 'organiser@example.org' }, { pt: { title: 'Webinar de exemplo' }, ro: { title: 'Webinar de exemplu' } });
  });

  afterAll(async () => {
    await cms?.destroy();
    await inbox?.close();
  });

  it('confirms a registration and e-mails the join link, a calendar file with an alarm and a manage link, in the registrant’s language', async () => {
    const answer = await registerJson(cms, open.key, registrationBody({ email: 'Ana.Exemplo@Example.org', language: 'pt', locale: 'pt', timeZone: 'Europe/Lisbon' }));
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ outcome: 'confirmed', alreadyRegistered: false, seatsLeft: 1 });

    const [mail] = await inbox.waitFor((message) => recipients(message).includes('ana.exemplo@example.org'));
    expect(mail!.subject).toBe('Inscrição confirmada: Webinar de exemplo');
    expect(mail!.text).toContain('https://meet.example.org/registration-open');
    expect(mail!.text).toContain('(Europe/Lisbon)');
    expect(mail!.replyTo?.text).toContain('organiser@example.org');
    expect(manageLinkIn(mail!)).toBeDefined();

    const calendar = mail!.attachments.find((attachment) => attachment.contentType === 'text/calendar');
    expect(calendar, 'a calendar file is attached').toBeDefined();
    const component = new ICAL.Component(ICAL.parse(calendar!.content.toString('utf8')));
    const event = component.getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('summary')).toBe('Webinar de exemplo');
    expect(event.getFirstPropertyValue('url')).toBe('https://meet.example.org/registration-open');
    const webinar = (await fetch(`${cms.url}/api/webinars?filters[key][$eq]=${open.key}`).then((response) => response.json())) as { data: Array<{ start: string }> };
    expect((event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(new Date(webinar.data[0]!.start).toISOString());
    expect(event.getFirstSubcomponent('valarm')?.getFirstPropertyValue('trigger')?.toString()).toBe('-PT30M');
  });

  it('answers a repeated registration with the same result: no second seat, no second e-mail, whatever the case and spaces of the address', async () => {
    const before = inbox.messages.length;
    const again = await registerJson(cms, open.key, registrationBody({ email: '  ana.exemplo@example.ORG ', language: 'pt', locale: 'pt' }));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ outcome: 'confirmed', alreadyRegistered: true, seatsLeft: 1 });
    expect((await registrations(cms, open)).length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(inbox.messages.length).toBe(before);
  });

  it('puts people on the waiting list once the seats are taken, and tells them so without the join link', async () => {
    expect((await registerJson(cms, open.key, registrationBody({ email: 'second@example.org' }))).body.outcome).toBe('confirmed');
    const waiting = await registerJson(cms, open.key, registrationBody({ email: 'waiting@example.org', language: 'ro', locale: 'ro' }));
    expect(waiting.status).toBe(201);
    expect(waiting.body).toMatchObject({ outcome: 'waitlisted', seatsLeft: 0 });
    const [mail] = await inbox.waitFor((message) => recipients(message).includes('waiting@example.org'));
    expect(mail!.subject).toBe('Sunteți pe lista de așteptare: Webinar de exemplu');
    expect(mail!.text).not.toContain('meet.example.org');
    expect(mail!.attachments).toHaveLength(0);

    const availability = await fetch(`${cms.url}/api/webinars/${open.key}/availability`).then((response) => response.json());
    expect(availability).toMatchObject({ state: 'open', capacity: 2, seatsLeft: 0, waitingList: true });
  });

  it('lets a registrant see, download and cancel through the manage link; the first person waiting gets the seat and an e-mail', async () => {
    const [mail] = await inbox.waitFor((message) => recipients(message).includes('second@example.org'));
    const link = manageLinkIn(mail!)!;

    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('second@example.org');
    expect(html).toContain('Confermata');

    const data = await fetch(`${link}/data`);
    expect(data.headers.get('content-disposition')).toContain('attachment');
    const downloaded = (await data.json()) as { registration: { consent: { at: string; version: string } } };
    expect(downloaded).toMatchObject({ registration: { email: 'second@example.org', state: 'confirmed', consent: { version: CONSENT_VERSION } } });
    // Consent is kept with the time it was given (the registration, moments ago).
    expect(Date.now() - Date.parse(downloaded.registration.consent.at)).toBeLessThan(120_000);

    const cancelled = await fetch(`${link}/cancel`, { method: 'POST' });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.text()).toContain('La tua iscrizione è annullata.');

    const [promoted] = await inbox.waitFor((message) => recipients(message).includes('waiting@example.org') && /S-a eliberat un loc/.test(message.subject ?? ''));
    expect(promoted!.text).toContain('https://meet.example.org/registration-open');
    const states = Object.fromEntries((await registrations(cms, open)).map((row) => [row.email, row.state]));
    expect(states).toEqual({ 'Ana.Exemplo@Example.org': 'confirmed', 'second@example.org': 'cancelled', 'waiting@example.org': 'confirmed' });

    // Cancelling twice changes nothing and promotes no one else.
    expect(await (await fetch(`${link}/cancel`, { method: 'POST' })).text()).toContain('Non c’era niente da cambiare.');
  });

  it('erases a registrant’s data for good: the link stops working, the count stays', async () => {
    const [mail] = await inbox.waitFor((message) => recipients(message).includes('waiting@example.org'));
    const link = manageLinkIn(mail!)!;
    const refused = await fetch(`${link}/erase`, { method: 'POST' });
    expect(refused.status, 'erasure needs the confirmation box').toBe(400);

    const erased = await fetch(`${link}/erase`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'confirm=yes' });
    expect(erased.status).toBe(200);
    expect((await fetch(link)).status).toBe(404);
    expect((await fetch(`${link}/data`)).status).toBe(404);

    const rows = await registrations(cms, open);
    expect(rows).toHaveLength(3);
    const anonymous = rows.find((row) => row.erasedAt);
    expect(anonymous).toMatchObject({ name: null, email: null, emailKey: null, region: null, state: 'cancelled' });
  });

  it('refuses a forged or altered manage link', async () => {
    const [mail] = await inbox.waitFor((message) => recipients(message).includes('ana.exemplo@example.org'));
    const link = manageLinkIn(mail!)!;
    const [base, signature] = [link.slice(0, -43), link.slice(-43)];
    const altered = `${base}${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    expect((await fetch(altered)).status).toBe(404);
    const otherDocument = link.replace(/manage\/[a-z0-9]+\./, 'manage/abcdefghijklmnopqrstuvwx.');
    expect((await fetch(otherDocument)).status).toBe(404);
    expect((await fetch(`${altered}/cancel`, { method: 'POST' })).status).toBe(404);
  });

  it('validates every field with stable codes and stores nothing for bad input', async () => {
    const before = (await registrations(cms, open)).length;
    const invalid = await registerJson(cms, open.key, registrationBody({ name: '', email: 'not-an-address', role: 'astronaut', language: 'en', consent: false, region: 'x'.repeat(500), favouriteColour: 'blue' }));
    expect(invalid.status).toBe(422);
    const codes = (invalid.body.errors as Array<{ code: string }>).map((error) => error.code).sort();
    expect(codes).toEqual(['body.unknown-field', 'consent.required', 'email.invalid', 'language.invalid', 'name.required', 'region.too-long', 'role.invalid']);

    const outdated = await registerJson(cms, open.key, registrationBody({ email: 'outdated@example.org', consentVersion: '1999-01' }));
    expect(outdated.body.errors).toEqual([{ field: 'consent', code: 'consent.outdated' }]);

    expect((await registerJson(cms, open.key, '{"name": "broken')).status).toBe(400);
    expect((await registerJson(cms, open.key, '[1,2,3]')).status).toBe(422);
    const huge = await registerJson(cms, open.key, registrationBody({ email: 'huge@example.org', accessibilityNeeds: 'x'.repeat(2_000_000) }));
    expect(huge.status).toBe(413);

    // Only JSON or a plain form post: a multipart body (a file beside valid fields, over the size
    // limit), plain text, or a corrupt compressed body is refused before it is read.
    const multipart = new FormData();
    for (const [field, value] of Object.entries(registrationBody({ email: 'multipart@example.org' }))) multipart.append(field, String(value));
    multipart.append('attachment', new Blob([new Uint8Array(3_000_000)]), 'attachment.bin');
    const refused = [
      await fetch(`${cms.url}/api/webinars/${open.key}/registrations`, { method: 'POST', body: multipart, redirect: 'manual' }),
      await fetch(`${cms.url}/api/webinars/${open.key}/registrations`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'name=x', redirect: 'manual' }),
      await fetch(`${cms.url}/api/webinars/${open.key}/registrations`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: 'not gzip at all' }),
    ];
    expect(refused.map((response) => response.status)).toEqual([415, 415, 415]);
    expect(await refused[0]!.json()).toEqual({ outcome: 'rejected', errors: [{ field: 'body', code: 'body.malformed' }] });
    expect((await registrations(cms, open)).length).toBe(before);
  });

  it('answers a plain form post with a redirect to the result page in the form’s language', async () => {
    const form = new URLSearchParams({ ...(registrationBody({ email: 'form@example.org', locale: 'pt', language: 'pt', consent: 'on' }) as Record<string, string>) });
    const response = await fetch(`${cms.url}/api/webinars/${open.key}/registrations`, { method: 'POST', body: form, redirect: 'manual' });
    expect(response.status).toBe(303);
    // The erasure above freed a seat.
    expect(response.headers.get('location')).toMatch(/\/pt\/registration\/confirmed\/$/);

    form.set('email', 'bad');
    const problem = await fetch(`${cms.url}/api/webinars/${open.key}/registrations`, { method: 'POST', body: form, redirect: 'manual' });
    expect(problem.status).toBe(303);
    expect(problem.headers.get('location')).toMatch(/\/pt\/registration\/problem\/#email-invalid$/);
  });

  it('refuses robots: a filled honeypot, a form sent faster than a person can, a forged form token', async () => {
    const honeypot = await registerJson(cms, open.key, registrationBody({ email: 'robot1@example.org', website: 'http://spam.example' }));
    expect(honeypot.body.errors).toEqual([{ field: 'form', code: 'form.rejected' }]);

    const { formToken } = (await fetch(`${cms.url}/api/webinars/${open.key}/availability`).then((response) => response.json())) as { formToken: string };
    const fast = await registerJson(cms, open.key, registrationBody({ email: 'robot2@example.org', formToken }));
    expect(fast.body.errors).toEqual([{ field: 'form', code: 'form.too-fast' }]);
    const forged = await registerJson(cms, open.key, registrationBody({ email: 'robot3@example.org', formToken: `${Date.now() - 60_000}.forged` }));
    expect(forged.body.errors).toEqual([{ field: 'form', code: 'form.rejected' }]);

    await new Promise((resolve) => setTimeout(resolve, 2100));
    const person = await registerJson(cms, open.key, registrationBody({ email: 'person@example.org', formToken }));
    expect(person.body.outcome).toBe('waitlisted');
    const emails = (await registrations(cms, open)).map((row) => row.email);
    expect(emails.filter((email) => /robot/.test(email ?? ''))).toEqual([]);
  });

  it('refuses a full webinar without a waiting list, and one whose registration is closed or not yet open', async () => {
    const noList = await createWebinar(cms, 'registration-no-list', { capacity: 1, waitingList: false });
    expect((await registerJson(cms, noList.key, registrationBody({ email: 'one@example.org' }))).body.outcome).toBe('confirmed');
    const full = await registerJson(cms, noList.key, registrationBody({ email: 'two@example.org' }));
    expect(full.status).toBe(409);
    expect(full.body.outcome).toBe('full');

    const later = await createWebinar(cms, 'registration-later', { registrationOpens: new Date(Date.now() + 86_400_000).toISOString() });
    expect((await registerJson(cms, later.key, registrationBody())).body.outcome).toBe('not-yet-open');
    await updateWebinar(cms, later, { registrationOpens: null, registrationCloses: new Date(Date.now() - 60_000).toISOString() });
    expect((await registerJson(cms, later.key, registrationBody())).body.outcome).toBe('closed');
    expect((await registerJson(cms, 'no-such-webinar', registrationBody())).status).toBe(404);
    // A path no webinar key can match is answered the same way, never with a database error.
    for (const key of ['k'.repeat(300), 'Not%20A%20Key', '%E2%80%AE']) {
      expect((await registerJson(cms, key, registrationBody({ email: 'nokey@example.org' }))).status, key).toBe(404);
      expect((await fetch(`${cms.url}/api/webinars/${key}/availability`)).status, key).toBe(404);
    }
  });

  it('never serves a registration or its personal data through the public API', async () => {
    for (const path of ['/api/registrations', '/api/registrations/1', '/api/outbox-messages', '/api/rate-limits']) {
      expect([403, 404], path).toContain((await fetch(`${cms.url}${path}`)).status);
    }
    const webinars = await (await fetch(`${cms.url}/api/webinars?populate=*&filters[key][$eq]=${open.key}`)).text();
    for (const secret of ['ana.exemplo', 'second@example.org', 'Persona di Esempio', 'meet.example.org', 'registrations', 'Toscana']) expect(webinars).not.toContain(secret);
  });

  it('keeps one row per (webinar document, mailbox key) by a unique index in the database itself', async () => {
    const { default: knex } = await import('knex');
    const db =
      testDatabase === 'postgres'
        ? knex({ client: 'pg', connection: cms.env.DATABASE_URL! })
        : knex({ client: 'better-sqlite3', connection: { filename: join(cms.env.PRAXIS_DATA_DIR!, 'praxis.db') }, useNullAsDefault: true });
    try {
      const definition =
        testDatabase === 'postgres'
          ? ((await db.raw(`select indexdef as sql from pg_indexes where indexname = 'registrations_webinar_email_unique'`)).rows as Array<{ sql: string }>)
          : ((await db.raw(`select sql from sqlite_master where type = 'index' and name = 'registrations_webinar_email_unique'`)) as Array<{ sql: string }>);
      expect(definition).toHaveLength(1);
      expect(definition[0]!.sql.replace(/["`]/g, '')).toMatch(/^CREATE UNIQUE INDEX .*\(webinar_document_id, email_key\)$/i);
      // Past Strapi altogether: the table refuses a second row for an address already there.
      expect((await registerJson(cms, open.key, registrationBody({ email: ' Unique@Example.org' }))).status).toBe(201);
      const row = { webinar_document_id: open.documentId, email_key: 'unique@example.org', state: 'confirmed', language: 'it' };
      await expect(db('registrations').insert({ ...row, document_id: 'duplicateduplicateduplic' })).rejects.toThrow(/unique|duplicate/i);
      expect(Number((await db('registrations').where({ webinar_document_id: open.documentId, email_key: 'unique@example.org' }).count({ rows: '*' }))[0]!.rows)).toBe(1);
    } finally {
      await db.destroy();
    }
  });

  it('lets the public role register and read published content, nothing else', async () => {
    const roles = await cms.admin('/users-permissions/roles');
    const publicRole = roles.body.roles.find((role: { type: string }) => role.type === 'public');
    const detail = await cms.admin(`/users-permissions/roles/${publicRole.id}`);
    const granted: string[] = [];
    for (const [api, { controllers }] of Object.entries(detail.body.role.permissions as Record<string, { controllers: Record<string, Record<string, { enabled: boolean }>> }>)) {
      for (const [controller, actions] of Object.entries(controllers)) {
        for (const [action, { enabled }] of Object.entries(actions)) if (enabled) granted.push(`${api}.${controller}.${action}`);
      }
    }
    const types = ['campaign', 'event', 'good-practice', 'helpline', 'organisation', 'project', 'resource', 'spot-video', 'theme', 'webinar', 'workshop-report'];
    expect(granted.sort()).toEqual([...types.flatMap((type) => [`api::${type}.${type}.find`, `api::${type}.${type}.findOne`]), 'api::registration.registration.register'].sort());
  });

  it('allows the site’s origin to call the API from a browser, and no other', async () => {
    const site = new URL(cms.env.PRAXIS_SITE_URL ?? 'http://127.0.0.1:4321').origin;
    const allowed = await fetch(`${cms.url}/api/webinars/${open.key}/availability`, { headers: { origin: site } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(site);
    const other = await fetch(`${cms.url}/api/webinars/${open.key}/availability`, { headers: { origin: 'https://elsewhere.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('parses the address: one bare mailbox, no display name, angle brackets, group or broken domain, whatever the form', async () => {
    const mailboxes = await createWebinar(cms, 'registration-mailboxes');
    const refused = ['x<plain@example.org>', '<plain@example.org>', 'Ana Exemplo <plain@example.org>', 'to:plain@example.org;', 'to:plain@example.org', 'plain@example..org', 'plain@example.org, other@example.org', 'plain(comment)@example.org', '"quoted"@example.org', 'plain@[192.0.2.1]', 'plain@localhost', 'pla in@example.org', 'plain@example.org\u202e', 'plain@exa\u200dmple.org', 'plain@-example.org'];
    for (const email of refused) {
      const answer = await registerJson(cms, mailboxes.key, registrationBody({ email }));
      expect(answer, email).toEqual({ status: 422, body: { outcome: 'invalid', errors: [{ field: 'email', code: 'email.invalid' }] } });
    }
    expect(await registrations(cms, mailboxes)).toEqual([]);
  });

  it('gives one mailbox one seat: fullwidth letters, case in the local part and the domain, and a Unicode domain’s ASCII form are the same mailbox', async () => {
    const seats = await createWebinar(cms, 'registration-one-mailbox', { capacity: 5 });
    const first = await registerJson(cms, seats.key, registrationBody({ email: 'Mailbox@Example.org' }));
    expect(first.body).toMatchObject({ outcome: 'confirmed', alreadyRegistered: false, seatsLeft: 4 });
    for (const email of ['ｍａｉｌｂｏｘ@ｅｘａｍｐｌｅ.ｏｒｇ', 'ＭＡＩＬＢＯＸ＠ＥＸＡＭＰＬＥ．ＯＲＧ', 'MAILBOX@EXAMPLE.ORG', 'mailbox@example.org']) {
      expect(await registerJson(cms, seats.key, registrationBody({ email })), email).toMatchObject({ status: 200, body: { outcome: 'confirmed', alreadyRegistered: true, seatsLeft: 4 } });
    }
    // The local part is case-folded (Praxis's policy, see the README): ß and SS are one mailbox.
    expect((await registerJson(cms, seats.key, registrationBody({ email: 'straße@bücher.example' }))).body).toMatchObject({ outcome: 'confirmed', alreadyRegistered: false });
    expect((await registerJson(cms, seats.key, registrationBody({ email: 'STRASSE@xn--bcher-kva.example' }))).body).toMatchObject({ outcome: 'confirmed', alreadyRegistered: true });
    const rows = await registrations(cms, seats);
    expect(rows.map((row) => [row.email, row.emailKey])).toEqual([
      ['Mailbox@Example.org', 'mailbox@example.org'],
      ['straße@bücher.example', 'strasse@xn--bcher-kva.example'],
    ]);
  });

  it('keeps seats, the organisers’ export and the manage pages when a webinar’s key is renamed: registrations belong to the document', async () => {
    const original = await createWebinar(cms, 'registration-before-rename', { capacity: 2, waitingList: false });
    expect((await registerJson(cms, original.key, registrationBody({ email: 'renamed1@example.org' }))).body.outcome).toBe('confirmed');
    expect((await registerJson(cms, original.key, registrationBody({ email: 'renamed2@example.org' }))).body.outcome).toBe('confirmed');
    const [mail] = await inbox.waitFor((message) => recipients(message).includes('renamed1@example.org'));

    await updateWebinar(cms, original, { key: 'registration-after-rename' });
    const renamed = { ...original, key: 'registration-after-rename' };
    expect((await fetch(`${cms.url}/api/webinars/${original.key}/availability`)).status, 'the old key names nothing').toBe(404);
    expect(await fetch(`${cms.url}/api/webinars/${renamed.key}/availability`).then((response) => response.json())).toMatchObject({ capacity: 2, seatsLeft: 0 });
    const third = await registerJson(cms, renamed.key, registrationBody({ email: 'renamed3@example.org' }));
    expect(third, 'the two seats taken before the rename still count').toMatchObject({ status: 409, body: { outcome: 'full' } });
    expect((await registerJson(cms, renamed.key, registrationBody({ email: 'RENAMED1@example.org' }))).body).toMatchObject({ outcome: 'confirmed', alreadyRegistered: true });
    expect((await registrations(cms, original)).map((row) => row.email)).toEqual(['renamed1@example.org', 'renamed2@example.org']);

    const csv = await fetch(`${cms.url}/praxis/webinars/${renamed.key}/registrations.csv`, { headers: { authorization: `Bearer ${await cms.adminToken()}` } });
    expect(csv.status).toBe(200);
    const exported = await csv.text();
    expect(exported).toContain('renamed1@example.org');
    expect(exported).toContain('renamed2@example.org');

    const page = await fetch(manageLinkIn(mail!)!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Webinar di esempio registration-before-rename');
  });

  it('keeps a webinar key to one webinar across every locale: another document cannot take it, in any language', async () => {
    const holder = await createWebinar(cms, 'registration-one-key', { capacity: 3 }, { pt: { title: 'Webinar com a chave' } });
    const start = new Date(Date.now() + 9 * 86_400_000);
    const other = { title: 'Outro webinar', slug: 'outro-webinar-mesma-chave', start: start.toISOString(), end: new Date(start.getTime() + 3_600_000).toISOString(), timeZone: 'Europe/Lisbon', translationStatus: 'original' };
    for (const locale of ['pt', 'lt', 'it']) {
      const taken = await cms.admin(`/content-manager/collection-types/api::webinar.webinar?locale=${locale}`, { method: 'POST', body: { ...other, slug: `${other.slug}-${locale}`, key: holder.key } });
      expect(taken.status, locale).toBe(400);
      // In the holder's own locale Strapi's per-locale `unique` may answer first, in its own words.
      if (locale !== 'it') expect(taken.body.error.message, locale).toMatch(/The key "registration-one-key" is already the key of another webinar/);
    }
    // Nor by renaming another webinar to it.
    const second = await createWebinar(cms, 'registration-other-key');
    const renamed = await cms.admin(`/content-manager/collection-types/api::webinar.webinar/${second.documentId}?locale=it`, { method: 'PUT', body: { key: holder.key } });
    expect(renamed.status).toBe(400);
    expect(renamed.body.error.message).toMatch(/already the key of another webinar/);
    const listed = await cms.admin(`/content-manager/collection-types/api::webinar.webinar?filters[key][$eq]=${holder.key}&locale=pt`);
    expect(listed.body.results.map((row: { documentId: string }) => row.documentId)).toEqual([holder.documentId]);
  });

  it('limits attempts per address and per webinar across requests, in the database', { timeout: 180_000 }, async () => {
    // Per webinar: 2 a day; per address: 4 in 10 minutes (every request here comes from one address).
    // Behind a reverse proxy, as in production: the visitor's address is the one it forwards.
    const limited = await createTestCms({ env: { PRAXIS_RATE_LIMIT_ADDRESS: '4/600', PRAXIS_RATE_LIMIT_WEBINAR: '2/86400', PRAXIS_BEHIND_PROXY: 'true' } });
    try {
      await limited.start();
      const first = await createWebinar(limited, 'registration-limited');
      const second = await createWebinar(limited, 'registration-limited-too');
      const third = await createWebinar(limited, 'registration-limited-three');
      // The limits count in fixed windows: start well inside one, so that the restart below does
      // not cross into the next window, where the count starts again.
      const intoWindow = Date.now() % 600_000;
      if (intoWindow > 540_000) await new Promise((resolve) => setTimeout(resolve, 600_000 - intoWindow + 1_000));
      const attempt = async (key: string, email: string, forwardedFor?: string) => {
        const headers = { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) };
        const response = await fetch(`${limited.url}/api/webinars/${key}/registrations`, { method: 'POST', headers, body: JSON.stringify(registrationBody({ email })) });
        return { status: response.status, retryAfter: Number(response.headers.get('retry-after')), at: Date.now() };
      };
      // Seconds left in the window of `seconds` that holds `at`: what Retry-After must say.
      const left = (seconds: number, at: number) => (Math.floor(at / (seconds * 1000)) * seconds * 1000 + seconds * 1000 - at) / 1000;

      const answers = [await attempt(first.key, 'limit0@example.org'), await attempt(first.key, 'limit1@example.org'), await attempt(first.key, 'limit2@example.org')];
      expect(answers.map((answer) => answer.status), 'the webinar’s limit').toEqual([201, 201, 429]);
      expect(Math.abs(answers[2]!.retryAfter - left(86_400, answers[2]!.at))).toBeLessThan(3);
      const others = [await attempt(second.key, 'limit3@example.org'), await attempt(second.key, 'limit4@example.org')];
      expect(others.map((answer) => answer.status), 'the address’s limit, whatever the webinar').toEqual([201, 429]);
      expect(Math.abs(others[1]!.retryAfter - left(600, others[1]!.at))).toBeLessThan(3);
      // The counts are in the database: a restarted process still refuses.
      await limited.stop();
      await limited.start();
      expect((await attempt(second.key, 'limit9@example.org')).status).toBe(429);
      // Another visitor behind the same proxy has a count of their own (192.0.2.0/24 is for examples).
      expect((await attempt(third.key, 'limit10@example.org', '192.0.2.10')).status).toBe(201);
      expect((await attempt(third.key, 'limit11@example.org')).status).toBe(429);
    } finally {
      await limited.destroy();
    }
  });
});
