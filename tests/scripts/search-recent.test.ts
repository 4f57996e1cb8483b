// No CMS: pages written by the test are indexed as a build leaves them, then changed as a publish changes them.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { portalEnv } from '../../scripts/pipeline/env.ts';
import { pagesOf } from '../../scripts/pipeline/page-facts.ts';
import { buildSearchIndex, changesFile, recordsByPage, recentDir, type RecentChanges } from '../../scripts/pipeline/search-index.ts';

const page = (title: string, words: string, body = true) =>
  `<!doctype html><html lang="it-IT"><head><title>${title}</title></head><body><nav>Menu</nav><main${body ? ' data-pagefind-body' : ''}><h1>${title}</h1><p>${words}</p></main></body></html>`;

/** A small Italian site: a few items with a searchable body, and a list without one. */
const SITE: Record<string, string> = {
  'it/index.html': page('Praxis', 'Benvenuti', false),
  'it/resources/index.html': page('Risorse', 'Elenco delle risorse', false),
  'it/resources/kit/index.html': page('Kit didattico', 'Un kit per le scuole con esercizi granito'),
  'it/resources/guida/index.html': page('Guida per operatori', 'Una guida sulla tutela basalto'),
  'it/resources/rapporto/index.html': page('Rapporto annuale', 'Il rapporto del progetto ardesia'),
  'it/about.html': page('Chi siamo', 'Il portale europeo'),
  // More pages than a publish changes: past half of them, the main bundle is built again.
  ...Object.fromEntries(
    Array.from({ length: 6 }, (_, index) => [`it/projects/progetto-${index}/index.html`, page(`Progetto ${index}`, `Un progetto numero ${index}`)]),
  ),
};

describe('a recent-changes search bundle beside the main one', () => {
  const folders: string[] = [];
  afterAll(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  /** A site in a folder of its own, with its own Astro cache (where the last bundles are kept). */
  function siteWith(files: Record<string, string>, cache = mkdtempSync(join(tmpdir(), 'praxis-recent-cache-'))) {
    const dist = mkdtempSync(join(tmpdir(), 'praxis-recent-'));
    folders.push(dist, cache);
    for (const [file, html] of Object.entries(files)) {
      mkdirSync(dirname(join(dist, file)), { recursive: true });
      writeFileSync(join(dist, file), html);
    }
    return { dist, cache };
  }

  const hashesOf = (dist: string) =>
    new Map(
      pagesOf(dist).map((path) => [
        path,
        createHash('sha256')
          .update(readFileSync(join(dist, path)))
          .digest('base64'),
      ]),
    );

  async function index(dist: string, cache: string, limit?: number) {
    const env = portalEnv({
      ...process.env,
      PRAXIS_DATA_DIR: dist,
      PRAXIS_ASTRO_CACHE_DIR: cache,
      ...(limit === undefined ? {} : { PRAXIS_SEARCH_RECENT_PAGES: String(limit) }),
    });
    return buildSearchIndex(dist, env, { log: () => {}, pageHashes: hashesOf(dist) });
  }

  const changesOf = (dist: string) => JSON.parse(readFileSync(changesFile(dist, 'it'), 'utf8')) as RecentChanges;

  const filesOf = (dir: string) =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
      .sort();

  it('holds the pages changed since the main bundle, and lists the main records they replace', async () => {
    const { dist, cache } = siteWith(SITE);
    const first = await index(dist, cache);
    expect(first.recent).toEqual({});
    expect(changesOf(dist)).toEqual({ bundle: false, hidden: [], pages: [] });
    const main = recordsByPage(join(dist, 'pagefind', 'it'));
    // Only the pages with a searchable body are records.
    expect(
      Object.keys(main)
        .filter((url) => !url.startsWith('/it/projects/'))
        .sort(),
    ).toEqual(['/it/about.html', '/it/resources/guida/', '/it/resources/kit/', '/it/resources/rapporto/']);

    // The next build: the kit edited, the report gone, a page added; the lists change with them.
    const { 'it/resources/rapporto/index.html': _, ...kept } = SITE;
    const nextFiles = {
      ...kept,
      'it/resources/index.html': page('Risorse', 'Elenco delle risorse aggiornato', false),
      'it/resources/kit/index.html': page('Kit didattico', 'Un kit per le scuole con esercizi porfido'),
      'it/resources/nuova/index.html': page('Nuova guida', 'Una guida nuova quarzo'),
    };
    const next = siteWith(nextFiles, cache);
    const second = await index(next.dist, cache);
    expect(second.reused).not.toContain('it');
    // The list, the kit, the report and the new page.
    expect(second.recent).toEqual({ it: 4 });
    // The main bundle is the first build's, file for file.
    expect(filesOf(join(next.dist, 'pagefind', 'it'))).toEqual(filesOf(join(dist, 'pagefind', 'it')));
    const recent = recordsByPage(recentDir(next.dist, 'it'));
    expect(Object.keys(recent).sort()).toEqual(['/it/resources/kit/', '/it/resources/nuova/']);
    const changes = changesOf(next.dist);
    expect(changes.bundle).toBe(true);
    expect(changes.hidden.sort()).toEqual([...main['/it/resources/kit/']!, ...main['/it/resources/rapporto/']!].sort());
    expect(changes.pages).toEqual(Object.values(recent).flat().sort());
    const fragment = (id: string) => gunzipJson(join(recentDir(next.dist, 'it'), 'fragment', `${id}.pf_fragment`));
    expect(fragment(recent['/it/resources/kit/']![0]!).content).toContain('porfido');

    // Built again with nothing changed, the recent bundle is copied, not built.
    const again = siteWith(nextFiles, cache);
    const third = await index(again.dist, cache);
    expect(third.recent).toEqual({ it: 4 });
    expect(changesOf(again.dist)).toEqual(changes);

    // Past the limit, the main bundle is built again: the same bytes as a first build of that site.
    const compacted = await index(again.dist, cache, 3);
    expect(compacted.recent).toEqual({});
    expect(existsSync(recentDir(again.dist, 'it'))).toBe(false);
    expect(changesOf(again.dist)).toEqual({ bundle: false, hidden: [], pages: [] });
    const fresh = siteWith(nextFiles);
    await index(fresh.dist, fresh.cache);
    const bundle = (dir: string) => join(dir, 'pagefind');
    expect(filesOf(bundle(again.dist))).toEqual(filesOf(bundle(fresh.dist)));
    for (const file of filesOf(bundle(fresh.dist)))
      expect(readFileSync(join(bundle(again.dist), file)).equals(readFileSync(join(bundle(fresh.dist), file))), file).toBe(true);
  }, 120_000);

  it('builds the main bundle again when more than half of its pages changed', async () => {
    const { dist, cache } = siteWith(SITE);
    await index(dist, cache);
    // A change every page shows (a helpline in the footer): a recent bundle would be the whole language again.
    const changed = siteWith(Object.fromEntries(Object.entries(SITE).map(([file, html]) => [file, html.replace('Menu', 'Menu, numero verde')])), cache);
    const report = await index(changed.dist, cache);
    expect(report.recent).toEqual({});
    expect(existsSync(recentDir(changed.dist, 'it'))).toBe(false);
    expect(changesOf(changed.dist)).toEqual({ bundle: false, hidden: [], pages: [] });
  }, 120_000);
});

function gunzipJson(file: string): { url: string; content: string } {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  return JSON.parse(text.slice('pagefind_dcd'.length)) as { url: string; content: string };
}
