/**
 * The registrant's own pages and "Lost your link?": the pages rendered into the site's shell (and a
 * bare page when the site is down), cancel and erase on a second step, the manage link e-mailed
 * again with one answer for every address, limits that hold across two CMS processes, and a repeat
 * registration sent without JavaScript.
 */
import { createServer, type Server } from 'node:http';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCms, entriesPath, freePort, testDatabase, type TestCms } from '../../scripts/local/throwaway/cms.ts';
import { recipients, startSmtp, type Inbox } from '../support/smtp.ts';
import { createWebinar, registrationBody, type ExampleWebinar } from '../../scripts/local/throwaway/webinars.ts';

/**
 * A stand-in for the built site: it serves the personal pages' shell per locale, as the site build
 * emits it (the layout's quick exit, a root-relative stylesheet, the footer's helplines, the slot),
 * and can be taken down.
 */
async function startShellSite(): Promise<{ url: string; requests: string[]; down: boolean; close(): Promise<void> }> {
  const state = { requests: [] as string[], down: false };
  const server: Server = createServer((request, response) => {
    state.requests.push(request.url ?? '');
    const match = /^\/(it|pt|ro|lt)\/registration\/manage\/$/.exec(request.url ?? '');
    if (state.down || !match) {
      response.writeHead(state.down ? 503 : 404).end();
      return;
    }
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(`<!doctype html><html lang="${match[1]}"><head><title>shell</title><link rel="stylesheet" href="/_astro/site.css"></head>
<body><div class="quick-exit"><a class="quick-exit-button" href="https://www.wikipedia.org/" data-quick-exit>quick exit ${match[1]}</a></div>
<main id="main"><div data-personal-slot><h1>shell ${match[1]}</h1><p>open the link from your e-mail</p></div></main>
<footer><section class="helpline-strip">helplines of ${match[1]}</section><a href="/${match[1]}/privacy/">privacy</a></footer></body></html>`);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return Object.assign(state, { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}

const manageLinkIn = (message: ParsedMail) => /https?:\/\/\S+\/api\/registrations\/manage\/[A-Za-z0-9._-]+/.exec(message.text ?? '')?.[0];

describe(`the registrant's pages and lost links on ${testDatabase}`, () => {
  let cms: TestCms;
  let inbox: Inbox;
  let site: Awaited<ReturnType<typeof startShellSite>>;
  let webinar: ExampleWebinar;
  let replica: string;

  beforeAll(async () => {
    inbox = await startSmtp();
    site = await startShellSite();
    cms = await createTestCms({
      env: {
        PRAXIS_SITE_URL: site.url,
        PRAXIS_SMTP_URL: inbox.url,
        PRAXIS_SCHEDULER_SECONDS: '1',
        PRAXIS_REGISTRATION_MIN_FILL_SECONDS: '0',
        // Each test is its own client (X-Forwarded-For), so the limits below are each test's own.
        PRAXIS_BEHIND_PROXY: 'true',
        PRAXIS_RATE_LIMIT_ADDRESS: '1000/600',
        PRAXIS_RATE_LIMIT_MANAGE_LINK_ADDRESS: '2/600',
        PRAXIS_RATE_LIMIT_MANAGE_LINK_CLIENT: '4/600',
      },
    });
    await cms.start();
    // A second Strapi process on the same database: limits are counted there, not in a process.
    replica = (await cms.startReplica()).url;
    webinar = await createWebinar(
      cms,
      'manage-pages',
      { capacity: 10, waitingList: true },
      { pt: { title: 'Webinar de exemplo das páginas' }, ro: { title: 'Webinar de exemplu al paginilor' } },
    );
  });

  afterAll(async () => {
    await cms?.destroy();
    await inbox?.close();
    await site?.close();
  });

  async function register(email: string, language: string, client: string, name = 'Persona di Esempio') {
    const response = await fetch(`${cms.url}/api/webinars/${webinar.key}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
      body: JSON.stringify(registrationBody({ email, name, language, locale: language })),
    });
    expect(response.status).toBe(201);
    const [mail] = await inbox.waitFor((message) => recipients(message).includes(email.toLowerCase()));
    const link = manageLinkIn(mail!)!;
    expect(new URL(link).origin, 'the manage link is on the site’s origin').toBe(site.url);
    // What the site's server does with it: `/api/` goes to the CMS.
    return `${cms.url}${new URL(link).pathname}`;
  }

  const askForLink = (server: string, body: Record<string, string>, client: string, json = true) =>
    fetch(`${server}/api/webinars/${webinar.key}/manage-link`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded', 'x-forwarded-for': client },
      body: json ? JSON.stringify(body) : new URLSearchParams(body).toString(),
    });

  async function outboxKinds(): Promise<Array<{ kind: string; subject: string }>> {
    const db = await cms.database();
    try {
      const rows = (await db('outbox_messages').select('message', 'subject')) as Array<{ message: string | { kind: string }; subject: string }>;
      return rows.map((row) => ({ kind: (typeof row.message === 'string' ? JSON.parse(row.message) : row.message).kind, subject: row.subject }));
    } finally {
      await db.destroy();
    }
  }

  async function stateOf(email: string): Promise<string | undefined> {
    const listed = await cms.admin(`${entriesPath('api::registration.registration')}?filters[webinarDocumentId][$eq]=${webinar.documentId}&pageSize=100`);
    return (listed.body.results as Array<{ email: string; state: string }>).find((row) => row.email === email)?.state;
  }

  it('shows the registration inside the site’s page, in the registrant’s language, escaped, never cached, indexed or referred', async () => {
    const link = await register('pagina@example.org', 'pt', '198.51.100.1', 'Zoë <b>O’Brien</b> & Co');
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-robots-tag')).toBe('noindex');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain('<html lang="pt">');
    expect(html).toContain('quick exit pt');
    expect(html).toContain('helplines of pt');
    // The shell's own links and assets point at the site, whichever origin answers.
    expect(html).toContain(`href="${site.url}/_astro/site.css"`);
    expect(html).toContain(`href="${site.url}/pt/privacy/"`);
    expect(html).not.toContain('open the link from your e-mail');
    expect(html).toContain('A sua inscrição');
    expect(html).toContain('Webinar de exemplo das páginas');
    expect(html).toContain('Zoë &lt;b&gt;O’Brien&lt;/b&gt; &amp; Co');
    expect(html).not.toContain('<b>O’Brien</b>');
    // Its forms and links stay on whichever origin served it.
    expect(html).toContain(`action="${new URL(link).pathname}/cancel"`);
  });

  it('asks before cancelling: the button only leads to a confirmation page, only its POST cancels, and a repeat changes nothing', async () => {
    const link = await register('cancel@example.org', 'it', '198.51.100.2');
    const seats = async () => ((await (await fetch(`${cms.url}/api/webinars/${webinar.key}/availability`)).json()) as { seatsLeft: number }).seatsLeft;
    const before = await seats();

    for (const server of [cms.url, replica]) {
      const confirm = await fetch(`${server}${new URL(link).pathname}/cancel`);
      expect(confirm.status).toBe(200);
      const html = await confirm.text();
      expect(html).toContain('Vuoi annullare la tua iscrizione?');
      expect(html).toMatch(new RegExp(`<form method="post" action="${new URL(link).pathname}/cancel"`));
      expect(html).toContain('No, torna alla mia iscrizione');
    }
    expect(await stateOf('cancel@example.org'), 'GET changed nothing').toBe('confirmed');
    expect(await seats()).toBe(before);

    const cancelled = await fetch(`${link}/cancel`, { method: 'POST' });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.text()).toContain('La tua iscrizione è annullata.');
    expect(await stateOf('cancel@example.org')).toBe('cancelled');
    expect(await seats(), 'the seat is free again').toBe(before + 1);
    const again = await fetch(`${link}/cancel`, { method: 'POST' });
    expect(await again.text()).toContain('Non c’era niente da cambiare.');
    expect(await seats()).toBe(before + 1);
  });

  it('asks before erasing: GET changes nothing, the POST erases, and a spent or forged link gets the invalid-link page in the visitor’s language', async () => {
    const link = await register('erase@example.org', 'ro', '198.51.100.3');
    const confirm = await fetch(`${link}/erase`);
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    expect(html).toContain('Doriți să ștergeți datele dumneavoastră?');
    expect(html).toContain('<input type="hidden" name="confirm" value="yes">');
    expect(await stateOf('erase@example.org')).toBe('confirmed');

    const erased = await fetch(`${link}/erase`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'confirm=yes' });
    expect(erased.status).toBe(200);
    expect(await erased.text()).toContain('Datele dumneavoastră au fost șterse.');
    expect(await stateOf('erase@example.org')).toBeUndefined();

    const spent = await fetch(`${link}/erase`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'pt-PT,pt;q=0.9' },
      body: 'confirm=yes',
    });
    expect(spent.status).toBe(404);
    const spentHtml = await spent.text();
    expect(spentHtml).toContain('Este link não é válido');
    expect(spentHtml).toContain('quick exit pt');
    const forged = await fetch(`${link.slice(0, -5)}AAAAA/cancel?lang=ro`);
    expect(forged.status).toBe(404);
    expect(await forged.text()).toContain('Acest link nu este valid');
  });

  it('answers "Lost your link?" the same for a registered and an unknown address, and e-mails only the registered one, in their language', async () => {
    await register('perso@example.org', 'pt', '198.51.100.4');
    const sent = inbox.messages.length;

    const unknown = await askForLink(cms.url, { email: 'nobody@example.org', locale: 'it' }, '198.51.100.5');
    const known = await askForLink(cms.url, { email: ' Perso@Example.ORG ', locale: 'it' }, '198.51.100.5');
    const answers = await Promise.all(
      [unknown, known].map(async (response) => ({
        status: response.status,
        type: response.headers.get('content-type'),
        cache: response.headers.get('cache-control'),
        body: await response.text(),
      })),
    );
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]).toMatchObject({ status: 202, body: JSON.stringify({ outcome: 'link-sent' }) });

    // Without JavaScript: the same redirect, to the same page of the site.
    const forms = await Promise.all([
      askForLink(cms.url, { email: 'nobody2@example.org', locale: 'lt' }, '198.51.100.6', false),
      askForLink(replica, { email: 'perso@example.org', locale: 'lt' }, '198.51.100.6', false),
    ]);
    expect(forms.map((response) => [response.status, response.headers.get('location')])).toEqual([
      [303, `${site.url}/lt/registration/link-sent/`],
      [303, `${site.url}/lt/registration/link-sent/`],
    ]);

    const resent = await inbox.waitFor(
      (message) => recipients(message).includes('perso@example.org') && message.subject === 'O link para gerir a sua inscrição: Webinar de exemplo das páginas',
      2,
    );
    expect(manageLinkIn(resent[0]!)).toMatch(new RegExp(`^${site.url}/api/registrations/manage/`));
    expect(resent[0]!.text, 'a confirmed registrant gets the join link again').toContain('https://meet.example.org/manage-pages');
    const kinds = await outboxKinds();
    expect(kinds.filter((row) => row.kind === 'manage-link')).toHaveLength(2);
    expect(inbox.messages.slice(sent).flatMap(recipients)).toEqual(['perso@example.org', 'perso@example.org']);

    // An address that is not one is told so, in the form's language.
    const invalid = await askForLink(cms.url, { email: 'not an address', locale: 'ro' }, '198.51.100.7', false);
    expect(invalid.headers.get('location')).toBe(`${site.url}/ro/registration/problem/#email-invalid`);
  });

  it('limits "Lost your link?" per address and per client in the database, across both CMS processes, the same for every address', async () => {
    await register('limited@example.org', 'it', '198.51.100.8');
    // Per address (2 per window): the third request for one mailbox is refused, whichever process and client.
    const statuses: number[] = [];
    for (const [index, server] of [cms.url, replica, cms.url].entries())
      statuses.push((await askForLink(server, { email: 'limited@example.org' }, `203.0.113.${index + 1}`)).status);
    const unknownStatuses: number[] = [];
    for (const [index, server] of [replica, cms.url, replica].entries())
      unknownStatuses.push((await askForLink(server, { email: 'unknown-limited@example.org' }, `203.0.113.${index + 10}`)).status);
    expect(statuses).toEqual([202, 202, 429]);
    expect(unknownStatuses, 'an unknown address is limited just the same').toEqual(statuses);

    // Per client (4 per window), whatever the addresses.
    const client = '203.0.113.50';
    const perClient: Array<{ status: number; retryAfter: string | null; body: unknown }> = [];
    for (let index = 0; index < 5; index += 1) {
      const response = await askForLink(index % 2 ? replica : cms.url, { email: `client${index}@example.org` }, client);
      perClient.push({ status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() });
    }
    expect(perClient.map((answer) => answer.status)).toEqual([202, 202, 202, 202, 429]);
    expect(Number(perClient[4]!.retryAfter)).toBeGreaterThan(0);
    expect(perClient[4]!.body).toEqual({ outcome: 'rejected', errors: [{ field: 'form', code: 'form.rate-limited' }] });
    await inbox.waitFor((message) => recipients(message).includes('limited@example.org') && /^Il link per gestire/.test(message.subject ?? ''), 2);
  });

  it('sends a repeat registration without JavaScript to its own page, and sends no second e-mail', async () => {
    const form = new URLSearchParams({ ...(registrationBody({ email: 'repeat@example.org', consent: 'on' }) as Record<string, string>) });
    const post = () =>
      fetch(`${cms.url}/api/webinars/${webinar.key}/registrations`, {
        method: 'POST',
        body: form,
        redirect: 'manual',
        headers: { 'x-forwarded-for': '198.51.100.9' },
      });
    const first = await post();
    expect(first.headers.get('location')).toBe(`${site.url}/it/registration/confirmed/`);
    await inbox.waitFor((message) => recipients(message).includes('repeat@example.org'));
    const second = await post();
    expect(second.status).toBe(303);
    expect(second.headers.get('location')).toBe(`${site.url}/it/registration/already-confirmed/`);

    const listed = await cms.admin(`${entriesPath('api::registration.registration')}?filters[email][$eq]=repeat@example.org`);
    const documentId = listed.body.results[0].documentId as string;
    expect(
      (await outboxKinds()).filter((row) => row.subject === documentId).map((row) => row.kind),
      'one e-mail, the confirmation',
    ).toEqual(['confirmed']);
    expect(inbox.messages.filter((message) => recipients(message).includes('repeat@example.org'))).toHaveLength(1);
  });

  it('falls back to a bare page of its own when the site cannot give its shell, so a registrant can still act', async () => {
    site.down = true;
    // Lithuanian: no shell of that language has been fetched (and kept) yet.
    const link = await register('bare@example.org', 'lt', '198.51.100.10');
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Jūsų registracija');
    expect(html).not.toContain('quick exit');
    expect(html).toContain(`action="${new URL(link).pathname}/cancel"`);
    site.down = false;
  });
});
