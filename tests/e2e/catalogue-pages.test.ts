import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { runScript } from '../../scripts/local/throwaway/cms.ts';
import { checkRelease } from '../../scripts/pipeline/release-check.ts';
import { cmsSource } from '../../site/lib/cms-source.ts';
import { CATALOGUE_PAGE_SIZE } from '../../site/lib/paging.ts';
import { axeViolations } from '../support/axe.ts';
import { portalTest as it } from '../support/harness.ts';
import type { TestPortal } from '../support/portal.ts';

/** Synthetic resources added to the eight seeded ones: two catalogue pages, the second part full. */
const SYNTHETIC = 40;
const TOTAL = SYNTHETIC + 8;

// The portal of this file: the seeded CMS with the synthetic resources, added before it starts
// (the corpus generator loads Strapi itself), and the site built from both.
it.override('portalOptions', {
  beforeStart: async (cms) => {
    const generated = await runScript('tools/generate-corpus.ts', { ...cms.env, PRAXIS_WEBHOOKS: 'off' }, ['--resources', String(SYNTHETIC)]);
    expect(generated.code, generated.output).toBe(0);
  },
});

describe('the resource catalogue in pages, on a catalogue larger than one page', () => {
  let open: (path: string) => Promise<Page>;
  let portal: TestPortal;

  it.beforeAll(async ({ portal: started, open: opener }) => {
    portal = started;
    open = (path) => opener(path);
  }, 400_000);

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
    const check = await checkRelease(portal.site.dist, { source: cmsSource(portal.cms.url), siteUrl: `${portal.site.url}/` });
    expect(check.problems).toEqual([]);
    expect(check.checked.itemPages).toBeGreaterThan(TOTAL * 4);
  });
});
