// No portal, only the harness's browser: a fixture site is indexed and served without a CMS, so the search sees those pages alone.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect } from 'vitest';
import { portalEnv } from '../../scripts/pipeline/env.ts';
import { root } from '../../scripts/pipeline/paths.ts';
import { buildSearchIndex } from '../../scripts/pipeline/search-index.ts';
import { serveSite, type TestSite } from '../../scripts/local/throwaway/site.ts';
import { portalTest as it } from '../support/harness.ts';

/**
 * What Pagefind does by itself with Romanian and Lithuanian diacritics, measured on pages that spell
 * the same words with and without them (tests/fixtures/diacritics). It matches across diacritics
 * (old cedilla letters too), so Praxis adds no folded copy of the text. It ranks the exact spelling
 * first when the diacritic is in the word's stem; when it is in an ending the stemmer cuts ("aukų"),
 * both spellings tie, and the interface puts the exact one first (`components/search/exact-first.ts`,
 * tested in tests/e2e/search.test.ts).
 */
describe('search across diacritics', () => {
  let site: TestSite;
  let page: Page;

  it.beforeAll(async ({ browser }) => {
    const dist = mkdtempSync(join(tmpdir(), 'praxis-diacritics-'));
    cpSync(join(root, 'tests', 'fixtures', 'diacritics'), dist, { recursive: true });
    const report = await buildSearchIndex(dist, portalEnv({ ...process.env, PRAXIS_DATA_DIR: dist, PRAXIS_ASTRO_CACHE_DIR: join(dist, '.cache') }));
    expect(report.languages).toEqual({ 'it-it': 1, 'ro-ro': 3, 'lt-lt': 2 });
    site = await serveSite(dist);
    page = await browser.newPage();
  });

  afterAll(async () => {
    await page?.close();
    await site?.stop();
  });

  /** The URLs Pagefind returns for a query, best first, searching in the language of `from`. */
  async function urls(from: string, query: string): Promise<string[]> {
    if (!page.url().startsWith(`${site.url}${from}`)) await page.goto(`${site.url}${from}`);
    // A string, so that Vitest leaves the browser's own import() alone.
    return page.evaluate(`(async () => {
      const pagefind = await import('/pagefind/${from.split('/')[1]}/pagefind.js');
      const { results } = await pagefind.search(${JSON.stringify(query)});
      return Promise.all(results.map(async (result) => (await result.data()).url));
    })()`) as Promise<string[]>;
  }

  it.each([
    ['scoli', '/ro/scoli-fara-diacritice/'],
    ['școli', '/ro/scoli-cu-diacritice/'],
    ['şcoli', '/ro/scoli-cu-sedila/'],
    ['tara', '/ro/scoli-fara-diacritice/'],
    ['țară', '/ro/scoli-cu-diacritice/'],
    ['incepe', '/ro/scoli-fara-diacritice/'],
  ])('finds the Romanian word "%s" in every spelling, the exact one first', async (query, exact) => {
    const found = await urls('/ro/scoli-cu-diacritice/', query);
    expect(found).toHaveLength(3);
    expect(found[0]).toBe(exact);
  });

  it.each([
    ['zmonemis', '/lt/be-diakritiku/'],
    ['žmonėmis', '/lt/su-diakritikais/'],
    ['teisesaugos', '/lt/be-diakritiku/'],
  ])('finds the Lithuanian word "%s" in both spellings, the exact one first', async (query, exact) => {
    const found = await urls('/lt/su-diakritikais/', query);
    expect(found).toHaveLength(2);
    expect(found[0]).toBe(exact);
  });

  it.each(['auku', 'aukų'])('finds "%s" in both spellings, though the diacritic is in the ending the stemmer cuts', async (query) => {
    expect((await urls('/lt/su-diakritikais/', query)).sort()).toEqual(['/lt/be-diakritiku/', '/lt/su-diakritikais/']);
  });

  it('finds a Lithuanian stem typed without diacritics in another form ("zmones" for "žmonėmis")', async () => {
    expect((await urls('/lt/su-diakritikais/', 'zmones')).sort()).toEqual(['/lt/be-diakritiku/', '/lt/su-diakritikais/']);
  });
});
