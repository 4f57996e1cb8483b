import ICAL from 'ical.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import type { TestCms } from '../../scripts/local/throwaway/cms.ts';
import type { TestSite } from '../../scripts/local/throwaway/site.ts';
import { portalTest as it } from '../support/harness.ts';
import { startSeededPortal, type TestPortal } from '../support/portal.ts';
import { recipients, startSmtp, type Inbox } from '../support/smtp.ts';
import { createWebinar, type ExampleWebinar } from '../../scripts/local/throwaway/webinars.ts';

async function fillForm(page: Page, fields: { name: string; email: string; region: string; role?: string }) {
  await page.fill('#registration-name', fields.name);
  await page.fill('#registration-email', fields.email);
  await page.fill('#registration-region', fields.region);
  if (fields.role) await page.selectOption('#registration-role', fields.role);
  await page.check('#registration-consent');
}

/** Waits until the form holds the token its script fetched: a submission then carries it, and the CMS checks it. */
async function formTokenIn(page: Page) {
  await page.waitForFunction(() => /^\d+\.[\w-]+$/.test(document.querySelector<HTMLInputElement>('[data-registration] [data-form-token]')?.value ?? ''));
}

describe('registering for a webinar in the browser', () => {
  let portal: TestPortal;
  let cms: TestCms;
  let inbox: Inbox;
  /** The site as visitors reach it: its pages, and `/api/` passed to the CMS (the site server). */
  let site: TestSite;
  let browser: Browser;
  let journey: ExampleWebinar;

  it.beforeAll(async ({ browser: workerBrowser }) => {
    inbox = await startSmtp();
    // An empty CMS with two example webinars, and the site built from it.
    portal = await startSeededPortal({
      seed: false,
      browser: workerBrowser,
      // No minimum fill time (the integration test holds it): the form's token is still checked as genuine.
      env: { PRAXIS_SMTP_URL: inbox.url, PRAXIS_REGISTRATION_MIN_FILL_SECONDS: '0', PRAXIS_SCHEDULER_SECONDS: '2' },
      prepare: async (started) => {
        await createWebinar(
          started,
          'browser-webinar',
          { capacity: 5, waitingList: true },
          { pt: { title: 'Webinar de exemplo no navegador' }, ro: { title: 'Webinar de exemplu în browser' } },
        );
        journey = await createWebinar(
          started,
          'journey-webinar',
          { capacity: 4, waitingList: true, contactEmail: 'organiser@example.org' },
          { pt: { title: 'Webinar do percurso' }, lt: { title: 'Kelionės internetinis seminaras' } },
        );
      },
    });
    ({ cms, site, browser } = portal);
  });

  afterAll(async () => {
    await portal?.stop();
    await inbox?.close();
  });

  it('registers in Portuguese without JavaScript: a plain post, a redirect to the result page, the e-mail in Portuguese', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.url}/pt/webinars/pt-webinar-di-esempio-browser-webinar/`);
    await fillForm(page, { name: 'Pessoa de Exemplo', email: 'pessoa@example.org', region: 'Lisboa', role: 'social-worker' });
    await Promise.all([page.waitForURL(`${site.url}/pt/registration/confirmed/`), page.click('[data-registration] button[type=submit]')]);
    expect(await page.textContent('h1')).toBe('Inscrição confirmada');

    const [mail] = await inbox.waitFor((message) => recipients(message).includes('pessoa@example.org'));
    expect(mail!.subject).toBe('Inscrição confirmada: Webinar de exemplo no navegador');

    // An address the browser accepts but the server does not: the problem page says why, in Portuguese.
    await page.goto(`${site.url}/pt/webinars/pt-webinar-di-esempio-browser-webinar/`);
    await fillForm(page, { name: 'Outra Pessoa', email: 'outra@exemplo', region: 'Porto' });
    await Promise.all([page.waitForURL(/\/pt\/registration\/problem\/#email-invalid$/), page.click('[data-registration] button[type=submit]')]);
    expect(await page.isVisible('#email-invalid')).toBe(true);
    expect(await page.textContent('#email-invalid')).toContain('O endereço de e-mail não é válido');
    expect(await page.isVisible('#name-required')).toBe(false);

    // The same address again: its own page says so, as the script would, and no second e-mail goes.
    await page.goto(`${site.url}/pt/webinars/pt-webinar-di-esempio-browser-webinar/`);
    await fillForm(page, { name: 'Pessoa de Exemplo', email: 'Pessoa@Example.org', region: 'Lisboa' });
    await Promise.all([page.waitForURL(`${site.url}/pt/registration/already-confirmed/`), page.click('[data-registration] button[type=submit]')]);
    expect(await page.textContent('h1')).toBe('Já está inscrito ou inscrita');
    expect(await page.textContent('main')).toContain('não criámos outra inscrição nem enviámos outro e-mail');

    // "Lost your link?" without JavaScript: a plain post, and the same page for every address.
    for (const email of ['ninguem@example.org', 'pessoa@example.org']) {
      await page.goto(`${site.url}/pt/webinars/pt-webinar-di-esempio-browser-webinar/`);
      await page.fill('#lost-link-email', email);
      await Promise.all([page.waitForURL(`${site.url}/pt/registration/link-sent/`), page.click('[data-manage-link] button[type=submit]')]);
      expect(await page.textContent('h1')).toBe('Verifique a sua caixa de correio');
    }
    const sent = await inbox.waitFor((message) => recipients(message).includes('pessoa@example.org'), 2);
    expect(sent.map((message) => message.subject)).toEqual([
      'Inscrição confirmada: Webinar de exemplo no navegador',
      'O link para gerir a sua inscrição: Webinar de exemplo no navegador',
    ]);
    expect(inbox.messages.flatMap(recipients)).not.toContain('ninguem@example.org');
    await context.close();
  });

  it('registers in Romanian with JavaScript: seats left, errors beside the fields and in a summary, the result in place', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/ro/webinars/ro-webinar-di-esempio-browser-webinar/`);
    await page.waitForFunction(() => document.querySelector('[data-seats]')?.textContent?.trim());
    expect(await page.textContent('[data-seats]')).toBe('4 locuri libere');
    expect(await axeViolations(page)).toEqual([]);

    await page.click('[data-registration] button[type=submit]');
    const summary = page.locator('[data-error-summary]');
    await summary.waitFor({ state: 'visible' });
    expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await page.textContent('#registration-name-error')).toBe('Scrieți numele și prenumele.');
    expect(await page.getAttribute('#registration-email', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#registration-consent-error')).toContain('trebuie să fiți de acord');
    expect(await axeViolations(page)).toEqual([]);

    await page.fill('#registration-name', 'Persoană de Exemplu');
    expect(await page.getAttribute('#registration-name', 'aria-invalid'), 'a corrected field is cleared as the person types').toBeNull();
    expect(await page.isVisible('#registration-name-error')).toBe(false);
    await fillForm(page, { name: 'Persoană de Exemplu', email: 'persoana@example.org', region: 'Iași' });
    await formTokenIn(page);
    const url = page.url();
    await page.click('[data-registration] button[type=submit]');
    await page.locator('[data-result]').waitFor({ state: 'visible' });
    expect(page.url()).toBe(url);
    expect(await page.textContent('[data-result] h3')).toBe('Înscriere confirmată');
    // The count follows the seats taken while the page is open (on return to the tab, and every 30 s).
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expect.poll(() => page.textContent('[data-seats]')).toBe('3 locuri libere');

    const [mail] = await inbox.waitFor((message) => recipients(message).includes('persoana@example.org'));
    expect(mail!.subject).toBe('Înscriere confirmată: Webinar de exemplu în browser');
    expect(mail!.text).toContain('Linkul de participare');
    await page.close();
  });

  const seatsLeft = async (key: string) => ((await (await fetch(`${cms.url}/api/webinars/${key}/availability`)).json()) as { seatsLeft: number }).seatsLeft;
  const manageLinkIn = (text: string | undefined) => /https?:\/\/\S+\/api\/registrations\/manage\/[A-Za-z0-9._-]+/.exec(text ?? '')?.[0];

  // A social worker registers, loses the e-mail, asks for the link again on the webinar page, opens
  // it from the new e-mail, and cancels with confirmation: the seat is free again.
  // What each journey reads, per language.
  const TEXTS = {
    pt: {
      confirmed: 'Inscrição confirmada',
      sent: 'Verifique a sua caixa de correio',
      subject: 'O link para gerir a sua inscrição: Webinar do percurso',
      manage: 'A sua inscrição',
      confirm: 'Quer cancelar a sua inscrição?',
      done: 'A sua inscrição foi cancelada.',
    },
    lt: {
      confirmed: 'Registracija patvirtinta',
      sent: 'Patikrinkite savo pašto dėžutę',
      subject: 'Nuoroda registracijai tvarkyti: Kelionės internetinis seminaras',
      manage: 'Jūsų registracija',
      confirm: 'Ar norite atšaukti registraciją?',
      done: 'Jūsų registracija atšaukta.',
    },
  };
  const PHONE = { width: 390, height: 844 };
  const LAPTOP = { width: 1366, height: 900 };
  const journeys = (
    [
      ['pt', PHONE],
      ['lt', LAPTOP],
      ['pt', LAPTOP],
      ['lt', PHONE],
    ] as const
  ).map(([locale, viewport]) => ({ locale, slug: `${locale}-webinar-di-esempio-journey-webinar`, viewport, text: TEXTS[locale] }));

  for (const { locale, slug, viewport, text } of journeys) {
    it(`in ${locale} at ${viewport.width}×${viewport.height}: registers, asks for the lost link on the webinar page, opens it from the e-mail, cancels with confirmation, and frees the seat`, {
      timeout: 120_000,
    }, async () => {
      const email = `social.worker.${locale}.${viewport.width}@example.org`;
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const webinarPage = `${site.url}/${locale}/webinars/${slug}/`;
      const free = await seatsLeft(journey.key);

      await page.goto(webinarPage);
      await page.waitForFunction(() => document.querySelector('[data-seats]')?.textContent?.trim());
      await fillForm(page, { name: 'Assistente Social de Exemplo', email, region: 'Exemplo', role: 'social-worker' });
      await formTokenIn(page);
      await page.click('[data-registration] button[type=submit]');
      await page.locator('[data-registration] [data-result]').waitFor({ state: 'visible' });
      expect(await page.textContent('[data-registration] [data-result] h3')).toBe(text.confirmed);
      await inbox.waitFor((message) => recipients(message).includes(email));
      expect(await seatsLeft(journey.key)).toBe(free - 1);

      // The e-mail is lost. The webinar page sends the link again.
      await page.goto(webinarPage);
      await page.fill('#lost-link-email', email);
      await page.click('[data-manage-link] button[type=submit]');
      const result = page.locator('[data-manage-link] [data-lost-link-result]');
      await result.waitFor({ state: 'visible' });
      expect(await result.textContent()).toContain(text.sent);
      expect(await axeViolations(page)).toEqual([]);

      const [resent] = await inbox.waitFor((message) => recipients(message).includes(email) && message.subject === text.subject);
      const link = manageLinkIn(resent!.text);
      expect(link && new URL(link).origin, 'the link is on the site’s origin').toBe(site.url);

      await page.goto(link!);
      expect(await page.getAttribute('html', 'lang')).toMatch(new RegExp(`^${locale}-`));
      expect(await page.textContent('main h1')).toBe(text.manage);
      expect(await page.isVisible('.site-header')).toBe(true);
      expect(await page.isVisible('[data-quick-exit]')).toBe(true);
      expect(await page.isVisible('.helpline-strip')).toBe(true);
      expect(await page.textContent('main')).toContain(email);
      expect(await axeViolations(page)).toEqual([]);

      // Cancelling asks first; "keep" would lead back; only the confirmation's button cancels.
      await Promise.all([page.waitForURL(/\/cancel\??$/), page.click('main form[action$="/cancel"] button')]);
      expect(await page.textContent('main h1')).toBe(text.confirm);
      expect(await seatsLeft(journey.key), 'nothing changes before the confirmation').toBe(free - 1);
      expect(await axeViolations(page)).toEqual([]);
      await page.click('main form[method=post] button');
      await page.locator('main [role=status]').waitFor();
      expect(await page.textContent('main [role=status]')).toBe(text.done);
      expect(await page.isVisible('[data-quick-exit]')).toBe(true);
      expect(await seatsLeft(journey.key), 'the seat is free again').toBe(free);
      await context.close();
    });
  }

  it('offers the webinar as a calendar file: UTC times, the page’s address, the organiser’s contact on the page, never the join link', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/pt/webinars/pt-webinar-di-esempio-journey-webinar/`);
    expect(await page.getAttribute('a[href^="mailto:"]', 'href')).toBe('mailto:organiser@example.org');
    const href = await page.getAttribute('a[href$="calendar.ics"]', 'href');
    const response = await fetch(new URL(href!, site.url));
    expect(response.headers.get('content-type')).toContain('text/calendar');
    const ics = await response.text();
    expect(ics).not.toContain('meet.example.org');
    const event = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('uid')).toBe('journey-webinar@praxis');
    expect(event.getFirstPropertyValue('summary')).toBe('Webinar do percurso');
    expect(event.getFirstPropertyValue('url')).toBe(`${site.url}/pt/webinars/pt-webinar-di-esempio-journey-webinar/`);
    expect(ics).toMatch(/DTSTART:\d{8}T\d{6}Z/);
    const webinar = (await fetch(`${cms.url}/api/webinars?filters[key][$eq]=journey-webinar`).then((answer) => answer.json())) as {
      data: Array<{ start: string }>;
    };
    expect((event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(new Date(webinar.data[0]!.start).toISOString());
    await page.close();
  });

  /**
   * The CMS's "busy" answer, as the registration route gives it when a request's turn did not come
   * within its bound (tests/cms/registration-queue.integration.test.ts makes the CMS give it). Here the
   * browser is handed it in place of the CMS's answer, to see what the form does with it.
   */
  const busy = {
    status: 503,
    headers: { 'retry-after': '1', 'content-type': 'application/json' },
    body: JSON.stringify({ outcome: 'busy', errors: [{ field: 'form', code: 'form.busy' }] }),
  };

  it('sends the form once more after Retry-After when the CMS answers busy, and registers the person', async () => {
    const page = await browser.newPage();
    const posts: number[] = [];
    await page.route('**/api/webinars/*/registrations', (route) => {
      posts.push(Date.now());
      return posts.length === 1 ? route.fulfill(busy) : route.continue();
    });
    await page.goto(`${site.url}/pt/webinars/pt-webinar-di-esempio-browser-webinar/`);
    await page.waitForFunction(() => document.querySelector('[data-seats]')?.textContent?.trim());
    await fillForm(page, { name: 'Pessoa Paciente', email: 'paciente@example.org', region: 'Braga' });
    await page.click('[data-registration] button[type=submit]');
    await page.locator('[data-result]').waitFor({ state: 'visible' });
    expect(await page.textContent('[data-result] h3')).toBe('Inscrição confirmada');
    expect(posts).toHaveLength(2);
    expect(posts[1]! - posts[0]!, 'waited as Retry-After asked').toBeGreaterThanOrEqual(900);
    expect(await page.isVisible('[data-error-summary]')).toBe(false);
    await inbox.waitFor((message) => recipients(message).includes('paciente@example.org'));
    await page.close();
  });

  it('tries once more only, then says in Romanian that many are registering and nothing was saved', async () => {
    const page = await browser.newPage();
    let posts = 0;
    await page.route('**/api/webinars/*/registrations', (route) => {
      posts += 1;
      return route.fulfill(busy);
    });
    await page.goto(`${site.url}/ro/webinars/ro-webinar-di-esempio-browser-webinar/`);
    await fillForm(page, { name: 'Persoană Răbdătoare', email: 'rabdatoare@example.org', region: 'Cluj' });
    await page.click('[data-registration] button[type=submit]');
    const summary = page.locator('[data-error-summary]');
    await summary.waitFor({ state: 'visible' });
    expect(await summary.textContent()).toContain('În acest moment se înscriu foarte multe persoane și nu v-am putut înregistra: nu s-a salvat nimic.');
    expect(posts).toBe(2);
    // The button works again: the person may send the form themselves later.
    expect(await page.isEnabled('[data-registration] button[type=submit]')).toBe(true);
    expect(await page.isVisible('[data-result]')).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
