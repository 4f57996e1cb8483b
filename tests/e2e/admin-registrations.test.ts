// Its own CMS and the harness's browser, not its portal: only the admin is tested, on an unseeded CMS, so no site is built.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect } from 'vitest';
import { createTestCms, entriesPath, type TestCms } from '../../scripts/local/throwaway/cms.ts';
import { createWebinar, registrationBody, type ExampleWebinar } from '../../scripts/local/throwaway/webinars.ts';
import { portalTest as it } from '../support/harness.ts';
import '../support/cms-admin-built.ts';

const REGISTRATIONS = 'api::registration.registration';

describe('an organiser downloads registrations and certificates from the admin', () => {
  let cms: TestCms;
  let page: Page;
  let webinar: ExampleWebinar;
  let registration: string;

  it.beforeAll(async ({ browser }) => {
    cms = await createTestCms({ database: 'sqlite' });
    await cms.start();
    webinar = await createWebinar(cms, 'admin-panel');
    for (const email of ['first@example.org', 'second@example.org']) {
      const response = await fetch(`${cms.url}/api/webinars/${webinar.key}/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(registrationBody({ email })),
      });
      expect(response.status).toBe(201);
    }
    const listed = await cms.admin(`${entriesPath(REGISTRATIONS)}?filters[email][$eq]=first@example.org`);
    registration = listed.body.results[0].documentId;

    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    await page.goto(`${cms.url}/admin`);
    await page.evaluate((value) => localStorage.setItem('jwtToken', JSON.stringify(value)), await cms.adminToken());
  });

  afterAll(async () => {
    await page?.close();
    await cms?.destroy();
  });

  it('downloads a webinar’s registrations as CSV from its edit view', async () => {
    await page.goto(`${cms.url}/admin/content-manager/collection-types/api::webinar.webinar/${webinar.documentId}?plugins[i18n][locale]=it`);
    const button = page.getByRole('button', { name: 'Download registrations (CSV)' });
    await button.waitFor({ timeout: 45_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe('admin-panel-registrations.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain('first@example.org');
    expect(csv).toContain('second@example.org');
  }, 90_000);

  it('offers a certificate once attendance is marked', async () => {
    const url = `${cms.url}/admin/content-manager/collection-types/${REGISTRATIONS}/${registration}`;
    await page.goto(url);
    const button = page.getByRole('button', { name: 'Download certificate (PDF)' });
    await button.waitFor({ timeout: 45_000 });
    expect(await button.isDisabled()).toBe(true);

    expect((await cms.admin(`${entriesPath(REGISTRATIONS)}/${registration}`, { method: 'PUT', body: { attended: true } })).status).toBe(200);
    await page.goto(url);
    await button.waitFor({ timeout: 45_000 });
    await expect.poll(() => button.isEnabled(), { timeout: 15_000 }).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(
      readFileSync((await download.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  }, 90_000);
});
