import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect } from 'vitest';
import { renderSummaryPdf } from '../../scripts/local/pdf.ts';
import type { TestCms } from '../../scripts/local/throwaway/cms.ts';
import type { TestSite } from '../../scripts/local/throwaway/site.ts';
import { root } from '../../scripts/pipeline/paths.ts';
import type { Publisher } from '../../scripts/pipeline/publisher.ts';
import { portalTest as it } from '../support/harness.ts';
import { startLivePortal, type LivePortal } from '../support/live-portal.ts';
import { acceptInvitation } from '../support/admin-session.ts';
import { recipients, startSmtp, type Inbox } from '../support/smtp.ts';
import '../support/cms-admin-built.ts';

const REPORTS = 'api::workshop-report.workshop-report';
const ORGANISATIONS = 'api::organisation.organisation';
const DRAFT_SUMMARY = 'Juodraštis: seminaro dalyviai aptarė aukų identifikavimą.';
const FIXED_SUMMARY = 'Seminaro dalyviai Vilniuje aptarė aukų identifikavimą ir pagalbą joms.';
const COMMENT = 'Prašome nurodyti, kur vyko seminaras.';
const COORDINATOR_PASSWORD = 'Example-coordinator-password-1A';

describe('a partner’s Lithuanian report, from the invitation e-mail to its live page, in the real admin', () => {
  let portal: LivePortal;
  let cms: TestCms;
  let inbox: Inbox;
  let publisher: Publisher;
  let site: TestSite;
  let browser: Browser;
  let cesie: string;

  it.beforeAll(async ({ browser: workerBrowser }) => {
    browser = workerBrowser;
    inbox = await startSmtp();
    portal = await startLivePortal({
      env: { PRAXIS_SMTP_URL: inbox.url, PRAXIS_SCHEDULER_SECONDS: '1' },
      quietMs: 1_000,
      preview: true,
      prepare: async (started) => {
        cesie = (await started.entries(ORGANISATIONS).find('cesie')).documentId;
        const umar = (await started.entries(ORGANISATIONS).find('umar')).documentId;
        await started.createAdminUser('coordinator@praxis.example', 'praxis-coordinator', COORDINATOR_PASSWORD);
        // Another organisation's partner and file, which the new partner must not see.
        const otherToken = await started.createAdminUser('partner@umar.example', 'praxis-partner-editor');
        await started.setEditors(umar, ['partner@umar.example'], ['pt']);
        const { bytes } = await renderSummaryPdf({ title: 'Exemplo', paragraphs: ['Um ficheiro de outra organização.'], lang: 'pt-PT', footer: 'Praxis' });
        const form = new FormData();
        form.append('files', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), 'ficheiro-da-umar.pdf');
        const uploaded = await fetch(`${started.url}/upload`, { method: 'POST', headers: { authorization: `Bearer ${otherToken}` }, body: form });
        expect(uploaded.status, await uploaded.clone().text()).toBe(201);
      },
    });
    ({ cms, publisher, site } = portal);
  }, 480_000);

  afterAll(async () => {
    await portal?.stop();
    await inbox?.close();
  });

  it('is invited, sets a password, uploads a PDF, writes and previews a Lithuanian report, is sent back, fixes it, and sees it live once the coordinator publishes', async () => {
    const coordinatorContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const partnerContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const coordinator = await coordinatorContext.newPage();
    const partner = await partnerContext.newPage();
    try {
      // The coordinator signs in on the admin's login page.
      await coordinator.goto(`${cms.url}/admin/auth/login`);
      await coordinator.locator('input[name="email"]').fill('coordinator@praxis.example', { timeout: 90_000 });
      await coordinator.locator('input[name="password"]').fill(COORDINATOR_PASSWORD);
      await coordinator.getByRole('button', { name: 'Login' }).click();
      await coordinator.waitForURL((url) => url.pathname.startsWith('/admin') && !url.pathname.includes('/auth/'), { timeout: 60_000 });

      // On the organisation, the coordinator picks its languages and invites the partner by address.
      await coordinator.goto(`${cms.url}/admin/content-manager/collection-types/${ORGANISATIONS}/${cesie}?plugins[i18n][locale]=it`);
      // The admin renders the form after loading the user's permissions; on a busy machine that takes a while.
      const languages = coordinator.getByRole('combobox', { name: 'Languages' });
      await languages.click({ timeout: 90_000 });
      await coordinator.getByRole('option', { name: 'Lithuanian (lt)' }).click();
      await coordinator.keyboard.press('Escape');
      await coordinator.getByRole('button', { name: 'Save' }).click();
      await expect
        .poll(async () => (await cms.admin(`/content-manager/collection-types/${ORGANISATIONS}/${cesie}?locale=it`)).body?.data?.locales ?? [], {
          timeout: 30_000,
        })
        .toContain('lt');
      await coordinator.getByLabel('E-mail address').fill('partner@cesie.example');
      await coordinator.getByRole('button', { name: 'Invite', exact: true }).click();
      await coordinator.getByRole('status').filter({ hasText: 'Invitation sent to partner@cesie.example.' }).waitFor({ timeout: 30_000 });

      // The invitation arrives at the SMTP listener; its link lets the partner set a password and sign in.
      await acceptInvitation(partner, inbox, 'partner@cesie.example', { firstname: 'Rūta', password: 'Example-partner-password-1A' });

      // The partner uploads the report's PDF in the media library, which shows only their organisation's files.
      const { bytes } = await renderSummaryPdf({ title: 'Vilniaus seminaras', paragraphs: ['Seminaro ataskaita.'], lang: 'lt-LT', footer: 'Praxis' });
      // Through the admin's menu, as a person goes: the menu shows the library once their permissions
      // are loaded, which the library's upload button needs (opened by address, it can miss them).
      await partner.getByRole('link', { name: /^Media Library$/i }).click({ timeout: 90_000 });
      // Another organisation's file is in the library, yet theirs is empty.
      await partner.getByText('No assets yet').waitFor({ timeout: 90_000 });
      await partner.getByRole('button', { name: 'Add assets' }).click();
      await partner
        .locator('input[type="file"]')
        .setInputFiles({ name: 'vilniaus-seminaro-ataskaita.pdf', mimeType: 'application/pdf', buffer: Buffer.from(bytes) });
      // Strapi 5.54's media library uploads a chosen file at once, and says so.
      await partner.getByText('Upload successful!').waitFor({ timeout: 60_000 });
      await partner.getByText('Home (1 item)').waitFor({ timeout: 30_000 });
      await partner.getByText('vilniaus-seminaro-ataskaita.pdf').first().waitFor({ timeout: 30_000 });
      await expect(partner.getByText('ficheiro-da-umar.pdf').count()).resolves.toBe(0);

      // The report, typed in the admin's form in Lithuanian, for the partner's organisation.
      await partner.goto(`${cms.url}/admin/content-manager/collection-types/${REPORTS}/create?plugins[i18n][locale]=lt`);
      await partner.getByLabel('key').fill('vilniaus-seminaras', { timeout: 90_000 });
      await partner.getByLabel('title').fill('Vilniaus seminaro ataskaita');
      await partner.getByLabel('slug').fill('vilniaus-seminaro-ataskaita');
      await partner.getByLabel('summary').fill(DRAFT_SUMMARY);
      await partner.getByRole('combobox', { name: 'organisation' }).click();
      await partner.getByRole('option', { name: /^cesie\b/ }).click({ timeout: 30_000 });
      // The PDF is attached from the media picker, which offers their organisation's files only.
      await partner.getByText('Click to add an asset or drag and drop one in this area').click();
      const picker = partner.getByRole('dialog');
      const card = picker.getByRole('button').filter({ hasText: 'vilniaus-seminaro-ataskaita' });
      await card.getByRole('checkbox').click({ timeout: 30_000 });
      await expect(picker.getByText('ficheiro-da-umar').count()).resolves.toBe(0);
      await picker.getByRole('button', { name: 'Finish' }).click();
      await picker.waitFor({ state: 'detached', timeout: 15_000 });
      await partner.getByRole('button', { name: 'Save' }).click();
      await partner.waitForURL(new RegExp(`/${REPORTS}/[a-z0-9]{20,}`), { timeout: 60_000 });
      const documentId = new URL(partner.url()).pathname.split('/').at(-1)!;
      const entry = `${cms.url}/admin/content-manager/collection-types/${REPORTS}/${documentId}?plugins[i18n][locale]=lt`;

      // Preview from the entry: the site's page of the draft, on the site's origin, inside the admin.
      await partner.getByRole('link', { name: 'Open preview' }).click({ timeout: 60_000 });
      const preview = partner.frameLocator('iframe');
      await preview.getByText(DRAFT_SUMMARY).waitFor({ timeout: 90_000 });
      await preview.getByText('Peržiūra.').waitFor({ timeout: 15_000 });
      expect(await partner.locator('iframe').getAttribute('src')).toMatch(new RegExp(`^${site.url}/lt/preview/\\?token=`));

      // Ready for review; the coordinator hears of it, finds it in the queue and sends it back with a comment.
      await partner.goto(entry);
      const review = partner.getByTestId('review');
      await review.getByRole('button', { name: 'Ready for review' }).click({ timeout: 90_000 });
      await review.getByText('Waiting for review').waitFor({ timeout: 30_000 });
      const [ready] = await inbox.waitFor((message) => recipients(message).includes('coordinator@praxis.example'));
      expect(ready!.subject).toBe('Ready for review (lt): Vilniaus seminaro ataskaita');
      await coordinator.goto(`${cms.url}/admin`);
      await coordinator.getByTestId('review-queue').getByRole('link', { name: 'Vilniaus seminaro ataskaita (lt)' }).click({ timeout: 90_000 });
      const panel = coordinator.getByTestId('review');
      await panel.getByLabel('Comment').fill(COMMENT, { timeout: 90_000 });
      await panel.getByRole('button', { name: 'Send back' }).click();
      await panel.getByText('Sent back: see the comment').waitFor({ timeout: 30_000 });
      const [back] = await inbox.waitFor((message) => recipients(message).includes('partner@cesie.example') && (message.text ?? '').includes(COMMENT));
      expect(back!.text).toContain(COMMENT);

      // The partner reads the comment on the entry, fixes the text, saves and asks again.
      await partner.reload();
      await review.getByTestId('review-comment').getByText(`coordinator@praxis.example asks: ${COMMENT}`).waitFor({ timeout: 90_000 });
      await partner.getByLabel('summary').fill(FIXED_SUMMARY);
      await partner.getByRole('button', { name: 'Save' }).click();
      await expect
        .poll(async () => (await cms.admin(`/content-manager/collection-types/${REPORTS}/${documentId}?locale=lt`)).body?.data?.summary, { timeout: 30_000 })
        .toBe(FIXED_SUMMARY);
      await review.getByRole('button', { name: 'Ready for review' }).click({ timeout: 30_000 });
      await review.getByText('Waiting for review').waitFor({ timeout: 30_000 });

      // The coordinator publishes with the admin's own button; the publisher takes it to the site, and the entry says where it is.
      const builds = publisher.history.length;
      await coordinator.reload();
      await coordinator.getByRole('button', { name: 'Publish' }).click({ timeout: 90_000 });
      await expect.poll(() => publisher.history.length, { timeout: 300_000, interval: 500 }).toBeGreaterThan(builds);
      await publisher.idle();
      expect(publisher.history.at(-1)!.ok, publisher.history.at(-1)!.reason).toBe(true);
      await coordinator.reload();
      const status = coordinator.getByTestId('site-status');
      await status.getByText(/^Live on the site since /).waitFor({ timeout: 90_000 });
      const address = await status.getByRole('link', { name: /\/lt\/reports\/vilniaus-seminaro-ataskaita\/$/ }).textContent({ timeout: 15_000 });
      expect(address).toBe(`${site.url}/lt/reports/vilniaus-seminaro-ataskaita/`);
      const live = await fetch(address!);
      expect(live.status).toBe(200);
      const html = await live.text();
      expect(html).toContain(FIXED_SUMMARY);
      expect(html).not.toContain(DRAFT_SUMMARY);
      expect(html).not.toContain('data-preview-notice');
      // The PDF the partner uploaded is offered on the page, and downloads from the site's origin.
      const download = /<a href="([^"]+)"[^>]*download="vilniaus-seminaro-ataskaita\.pdf"/.exec(html)?.[1];
      expect(download, 'the attachment link on the live page').toBeDefined();
      const pdf = await fetch(new URL(download!.replaceAll('&amp;', '&'), address!));
      expect(pdf.status).toBe(200);
      expect(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
    } catch (error) {
      await screenshots({ coordinator, partner });
      throw error;
    } finally {
      await coordinatorContext.close();
      await partnerContext.close();
    }
  }, 900_000);
});

/** What each of them saw when the journey failed, under `.cache/` (gitignored). */
async function screenshots(pages: Record<string, Page>): Promise<void> {
  const folder = join(root, '.cache', 'screenshots');
  mkdirSync(folder, { recursive: true });
  for (const [who, page] of Object.entries(pages)) {
    await page.screenshot({ path: join(folder, `admin-journey-${who}.png`), fullPage: true }).catch(() => undefined);
  }
}
