/**
 * axe-core in a page: the WCAG 2.2 A and AA rules the portal is held to, and the order of its
 * headings (a best practice Lighthouse's accessibility score counts, for those who move by headings).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The tags axe checks: WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Rules outside those tags that the portal keeps too. */
export const MORE_RULES = ['heading-order'];

/** Runs axe on the page as it is now; one line per violation, with the elements it found. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(
    async ([tags, rules]) => {
      const axe = (
        globalThis as unknown as { axe: { run(options: unknown): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> } }
      ).axe;
      const results = [await axe.run({ runOnly: { type: 'tag', values: tags } }), await axe.run({ runOnly: { type: 'rule', values: rules } })];
      return results.flatMap((result) =>
        result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`),
      );
    },
    [WCAG_TAGS, MORE_RULES] as const,
  );
}
