/**
 * The design system at work on every template in every locale at one width in Chromium, for the
 * files `tests/e2e/design-<width>.test.ts` (320, 390, 768 and 1366 px: a small phone, a phone, a
 * tablet, a laptop), one file a width so that two workers share them: nothing scrolls sideways,
 * every control is a target of at least 24×24 CSS px (WCAG 2.2 2.5.8, with its inline, spacing and
 * equivalent exceptions), nothing covers a link or a button at its centre, and axe finds nothing
 * (every rule at 390 and 1366 px, the rules that read the drawn page at 320 and 768: `WIDTH_RULES`).
 * This is the suite's one axe audit of every template (`pages.test.ts` had its own at 390 and 1366
 * px on the same portal). With `PRAXIS_TEST_SCREENSHOTS=save`, a screenshot of every page's first
 * screen is saved for review under `.cache/screenshots/design/<width>/` (not compared); a run
 * whose files are thrown away, as in CI, has no one to look at them.
 *
 * The pages are those of the run's portal with the test entries (`test-content.ts`): the seeded
 * pages with the dated kit and workshop, hostile markup, a cover and a logo among them.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { templates } from '../../scripts/local/throwaway/templates.ts';
import { config } from '@praxis/contract/config';
import { root } from '../../scripts/pipeline/paths.ts';
import { axeViolations, installAxe } from './axe.ts';
import { portalTest as it } from './harness.ts';

/** What the page's own checks found: sideways scroll, small targets, covered controls. */
export interface LayoutProblems {
  overflow: number;
  small: string[];
  covered: string[];
}

/** Runs in the page: the layout checks, by the rules of WCAG 2.2 2.5.8 and by `elementFromPoint`. */
export function layoutProblems(): LayoutProblems {
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

/**
 * axe runs every rule it has (`axeViolations`' default) at two widths: a phone's, with the header's
 * sections folded under the menu button, and a laptop's, with them open as a band. At the small
 * phone's and the tablet's it runs only the rules that read the page as it is drawn: colours over
 * what is behind the text, regions that scroll, the size and spacing of targets, a link told from
 * its text by colour alone. The others read the markup, names, roles and attributes, which are the
 * same at every width; only what a breakpoint hides could differ, and the only things shown below
 * 64rem and hidden above (the menu button) or the reverse (the open band) are shown at 390 or 1366.
 *
 * Measured on every page of this audit (all four outcomes and every element axe reports, at every
 * width): at 320 and 768 px only `color-contrast` (the site name's second line and the quick exit's
 * hint shown from 48rem) and `scrollable-region-focusable` (the network's table, which scrolls at
 * the narrower widths) ever found other elements than at both 390 and 1366 px. A template that
 * shows something only at 320 or 768 px needs its audit here too: measure again.
 */
const FULL_AXE_WIDTHS = [390, 1366];

/** The axe rules that also run at the other widths (see above). */
export const WIDTH_RULES = ['color-contrast', 'scrollable-region-focusable', 'target-size', 'link-in-text-block'];

/** Registers the audit of every template and locale at `width` px: the whole of a `design-<width>.test.ts` file. */
export function designAudit(width: number): void {
  it.override('portalOptions', { content: 'test' });

  describe(`the design system on every template and locale at ${width} px`, () => {
    it('no sideways scroll, targets of 24 px, nothing covers a link or button, axe finds nothing', async ({ portal }) => {
      const screenshots = config().PRAXIS_TEST_SCREENSHOTS;
      const folder = join(root, '.cache', 'screenshots', 'design', `${width}`);
      if (screenshots) mkdirSync(folder, { recursive: true });
      const phone = width < 768;
      const rules = FULL_AXE_WIDTHS.includes(width) ? undefined : WIDTH_RULES;
      const context = await portal.browser.newContext({ viewport: { width, height: phone ? 844 : 900 }, isMobile: phone, hasTouch: phone });
      await installAxe(context);
      const page = await context.newPage();
      const failures: string[] = [];
      let visited = 0;
      for (const template of templates(portal.site.dist)) {
        for (const [locale, path] of Object.entries(template.pages)) {
          await page.goto(`${portal.site.url}${path}`);
          const found = await page.evaluate(layoutProblems);
          if (found.overflow > 0) failures.push(`${path}: scrolls ${found.overflow}px sideways`);
          failures.push(...found.small.map((problem) => `${path}: target smaller than 24×24: ${problem}`));
          failures.push(...found.covered.map((problem) => `${path}: covered: ${problem}`));
          failures.push(...(await axeViolations(page, rules)).map((violation) => `${path}: axe ${violation}`));
          // Nothing compares the screenshots; they are for a person to look through, on request: the
          // first screen, as a visitor opens the page (a whole tall page laid out and encoded again
          // cost more than the audit's checks at the widths that took one).
          if (screenshots)
            await page.screenshot({ path: join(folder, `${template.route.replaceAll(/[[\]]/g, '').replaceAll('/', '_') || 'root'}.${locale}.png`) });
          visited++;
        }
      }
      await context.close();
      expect(visited).toBeGreaterThan(60);
      expect(failures).toEqual([]);
    }, 600_000); // About a hundred pages, each checked, audited and photographed.
  });
}
