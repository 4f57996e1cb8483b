/**
 * axe-core in a page: the WCAG 2.2 A and AA rules the portal is held to, and the order of its
 * headings (a best practice Lighthouse's accessibility score counts, for those who move by headings).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The tags axe checks: WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Rules outside those tags that the portal keeps too. */
export const MORE_RULES = ['heading-order'];

/**
 * Puts axe in every page the context opens from now on, before the page's own scripts, in the top
 * frame only (as `axeViolations` puts it in a page it finds without). For a context that audits page
 * after page: Chromium compiles the script once for the context and reuses it, where a script tag
 * sent with each page is sent, parsed and compiled again (half a second a page on the test machine,
 * more than axe's run).
 */
export async function installAxe(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: `if (window === window.top) {\n${axeSource}\n}` });
}

/**
 * Runs axe on the page as it is now; one line per violation, with the elements it found. By default
 * every rule of `WCAG_TAGS` and `MORE_RULES`; `rules` restricts the run to those rules (ids).
 *
 * One run, not one for the tags and another for the extra rules: axe builds its tree of the page and
 * its caches once per run. Only violations are asked for: axe then keeps one element for each of the
 * other outcomes (passes, inapplicable, incomplete), where it would describe every element it passed.
 */
export async function axeViolations(page: Page, rules?: readonly string[]): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(
    async ([tags, more, only]) => {
      const axe = (
        globalThis as unknown as { axe: { run(options: unknown): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> } }
      ).axe;
      // A rule enabled in `rules` runs beside those the tags select (axe's `ruleShouldRun`).
      const result = await axe.run({
        ...(only
          ? { runOnly: { type: 'rule', values: only } }
          : { runOnly: { type: 'tag', values: tags }, rules: Object.fromEntries(more.map((rule) => [rule, { enabled: true }])) }),
        resultTypes: ['violations'],
      });
      return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    },
    [WCAG_TAGS, MORE_RULES, rules ?? null] as const,
  );
}
