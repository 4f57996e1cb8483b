// Its own CMS and the harness's browser, not its portal: only the admin is tested (with an SMTP listener and a fast scheduler), so no site is built.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect } from 'vitest';
import { renderSummaryPdf } from '../../scripts/local/pdf.ts';
import { entriesPath, type TestCms } from '../../scripts/local/throwaway/cms.ts';
import { EDITORIAL, examplePractice, startEditorialCms, type EditorialCms } from '../support/cms.ts';
import { acceptInvitation, signedIn } from '../support/admin-session.ts';
import { portalTest as it } from '../support/harness.ts';
import { recipients, startSmtp, type Inbox } from '../support/smtp.ts';
import '../support/cms-admin-built.ts';

const PRACTICES = 'api::good-practice.good-practice';

describe('the CMS admin as a partner editor sees it', () => {
  let editorial: EditorialCms;
  let cms: TestCms;
  let inbox: Inbox;
  let browser: Browser;
  /** The partner editor of UMAR, signed in for the whole file. */
  let partnerToken: string;
  let partnerContext: BrowserContext;
  let page: Page;
  /** The first account (a super admin), signed in once for the tests that act as it. */
  let adminContext: BrowserContext;
  let othersPractice: string;
  let umar: string;

  it.beforeAll(async ({ browser: workerBrowser }) => {
    inbox = await startSmtp();
    editorial = await startEditorialCms({ database: 'sqlite', env: { PRAXIS_SMTP_URL: inbox.url, PRAXIS_SCHEDULER_SECONDS: '1' } });
    ({ cms, partner: partnerToken } = editorial);
    umar = editorial.ids[EDITORIAL.own]!;
    othersPractice = editorial.ids[EDITORIAL.othersPractice]!;

    browser = workerBrowser;
    partnerContext = await signedIn(browser, cms.url, partnerToken);
    page = await partnerContext.newPage();
    adminContext = await signedIn(browser, cms.url, await cms.adminToken());
  });

  afterAll(async () => {
    await partnerContext?.close();
    await adminContext?.close();
    await cms?.destroy();
    await inbox?.close();
  });

  it('offers a new draft to save but not to publish', async () => {
    await page.goto(`${cms.url}/admin/content-manager/collection-types/${PRACTICES}/create?plugins[i18n][locale]=pt`);
    // The admin renders the form after loading the user's permissions; on a busy machine that takes a while.
    await page.getByLabel('title').waitFor({ timeout: 45_000 });
    await expect.poll(() => page.getByRole('button', { name: 'Save' }).isEnabled(), { timeout: 15_000 }).toBe(true);
    await expect(page.getByRole('button', { name: 'Publish' }).isDisabled()).resolves.toBe(true);
    await expect(page.getByLabel('title').isEditable()).resolves.toBe(true);
  }, 90_000);

  it('shows a coordinator the organisation’s editors as accounts to pick, not addresses to type', async () => {
    const coordinatorPage = await adminContext.newPage();
    try {
      await coordinatorPage.goto(`${cms.url}/admin/content-manager/collection-types/api::organisation.organisation/${umar}?plugins[i18n][locale]=it`);
      const editors = coordinatorPage.getByRole('combobox', { name: 'editors' });
      await editors.waitFor({ timeout: 45_000 });
      // The partner is already linked, named by address, and the other accounts are offered to pick.
      // (The address also stands in the organisation's invitations panel, once that has loaded: the
      // linked account is the one shown as a button.)
      await coordinatorPage.getByRole('button', { name: 'partner@umar.example', exact: true }).waitFor({ timeout: 15_000 });
      await editors.click();
      await coordinatorPage.getByRole('option', { name: cms.env.PRAXIS_ADMIN_EMAIL! }).waitFor({ timeout: 15_000 });
      await coordinatorPage.keyboard.press('Escape');
      // The languages are the CMS locales, picked, not JSON typed.
      const languages = coordinatorPage.getByRole('combobox', { name: 'Languages' });
      await expect(languages.textContent()).resolves.toMatch(/Portuguese \(pt\).*Italian \(it\)|Italian \(it\).*Portuguese \(pt\)/);
    } finally {
      await coordinatorPage.close();
    }
  }, 90_000);

  it('invites a partner from the organisation: the e-mail arrives and the partner sets a password from its link', async () => {
    const coordinatorPage = await adminContext.newPage();
    const invitedContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      await coordinatorPage.goto(`${cms.url}/admin/content-manager/collection-types/api::organisation.organisation/${umar}?plugins[i18n][locale]=it`);
      await coordinatorPage.getByText('Editors and invitations').waitFor({ timeout: 45_000 });
      await coordinatorPage.getByLabel('E-mail address').fill('invited@umar.example');
      await coordinatorPage.getByRole('button', { name: 'Invite', exact: true }).click();
      await coordinatorPage.getByRole('status').filter({ hasText: 'Invitation sent to invited@umar.example.' }).waitFor({ timeout: 15_000 });
      await coordinatorPage.getByText(/^Invited .+, the link works until /).waitFor({ timeout: 15_000 });

      const invited = await invitedContext.newPage();
      await acceptInvitation(invited, inbox, 'invited@umar.example', { firstname: 'Ines', password: 'Example-invited-password-1A' });
      // Signed in as a partner editor of UMAR: the organisation's panel now says so.
      await coordinatorPage.reload();
      await coordinatorPage.getByText('Editors and invitations').waitFor({ timeout: 45_000 });
      await expect
        .poll(async () => (await coordinatorPage.getByTestId('invitations').textContent()) ?? '', { timeout: 15_000 })
        .toMatch(/invited@umar\.exampleSigned up/);
    } finally {
      await coordinatorPage.close();
      await invitedContext.close();
    }
  }, 120_000);

  it('takes a draft through review: ready, e-mail to the coordinator, sent back with a comment, fixed, published with its address shown', async () => {
    const coordinatorToken = editorial.coordinator;
    const created = await cms.admin(`${entriesPath(PRACTICES)}?locale=pt`, {
      method: 'POST',
      token: partnerToken,
      body: examplePractice('Revisão no navegador', umar, 'pt'),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const entry = `${cms.url}/admin/content-manager/collection-types/${PRACTICES}/${created.body.data.documentId}?plugins[i18n][locale]=pt`;

    // The partner asks for review.
    await page.goto(entry);
    const review = page.getByTestId('review');
    await review.getByText('Draft: not yet marked ready').waitFor({ timeout: 45_000 });
    await review.getByRole('button', { name: 'Ready for review' }).click();
    await review.getByText('Waiting for review').waitFor({ timeout: 15_000 });

    // The coordinator hears of it, finds it in the queue on the home page and sends it back.
    const [ready] = await inbox.waitFor((message) => recipients(message).includes('coordinator@praxis.example'));
    expect(ready!.subject).toBe('Ready for review (pt): Revisão no navegador');
    const coordinatorContext = await signedIn(browser, cms.url, coordinatorToken, { viewport: { width: 1366, height: 900 } });
    const coordinatorPage = await coordinatorContext.newPage();
    try {
      await coordinatorPage.goto(`${cms.url}/admin`);
      const queue = coordinatorPage.getByTestId('review-queue');
      await queue.getByRole('link', { name: 'Revisão no navegador (pt)' }).waitFor({ timeout: 45_000 });
      await expect(queue.textContent()).resolves.toContain('Good practice · partner@umar.example · since');
      await queue.getByRole('link', { name: 'Revisão no navegador (pt)' }).click();
      const panel = coordinatorPage.getByTestId('review');
      await panel.getByLabel('Comment').waitFor({ timeout: 45_000 });
      await panel.getByLabel('Comment').fill('Acrescente a fonte, por favor.');
      await panel.getByRole('button', { name: 'Send back' }).click();
      await panel.getByText('Sent back: see the comment').waitFor({ timeout: 15_000 });

      // The partner reads the comment by e-mail and on the entry, fixes the draft and asks again.
      const [back] = await inbox.waitFor((message) => recipients(message).includes('partner@umar.example'));
      expect(back!.text).toContain('Acrescente a fonte, por favor.');
      await page.goto(`${cms.url}/admin`);
      await page.getByTestId('review-queue').getByText('Sent back by coordinator@praxis.example: Acrescente a fonte, por favor.').waitFor({ timeout: 45_000 });
      await page.goto(entry);
      await review.getByTestId('review-comment').getByText('coordinator@praxis.example asks: Acrescente a fonte, por favor.').waitFor({ timeout: 45_000 });
      expect(
        (
          await cms.admin(`${entriesPath(PRACTICES)}/${created.body.data.documentId}?locale=pt`, {
            method: 'PUT',
            token: partnerToken,
            body: { summary: 'Um exemplo, com a fonte.' },
          })
        ).status,
      ).toBe(200);
      await page.reload();
      await review.getByRole('button', { name: 'Ready for review' }).click();
      await review.getByText('Waiting for review').waitFor({ timeout: 15_000 });

      // The coordinator publishes with the admin's own button; the entry shows where its page will be.
      await coordinatorPage.reload();
      await coordinatorPage.getByRole('button', { name: 'Publish' }).click();
      // The panel reads the entry when it opens: once the publish is done, open the entry again.
      await expect
        .poll(
          async () => (await cms.admin(`${entriesPath(PRACTICES)}/${created.body.data.documentId}?locale=pt&status=published`)).body?.data?.publishedAt ?? null,
          { timeout: 30_000 },
        )
        .not.toBeNull();
      await coordinatorPage.reload();
      await coordinatorPage.getByTestId('site-status').getByText('Published: the site will take it at its next build').waitFor({ timeout: 45_000 });
      await coordinatorPage
        .getByTestId('site-status')
        .getByRole('link', { name: /\/pt\/good-practices\/revisao-no-navegador\/$/ })
        .waitFor({ timeout: 15_000 });
      await page.reload();
      await expect
        .poll(async () => (await page.getByTestId('review-history').textContent()) ?? '', { timeout: 45_000 })
        .toMatch(/Marked ready.*Sent back.*Acrescente.*Marked ready.*Published by coordinator@praxis\.example/);
    } finally {
      await coordinatorContext.close();
    }
  }, 240_000);

  it('shows them only their organisation’s files in the media library', async () => {
    const otherToken = editorial.otherPartner;
    const { bytes } = await renderSummaryPdf({ title: 'Esempio', paragraphs: ['Un file di esempio.'], lang: 'it-IT', footer: 'Praxis' });
    for (const [token, name] of [
      [otherToken, 'relatorio-dos-outros.pdf'],
      [partnerToken, 'relatorio-proprio.pdf'],
    ] as const) {
      const form = new FormData();
      form.append('files', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), name);
      const uploaded = await fetch(`${cms.url}/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    }
    await page.goto(`${cms.url}/admin/plugins/upload`);
    await page.getByText('relatorio-proprio.pdf').first().waitFor({ timeout: 45_000 });
    await expect(page.getByText('relatorio-dos-outros.pdf').count()).resolves.toBe(0);
    // A coordinator's library shows both, as the same page lists them.
    const coordinatorPage = await adminContext.newPage();
    try {
      await coordinatorPage.goto(`${cms.url}/admin/plugins/upload`);
      await coordinatorPage.getByText('relatorio-dos-outros.pdf').first().waitFor({ timeout: 45_000 });
      await coordinatorPage.getByText('relatorio-proprio.pdf').first().waitFor({ timeout: 15_000 });
    } finally {
      await coordinatorPage.close();
    }
  }, 120_000);

  it('lets them read another organisation’s practice but neither save nor publish it', async () => {
    await page.goto(`${cms.url}/admin/content-manager/collection-types/${PRACTICES}/${othersPractice}?plugins[i18n][locale]=it`);
    await page.getByRole('heading', { name: 'asit-catalonia-protocols' }).waitFor({ timeout: 45_000 });
    await page.getByRole('button', { name: 'Save' }).waitFor({ timeout: 15_000 });
    await expect(page.getByRole('button', { name: 'Save' }).isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Publish' }).isDisabled()).resolves.toBe(true);
  }, 90_000);
});
