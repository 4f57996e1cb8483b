/**
 * Journeys of a visitor who may be watched: reaching a teaching kit and leaving at once by every
 * way the quick exit offers, with no way Back into Praxis, on a phone and on a desktop, in two
 * languages; and watching a campaign spot on a phone.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { contentDir } from '../../scripts/pipeline/paths.ts';
import { loadSeed } from '../../scripts/local/seed-content.ts';
import { useTranslations } from '../../site/i18n/t.ts';
import { portalTest } from '../support/harness.ts';
import type { TestSite } from '../../scripts/local/throwaway/site.ts';

const NEUTRAL = 'https://www.wikipedia.org/';
const seed = loadSeed(contentDir);
const slugOf = (folder: string, file: string, locale: string) =>
  seed.find((item) => item.spec.folder === folder && item.file.endsWith(`/${file}.json`))!.translations[locale]!.slug as string;

const devices = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1366, height: 900 } },
} as const;
type Device = keyof typeof devices;

describe('journeys of a visitor who may be watched', () => {
  let site: TestSite;
  let browser: Browser;

  portalTest.beforeAll(async ({ portal }) => {
    ({ site, browser } = portal);
  });

  async function visitor(device: Device): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext(devices[device]);
    // The neutral site, answered here: the machine has no internet.
    await context.route(`${NEUTRAL}**`, (route) => route.fulfill({ contentType: 'text/html', body: '<title>Neutral</title><h1>Neutral</h1>' }));
    return { context, page: await context.newPage() };
  }

  /** Home, the catalogue, then the teaching kit, by following links as a person does. */
  async function reachTheKit(page: Page, locale: string): Promise<void> {
    const t = useTranslations(locale);
    await page.goto(`${site.url}/${locale}/`);
    const navigation = page.getByRole('navigation', { name: t('nav.main') });
    const resources = navigation.getByRole('link', { name: t('nav.resources'), exact: true });
    // On a phone the sections are folded under the menu's button, as a person finds them.
    if (!(await resources.isVisible())) await page.locator('.site-menu > summary', { hasText: t('nav.menu') }).click();
    await resources.click();
    await page.waitForURL(`**/${locale}/resources/`);
    const kit = slugOf('resources', 'connect-teaching-kit', locale);
    await page.locator(`main a[href="/${locale}/resources/${kit}/"]`).first().click();
    await page.waitForURL(`**/${locale}/resources/${kit}/`);
  }

  /** After leaving: the neutral site, and neither Back nor Forward shows a Praxis page. */
  async function expectGoneForGood(page: Page): Promise<void> {
    await page.waitForURL(NEUTRAL);
    await page.goBack().catch(() => null);
    expect(page.url().startsWith(site.url)).toBe(false);
    await page.goForward().catch(() => null);
    // Forward may reach a Praxis entry the browser kept: it leaves again at once.
    await page.waitForURL((url) => !url.href.startsWith(site.url));
    expect(page.url().startsWith(site.url)).toBe(false);
  }

  const cases = (['phone', 'desktop'] as const).flatMap((device) => (['lt', 'pt'] as const).map((locale) => [device, locale] as const));

  it.each(cases)('on a %s in %s: the quick exit stays on screen after scrolling, and a tap leaves with no way back', async (device, locale) => {
    const { context, page } = await visitor(device);
    await reachTheKit(page, locale);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForFunction(() => window.scrollY > 0);
    const button = page.getByRole('link', { name: useTranslations(locale)('quickexit.label') });
    const box = (await button.boundingBox())!;
    const height = devices[device].viewport.height;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(height);
    // Nothing lies over it: the point at its centre belongs to the button.
    expect(
      await button.evaluate((element) => {
        const rect = element.getBoundingClientRect();
        return element.contains(document.elementFromPoint(rect.x + rect.width / 2, rect.y + rect.height / 2));
      }),
    ).toBe(true);
    if (device === 'phone') await button.tap();
    else await button.click();
    await expectGoneForGood(page);
    await context.close();
  });

  it.each(cases)('on a %s in %s: with the search dialog open, the quick exit is still there and leaves with no way back', async (device, locale) => {
    const { context, page } = await visitor(device);
    await reachTheKit(page, locale);
    const t = useTranslations(locale);
    await page.getByRole('link', { name: t('nav.search') }).click();
    const dialog = page.locator('dialog.search-dialog[open]');
    await dialog.waitFor();
    const button = dialog.getByRole('link', { name: t('quickexit.label') });
    expect(await button.isVisible()).toBe(true);
    if (device === 'phone') await button.tap();
    else await button.click();
    await expectGoneForGood(page);
    await context.close();
  });

  it.each(['it', 'ro'])('on a desktop in %s: Shift pressed three times leaves, even while typing in the search dialog', async (locale) => {
    const { context, page } = await visitor('desktop');
    await reachTheKit(page, locale);
    const t = useTranslations(locale);
    expect(await page.getByText(t('quickexit.hint')).isVisible()).toBe(true);
    await page.keyboard.press('/');
    await page.locator('dialog.search-dialog[open]').waitFor();
    await page.keyboard.type('kit');
    for (let press = 0; press < 3; press++) await page.keyboard.press('Shift');
    await expectGoneForGood(page);
    await context.close();
  });

  it.each(['lt', 'it'])('in %s, the keyboard reaches the quick exit first; on a phone the keyboard hint is not shown', async (locale) => {
    const t = useTranslations(locale);
    const { context, page } = await visitor('desktop');
    await page.goto(`${site.url}/${locale}/helplines/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(t('quickexit.label'));
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await context.close();

    const phone = await visitor('phone');
    await phone.page.goto(`${site.url}/${locale}/helplines/`);
    expect(await phone.page.getByText(t('quickexit.hint')).isVisible()).toBe(false);
    await phone.context.close();
  });

  it.each(['lt', 'ro'])('in %s, the footer leads to the page on browsing safely, which tells how to clear the history', async (locale) => {
    const t = useTranslations(locale);
    const { context, page } = await visitor('phone');
    await page.goto(`${site.url}/${locale}/`);
    await page
      .locator('footer')
      .getByRole('link', { name: t('quickexit.safely') })
      .click();
    await page.waitForURL(`**/${locale}/browse-safely/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(t('info.browse-safely.title'));
    expect(await page.locator('main').textContent()).toContain('Ctrl+Shift+Delete');
    await context.close();
  });

  it.each(['lt', 'pt'])(
    'on a phone in %s: the play control is never covered, a tap plays in the page with captions in the language, and the file link sits below',
    async (locale) => {
      const t = useTranslations(locale);
      const { context, page } = await visitor('phone');
      await page.goto(`${site.url}/${locale}/videos/${slugOf('videos', 'connect-awareness-spot', locale)}/`);
      const facade = page.locator('praxis-video');
      const play = facade.locator('.video-play');
      expect(
        await play.evaluate((element) => {
          element.scrollIntoView({ block: 'center' });
          const rect = element.getBoundingClientRect();
          // Its four corners, just inside the rounded border, and its centre.
          const inset = 8;
          const corners = [
            [rect.left + inset, rect.top + inset],
            [rect.right - inset, rect.top + inset],
            [rect.left + inset, rect.bottom - inset],
            [rect.right - inset, rect.bottom - inset],
            [rect.left + rect.width / 2, rect.top + rect.height / 2],
          ];
          return corners.map(([x, y]) =>
            element.contains(document.elementFromPoint(x!, y!)) ? 'play' : `${document.elementFromPoint(x!, y!)?.outerHTML.slice(0, 80)} at ${x},${y}`,
          );
        }),
      ).toEqual(['play', 'play', 'play', 'play', 'play']);
      const frame = (await facade.boundingBox())!;
      const fileLink = page.getByRole('link', { name: t('video.file') });
      const file = (await fileLink.boundingBox())!;
      expect(file.y).toBeGreaterThanOrEqual(frame.y + frame.height);
      expect(await fileLink.getAttribute('download')).not.toBeNull();

      await play.tap();
      const player = page.locator('mux-player');
      await player.waitFor();
      await page.waitForFunction(() => !(document.querySelector('mux-player') as HTMLMediaElement | null)?.paused);
      expect(page.url()).toContain(`/${locale}/videos/`);
      expect(await player.getAttribute('playsinline')).not.toBeNull();
      await page.waitForFunction(
        (language) =>
          [...((document.querySelector('mux-player') as HTMLMediaElement).textTracks ?? [])].some(
            (track) => track.language === language && track.mode === 'showing',
          ),
        locale,
      );
      const showing = await page.evaluate(() =>
        [...((document.querySelector('mux-player') as HTMLMediaElement).textTracks ?? [])]
          .filter((track) => track.mode === 'showing')
          .map((track) => track.language),
      );
      expect(showing).toEqual([locale]);
      await context.close();
    },
  );
});
