import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { getLocale, localeCodes } from '@praxis/contract/locales';
import type { TestCms } from '../../scripts/local/throwaway/cms.ts';
import { portalTest } from '../support/harness.ts';
import { seed as seedItems, seedResources as seeds } from '../support/seed.ts';
import type { TestSite } from '../../scripts/local/throwaway/site.ts';
import '../support/cms-admin-built.ts';

const titlesIn = (locale: string) => seeds.flatMap((seed) => seed.translations[locale]?.title ?? []);

describe('the portal in a browser, built from a seeded CMS', () => {
  let cms: TestCms;
  let site: TestSite;
  let browser: Browser;
  let open: (path: string, locale?: string) => Promise<Page>;

  // The portal of the harness: the CMS knows the site's origin, as in `npm start` (the player gets
  // the video and its captions from that origin itself).
  portalTest.beforeAll(async ({ portal, open: opener }) => {
    ({ cms, site, browser } = portal);
    open = (path, locale) => opener(path, locale ? { locale } : {});
  });

  async function searchAndOpenFirst(locale: string, query: string): Promise<Page> {
    const page = await open(`/${locale}/search/`);
    await page.getByRole('searchbox').fill(query);
    await page.getByRole('searchbox').press('Enter');
    // Campaign, video and other pages are found too: open the first resource among the results.
    const first = page.locator(`.search-results a[href^="/${locale}/resources/"]`).first();
    await first.waitFor();
    await first.click();
    await page.waitForURL(new RegExp(`/${locale}/resources/`));
    return page;
  }

  it.each([
    // Events, webinars and campaigns on trafficking rank first for the bare word: a guide is asked for.
    ['lt', 'prekybos vadovas'],
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

  it('lists every seeded resource in each locale’s catalogue, in that language where it exists, with <html lang> set', async () => {
    for (const locale of localeCodes) {
      const page = await open(`/${locale}/resources/`);
      expect(await page.locator('html').getAttribute('lang')).toBe(getLocale(locale).lang);
      const titles = await page.locator('.card h3').allTextContents();
      expect(titles).toHaveLength(seeds.length);
      expect(titles).toEqual(expect.arrayContaining(titlesIn(locale)));
      await page.context().close();
    }
  });

  it('switches language on a resource page to the same resource in the other language', async () => {
    const seed = seeds.find((candidate) => candidate.translations.it && candidate.translations.lt)!;
    const page = await open(`/it/resources/${seed.translations.it!.slug}/`);
    await page.getByRole('navigation', { name: 'Lingua' }).getByRole('link', { name: 'Lietuvių' }).click();
    await page.waitForURL(`**/lt/resources/${seed.translations.lt!.slug}/`);
    expect(await page.locator('h1').textContent()).toBe(seed.translations.lt!.title);
    await page.context().close();
  });

  it('offers the reader’s language first among the downloads, and the file downloads', async () => {
    const seed = seeds.find((candidate) => candidate.translations.ro)!;
    const page = await open(`/ro/resources/${seed.translations.ro!.slug}/`);
    const links = page.locator('.downloads a');
    expect(await links.count()).toBe(Object.keys(seed.translations).length);
    expect(await links.first().getAttribute('hreflang')).toBe('ro');
    const response = await page.request.get(new URL((await links.first().getAttribute('href'))!, page.url()).href);
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
          await new Promise((resolve, reject) => {
            captions.addEventListener('load', resolve, { once: true });
            captions.addEventListener('error', () => reject(new Error('the captions did not load')), { once: true });
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

  it('loads no player code until the visitor asks for the video, then plays it with captions in the page’s language and no shift', async () => {
    const spot = seedItems.find((item) => item.spec.folder === 'videos')!;
    const slug = spot.translations.ro!.slug as string;
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    const scripts: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('response', async (response) => {
      if (response.request().resourceType() === 'script') scripts.push(await response.text().catch(() => ''));
    });
    await page.addInitScript(() => {
      const shifts: number[] = [];
      (globalThis as unknown as { praxisShifts: number[] }).praxisShifts = shifts;
      new PerformanceObserver((list) => list.getEntries().forEach((entry) => shifts.push((entry as unknown as { value: number }).value))).observe({
        type: 'layout-shift',
        buffered: true,
      });
    });
    await page.goto(`${site.url}/ro/videos/${slug}/`, { waitUntil: 'networkidle' });
    // The player (Mux Player and its Media Chrome theme) is not among the scripts the page loaded.
    expect(scripts.some((source) => source.includes('media-theme-gerwig'))).toBe(false);
    expect(await page.locator('mux-player').count()).toBe(0);
    const facade = (await page.locator('praxis-video').boundingBox())!;
    const loadedBefore = scripts.length;

    const play = page.getByRole('button', { name: /Redă videoclipul/ });
    await play.focus();
    await page.keyboard.press('Enter');
    await page.locator('mux-player').waitFor();
    await page.waitForFunction(() => !(document.querySelector('mux-player') as HTMLMediaElement | null)?.paused);
    expect(scripts.slice(loadedBefore).some((source) => source.includes('media-theme-gerwig'))).toBe(true);

    const player = (await page.locator('mux-player').boundingBox())!;
    expect(player.width).toBeCloseTo(facade.width, 0);
    expect(player.height).toBeCloseTo(facade.height, 0);
    const shifted = await page.evaluate(() => (globalThis as unknown as { praxisShifts: number[] }).praxisShifts.reduce((sum, value) => sum + value, 0));
    expect(shifted).toBeLessThan(0.01);

    const tracks = await page.evaluate(() =>
      [...((document.querySelector('mux-player') as HTMLMediaElement).textTracks ?? [])]
        .filter((track) => track.kind === 'captions')
        .map((track) => [track.language, track.mode]),
    );
    expect(tracks).toContainEqual(['ro', 'showing']);
    expect(tracks.filter(([, mode]) => mode === 'showing')).toHaveLength(1);
    // Only the site's own origin, the video and its captions included: no analytics, no cast
    // framework, no fonts from elsewhere, nothing from the CMS's origin.
    const origins = new Set(requests.map((url) => new URL(url).origin));
    expect([...origins]).toEqual([new URL(site.url).origin]);
    await context.close();
  });

  it('shows the full transcript beside the video, inside what search indexes', async () => {
    const spot = seedItems.find((item) => item.spec.folder === 'videos')!;
    const version = spot.translations.lt!;
    const [slug, transcript] = [version.slug as string, version.transcript as string];
    const page = await open(`/lt/videos/${slug}/`);
    expect(await page.locator('main[data-pagefind-body] .transcript').textContent()).toContain(transcript.slice(0, 60));
    await page.context().close();
  });

  it.each([
    ['lt', 'prekyba', 'prekybą'],
    ['lt', 'zmonemis', 'žmonėmis'],
    ['it', 'tratte', 'tratta'],
    ['pt', 'tráficos', 'tráfico'],
  ])('searches the %s field pack from disk: "%s" finds items with "%s", whose files are inside the pack', async (locale, query, word) => {
    const zip = readFileSync(join(site.dist, locale, 'field-pack', `praxis-field-pack-${locale}.zip`));
    const folder = mkdtempSync(join(tmpdir(), 'praxis-pack-'));
    for (const [name, bytes] of Object.entries(unzipSync(new Uint8Array(zip)))) {
      mkdirSync(dirname(join(folder, name)), { recursive: true });
      writeFileSync(join(folder, name), bytes);
    }
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(join(folder, 'index.html')).href);
    await page.getByRole('searchbox').fill(query);
    const found = page.locator('#pack-items > li:not([hidden])');
    expect(await found.count()).toBeGreaterThan(0);
    const hidden = await page.locator('#pack-items > li[hidden]').count();
    expect(hidden).toBeGreaterThan(0);
    const text = (await found.allTextContents()).join(' ').toLowerCase();
    expect(text).toContain(word.toLowerCase());
    const href = await found.first().locator('a').first().getAttribute('href');
    expect(existsSync(join(folder, href!))).toBe(true);
    // Everything came from the unzipped folder.
    for (const url of requests) expect(url).toMatch(/^file:/);
    await context.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('finds, in the field pack, a resource by a word that only its body holds', async () => {
    const resource = seedItems
      .filter((item) => item.spec.folder === 'resources')
      .map((item) => (item.translations as unknown as Partial<Record<string, { title: string; summary: string; body?: string }>>).it)
      .find((translation) => translation?.body)!;
    const shown = `${resource.title} ${resource.summary}`.toLowerCase();
    const word = resource
      .body!.toLowerCase()
      .match(/\p{L}{8,}/gu)!
      .find((candidate) => !shown.includes(candidate))!;
    expect(word).toBeDefined();

    const zip = unzipSync(new Uint8Array(readFileSync(join(site.dist, 'it', 'field-pack', 'praxis-field-pack-it.zip'))));
    const folder = mkdtempSync(join(tmpdir(), 'praxis-pack-'));
    for (const [name, bytes] of Object.entries(zip)) {
      mkdirSync(dirname(join(folder, name)), { recursive: true });
      writeFileSync(join(folder, name), bytes);
    }
    const page = await (await browser.newContext()).newPage();
    await page.goto(pathToFileURL(join(folder, 'index.html')).href);
    await page.getByRole('searchbox').fill(word);
    expect(await page.locator('#pack-items > li:not([hidden])').allTextContents()).toContainEqual(expect.stringContaining(resource.title));
    await page.context().close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('sends a visitor from / to the language the browser prefers', async () => {
    const page = await open('/', 'ro-RO');
    await page.waitForURL('**/ro/');
    expect(await page.locator('html').getAttribute('lang')).toBe('ro-RO');
    await page.context().close();
  });
});
