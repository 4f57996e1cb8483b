import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { templates, type Template } from '../../scripts/local/throwaway/templates.ts';
import { contentDir } from '../../scripts/pipeline/paths.ts';
import { loadSeed } from '../../scripts/local/seed-content.ts';
import { getLocale, localeCodes } from '@praxis/contract/locales';
import { portalTest } from '../support/harness.ts';
import type { TestSite } from '../../scripts/local/throwaway/site.ts';

const seed = loadSeed(contentDir);
const slugs = (folder: string, key: string) => {
  const item = seed.find((candidate) => candidate.spec.folder === folder && candidate.file.endsWith(`/${key}.json`))!;
  return Object.fromEntries(Object.entries(item.translations).map(([locale, version]) => [locale, version.slug as string]));
};

// The run's portal with the test content: a resource carrying hostile markup among it (`test-content.ts`).
portalTest.override('portalOptions', { content: 'test' });

describe('every page of the portal, built from the seeded CMS', () => {
  let site: TestSite;
  let browser: Browser;
  let pages: Template[];
  let open: (path: string) => Promise<Page>;

  portalTest.beforeAll(async ({ portal, open: opener }) => {
    ({ site, browser } = portal);
    pages = templates(site.dist);
    open = (path) => opener(path);
  });

  // axe on every one of these pages, at 390 and 1366 px among other widths, is in the design audits
  // (`design-<width>.test.ts`), which open this same portal's pages.
  it('has every kind of page in every locale', () => {
    const routes = pages.map((template) => template.route);
    for (const route of [
      '[locale]',
      '[locale]/resources',
      '[locale]/resources/[slug]',
      '[locale]/resources/[facet]/[value]',
      '[locale]/events',
      '[locale]/events/[slug]',
      '[locale]/reports/[slug]',
      '[locale]/projects',
      '[locale]/projects/[slug]',
      '[locale]/good-practices/[slug]',
      '[locale]/webinars/[slug]',
      '[locale]/videos/[slug]',
      '[locale]/campaigns/[slug]',
      '[locale]/helplines',
      '[locale]/[info]',
      '[locale]/field-pack',
    ]) {
      expect(routes).toContain(route);
      const template = pages.find((candidate) => candidate.route === route)!;
      expect(Object.keys(template.pages).sort()).toEqual([...localeCodes].sort());
    }
  });

  it('falls back to Italian with a notice, noindex and only real hreflang alternates when a project is missing in Lithuanian', async () => {
    const contratto = slugs('projects', 'contratto');
    expect(contratto.lt).toBeUndefined();
    const page = await open(`/lt/projects/${contratto.it}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('lt-LT');
    expect(await page.locator('article').getAttribute('lang')).toBe('it-IT');
    await expect(page.locator('.fallback-notice').textContent()).resolves.toContain('Dar neišversta į lietuvių kalbą.');
    expect(await page.locator('meta[name="robots"]').getAttribute('content')).toContain('noindex');
    const hreflangs = await page.locator('link[rel="alternate"][hreflang]').evaluateAll((links) => links.map((link) => link.getAttribute('hreflang')));
    expect(hreflangs.sort()).toEqual(['it-IT', 'pt-PT', 'ro-RO']);
    // The switcher still reaches the project in every language.
    await page.getByRole('navigation', { name: 'Kalba' }).getByRole('link', { name: 'Română' }).click();
    await page.waitForURL(`**/ro/projects/${contratto.ro}/`);
    await page.context().close();

    const directory = await open('/lt/projects/');
    const card = directory.locator('.card', { has: directory.locator(`a[href="/lt/projects/${contratto.it}/"]`) });
    await expect(card.locator('.badge-missing').textContent()).resolves.toBe('Dar ne lietuvių kalba');
    await directory.context().close();
  });

  it('keeps fallback pages out of search and of the sitemap, and lists the real translations there', async () => {
    const practice = slugs('good-practices', 'asit-slovakia-police-support-units');
    const sitemap = await (await fetch(`${site.url}/sitemap.xml`)).text();
    expect(sitemap).not.toContain(`/lt/good-practices/${practice.it}/`);
    expect(sitemap).toContain(`<loc>${site.url}/it/good-practices/${practice.it}/</loc>`);
    expect(sitemap).toContain(`hreflang="ro-RO" href="${site.url}/ro/good-practices/${practice.ro}/"`);
    const fallback = await (await fetch(`${site.url}/lt/good-practices/${practice.it}/`)).text();
    expect(fallback).not.toContain('data-pagefind-body');
  });

  it('links workshop reports and their events both ways', async () => {
    const report = slugs('reports', 'asit-report-krakow');
    const event = slugs('events', 'asit-exchange-krakow');
    const page = await open(`/ro/reports/${report.ro}/`);
    await page.getByRole('link', { name: seed.find((item) => item.file.endsWith('/asit-exchange-krakow.json'))!.translations.ro!.title as string }).click();
    await page.waitForURL(`**/ro/events/${event.ro}/`);
    expect(await page.locator(`a[href="/ro/reports/${report.ro}/"]`).count()).toBe(1);
    await page.context().close();
  });

  it('reaches the quick exit first, then the skip link, and leaves through the quick exit by keyboard, with no way back', async () => {
    const page = await open('/pt/resources/');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Sair já');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL('https://www.wikipedia.org/');
    await page.goBack();
    expect(page.url()).not.toContain('/pt/resources/');
    await page.context().close();

    const shifted = await open('/lt/');
    for (let press = 0; press < 3; press++) await shifted.keyboard.press('Shift');
    await shifted.waitForURL('https://www.wikipedia.org/');
    await shifted.context().close();
  });

  it('shows a partner’s hostile markup as harmless text: no script, handler, frame or javascript: link runs', async () => {
    const page = await open('/it/resources/risorsa-con-markup-ostile/');
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const article = page.locator('article');
    await expect(article.locator('strong').first().textContent()).resolves.toBe('grassetto');
    expect(await article.locator('script, iframe, [onerror], [onclick]').count()).toBe(0);
    expect(await article.locator('a[href^="javascript:"]').count()).toBe(0);
    // An image from another host is not loaded: it is a link the reader may follow.
    expect(await article.locator('img[src*="tracker.example.net"]').count()).toBe(0);
    expect(await article.locator('a[href="https://tracker.example.net/pixel.gif"]').textContent()).toBe('traccia');
    expect(await page.evaluate(() => (globalThis as unknown as { praxisPwned?: string }).praxisPwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(await page.locator('html').getAttribute('lang')).toBe(getLocale('it').lang);
    await page.context().close();
  });

  it('puts a partner’s summary in the feed as text, which a feed reader cannot turn into live markup', async () => {
    const feed = await (await fetch(`${site.url}/it/rss.xml`)).text();
    const item = feed.split('<item>').find((candidate) => candidate.includes('risorsa-con-markup-ostile'))!;
    expect(item).toBeDefined();
    // What a feed reader gets once it has read the XML, and then renders as HTML.
    const description = /<description>([^<]*)<\/description>/
      .exec(item)![1]!
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&quot;', '"')
      .replaceAll('&amp;', '&');
    expect(description).toBe('Una voce di prova con markup incollato.');
    expect(description).not.toMatch(/<[a-z]/i);
  });

  it.each([
    ['a phone', { width: 390, height: 844 }],
    ['a desktop', { width: 1366, height: 900 }],
  ])(
    'tells a Lithuanian visitor on %s that no Lithuanian helpline is listed and gives 112, and an Italian visitor the Italian numbers',
    async (_device, viewport) => {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const strip = page.locator('.helpline-strip');
      const numbersIn = async (scope: typeof strip) =>
        (await scope.locator('a[href^="tel:"]').evaluateAll((links) => links.map((link) => link.getAttribute('href')))).sort();

      await page.goto(`${site.url}/lt/`);
      await expect(strip.locator('.no-helpline').textContent()).resolves.toBe(
        'Lietuva: pagalbos linijų dar neturime. Iškilus tiesioginiam pavojui, skambinkite nemokamu bendruoju Europos pagalbos numeriu: 112',
      );
      expect(await numbersIn(strip)).toEqual(['tel:112']);
      await strip.getByRole('link', { name: 'Visos pagalbos linijos' }).click();
      await page.waitForURL(`${site.url}/lt/helplines/`);
      const main = page.locator('main');
      await expect(main.locator('h2').allTextContents()).resolves.toEqual(['Pagalbos linijos: Lietuva', 'Pagalbos linijos kitose šalyse']);
      // 112 under the visitor's country, the other countries' numbers below their own heading.
      await expect(main.locator('#own-country + .no-helpline a').getAttribute('href')).resolves.toBe('tel:112');
      expect(await numbersIn(main)).toEqual(['tel:112', 'tel:800186086', 'tel:800290290']);

      await page.goto(`${site.url}/it/`);
      expect(await numbersIn(strip)).toEqual(['tel:800186086', 'tel:800290290']);
      const text = (await strip.textContent()) ?? '';
      expect(text).toContain('(Toscana)');
      expect(text).not.toMatch(/Italia|112/);
      await context.close();
    },
  );
});
