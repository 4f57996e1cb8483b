import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestSite } from '../../scripts/local/throwaway/site.ts';
import { axeViolations } from '../support/axe.ts';
import { type Open, portalTest, requestsOf } from '../support/harness.ts';
import { DESKTOP, item, PHONE, slug, t } from '../support/seed.ts';
import { COVER } from '../support/test-content.ts';

const funders = (key: string, locale: string) =>
  item('projects', key).translations[locale]!.funders as Array<{ statement: string; disclaimer: string; programme: string }>;

/** A file of the image step: `/images/<content hash>-<width>.<format>` on the site's origin. */
const PICTURE_FILE = (origin: string) => new RegExp(`^${origin}/images/[0-9a-f]{20}-\\d+\\.(?:avif|webp|jpg|png)$`);

// The run's portal with the test content: ECAT's toolkit with a cover and UMAR with a logo among it (`test-content.ts`).
portalTest.override('portalOptions', { content: 'test' });

describe('funders acknowledged, and covers and logos served responsive from the site’s origin', () => {
  let site: TestSite;
  let cmsOrigin: string;
  let openPage: Open;

  portalTest.beforeAll(async ({ portal, open }) => {
    site = portal.site;
    openPage = open;
    cmsOrigin = new URL(portal.cms.url).origin;
  }, 400_000);

  /** Opens a page; with every request it makes. */
  async function open(path: string, viewport: { width: number; height: number }): Promise<{ page: Page; requests: string[] }> {
    const page = await openPage(path, { viewport });
    return { page, requests: requestsOf(page) };
  }

  /** What a `<picture>` offers: its sources' types and widths, and its `<img>`'s attributes. */
  async function pictureOf(page: Page, selector: string) {
    return page.locator(selector).evaluate((img: HTMLImageElement) => ({
      sources: [...img.closest('picture')!.querySelectorAll('source')].map((source) => ({ type: source.type, srcset: source.srcset })),
      src: img.getAttribute('src')!,
      width: img.getAttribute('width'),
      height: img.getAttribute('height'),
      loading: img.getAttribute('loading'),
      alt: img.getAttribute('alt'),
    }));
  }

  /** Every address a `<picture>` names, resolved: all on the site's own origin, under `/images/`, by content hash and width. */
  function addresses(picture: Awaited<ReturnType<typeof pictureOf>>): string[] {
    return [picture.src, ...picture.sources.flatMap((source) => source.srcset.split(',').map((candidate) => candidate.trim().split(' ')[0]!))].map(
      (path) => new URL(path, site.url).href,
    );
  }

  it.each([
    ['it', DESKTOP],
    ['lt', PHONE],
  ])('acknowledges ECAT’s funder on the project’s page and on a kit it produced, in %s, with the EU emblem and the disclaimer', async (locale, viewport) => {
    const [expected] = funders('ecat', locale);
    for (const path of [
      `/${locale}/projects/${slug('projects', 'ecat', locale)}/`,
      `/${locale}/resources/${slug('resources', 'ecat-partner-toolkit', locale)}/`,
    ]) {
      const { page, requests } = await open(path, viewport);
      const block = page.getByRole('region', { name: t(locale, 'projects.funding') });
      await expect.poll(() => block.count(), { message: path }).toBe(1);
      const text = await block.innerText();
      expect(text, path).toContain(expected!.statement);
      expect(text, path).toContain(expected!.programme);
      expect(text, path).toContain(expected!.disclaimer);
      // The emblem beside the statement, which says what it is: its alternative is empty.
      const emblem = await pictureOf(page, '.funding img');
      expect(emblem).toMatchObject({ alt: '', width: '72', height: '48', loading: 'lazy' });
      expect(emblem.sources.map((source) => source.type)).toEqual(['image/avif', 'image/webp']);
      for (const address of addresses(emblem)) expect(address, path).toMatch(PICTURE_FILE(site.url));
      expect(await axeViolations(page), path).toEqual([]);
      await block.scrollIntoViewIfNeeded();
      await expect
        .poll(() => page.locator('.funding img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { message: path })
        .toBe(true);
      expect(
        requests.filter((url) => url.startsWith(cmsOrigin)),
        path,
      ).toEqual([]);
    }
  });

  it('names a funder the sources know only by its programme, without an emblem', async () => {
    const { page } = await open(`/it/projects/${slug('projects', 'contratto', 'it')}/`, DESKTOP);
    const block = page.getByRole('region', { name: t('it', 'projects.funding') });
    expect(await block.innerText()).toContain(funders('contratto', 'it')[0]!.programme);
    expect(await block.locator('img').count()).toBe(0);
  });

  it.each([
    ['it', DESKTOP],
    ['lt', PHONE],
  ])('shows a kit’s cover in %s at its sizes and in modern formats from the site, above the fold at once, on cards lazily', async (locale, viewport) => {
    const { page, requests } = await open(`/${locale}/resources/${slug('resources', 'ecat-partner-toolkit', locale)}/`, viewport);
    const cover = await pictureOf(page, 'article img.cover');
    expect(cover).toMatchObject({ alt: COVER.alt[locale as 'it' | 'lt'], width: '640', height: '480', loading: 'eager' });
    expect(cover.sources.map((source) => source.type)).toEqual(['image/avif', 'image/webp']);
    for (const source of cover.sources)
      expect(source.srcset.split(',').map((candidate) => candidate.trim().split(' ')[1])).toEqual(['144w', '320w', '640w', '1280w']);
    for (const address of addresses(cover)) expect(address).toMatch(PICTURE_FILE(site.url));
    await expect.poll(() => page.locator('article img.cover').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    // Chromium takes the AVIF, from the site's origin, and the box was the image's size before it came.
    const loaded = await page
      .locator('article img.cover')
      .evaluate((img: HTMLImageElement) => ({ current: img.currentSrc, ratio: img.getBoundingClientRect().width / img.getBoundingClientRect().height }));
    expect(loaded.current).toMatch(new RegExp(`^${site.url}/images/[0-9a-f]{20}-640\\.avif$`));
    expect(loaded.ratio).toBeCloseTo(COVER.width / COVER.height, 2);
    // Within the screen's width on a phone: no horizontal scroll.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    const image = await fetch(loaded.current);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/avif');
    expect(requests.filter((url) => url.startsWith(cmsOrigin))).toEqual([]);

    // The catalogue's card: the same cover, smaller, loaded when it nears the screen.
    const catalogue = (await open(`/${locale}/resources/`, viewport)).page;
    const card = await pictureOf(catalogue, '.card img');
    expect(card).toMatchObject({ alt: '', width: '320', height: '240', loading: 'lazy' });
    for (const address of addresses(card)) expect(address).toMatch(PICTURE_FILE(site.url));
    // The cards without a cover keep their layout: no empty image.
    expect(await catalogue.locator('.card').count()).toBeGreaterThan(await catalogue.locator('.card img').count());
    expect(await axeViolations(catalogue)).toEqual([]);
  });

  it('shows a partner’s logo in the directory, lazily, at its proportions, from the site', async () => {
    const { page, requests } = await open('/pt/projects/', PHONE);
    const logo = await pictureOf(page, '#organisation-umar img');
    expect(logo).toMatchObject({ alt: '', width: '96', height: '48', loading: 'lazy' });
    expect(logo.sources.map((source) => source.type)).toEqual(['image/avif', 'image/webp']);
    for (const address of addresses(logo)) expect(address).toMatch(PICTURE_FILE(site.url));
    await page.locator('#organisation-umar').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('#organisation-umar img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(requests.filter((url) => url.startsWith(cmsOrigin))).toEqual([]);
    // Only the partner given a logo has one.
    expect(await page.locator('[id^="organisation-"] img').count()).toBe(1);
  });
});
