import { linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { localeCodes } from '@praxis/contract/locales';
import { snapshotFile, snapshotSource } from '../../site/lib/cms-source.ts';
import { collectPageFacts } from '../../scripts/pipeline/page-facts.ts';
import { checkRelease } from '../../scripts/pipeline/release-check.ts';
import { writeSitemap } from '../../scripts/pipeline/sitemap.ts';

const SITE = 'https://praxis.example/';
const folders: string[] = [];

function folder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
}

function write(dir: string, path: string, html: string) {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), html);
}

/** A new build that holds the previous one's files as hard links, as Astro's reused pages are (linked-pages.ts). */
function linkedBuild(previous: string, paths: string[]): string {
  const next = folder('praxis-facts-next-');
  for (const path of paths) {
    mkdirSync(dirname(join(next, path)), { recursive: true });
    linkSync(join(previous, path), join(next, path));
  }
  return next;
}

/** A content snapshot in which nothing is published: the check looks at links only. */
function emptySource() {
  const snapshot = folder('praxis-facts-snapshot-');
  for (const collection of ['resources', 'spot-videos', 'campaigns', 'webinars', 'events', 'workshop-reports', 'good-practices', 'projects']) {
    for (const locale of localeCodes) writeFileSync(snapshotFile(snapshot, collection, locale), '[]');
  }
  return snapshotSource(snapshot);
}

afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the facts of a build’s pages, kept from build to build', () => {
  it('reads only the page files the last build did not record, and gives the same sitemap', async () => {
    const cache = folder('praxis-facts-cache-');
    const cacheFile = join(cache, 'page-facts.json');
    const first = folder('praxis-facts-first-');
    const alternates = '<link rel="alternate" hreflang="it-IT" href="/it/a/"><link rel="alternate" hreflang="ro-RO" href="/ro/a/">';
    write(first, 'it/a/index.html', `<html><head>${alternates}</head><body><a href="/it/b/">b</a></body></html>`);
    write(first, 'ro/a/index.html', `<html><head>${alternates}</head><body><a href="../../it/a/">it</a></body></html>`);
    write(first, 'it/b/index.html', '<html><head><meta name="robots" content="noindex"></head><body><a href="/it/a/">a</a></body></html>');
    const facts = await collectPageFacts(first, { site: SITE, cacheFile });
    expect(facts.read).toBe(3);
    await writeSitemap(first, SITE, { facts });

    const next = linkedBuild(first, ['it/a/index.html', 'ro/a/index.html']);
    write(next, 'it/b/index.html', '<html><head></head><body><a href="/it/a/">a</a></body></html>');
    const again = await collectPageFacts(next, { site: SITE, cacheFile });
    expect(again.read).toBe(1);
    expect(await writeSitemap(next, SITE, { facts: again })).toEqual({ listed: 3, excluded: 0, files: 1 });
    // The same sitemap as one made by reading every page.
    const sitemap = readFileSync(join(next, 'sitemap.xml'), 'utf8');
    const unrecorded = linkedBuild(next, ['it/a/index.html', 'ro/a/index.html', 'it/b/index.html']);
    await writeSitemap(unrecorded, SITE);
    expect(readFileSync(join(unrecorded, 'sitemap.xml'), 'utf8')).toBe(sitemap);
    expect(sitemap).toContain('<xhtml:link rel="alternate" hreflang="ro-RO" href="https://praxis.example/ro/a/"/>');
  });

  it('still finds a link of an unread page broken when the page it pointed to is gone', async () => {
    const cacheFile = join(folder('praxis-facts-cache-'), 'page-facts.json');
    const first = folder('praxis-facts-first-');
    write(first, 'it/a/index.html', '<html><head></head><body><a href="/it/b/">b</a> <a href="../c/">c</a></body></html>');
    write(first, 'it/b/index.html', '<html><head></head><body></body></html>');
    write(first, 'it/c/index.html', '<html><head></head><body></body></html>');
    expect((await checkRelease(first, { source: emptySource(), siteUrl: SITE, facts: collectPageFacts(first, { site: SITE, cacheFile }) })).problems).toEqual(
      [],
    );

    // The next build has page a, unchanged, and not page b.
    const next = linkedBuild(first, ['it/a/index.html', 'it/c/index.html']);
    const facts = collectPageFacts(next, { site: SITE, cacheFile });
    const check = await checkRelease(next, { source: emptySource(), siteUrl: SITE, facts });
    expect((await facts).read).toBe(0);
    expect(check.problems).toEqual(['broken link on /it/a/index.html: /it/b/']);
    expect(check.checked.links).toBe(2);
  });
});
