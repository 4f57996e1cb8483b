import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { entriesPath, testDatabase, type TestCms } from '../../scripts/local/throwaway/cms.ts';
import { createWebinar, registrationBody, updateWebinar, type ExampleWebinar } from '../../scripts/local/throwaway/webinars.ts';
import { registrationRows, startBurstCms } from '../support/cms.ts';

/**
 * Bursts of simultaneous registrations: on SQLite against one Strapi, on PostgreSQL against two
 * Strapi processes sharing the database, the way a deployment scales out.
 */

const SEATS = 50;
const ATTEMPTS = 500;

interface Answer {
  status: number;
  outcome?: string;
  alreadyRegistered?: boolean;
}

async function post(base: string, key: string, body: unknown): Promise<Answer> {
  const response = await fetch(`${base}/api/webinars/${key}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const parsed = (await response.json().catch(() => ({}))) as { outcome?: string; alreadyRegistered?: boolean };
  return { status: response.status, ...parsed };
}

describe(`${ATTEMPTS} simultaneous registrations for ${SEATS} seats on ${testDatabase}`, () => {
  let cms: TestCms;
  let servers: string[];

  beforeAll(async () => {
    ({ cms, servers } = await startBurstCms({
      PRAXIS_SCHEDULER_SECONDS: '2',
      // These bursts are about counting seats, so every request is served: the longest bound.
      // Refusing the ones that wait too long is registration-queue.integration.test.ts's subject.
      PRAXIS_REGISTRATION_MAX_WAIT_SECONDS: '60',
    }));
  });

  afterAll(async () => {
    await cms?.destroy();
  });

  /** Sends every body at once, spread over the servers; none may fail. */
  async function burstOf(webinar: ExampleWebinar, bodies: unknown[]): Promise<Answer[]> {
    const answers = await Promise.all(bodies.map((body, index) => post(servers[index % servers.length]!, webinar.key, body)));
    expect(
      answers.filter((answer) => answer.status >= 500),
      'no request failed',
    ).toEqual([]);
    return answers;
  }

  /** The webinar of the first burst, shared by the tests after it. */
  let burst: ExampleWebinar;

  const rows = (webinar: ExampleWebinar) => registrationRows(cms, webinar);

  it(`confirms exactly ${SEATS}, waitlists the rest, stores one row per address however often and however it is typed`, { timeout: 240_000 }, async () => {
    const webinar = await createWebinar(cms, 'burst', { capacity: SEATS, waitingList: true });
    burst = webinar;
    // 400 different people, and 100 repeats of 20 of them typed differently.
    const bodies = Array.from({ length: ATTEMPTS }, (_, index) => {
      const person = index < 400 ? index : index % 20;
      const email = index < 400 ? `person${person}@example.org` : ` Person${person}@EXAMPLE.org `;
      return registrationBody({ email, name: `Example ${person}` });
    });
    const answers = await burstOf(webinar, bodies);
    const firstTimes = answers.filter((answer) => !answer.alreadyRegistered);
    expect(firstTimes.filter((answer) => answer.outcome === 'confirmed')).toHaveLength(SEATS);
    expect(firstTimes.filter((answer) => answer.outcome === 'waitlisted')).toHaveLength(400 - SEATS);
    expect(answers.filter((answer) => answer.alreadyRegistered)).toHaveLength(100);

    const stored = await rows(webinar);
    expect(stored).toHaveLength(400);
    expect(new Set(stored.map((row) => row.emailKey)).size).toBe(400);
    expect(stored.filter((row) => row.state === 'confirmed')).toHaveLength(SEATS);
  });

  it('refuses the rest when there is no waiting list', { timeout: 240_000 }, async () => {
    const webinar = await createWebinar(cms, 'burst-no-list', { capacity: SEATS, waitingList: false });
    const answers = await Promise.all(
      Array.from({ length: ATTEMPTS }, (_, index) =>
        post(servers[index % servers.length]!, webinar.key, registrationBody({ email: `nolist${index}@example.org` })),
      ),
    );
    expect(answers.filter((answer) => answer.outcome === 'confirmed')).toHaveLength(SEATS);
    expect(answers.filter((answer) => answer.outcome === 'full' && answer.status === 409)).toHaveLength(ATTEMPTS - SEATS);
    expect((await rows(webinar)).length).toBe(SEATS);
  });

  it('lets the database itself refuse a second row for the same address', async () => {
    const [first] = await rows(burst);
    const created = await cms.admin(entriesPath('api::registration.registration'), {
      method: 'POST',
      body: { webinarDocumentId: burst.documentId, emailKey: first!.emailKey, state: 'confirmed', language: 'it' },
    });
    expect(created.status).toBeGreaterThanOrEqual(400);
    expect((await rows(burst)).filter((row) => row.emailKey === first!.emailKey)).toHaveLength(1);
  });

  it('promotes exactly one person per cancelled seat, even when cancellations arrive at once on both servers', { timeout: 120_000 }, async () => {
    // The file outbox (no SMTP server configured) holds each registrant's e-mail with its manage link.
    const confirmedRows = (await rows(burst)).filter((row) => row.state === 'confirmed').slice(0, 5);
    const links: string[] = [];
    for (const row of confirmedRows) {
      const files = await waitForOutbox(`${row.email}'s confirmation`, (files) => files.some(addressedTo(row.email!)), 50_000);
      const link = /\/api\/registrations\/manage\/[A-Za-z0-9._-]+/.exec(files.find(addressedTo(row.email!))!.text)?.[0];
      expect(link, `${row.email}'s confirmation holds a manage link`).toBeDefined();
      links.push(link!);
    }
    const waitingBefore = (await rows(burst)).filter((row) => row.state === 'waitlisted').map((row) => row.id);

    await Promise.all(
      links.flatMap((link, index) => [
        fetch(`${servers[index % servers.length]}${link}/cancel`, { method: 'POST' }),
        fetch(`${servers[(index + 1) % servers.length]}${link}/cancel`, { method: 'POST' }),
      ]),
    );

    const after = await rows(burst);
    expect(after.filter((row) => row.state === 'confirmed')).toHaveLength(SEATS);
    expect(after.filter((row) => row.state === 'cancelled')).toHaveLength(5);
    // First come, first served: the five who waited longest.
    const promoted = after.filter((row) => row.state === 'confirmed' && waitingBefore.includes(row.id)).map((row) => row.id);
    expect(promoted.sort((a, b) => a - b)).toEqual(waitingBefore.slice(0, 5));
  });
  it(`confirms exactly ${SEATS} when the webinar's key is renamed in the middle of a burst: the seats are the document's`, { timeout: 240_000 }, async () => {
    const webinar = await createWebinar(cms, 'burst-rename', { capacity: SEATS, waitingList: false });
    const before = Array.from({ length: 150 }, (_, index) =>
      post(servers[index % servers.length]!, webinar.key, registrationBody({ email: `before${index}@example.org` })),
    );
    await updateWebinar(cms, webinar, { key: 'burst-renamed' });
    const answers = [...(await Promise.all(before))];
    answers.push(
      ...(await Promise.all(
        Array.from({ length: 150 }, (_, index) =>
          post(servers[index % servers.length]!, 'burst-renamed', registrationBody({ email: `after${index}@example.org` })),
        ),
      )),
    );

    expect(
      answers.filter((answer) => answer.status >= 500),
      'no request failed',
    ).toEqual([]);
    // Before the rename: confirmed or full; after it, the old key names nothing (404).
    expect(answers.filter((answer) => answer.outcome === 'confirmed')).toHaveLength(SEATS);
    expect((await rows(webinar)).filter((row) => row.state === 'confirmed')).toHaveLength(SEATS);
  });

  it('confirms everyone once when there is no capacity, however often each person sends at once: one row and one e-mail each', {
    timeout: 240_000,
  }, async () => {
    const webinar = await createWebinar(cms, 'burst-open', { capacity: null });
    // 100 people, each sending three times at once, typed differently, to both servers.
    const bodies = Array.from({ length: 300 }, (_, index) => {
      const person = index % 100;
      const email = [`open${person}@example.org`, ` Open${person}@EXAMPLE.org `, `OPEN${person}@example.ORG`][Math.floor(index / 100)]!;
      return registrationBody({ email, name: `Example ${person}` });
    });
    const answers = await burstOf(webinar, bodies);
    expect(answers.filter((answer) => answer.outcome === 'confirmed' && !answer.alreadyRegistered)).toHaveLength(100);
    expect(answers.filter((answer) => answer.outcome === 'confirmed' && answer.alreadyRegistered)).toHaveLength(200);
    const stored = await rows(webinar);
    expect(stored).toHaveLength(100);
    expect(stored.every((row) => row.state === 'confirmed')).toBe(true);
    const database = await cms.database();
    try {
      const mails = await database('outbox_messages').whereIn(
        'subject',
        stored.map((row) => row.documentId),
      );
      expect(mails).toHaveLength(100);
      expect(new Set(mails.map((mail) => mail.subject)).size).toBe(100);
    } finally {
      await database.destroy();
    }
  });

  if (testDatabase === 'postgres') {
    it('counts the seats when a capacity is set while a registration waits for the lock of a webinar that had none', { timeout: 60_000 }, async () => {
      const webinar = await createWebinar(cms, 'capacity-set', { capacity: null });
      expect((await post(servers[0]!, webinar.key, registrationBody({ email: 'first@example.org' }))).status).toBe(201);
      const database = await cms.database();
      const holder = await database.client.acquireConnection();
      try {
        // Another process counting seats: the registration below waits, having read no capacity.
        await database.raw('select pg_advisory_lock(hashtext(?))', [`praxis:webinar:${webinar.documentId}`]).connection(holder);
        const waiting = post(servers[1]!, webinar.key, registrationBody({ email: 'second@example.org' }));
        await vi.waitFor(
          async () => {
            const { rows: waiters } = await database.raw(`select 1 from pg_locks where locktype = 'advisory' and not granted`);
            if (waiters.length === 0) throw new Error('no registration waits for the lock');
          },
          { timeout: 20_000, interval: 50 },
        );
        // The seat that is left is taken meanwhile; the one waiting must count it.
        await updateWebinar(cms, webinar, { capacity: 1, waitingList: false });
        await database.raw('select pg_advisory_unlock(hashtext(?))', [`praxis:webinar:${webinar.documentId}`]).connection(holder);
        expect(await waiting).toMatchObject({ status: 409, outcome: 'full' });
        expect((await rows(webinar)).map((row) => row.emailKey)).toEqual(['first@example.org']);
      } finally {
        await database.client.releaseConnection(holder);
        await database.destroy();
      }
    });
  }

  /** The files of the file outbox, with their text (soft line breaks joined); one removed while listed is left out. */
  function outboxFiles(): Array<{ name: string; text: string }> {
    const outbox = join(cms.env.PRAXIS_DATA_DIR!, 'outbox');
    return (existsSync(outbox) ? readdirSync(outbox) : []).flatMap((name) => {
      try {
        return [{ name, text: readFileSync(join(outbox, name), 'utf8').replace(/=\r?\n/g, '') }];
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
    });
  }

  /** Waits until `check` holds of the outbox (up to `timeoutMs`); fails saying what it waited for. */
  function waitForOutbox(
    what: string,
    check: (files: Array<{ name: string; text: string }>) => boolean,
    timeoutMs = 30_000,
  ): Promise<Array<{ name: string; text: string }>> {
    return vi.waitFor(
      () => {
        const files = outboxFiles();
        if (!check(files)) throw new Error(`the file outbox never came to hold ${what} within ${timeoutMs} ms (${files.length} files)`);
        return files;
      },
      { timeout: timeoutMs, interval: 200 },
    );
  }

  const addressedTo = (address: string) => (file: { text: string }) => file.text.includes(`To: ${address}`) || file.text.includes(`To: <${address}>`);

  it('stores what a person typed exactly, quotes, backslashes, question marks and SQL included, with and without a capacity', {
    timeout: 120_000,
  }, async () => {
    // On PostgreSQL the seat is taken by statements whose values are written into their text
    // (seats.ts); what people type must come back unchanged and run as nothing.
    const typed = [
      { name: "O'Brien \\ ? $1 :name", organisation: "Asociația „Ușa'' \\' ?? $2", region: 'Lazio?' },
      { name: "Ana'); delete from registrations; --", organisation: "E'x\\x3f \\", region: "'; select pg_sleep(5); --" },
    ];
    for (const capacity of [10, null]) {
      const webinar = await createWebinar(cms, `typed-${capacity ?? 'open'}`, { capacity });
      const answers = await Promise.all(
        typed.map((fields, index) =>
          post(
            servers[index % servers.length]!,
            webinar.key,
            registrationBody({ ...fields, email: `typed${index}@example.org`, accessibilityNeeds: `line 1 \\n\nline 2 '?'` }),
          ),
        ),
      );
      expect(answers.map((answer) => answer.outcome)).toEqual(['confirmed', 'confirmed']);
      const stored = await rows(webinar);
      for (const [index, fields] of typed.entries()) {
        const row = stored.find((candidate) => candidate.email === `typed${index}@example.org`);
        expect(row, `row ${index} on ${capacity ?? 'no'} capacity`).toMatchObject({
          name: fields.name,
          organisationName: fields.organisation,
          region: fields.region,
          accessibilityNeeds: `line 1 \\n\nline 2 '?'`,
        });
      }
    }
  });

  it('removes an erased person’s e-mails from the file outbox, and keeps everyone else’s', { timeout: 90_000 }, async () => {
    const webinar = await createWebinar(cms, 'outbox-erasure');
    expect((await post(cms.url, webinar.key, registrationBody({ email: 'erase-me@example.org', name: 'Persona Da Cancellare' }))).outcome).toBe('confirmed');
    expect((await post(cms.url, webinar.key, registrationBody({ email: 'keep-me@example.org' }))).outcome).toBe('confirmed');
    const files = await waitForOutbox(
      'both confirmations',
      (all) => all.some(addressedTo('erase-me@example.org')) && all.some(addressedTo('keep-me@example.org')),
    );
    const link = /\/api\/registrations\/manage\/[A-Za-z0-9._-]+/.exec(files.find(addressedTo('erase-me@example.org'))!.text)![0];

    const erased = await fetch(`${servers[servers.length - 1]}${link}/erase`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'confirm=yes',
    });
    expect(erased.status).toBe(200);
    // Gone when the erasure answers: no file holds the name, the address or the manage link.
    const after = outboxFiles();
    expect(
      after.filter((file) => file.text.includes('erase-me@example.org') || file.text.includes('Persona Da Cancellare') || file.text.includes(link)),
    ).toEqual([]);
    expect(after.filter(addressedTo('keep-me@example.org'))).toHaveLength(1);
  });

  it('erases the outbox files with the data at the retention date, and sweeps files whose e-mail no longer exists', { timeout: 90_000 }, async () => {
    const webinar = await createWebinar(cms, 'outbox-retention');
    expect((await post(cms.url, webinar.key, registrationBody({ email: 'retained@example.org' }))).outcome).toBe('confirmed');
    await waitForOutbox('the confirmation to retained@example.org', (files) => files.some(addressedTo('retained@example.org')));
    // The organiser shortens the retention: it has passed.
    await updateWebinar(cms, webinar, { retainRegistrationsUntil: new Date(Date.now() - 1_000).toISOString() });
    // A file whose row is gone, as a crash between the two could leave one.
    writeFileSync(join(cms.env.PRAXIS_DATA_DIR!, 'outbox', '99999999-orphanorphanorphanorphan.eml'), 'To: orphan@example.org\r\n\r\nA leftover.\r\n');

    // The chores run every 2 s here: at the next round both files go.
    await waitForOutbox(
      'neither the retained nor the orphaned file',
      (files) => !files.some(addressedTo('retained@example.org')) && !files.some((file) => file.name.startsWith('99999999-')),
      45_000,
    );
    const [row] = await rows(webinar);
    expect(row).toMatchObject({ email: null, name: null, erasedAt: expect.any(String) });
    expect(outboxFiles().some(addressedTo('keep-me@example.org')), 'files of people not erased stay').toBe(true);
  });
});
