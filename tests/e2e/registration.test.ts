import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { createTestCms, freePort, type TestCms } from '../support/cms.ts';
import { buildTestSite, serveSite, type TestSite } from '../support/site.ts';
import { recipients, startSmtp, type Inbox } from '../support/smtp.ts';
import { createWebinar } from '../support/webinars.ts';

async function fillForm(page: Page, fields: { name: string; email: string; region: string; role?: string }) {
  await page.fill('#registration-name', fields.name);
  await page.fill('#registration-email', fields.email);
  await page.fill('#registration-region', fields.region);
  if (fields.role) await page.selectOption('#registration-role', fields.role);
  await page.check('#registration-consent');
}

describe('registering for a webinar in the browser', () => {
  let cms: TestCms;
  let inbox: Inbox;
  let site: TestSite;
  let browser: Browser;

  beforeAll(async () => {
    inbox = await startSmtp();
    // The site's port is chosen first: the CMS allows that origin (CORS) and redirects to it.
    const port = await freePort();
    const siteUrl = `http://127.0.0.1:${port}`;
    cms = await createTestCms({ env: { PRAXIS_SITE_URL: siteUrl, PRAXIS_SMTP_URL: inbox.url, PRAXIS_REGISTRATION_MIN_FILL_SECONDS: '1', PRAXIS_SCHEDULER_SECONDS: '2' } });
    await cms.start();
    await createWebinar(cms, 'browser-webinar', { capacity: 5, waitingList: true }, { pt: { title: 'Webinar de exemplo no navegador' }, ro: { title: 'Webinar de exemplu în browser' } });
    const built = await buildTestSite(cms.url, cms.env, `${siteUrl}/`);
    expect(built.code, built.output).toBe(0);
    site = await serveSite(built.dist, port);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    await cms?.destroy();
    await inbox?.close();
  });

  it('registers in Portuguese without JavaScript: a plain post, a redirect to the result page, the e-mail in Portuguese', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.url}/pt/webinars/pt-webinar-di-esempio-browser-webinar/`);
    await fillForm(page, { name: 'Pessoa de Exemplo', email: 'pessoa@example.org', region: 'Lisboa', role: 'social-worker' });
    await Promise.all([page.waitForURL(`${site.url}/pt/registration/confirmed/`), page.click('button[type=submit]')]);
    expect(await page.textContent('h1')).toBe('Inscrição confirmada');

    const [mail] = await inbox.waitFor((message) => recipients(message).includes('pessoa@example.org'));
    expect(mail!.subject).toBe('Inscrição confirmada: Webinar de exemplo no navegador');

    // An address the browser accepts but the server does not: the problem page says why, in Portuguese.
    await page.goto(`${site.url}/pt/webinars/pt-webinar-di-esempio-browser-webinar/`);
    await fillForm(page, { name: 'Outra Pessoa', email: 'outra@exemplo', region: 'Porto' });
    await Promise.all([page.waitForURL(/\/pt\/registration\/problem\/#email-invalid$/), page.click('button[type=submit]')]);
    expect(await page.isVisible('#email-invalid')).toBe(true);
    expect(await page.textContent('#email-invalid')).toContain('O endereço de e-mail não é válido');
    expect(await page.isVisible('#name-required')).toBe(false);
    await context.close();
  });

  it('registers in Romanian with JavaScript: seats left, errors beside the fields and in a summary, the result in place', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/ro/webinars/ro-webinar-di-esempio-browser-webinar/`);
    await page.waitForFunction(() => document.querySelector('[data-seats]')?.textContent?.trim());
    expect(await page.textContent('[data-seats]')).toBe('4 locuri libere');
    expect(await axeViolations(page)).toEqual([]);

    await page.click('button[type=submit]');
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
    await page.waitForTimeout(1100); // a person takes longer than the minimum fill time
    const url = page.url();
    await page.click('button[type=submit]');
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
});
