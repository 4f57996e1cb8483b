/**
 * How the search index schedules its bundles (`scripts/pipeline/search-index.ts`): the first
 * language alone, then two at once when the first one's Pagefind process says two fit in the
 * memory the search may take (`PRAXIS_SEARCH_MEMORY_MB`), one at a time otherwise; either way
 * the same bundles, and unchanged ones still copied from the last build. On the pages of
 * tests/fixtures/diacritics, with real Pagefind processes.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { portalEnv } from '../../scripts/pipeline/env.ts';
import { root } from '../../scripts/pipeline/paths.ts';
import { buildSearchIndex, twoFit } from '../../scripts/pipeline/search-index.ts';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A copy of the fixture's pages in a folder of its own, with its own data and cache folders. */
function site(): { dist: string; env: NodeJS.ProcessEnv } {
  const dist = mkdtempSync(join(tmpdir(), 'praxis-bundles-'));
  folders.push(dist);
  cpSync(join(root, 'tests', 'fixtures', 'diacritics'), join(dist, 'site'), { recursive: true });
  const env = portalEnv({ ...process.env, PRAXIS_DATA_DIR: join(dist, 'data'), PRAXIS_ASTRO_CACHE_DIR: join(dist, 'cache') });
  delete env.PRAXIS_SEARCH_MEMORY_MB;
  return { dist: join(dist, 'site'), env };
}

/** Every file of a site's search bundles, by path, with its bytes. */
function bundleFiles(dist: string): Map<string, string> {
  const folder = join(dist, 'pagefind');
  return new Map(
    readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
      .map((file) => [relative(folder, file), readFileSync(file).toString('base64')] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

describe('the search bundles, one language at a time or two at once', () => {
  it('builds the others two at once when the first language’s peak leaves room for two, and they are the bundles built one at a time', async () => {
    const roomy = site();
    const tight = site();
    const [two, one] = [
      await buildSearchIndex(roomy.dist, roomy.env, { log: () => {} }),
      // A budget of 1 MB: no Pagefind process fits twice in it.
      await buildSearchIndex(tight.dist, { ...tight.env, PRAXIS_SEARCH_MEMORY_MB: '1' }, { log: () => {} }),
    ];
    expect(two.atOnce).toBe(2);
    expect(one.atOnce).toBe(1);
    expect(two.languages).toEqual({ 'it-it': 1, 'ro-ro': 3, 'lt-lt': 2 });
    expect(one.languages).toEqual(two.languages);
    const files = bundleFiles(roomy.dist);
    expect([...files.keys()].filter((file) => file.endsWith('pagefind-entry.json')).sort()).toEqual(
      ['it', 'lt', 'pt', 'ro'].map((locale) => join(locale, 'pagefind-entry.json')),
    );
    expect(files).toEqual(bundleFiles(tight.dist));
  });

  it('still copies the bundles whose pages did not change from the last build, and builds the changed one', async () => {
    const { dist, env } = site();
    const first = await buildSearchIndex(dist, env, { log: () => {} });
    expect(first.reused).toEqual([]);
    const page = join(dist, 'ro', 'scoli-fara-diacritice', 'index.html');
    writeFileSync(page, readFileSync(page, 'utf8').replace('</main>', '<p>Un cuvânt nou: rezilienţă.</p></main>'));
    const second = await buildSearchIndex(dist, env, { log: () => {} });
    expect(second.reused).toEqual(['it', 'pt', 'lt']);
    expect(second.atOnce).toBe(1);
    expect(second.languages).toEqual(first.languages);
  });

  it('judges two at once by the first language’s peak, with room for a larger language, beside this process', () => {
    const ownPeak = process.resourceUsage().maxRSS * 1024;
    const budget = ownPeak + 1000 * 1024 * 1024;
    // Two of 400 MB with a quarter more for a larger language are 1,000 MB.
    expect(twoFit(390 * 1024 * 1024, budget)).toBe(true);
    expect(twoFit(410 * 1024 * 1024, budget)).toBe(false);
    // A peak that could not be read never lets two run.
    expect(twoFit(0, budget)).toBe(false);
  });
});
