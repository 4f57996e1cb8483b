import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { contentDir, root } from '../../scripts/pipeline/paths.ts';
import { loadSeed } from '../../scripts/local/seed-content.ts';
import { getLocale, localeCodes } from '@praxis/contract/locales';
import { portalTest } from '../support/harness.ts';
import type { TestSite } from '../../scripts/local/throwaway/site.ts';
import queries from '../fixtures/search-parity/queries.json' with { type: 'json' };

/** How many results of each side are compared: a first screen of results. */
const TOP = 5;

/**
 * The offline field pack finds what the online search finds: for every query of
 * `tests/fixtures/search-parity/queries.json`, each item of the pack (a resource or a video of its
 * language) that Pagefind ranks in its first results, lunr in the pack ranks in its first results
 * too. Both sides are the real ones: Pagefind's bundle of the built site, searched in Chromium, and
 * the pack's ZIP unpacked and searched from `file://` through its own page.
 */
describe('the offline field pack against the online search', () => {
  let site: TestSite;
  let browser: Browser;
  const packs = new Map<string, { folder: string; page: Page; online: Map<string, string> }>();
  let online: Page;

  portalTest.beforeAll(async ({ portal }) => {
    ({ site, browser } = portal);
    online = await (await browser.newContext()).newPage();
    for (const locale of localeCodes) {
      const folder = mkdtempSync(join(tmpdir(), `praxis-parity-${locale}-`));
      const zip = unzipSync(new Uint8Array(readFileSync(join(site.dist, locale, 'field-pack', `praxis-field-pack-${locale}.zip`))));
      for (const [name, bytes] of Object.entries(zip)) {
        mkdirSync(dirname(join(folder, name)), { recursive: true });
        writeFileSync(join(folder, name), bytes);
      }
      const page = await (await browser.newContext()).newPage();
      await page.goto(pathToFileURL(join(folder, 'index.html')).href);
      await page.getByRole('searchbox').waitFor();
      // Each item of the pack, by the path of its page online.
      const items = await page
        .locator('#pack-items > li')
        .evaluateAll((list) => list.map((item) => [item.id, new URL(item.querySelector('a[rel="noreferrer"]')!.getAttribute('href')!).pathname]));
      packs.set(locale, { folder, page, online: new Map(items.map(([id, path]) => [path!, id!])) });
    }
  }, 400_000);

  afterAll(async () => {
    for (const { folder } of packs.values()) rmSync(folder, { recursive: true, force: true });
  });

  /**
   * The items of the pack that Pagefind ranks first for a query in `locale`'s bundle, a page once (a
   * PDF's record leads to its page). Online search also finds what the pack does not hold (projects,
   * events, reports): those are passed over, so each query compares the pack's kinds of item.
   */
  async function onlineTop(locale: string, query: string): Promise<string[]> {
    const inPack = (path: string) => packs.get(locale)!.online.has(path);
    if (!online.url().startsWith(`${site.url}/${locale}/`)) await online.goto(`${site.url}/${locale}/`);
    // A string, so that Vitest leaves the browser's own import() alone.
    const urls = (await online.evaluate(`(async () => {
      const pagefind = await import('/pagefind/${locale}/pagefind.js');
      const { results } = await pagefind.search(${JSON.stringify(query)});
      return Promise.all(results.slice(0, 20).map(async (result) => (await result.data()).url));
    })()`)) as string[];
    return [...new Set(urls.map((url) => url.replace(/#.*$/, '')))].filter(inPack).slice(0, TOP);
  }

  /** The items the pack's own page shows first for a query, as the paths of their pages online. */
  async function packTop(locale: string, query: string): Promise<string[]> {
    const { page, online: paths } = packs.get(locale)!;
    const byId = new Map([...paths].map(([path, id]) => [id, path]));
    await page.getByRole('searchbox').fill(query);
    const ids = await page.locator('#pack-items > li:not([hidden])').evaluateAll((items) => items.map((item) => item.id));
    return ids.slice(0, TOP).map((id) => byId.get(id)!);
  }

  it.each(Object.entries(queries).flatMap(([locale, list]) => list.map((query) => [locale, query])))(
    '%s: "%s" finds in the pack what it finds online',
    async (locale, query) => {
      const expected = await onlineTop(locale, query);
      // Every query of the list finds something the pack holds, or it would prove nothing.
      expect(expected, `online results for "${query}" hold no item of the ${locale} pack`).not.toEqual([]);
      const found = await packTop(locale, query);
      for (const path of expected) expect(found, `"${query}" in the ${locale} pack`).toContain(path);
    },
  );

  it.each(localeCodes)('carries the helplines of its country, no other country’s, and a word on browsing safely (%s)', async (locale) => {
    const { page } = packs.get(locale)!;
    const help = await page.locator('aside').textContent();
    const dictionary = JSON.parse(readFileSync(join(root, 'site', 'i18n', 'ui', `${locale}.json`), 'utf8')) as Record<string, string>;
    const country = new Intl.Locale(getLocale(locale).lang).region;
    const helplines = loadSeed(contentDir).filter((item) => item.spec.folder === 'helplines');
    const own = helplines.filter((helpline) => helpline.shared.country === country);
    for (const helpline of own) expect(help).toContain(helpline.shared.number);
    for (const helpline of helplines.filter((other) => other.shared.country !== country)) expect(help).not.toContain(helpline.shared.number);
    if (own.length === 0) expect(await page.locator('aside a[href="tel:112"]').count()).toBe(1);
    expect(help).toContain(dictionary['fieldpack.safety.body']);
  });
});
