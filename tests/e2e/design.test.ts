/**
 * The design system at work on every template in every locale, at the widths of a small phone, a
 * phone, a tablet and a laptop (320, 390, 768, 1366 px) in Chromium: nothing scrolls sideways, every
 * control is a target of at least 24×24 CSS px (WCAG 2.2 2.5.8, with its inline, spacing and equivalent
 * exceptions), nothing covers a link or a button at its centre, and axe finds nothing. Screenshots
 * of every page are saved for review under `.cache/screenshots/design/` (not compared).
 * Then the header's menu without JavaScript, and the print view of the pages people print.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { extractText } from 'unpdf';
import { describe, expect } from 'vitest';
import { templates, type Template } from '../../scripts/local/throwaway/templates.ts';
import { root } from '../../scripts/pipeline/paths.ts';
import { useTranslations } from '../../site/i18n/t.ts';
import { axeViolations } from '../support/axe.ts';
import { portalTest as it } from '../support/harness.ts';
import type { TestPortal } from '../support/portal.ts';

const WIDTHS = [320, 390, 768, 1366];
const screenshots = join(root, '.cache', 'screenshots', 'design');

/** What the page's own checks found: sideways scroll, small targets, covered controls. */
interface LayoutProblems {
  overflow: number;
  small: string[];
  covered: string[];
}

/** Runs in the page: the layout checks, by the rules of WCAG 2.2 2.5.8 and by `elementFromPoint`. */
function layoutProblems(): LayoutProblems {
  const describe = (element: Element) =>
    `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className && typeof element.className === 'string' ? `.${element.className.trim().split(/\s+/).join('.')}` : ''} "${(element.textContent ?? '').trim().slice(0, 40)}"`;
  // What a person can see: a folded menu's links are not, though the browser lays them out.
  const visible = (element: Element) => {
    const box = element.getBoundingClientRect();
    return (
      element.checkVisibility({ visibilityProperty: true }) &&
      box.width > 0 &&
      box.height > 0 &&
      !element.closest('[aria-hidden="true"], .visually-hidden, .skip-link')
    );
  };
  const controls = [...document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea, summary')].filter(visible);
  // A checkbox or radio inside its label is a target as large as the label.
  const targetOf = (element: Element) => (element.matches('input[type="checkbox"], input[type="radio"]') && element.closest('label')) || element;
  // WCAG's inline exception: a link in a sentence, its size set by the line of text around it.
  const inline = (element: Element) => {
    if (element.tagName !== 'A' || getComputedStyle(element).display !== 'inline') return false;
    const block = element.parentElement?.closest('p, li, dd, td, th, figcaption, blockquote, div, label, span, small');
    return !!block && (block.textContent ?? '').trim().length > (element.textContent ?? '').trim().length;
  };
  const scrollY = window.scrollY;
  const rects = controls.map((element) => ({ element, box: targetOf(element).getBoundingClientRect() }));
  // WCAG's equivalent exception: the same link elsewhere on the page as a target that meets the size
  // (a country on the network's map is also a row of the table under it).
  const hrefOf = (element: Element) => {
    const href = element.getAttribute('href');
    return href === null ? null : new URL(href, location.href).href;
  };
  const sized = rects.filter(({ element, box }) => (box.width >= 24 && box.height >= 24) || inline(element));
  const equivalent = (element: Element) =>
    sized.some((other) => other.element !== element && hrefOf(element) !== null && hrefOf(other.element) === hrefOf(element));
  const undersized = rects.filter(({ element, box }) => (box.width < 24 || box.height < 24) && !inline(element) && !equivalent(element));
  const centre = (box: DOMRect) => ({ x: box.left + box.width / 2, y: box.top + box.height / 2 });
  const distanceToBox = (point: { x: number; y: number }, box: DOMRect) =>
    Math.hypot(Math.max(box.left - point.x, 0, point.x - box.right), Math.max(box.top - point.y, 0, point.y - box.bottom));
  const small = undersized
    .filter(({ element, box }) => {
      // The spacing exception: a 24 px circle on its centre meets no other target, nor another small target's circle.
      const point = centre(box);
      return rects.some((other) => {
        if (other.element === element || targetOf(other.element) === targetOf(element) || other.element.contains(element) || element.contains(other.element))
          return false;
        if (distanceToBox(point, other.box) < 12) return true;
        const otherSmall = undersized.some((candidate) => candidate.element === other.element);
        if (!otherSmall) return false;
        const otherPoint = centre(other.box);
        return Math.hypot(point.x - otherPoint.x, point.y - otherPoint.y) < 24;
      });
    })
    .map(({ element, box }) => `${describe(element)} ${Math.round(box.width)}×${Math.round(box.height)}`);

  const covered: string[] = [];
  for (const element of controls.filter((candidate) => candidate.matches('a[href], button, summary'))) {
    element.scrollIntoView({ block: 'center', inline: 'center' });
    const box = element.getClientRects()[0] ?? element.getBoundingClientRect();
    const point = { x: box.left + box.width / 2, y: box.top + box.height / 2 };
    if (point.x < 0 || point.y < 0 || point.x >= innerWidth || point.y >= innerHeight) continue;
    const hit = document.elementFromPoint(point.x, point.y);
    if (!hit || !(element === hit || element.contains(hit) || hit.contains(element)))
      covered.push(`${describe(element)} under ${hit ? describe(hit) : 'nothing'}`);
  }
  window.scrollTo(0, scrollY);
  return { overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth, small, covered };
}

describe('the design system on every template, locale and width', () => {
  let portal: TestPortal;
  let pages: Template[];

  // The run's shared seeded portal (the harness's): this file only reads it.
  it.beforeAll(async ({ portal: started }) => {
    portal = started;
    pages = templates(portal.site.dist);
    mkdirSync(screenshots, { recursive: true });
  });

  it.each(WIDTHS)(
    'at %i px: no sideways scroll, targets of 24 px, nothing covers a link or button, axe finds nothing',
    async (width) => {
      const context = await portal.browser.newContext({ viewport: { width, height: width < 768 ? 844 : 900 }, isMobile: width < 768, hasTouch: width < 768 });
      const page = await context.newPage();
      const failures: string[] = [];
      let visited = 0;
      for (const template of pages) {
        for (const [locale, path] of Object.entries(template.pages)) {
          await page.goto(`${portal.site.url}${path}`);
          const found = await page.evaluate(layoutProblems);
          if (found.overflow > 0) failures.push(`${path}: scrolls ${found.overflow}px sideways`);
          failures.push(...found.small.map((problem) => `${path}: target smaller than 24×24: ${problem}`));
          failures.push(...found.covered.map((problem) => `${path}: covered: ${problem}`));
          failures.push(...(await axeViolations(page)).map((violation) => `${path}: axe ${violation}`));
          await page.screenshot({
            path: join(screenshots, `${width}`, `${template.route.replaceAll(/[[\]]/g, '').replaceAll('/', '_') || 'root'}.${locale}.png`),
            fullPage: true,
          });
          visited++;
        }
      }
      await context.close();
      expect(visited).toBeGreaterThan(60);
      expect(failures).toEqual([]);
      // About a hundred pages, each checked, audited and photographed.
    },
    600_000,
  );

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
