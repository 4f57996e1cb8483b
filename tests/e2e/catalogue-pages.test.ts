import { decodeXML } from 'entities';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { runScript } from '../../scripts/local/throwaway/cms.ts';
import { checkRelease } from '../../scripts/pipeline/release-check.ts';
import { cmsSource } from '../../site/lib/cms-source.ts';
import { CATALOGUE_PAGE_SIZE, FEED_LENGTH } from '../../site/lib/paging.ts';
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

  it('gives feed readers the newest items only, newest first', async () => {
    const feed = await (await fetch(`${portal.site.url}/it/rss.xml`)).text();
    const items = [...feed.matchAll(/<item>([\s\S]*?)<\/item>/g)].map(([, item]) => ({
      title: decodeXML(/<title>([^<]*)<\/title>/.exec(item!)![1]!),
      // RFC 822 dates have whole seconds.
      seconds: Date.parse(/<pubDate>([^<]*)<\/pubDate>/.exec(item!)![1]!) / 1000,
    }));
    const source = cmsSource(portal.cms.url);
    const published = (
      await Promise.all(['resources', 'webinars'].map((collection) => source.fetch(collection, 'it', 'fields[0]=title&fields[1]=publishedAt')))
    )
      .flat()
      .map((entry) => {
        const { title, publishedAt } = entry as { title: string; publishedAt: string };
        return { title, seconds: Math.floor(Date.parse(publishedAt) / 1000) };
      });
    // More items than a feed carries, so that some are left out.
    expect(published.length).toBeGreaterThan(FEED_LENGTH);
    expect(items).toHaveLength(FEED_LENGTH);
    expect(items.map((item) => item.seconds)).toEqual(items.map((item) => item.seconds).sort((a, b) => b - a));
    // What is left out is no newer than the oldest item in the feed.
    const oldest = items.at(-1)!.seconds;
    const newer = published.filter((entry) => entry.seconds > oldest).map((entry) => entry.title);
    expect(items.map((item) => item.title)).toEqual(expect.arrayContaining(newer));
  });

  it('passes the publisher’s check: every item has its pages, no link leads nowhere', async () => {
    const check = await checkRelease(portal.site.dist, { source: cmsSource(portal.cms.url), siteUrl: `${portal.site.url}/` });
    expect(check.problems).toEqual([]);
    expect(check.checked.itemPages).toBeGreaterThan(TOTAL * 4);
  });
});
