import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRelease } from '../../scripts/pipeline/release-check.ts';
import { CATALOGUE_PAGE_SIZE } from '../../site/lib/paging.ts';
import { cmsSource } from '../../site/lib/cms-source.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../../scripts/local/throwaway/browser.ts';
import { createTestCms, runScript, type TestCms } from '../../scripts/local/throwaway/cms.ts';
import { buildTestSite, serveSite, type TestSite } from '../../scripts/local/throwaway/site.ts';

/** Synthetic resources added to the eight seeded ones: two catalogue pages, the second part full. */
const SYNTHETIC = 40;
const TOTAL = SYNTHETIC + 8;

describe('the resource catalogue in pages, on a catalogue larger than one page', () => {
  let cms: TestCms;
  let site: TestSite;
  let browser: Browser;

  beforeAll(async () => {
    cms = await createTestCms({ database: 'sqlite' });
    const seeded = await cms.seed();
    expect(seeded.code, seeded.output).toBe(0);
    const generated = await runScript('tools/generate-corpus.ts', { ...cms.env, PRAXIS_WEBHOOKS: 'off' }, ['--resources', String(SYNTHETIC)]);
    expect(generated.code, generated.output).toBe(0);
    await cms.start();
    const built = await buildTestSite(cms.url, cms.env);
    expect(built.code, built.output).toBe(0);
    site = await serveSite(built.dist, { cmsUrl: cms.url });
    browser = await launchChromium();
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    await cms?.destroy();
  });

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage();
    const response = await page.goto(`${site.url}${path}`);
    expect(response?.status(), path).toBe(200);
    return page;
  }

  it('shows a page of cards with the whole count, and leads to the next page and back', async () => {
    const first = await open('/ro/resources/');
    expect(await first.locator('.cards > *').count()).toBe(CATALOGUE_PAGE_SIZE);
    expect(await first.locator('main').getByRole('status').textContent()).toBe(`${TOTAL} de resurse`);
    const navigation = first.getByRole('navigation', { name: 'Paginile catalogului' });
    expect(await navigation.textContent()).toContain('Pagina 1 din 2');
    expect(await navigation.getByRole('link', { name: 'Pagina anterioară' }).count()).toBe(0);
    await navigation.getByRole('link', { name: 'Pagina următoare' }).click();
    await first.waitForURL('**/ro/resources/page/2/');
    expect(await first.locator('.cards > *').count()).toBe(TOTAL - CATALOGUE_PAGE_SIZE);
    expect(await axeViolations(first)).toEqual([]);
    await first.getByRole('link', { name: 'Pagina anterioară' }).click();
    await first.waitForURL('**/ro/resources/');
    await first.close();
  });

  it('lists every resource exactly once across the pages, newest first', async () => {
    const titles: string[] = [];
    for (const path of ['/it/resources/', '/it/resources/page/2/']) {
      const page = await open(path);
      titles.push(...(await page.locator('.cards > * h3, .cards > * h2').allTextContents()));
      await page.close();
    }
    expect(titles).toHaveLength(TOTAL);
    expect(new Set(titles).size).toBe(TOTAL);
  });

  it('pages a facet value too, and links the same page in the other languages', async () => {
    const page = await open('/lt/resources/language/it/');
    expect(await page.locator('main').getByRole('status').textContent()).toBe(`${TOTAL} ištekliai`);
    await page.getByRole('link', { name: 'Kitas puslapis' }).click();
    await page.waitForURL('**/lt/resources/language/it/page/2/');
    expect(
      await page.locator('link[rel=alternate][hreflang]').evaluateAll((links) => links.map((link) => new URL((link as HTMLLinkElement).href).pathname)),
    ).toContain('/pt/resources/language/it/page/2/');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('passes the publisher’s check: every item has its pages, no link leads nowhere', async () => {
    const check = await checkRelease(site.dist, { source: cmsSource(cms.url), siteUrl: 'http://127.0.0.1:4321/' });
    expect(check.problems).toEqual([]);
    expect(check.checked.itemPages).toBeGreaterThan(TOTAL * 4);
  });
});
