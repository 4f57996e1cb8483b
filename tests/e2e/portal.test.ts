import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDir } from '../../scripts/lib/paths.ts';
import { loadSeed } from '../../scripts/lib/seed-content.ts';
import { getLocale, localeCodes } from '../../site/i18n/locales.ts';
import { launchChromium } from '../support/browser.ts';
import { createTestCms, type TestCms } from '../support/cms.ts';
import { buildTestSite, serveSite, type TestSite } from '../support/site.ts';

const seeds = loadSeed(contentDir)
  .filter((item) => item.spec.folder === 'resources')
  .map((item) => ({ file: item.file, resource: { translations: item.translations as Partial<Record<string, { title: string; slug: string }>> } }));
const titlesIn = (locale: string) => seeds.flatMap((seed) => seed.resource.translations[locale]?.title ?? []);

describe('the portal in a browser, built from a seeded CMS', () => {
  let cms: TestCms;
  let site: TestSite;
  let browser: Browser;

  beforeAll(async () => {
    cms = await createTestCms({ database: 'sqlite' });
    const seeded = await cms.seed();
    expect(seeded.code, seeded.output).toBe(0);
    await cms.start();
    const built = await buildTestSite(cms.url, cms.env);
    expect(built.code, built.output).toBe(0);
    site = await serveSite(built.dist);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    await cms?.destroy();
  });

  async function open(path: string, locale?: string): Promise<Page> {
    const context = await browser.newContext(locale ? { locale } : {});
    const page = await context.newPage();
    await page.goto(`${site.url}${path}`);
    return page;
  }

  async function searchAndOpenFirst(locale: string, query: string): Promise<Page> {
    const page = await open(`/${locale}/search/`);
    await page.getByRole('searchbox').fill(query);
    await page.getByRole('searchbox').press('Enter');
    const first = page.locator('.search-results a').first();
    await first.waitFor();
    await first.click();
    await page.waitForURL(new RegExp(`/${locale}/resources/`));
    return page;
  }

  it.each([
    ['lt', 'prekybos'],
    ['ro', 'traficul'],
  ])('searches in %s for "%s" and opens a resource written in that language', async (locale, query) => {
    const page = await searchAndOpenFirst(locale, query);
    expect(await page.locator('html').getAttribute('lang')).toBe(getLocale(locale).lang);
    expect(titlesIn(locale)).toContain(await page.locator('h1').textContent());
    await page.context().close();
  });

  it('finds only pages of the language searched in', async () => {
    const page = await open('/lt/search/?q=prekybos');
    await page.locator('.search-results a').first().waitFor();
    const hrefs = await page.locator('.search-results a').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^\/lt\//);
    await page.context().close();
  });

  it('lists the seeded resources on each locale home, with <html lang> set', async () => {
    for (const locale of localeCodes) {
      const page = await open(`/${locale}/`);
      expect(await page.locator('html').getAttribute('lang')).toBe(getLocale(locale).lang);
      expect((await page.locator('.card h3').allTextContents()).sort()).toEqual(titlesIn(locale).sort());
      await page.context().close();
    }
  });

  it('switches language on a resource page to the same resource in the other language', async () => {
    const seed = seeds.find((candidate) => candidate.resource.translations.it && candidate.resource.translations.lt)!;
    const page = await open(`/it/resources/${seed.resource.translations.it!.slug}/`);
    await page.getByRole('navigation', { name: 'Lingua' }).getByRole('link', { name: 'Lietuvių' }).click();
    await page.waitForURL(`**/lt/resources/${seed.resource.translations.lt!.slug}/`);
    expect(await page.locator('h1').textContent()).toBe(seed.resource.translations.lt!.title);
    await page.context().close();
  });

  it('offers the reader’s language first among the downloads, and the file downloads', async () => {
    const seed = seeds.find((candidate) => candidate.resource.translations.ro)!;
    const page = await open(`/ro/resources/${seed.resource.translations.ro!.slug}/`);
    const links = page.locator('.downloads a');
    expect(await links.count()).toBe(Object.keys(seed.resource.translations).length);
    expect(await links.first().getAttribute('hreflang')).toBe('ro');
    const response = await page.request.get((await links.first().getAttribute('href'))!);
    expect((await response.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await page.context().close();
  });

  it('logs into the CMS admin with the first account generated for this portal', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${cms.url}/admin`);
    await page.getByLabel('Email').fill(cms.env.PRAXIS_ADMIN_EMAIL!);
    await page.getByLabel('Password').fill(cms.env.PRAXIS_ADMIN_PASSWORD!);
    await page.getByRole('button', { name: 'Login' }).click();
    await page.waitForURL((url) => !url.pathname.includes('/auth/'));
    await expect(page.getByRole('heading', { level: 1 }).first().textContent()).resolves.toBe('Hello Praxis');
    await context.close();
  });

  it('plays the seeded spot video in the browser, with captions in each language', async () => {
    const response = await fetch(`${cms.url}/api/spot-videos?locale=lt&populate[video][fields][0]=url&populate[captions][populate][file][fields][0]=url`);
    const [spot] = ((await response.json()) as { data: Array<{ video: { url: string }; captions: Array<{ language: string; file: { url: string } }> }> }).data;
    expect(spot!.captions.map((track) => track.language).sort()).toEqual([...localeCodes].sort());
    const lithuanian = spot!.captions.find((track) => track.language === 'lt')!;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${cms.url}/admin`);
    const played = await page.evaluate(
      async ({ video, track }) => {
        const element = document.createElement('video');
        element.muted = true;
        element.crossOrigin = 'anonymous';
        const captions = Object.assign(document.createElement('track'), { kind: 'captions', srclang: 'lt', src: track, default: true });
        element.append(captions);
        element.src = video;
        document.body.append(element);
        await new Promise((resolve, reject) => {
          element.addEventListener('loadeddata', resolve, { once: true });
          element.addEventListener('error', () => reject(new Error(`video error ${element.error?.code}`)), { once: true });
        });
        await element.play();
        if (captions.readyState !== 2) {
          await new Promise((resolve) => {
            captions.addEventListener('load', resolve, { once: true });
            setTimeout(resolve, 5000);
          });
        }
        return { duration: element.duration, width: element.videoWidth, cues: captions.track.cues?.length ?? 0 };
      },
      { video: `${cms.url}${spot!.video.url}`, track: `${cms.url}${lithuanian.file.url}` },
    );
    expect(played.duration).toBeGreaterThan(19);
    expect(played.width).toBe(640);
    expect(played.cues).toBeGreaterThan(0);
    await context.close();
  });

  it('sends a visitor from / to the language the browser prefers', async () => {
    const page = await open('/', 'ro-RO');
    await page.waitForURL('**/ro/');
    expect(await page.locator('html').getAttribute('lang')).toBe('ro-RO');
    await page.context().close();
  });
});
