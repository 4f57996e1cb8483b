/**
 * The design system beyond the page audits (those are `design-<width>.test.ts`, one file a width,
 * see `tests/support/design.ts`): the header's menu with and without JavaScript, and the print view
 * of the pages people print.
 */
import { extractText } from 'unpdf';
import { describe, expect } from 'vitest';
import { templates, type Template } from '../../scripts/local/throwaway/templates.ts';
import { useTranslations } from '../../site/i18n/t.ts';
import { portalTest as it } from '../support/harness.ts';
import type { TestPortal } from '../support/portal.ts';

describe('the design system: the menu and the print view', () => {
  let portal: TestPortal;
  let pages: Template[];

  // The run's shared seeded portal (the harness's): this file only reads it.
  it.beforeAll(async ({ portal: started }) => {
    portal = started;
    pages = templates(portal.site.dist);
  });

  it.each([
    ['without JavaScript', false],
    ['with JavaScript', true],
  ])('folds the menu on a phone and opens it with its button, %s; shows it open on a laptop', async (_how, javaScriptEnabled) => {
    const t = useTranslations('ro');
    const phone = await portal.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, javaScriptEnabled });
    const page = await phone.newPage();
    await page.goto(`${portal.site.url}/ro/`);
    const navigation = page.getByRole('navigation', { name: t('nav.main') });
    const resources = navigation.getByRole('link', { name: t('nav.resources'), exact: true });
    expect(await resources.isVisible()).toBe(false);
    const header = (await page.locator('.site-header').boundingBox())!;
    expect(header.height, 'the folded header leaves most of the first screen to the page').toBeLessThan(844 * 0.25);
    await page.locator('.site-menu > summary', { hasText: t('nav.menu') }).click();
    expect(await resources.isVisible()).toBe(true);
    await resources.click();
    await page.waitForURL('**/ro/resources/');
    await phone.close();

    const laptop = await portal.browser.newContext({ viewport: { width: 1366, height: 900 }, javaScriptEnabled });
    const wide = await laptop.newPage();
    await wide.goto(`${portal.site.url}/ro/`);
    expect(
      await wide
        .getByRole('navigation', { name: t('nav.main') })
        .getByRole('link', { name: t('nav.resources'), exact: true })
        .isVisible(),
    ).toBe(true);
    expect(await wide.locator('.site-menu > summary').isVisible()).toBe(false);
    await laptop.close();
  });

  it.each(['[locale]/resources/[slug]', '[locale]/reports/[slug]', '[locale]/good-practices/[slug]', '[locale]/webinars/[slug]'])(
    'prints %s as its content alone, with the addresses of its links, and no break inside a heading or table',
    async (route) => {
      const context = await portal.browser.newContext();
      const page = await context.newPage();
      const path = pages.find((template) => template.route === route)!.pages.pt!;
      await page.goto(`${portal.site.url}${path}`);
      await page.emulateMedia({ media: 'print' });
      const printed = await page.evaluate(() => {
        const shown = (selector: string) => [...document.querySelectorAll(selector)].some((element) => getComputedStyle(element).display !== 'none');
        const link = [...document.querySelectorAll<HTMLAnchorElement>('main a[href^="/"], main a[href^="http"]')].find(
          (candidate) => getComputedStyle(candidate).display !== 'none',
        );
        return {
          chrome: ['.quick-exit', '.site-header', '.site-footer', 'main form'].filter(shown),
          link: link?.href,
          headings: [...document.querySelectorAll('main h1, main h2, main h3')].map((heading) => getComputedStyle(heading).breakInside),
          tables: [...document.querySelectorAll('main table')].map((table) => getComputedStyle(table).breakInside),
        };
      });
      expect(printed.chrome).toEqual([]);
      expect(printed.link, 'a link to print with its address').toBeDefined();
      expect(new Set(printed.headings)).toEqual(new Set(['avoid']));
      for (const value of printed.tables) expect(value).toBe('avoid');
      // What the paper says: the link's whole address, wherever the line broke it.
      const { text } = await extractText(new Uint8Array(await page.pdf({ format: 'A4' })), { mergePages: true });
      expect(text.replaceAll(/\s/g, '')).toContain(printed.link!);
      await context.close();
    },
  );
});
