/**
 * The browser tests' harness, as Vitest fixtures: one Chromium per worker, a seeded portal (CMS,
 * built site on its own origin), and `open()` for a page of it, whose requests `requestsOf(page)`
 * lists. Each is made for the first test or hook that asks and torn down after the file (or worker)
 * by Vitest itself.
 *
 * A file that sets no `portalOptions` only reads the seeded portal, so it gets the run's shared one
 * (`shared-portal.ts`), made once for all such files; a file that reads the test entries of
 * `test-content.ts` (`{ content: 'test' }`) gets the run's shared portal with them, likewise made
 * once; a file that adds entries of its own, changes the CMS's environment or writes to it
 * (`{ own: true }`) gets a portal of its own, made for it and stopped after it.
 *
 *   import { portalTest as test } from '../support/harness.ts';
 *   test.override('portalOptions', { content: 'test' });                   // the shared test entries
 *   test.override('portalOptions', { prepare: async (cms) => { … } });   // entries of its own before the build
 *   test('…', async ({ open }) => { const page = await open('/it/'); … });
 *   test.beforeAll(async ({ portal }) => { … });                        // file-scoped fixtures in hooks
 */
import type { BrowserContextOptions, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { launchChromium } from '../../scripts/local/throwaway/browser.ts';
import { startSeededPortal, type PortalOptions } from './portal.ts';
import { sharedPortal } from './shared-portal.ts';

/** Opens a page of the served site in a new browser context; expects it to answer 200. */
export type Open = (path: string, context?: BrowserContextOptions) => Promise<Page>;

const requested = new WeakMap<Page, string[]>();

/** Every address a page opened by `open` has asked for so far, itself included, in order. */
export function requestsOf(page: Page): string[] {
  const requests = requested.get(page);
  if (!requests) throw new Error('requestsOf: a page opened by the harness’s open() only');
  return requests;
}

export const portalTest = test
  // biome-ignore lint/correctness/noEmptyPattern: Vitest reads a fixture's dependencies from this pattern; the browser has none.
  .extend('browser', { scope: 'worker' }, async ({}, { onCleanup }) => {
    const browser = await launchChromium();
    onCleanup(() => browser.close());
    return browser;
  })
  .extend('portalOptions', { scope: 'file' }, {} as PortalOptions)
  .extend('portal', { scope: 'file' }, async ({ browser, portalOptions }, { onCleanup }) => {
    const { own, content, ...options } = portalOptions;
    const portal =
      own || Object.keys(options).length > 0
        ? await startSeededPortal({ ...options, browser })
        : await sharedPortal(browser, content === 'test' ? 'test-content' : 'seed');
    onCleanup(() => portal.stop());
    return portal;
  })
  .extend('open', { scope: 'file' }, async ({ browser, portal }, { onCleanup }) => {
    const contexts: Array<{ close(): Promise<void> }> = [];
    onCleanup(async () => {
      for (const context of contexts) await context.close();
    });
    const open: Open = async (path, options = {}) => {
      const context = await browser.newContext(options);
      contexts.push(context);
      // The quick exit's neutral site, answered here: the machine has no internet.
      await context.route('https://www.wikipedia.org/**', (route) =>
        route.fulfill({ contentType: 'text/html', body: '<title>Neutral</title><h1>Neutral</h1>' }),
      );
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      requested.set(page, requests);
      const response = await page.goto(`${portal.site.url}${path}`);
      expect(response?.status(), path).toBe(200);
      return page;
    };
    return open;
  });
