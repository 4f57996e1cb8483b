import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { localeCodes } from '@praxis/contract/locales';
import { snapshotFile, snapshotSource } from '../../site/lib/cms-source.ts';
import { checkRelease } from '../../scripts/pipeline/release-check.ts';

const SITE = 'http://127.0.0.1:4321';
const folders: string[] = [];

/** A release folder with the given files, and a content snapshot in which `resources` are published in Italian. */
function fixture(files: Record<string, string>, resources: Array<string | { slug?: string; publishedAt: string }>) {
  const release = mkdtempSync(join(tmpdir(), 'praxis-release-'));
  const snapshot = mkdtempSync(join(tmpdir(), 'praxis-snapshot-'));
  folders.push(release, snapshot);
  for (const [path, html] of Object.entries(files)) {
    mkdirSync(dirname(join(release, path)), { recursive: true });
    writeFileSync(join(release, path), html);
  }
  for (const collection of ['resources', 'spot-videos', 'campaigns', 'webinars', 'events', 'workshop-reports', 'good-practices', 'projects']) {
    for (const locale of localeCodes) {
      const entries =
        collection === 'resources' && locale === 'it'
          ? resources.map((resource, index) => ({
              documentId: `doc${index}`,
              updatedAt: '2026-01-01T00:00:00.000Z',
              ...(typeof resource === 'string' ? { slug: resource } : resource),
            }))
          : [];
      writeFileSync(snapshotFile(snapshot, collection, locale), JSON.stringify(entries));
    }
  }
  return { release, source: snapshotSource(snapshot) };
}

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('checking a release before it goes live', () => {
  it('passes a release whose items all have pages and whose links all resolve', async () => {
    const { release, source } = fixture(
      {
        'it/index.html': `<a href="/it/resources/kit/">kit</a> <a href="${SITE}/it/">home</a> <img src="/_astro/logo.png"> <a href="https://example.org/">elsewhere</a> <a href="#main">skip</a> <a href="/it/resources/kit/?q=a#top">query</a>`,
        'it/resources/kit/index.html': '<a href="../../">up</a> <link href="/it/rss.xml">',
        'it/rss.xml': '<rss/>',
        '_astro/logo.png': 'png',
      },
      ['kit'],
    );
    const check = await checkRelease(release, { source, siteUrl: SITE });
    expect(check.problems).toEqual([]);
    expect(check.pages).toBe(2);
    expect(check.checked).toEqual({ itemPages: 1, links: 6 });
  });

  it('refuses a release that lacks the page of a published item, or links to a page it does not have', async () => {
    const { release, source } = fixture(
      {
        'it/index.html':
          '<a href="/it/resources/kit/">kit</a> <a href="/it/events/gone/">gone</a> <form action="/it/search/"></form> <a href="/it/%00/">nul</a>',
      },
      ['kit'],
    );
    const check = await checkRelease(release, { source, siteUrl: SITE });
    expect(check.problems).toEqual([
      'missing page /it/resources/kit/ for a published resources item',
      'broken link on /it/index.html: /it/resources/kit/',
      'broken link on /it/index.html: /it/events/gone/',
      'broken link on /it/index.html: /it/search/',
      'broken link on /it/index.html: /it/%00/',
    ]);
  });

  it('refuses a page that sends a visitor to the CMS’s origin, and leaves what the site server passes on to it', async () => {
    const cms = 'http://127.0.0.1:1337';
    const { release, source } = fixture(
      {
        'it/index.html': `<a href="/media/kit_ro_1a2b.pdf?download=kit-ro.pdf">PDF</a> <img src="/media/poster_3c4d.jpg"> <form action="/api/webinars/demo/registrations"></form> <a href="${cms}/uploads/kit_ro_1a2b.pdf">PDF</a> <form action="${cms}/api/webinars/demo/registrations"></form>`,
      },
      [],
    );
    const check = await checkRelease(release, { source, siteUrl: SITE, cmsOrigins: [cms] });
    expect(check.problems).toEqual([
      `link to the CMS's origin on /it/index.html: ${cms}/uploads/kit_ro_1a2b.pdf`,
      `link to the CMS's origin on /it/index.html: ${cms}/api/webinars/demo/registrations`,
    ]);
  });

  it('lists the first hundred problems in page order, and reads no page inside the search bundle', async () => {
    const files: Record<string, string> = {
      // Files of the search bundle resolve, but nothing in it is a page to check.
      'it/index.html': '<script src="/pagefind/it/pagefind.js"></script>',
      'pagefind/it/pagefind.js': '',
      'pagefind/it/playground/index.html': '<a href="/it/nowhere/">not a page of the site</a>',
    };
    // 150 pages with two broken links each, named so that their order is the numbers' order.
    for (let page = 100; page < 250; page++) files[`it/p${page}/index.html`] = `<a href="/it/gone-${page}-a/">a</a> <a href="../gone-${page}-b/">b</a>`;
    const { release, source } = fixture(files, []);
    const check = await checkRelease(release, { source, siteUrl: SITE });
    expect(check.pages).toBe(151);
    expect(check.checked.links).toBe(301);
    expect(check.problems).toHaveLength(100);
    expect(check.problems.slice(0, 3)).toEqual([
      'broken link on /it/p100/index.html: /it/gone-100-a/',
      'broken link on /it/p100/index.html: ../gone-100-b/',
      'broken link on /it/p101/index.html: /it/gone-101-a/',
    ]);
    expect(check.problems.at(-1)).toBe('broken link on /it/p149/index.html: ../gone-149-b/');
  });

  it('expects only the pages the build could have made: not an item published while it ran, nor one it left out', async () => {
    const startedAt = Date.parse('2026-03-01T10:00:00.000Z');
    const { release, source } = fixture({ 'it/resources/kit/index.html': '<p>kit</p>', 'it/resources/guida/index.html': '<p>guida</p>' }, [
      // doc0: held by the build. doc1: published during the build. doc2: left out by the build (no page).
      { slug: 'kit', publishedAt: '2026-02-01T00:00:00.000Z' },
      { slug: 'nuova', publishedAt: '2026-03-01T10:00:05.000Z' },
      { slug: 'HC_Bad.Slug~x', publishedAt: '2026-03-01T09:00:00.000Z' },
      // doc3: renamed while the build ran: the build holds it under its old slug, and made that page.
      { slug: 'guida-nuova', publishedAt: '2026-03-01T10:00:07.000Z' },
    ]);
    const built = {
      held: { resources: { it: { doc0: 'it/kit', doc3: 'it/guida' } } },
      rejected: [{ collection: 'resources', locale: 'it', documentId: 'doc2', entry: 'resources/it/HC_Bad.Slug~x', reason: 'slug: …', kept: false }],
      startedAt,
    };
    const check = await checkRelease(release, { source, siteUrl: SITE, built });
    expect(check.problems).toEqual([]);
    expect(check.checked.itemPages).toBe(1);
  });

  it('refuses a release when the CMS lists items without the slugs that name their pages', async () => {
    // A CMS older than the check: its listing has no slugs, so no item page could be looked for.
    const { release, source } = fixture({ 'it/index.html': '<p>home</p>' }, [{ publishedAt: '2026-02-01T00:00:00.000Z' }]);
    const check = await checkRelease(release, { source, siteUrl: SITE });
    expect(check.problems).toEqual([`${source.label} listed resources in "it" without slugs: no page of theirs could be checked`]);
  });

  it('still refuses a release without the page of an item published well before the build, which the build did not hold', async () => {
    const { release, source } = fixture({ 'it/index.html': '<p>home</p>' }, [{ slug: 'kit', publishedAt: '2026-02-01T00:00:00.000Z' }]);
    const check = await checkRelease(release, {
      source,
      siteUrl: SITE,
      built: { held: { resources: { it: {} } }, rejected: [], startedAt: Date.parse('2026-03-01T10:00:00.000Z') },
    });
    expect(check.problems).toEqual(['missing page /it/resources/kit/ for a published resources item']);
  });
});
