import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCms, entriesPath, testDatabase, type TestCms } from '../../scripts/local/throwaway/cms.ts';
import { recipients, startSmtp, type Inbox } from '../support/smtp.ts';
import { createWebinar, registrationBody, updateWebinar, type ExampleWebinar } from '../../scripts/local/throwaway/webinars.ts';

const REGISTRATIONS = entriesPath('api::registration.registration');
/**
 * The reminder time passing while the CMS is down is what the first test is about: it waits for that time. No clock
 * can stand in: the CMS is a process of its own on the wall clock (`sendReminders`'s `now` is for callers in it).
 */
const sleepUntil = (time: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));

async function register(cms: TestCms, key: string, body: Record<string, unknown>) {
  const response = await fetch(`${cms.url}/api/webinars/${key}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(registrationBody(body)),
  });
  return ((await response.json()) as { outcome: string }).outcome;
}

/**
 * The scheduled chores, on a compressed clock: reminders one minute before the start
 * (PRAXIS_REMINDER_LEAD_MINUTES=1), a round every second.
 */
describe(`reminders, expiry and retention on ${testDatabase}`, () => {
  let cms: TestCms;
  let inbox: Inbox;
  let remindAt: number;
  let startsSoon: number;
  let retainUntil: number;
  const webinars: Record<string, ExampleWebinar> = {};

  beforeAll(async () => {
    inbox = await startSmtp();
    cms = await createTestCms({ env: { PRAXIS_SMTP_URL: inbox.url, PRAXIS_SCHEDULER_SECONDS: '1', PRAXIS_REMINDER_LEAD_MINUTES: '1' } });
    await cms.start();
    // Everyone registers while every webinar is a week away; the clock of each chore is set only
    // then, so a slow machine lengthens the setup, never the test's margins.
    webinars.reminded = await createWebinar(cms, 'reminded', {}, { lt: { title: 'Pavyzdinis seminaras' } });
    webinars.startsSoon = await createWebinar(cms, 'starts-soon', { capacity: 1 });
    webinars.shortRetention = await createWebinar(cms, 'short-retention');
    // Seats that only a round of the chores gives: each promotion shows that a round has run.
    webinars.rounds = await createWebinar(cms, 'rounds', { capacity: 1 });

    expect(await register(cms, 'reminded', { email: 'it@example.org' })).toBe('confirmed');
    expect(await register(cms, 'reminded', { email: 'lt@example.org', language: 'lt', locale: 'lt' })).toBe('confirmed');
    expect(await register(cms, 'short-retention', { email: 'kept-briefly@example.org', name: 'Persona Breve' })).toBe('confirmed');
    for (const [index, email] of ['round0@example.org', 'round1@example.org', 'round2@example.org'].entries())
      expect(await register(cms, 'rounds', { email })).toBe(index === 0 ? 'confirmed' : 'waitlisted');
    // Registered less than a minute before the start once it is moved: after its reminder time, so no reminder.
    expect(await register(cms, 'starts-soon', { email: 'seated@example.org' })).toBe('confirmed');
    expect(await register(cms, 'starts-soon', { email: 'waiting@example.org' })).toBe('waitlisted');

    // Each registration's e-mail delivered before the first test stops the CMS: a CMS stopped mid-delivery
    // leaves what it had claimed leased for a minute, as after a crash, and those would arrive late.
    await inbox.waitFor(() => true, 8, 60_000);

    const now = Date.now();
    startsSoon = now + 20_000;
    retainUntil = now + 20_000;
    await updateWebinar(cms, webinars.startsSoon!, { start: new Date(startsSoon).toISOString(), end: new Date(startsSoon + 3_600_000).toISOString() });
    await updateWebinar(cms, webinars.shortRetention!, { retainRegistrationsUntil: new Date(retainUntil).toISOString() });
    // Last, so the first test stops the CMS well before the reminder time. An organiser renames the
    // key after people registered: their reminders follow the webinar.
    remindAt = Date.now() + 8_000;
    const start = remindAt + 60_000;
    await updateWebinar(cms, webinars.reminded!, {
      key: 'reminded-renamed',
      start: new Date(start).toISOString(),
      end: new Date(start + 3_600_000).toISOString(),
    });
  });

  afterAll(async () => {
    await cms?.destroy();
    await inbox?.close();
  });

  it('sends each reminder once, in the registrant’s language, after a rename of the webinar’s key, even when the CMS was down at reminder time and restarts after', {
    timeout: 120_000,
  }, async () => {
    await cms.stop();
    expect(Date.now(), 'the CMS stopped before the reminder time').toBeLessThan(remindAt);
    await sleepUntil(remindAt + 2_000);
    await cms.start();
    const reminders = await inbox.waitFor((message) => /^(Promemoria|Priminimas):/.test(message.subject ?? ''), 2, 30_000);
    expect(Object.fromEntries(reminders.map((message) => [recipients(message)[0], message.subject]))).toEqual({
      'it@example.org': 'Promemoria: Webinar di esempio reminded',
      'lt@example.org': 'Priminimas: Pavyzdinis seminaras',
    });
    expect(reminders[0]!.attachments.some((attachment) => attachment.contentType === 'text/calendar')).toBe(true);

    // Restarted again, a whole round later: nobody hears twice, and nobody who registered after reminder time.
    // Rounds never overlap and each sends what it queued, so once a second promotion (a later round)
    // arrives, any reminder the first round after the restart queued has arrived before it.
    await cms.stop();
    await cms.start();
    for (const [capacity, email] of [
      [2, 'round1@example.org'],
      [3, 'round2@example.org'],
    ] as const) {
      await updateWebinar(cms, webinars.rounds!, { capacity });
      // The waiting-list message, then the promotion.
      await inbox.waitFor((message) => recipients(message).includes(email), 2, 30_000);
    }
    expect(inbox.messages.filter((message) => /^(Promemoria|Priminimas):/.test(message.subject ?? ''))).toHaveLength(2);
  });

  it('expires the waiting list once the webinar starts', { timeout: 90_000 }, async () => {
    const states = async () =>
      (await cms.admin(`${REGISTRATIONS}?filters[webinarDocumentId][$eq]=${webinars.startsSoon!.documentId}&sort=id:asc`)).body.results.map(
        (row: { state: string }) => row.state,
      );
    await expect.poll(states, { timeout: Math.max(0, startsSoon - Date.now()) + 30_000, interval: 500 }).toEqual(['confirmed', 'expired']);
    expect(Date.now(), 'not before the start').toBeGreaterThanOrEqual(startsSoon);
  });

  it('erases personal data after the webinar’s retention date and keeps the count', { timeout: 90_000 }, async () => {
    const list = async () => (await cms.admin(`${REGISTRATIONS}?filters[webinarDocumentId][$eq]=${webinars.shortRetention!.documentId}`)).body.results;
    await expect
      .poll(async () => (await list())[0]?.erasedAt ?? null, { timeout: Math.max(0, retainUntil - Date.now()) + 30_000, interval: 500 })
      .not.toBeNull();
    expect(Date.now(), 'not before the retention date').toBeGreaterThanOrEqual(retainUntil);
    const rows = await list();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: null, email: null, region: null, state: 'confirmed', erasedAt: expect.any(String) });
    const others = await cms.admin(`${REGISTRATIONS}?filters[webinarDocumentId][$eq]=${webinars.reminded!.documentId}`);
    expect(others.body.results.every((row: { email: string | null }) => row.email !== null)).toBe(true);
  });
});
