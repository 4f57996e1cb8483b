// The portal as `npm start` runs it (`live-portal.ts`): the publisher builds and serves the site, behind a gate proxy, from release to release.
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, onTestFinished } from 'vitest';
import { contentDir } from '../../scripts/pipeline/paths.ts';
import { loadSeed } from '../../scripts/local/seed-content.ts';
import type { Publisher, PublishResult } from '../../scripts/pipeline/publisher.ts';
import type { RecentChanges } from '../../scripts/pipeline/search-index.ts';
import { entriesPath, type TestCms } from '../../scripts/local/throwaway/cms.ts';
import type { GateProxy } from '../support/gate-proxy.ts';
import { buildTestSite, type TestSite } from '../../scripts/local/throwaway/site.ts';
import { portalTest as it } from '../support/harness.ts';
import { startLivePortal, type LivePortal } from '../support/live-portal.ts';
import '../support/cms-admin-built.ts';

const RESOURCES = 'api::resource.resource';
/**
 * The publisher's quiet period where a test sends one edit: its one event makes one build however
 * short the wait, so the test does not sit through a longer one at every publish.
 */
const QUIET_MS = 500;
/**
 * Where a test sends several edits meant for one build: longer than one publish through the admin
 * takes on a loaded machine (over 1 s was seen in CI), so that they always fall within one quiet period.
 */
const BURST_QUIET_MS = 3_000;

describe('what a partner publishes in the CMS is live on the site, through the publisher', () => {
  let portal: LivePortal;
  let cms: TestCms;
  let publisher: Publisher;
  /** The publisher's environment, which a test changes between builds. */
  let publisherEnv: NodeJS.ProcessEnv;
  let site: TestSite;
  let sitesDir: string;
  let publisherUrl: string;
  /** The publisher reads the CMS through it, so a test can hold the build at an exact point. */
  let proxy: GateProxy;

  /** Waits until the publisher has finished `count` publishes in all. */
  async function publishes(count: number): Promise<PublishResult> {
    await expect.poll(() => publisher.history.length, { timeout: 150_000, interval: 250 }).toBeGreaterThanOrEqual(count);
    await publisher.idle();
    return publisher.history.at(-1)!;
  }

  /** Makes the edits of the running test, until it ends, one build: the quiet period is lengthened for them. */
  function oneBuildForSeveralEdits(): void {
    publisher.quietMs = BURST_QUIET_MS;
    onTestFinished(() => {
      publisher.quietMs = QUIET_MS;
    });
  }

  /** Edits the Italian title of a seeded resource and publishes it, as a coordinator does in the admin. */
  async function publishTitle(key: string, title: string, extra: Record<string, unknown> = {}): Promise<string> {
    const entry = await cms.entries(RESOURCES).find(key);
    const published = await cms.entries(RESOURCES).publish(entry.documentId, { ...entry, title, ...extra });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    return entry.slug;
  }

  const liveHtml = async (path: string) => (await fetch(`${site.url}${path}`)).text();

  /** The resources on the first page of a locale's catalogue, in the order shown. */
  const catalogueOrder = async (locale: string) =>
    [
      ...new Set([...(await liveHtml(`/${locale}/resources/`)).matchAll(new RegExp(`href="/${locale}/resources/([^/"]+)/"`, 'g'))].map((match) => match[1]!)),
    ].filter((slug) => !['page', 'kind', 'theme', 'audience', 'project', 'language'].includes(slug));

  beforeAll(async () => {
    portal = await startLivePortal({ quietMs: QUIET_MS, gate: true });
    ({ cms, publisher, publisherEnv, publisherUrl, site, sitesDir } = portal);
    proxy = portal.proxy!;
    // The first publish makes the pictures the seed holds (the funders' emblem).
    expect(publisher.history[0]!.build!.images.encoded).toBeGreaterThan(0);
  }, 400_000);

  afterAll(() => portal?.stop());

  it('builds the first release in full, checks it, and serves it through the current link', () => {
    const [first] = publisher.history;
    expect(first!.build!.content.fullLocales).toBeGreaterThan(0);
    expect(first!.check!.checked.itemPages).toBeGreaterThan(30);
    expect(first!.check!.problems).toEqual([]);
    expect(readlinkSync(publisher.currentLink)).toBe(join('releases', first!.liveRelease!));
  });

  it('refuses webhook calls that do not carry the CMS’s secret', async () => {
    const response = await fetch(`${publisherUrl}/cms-events`, { method: 'POST', body: '{"event":"entry.publish"}' });
    expect(response.status).toBe(401);
    expect(publisher.history).toHaveLength(1);
  });

  it('puts edits published in the admin live in one build, fetching only the changed entries, rendering again only the pages they change and linking the others from the release before', async () => {
    oneBuildForSeveralEdits();
    const before = publisher.history.length;
    const previous = realpathSync(publisher.currentLink);
    const filesOf = (dir: string) =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
    const earlier = new Map(filesOf(previous).map((file) => [file, readFileSync(join(previous, file))]));
    const catalogue = await catalogueOrder('it');
    // A burst of edits, as a coordinator makes them: the kit twice, the guide between.
    await publishTitle('connect-teaching-kit', 'Kit didattico CONNECT (1)');
    await publishTitle('ecat-practitioners-guide', 'Guida ECAT per operatori (2)');
    // The kit keeps the title the tests below expect; its summary changes too.
    const slug = await publishTitle('connect-teaching-kit', 'Kit didattico CONNECT (3)', { summary: 'Un kit per le scuole, pagine collegate.' });
    const result = await publishes(before + 1);
    expect(publisher.history).toHaveLength(before + 1);
    expect(result.ok, result.reason).toBe(true);
    expect(result.trigger).toBe('entry.publish api::resource.resource');
    expect(result.build!.content).toMatchObject({ fetched: 2, removed: 0, fullLocales: 0 });
    expect(result.build!.content.kept).toBeGreaterThan(100);
    const live = realpathSync(publisher.currentLink);
    expect(live).not.toBe(previous);
    // The release before stays on disk, so a bad one can be put back by hand.
    expect(existsSync(previous)).toBe(true);
    expect(await liveHtml(`/it/resources/${slug}/`)).toContain('Kit didattico CONNECT (3)');
    // A correction is not news: the kit keeps its place in the catalogue, newest first by first publication.
    expect(catalogue.indexOf(slug)).toBeGreaterThan(0);
    expect(await catalogueOrder('it')).toEqual(catalogue);

    // The other resources' pages, and the catalogue lists that do not show these, are copies; so
    // are the search bundles of the languages whose pages did not change. That the pages are the
    // ones a full build makes is checked file by file once the search tests below are done.
    expect(result.build!.reused).toBeGreaterThan(30);
    expect(result.build!.reused).toBeLessThan(result.build!.pages);
    // Astro's page loop went through the pages rendered again only: the reused ones were linked
    // before it (linked-pages.ts). The first build, with no cache, went through every page.
    const everyPath = publisher.history[0]!.build!.visited!;
    expect(result.build!.visited! + result.build!.reused).toBe(everyPath);
    expect(result.build!.searchReused).toEqual(['pt', 'ro', 'lt']);
    // The pictures (the funders' emblem of the seed) were made by an earlier publish: nothing is encoded again.
    expect(result.build!.images.images).toBeGreaterThan(0);
    expect(result.build!.images).toMatchObject({ encoded: 0 });
    expect(result.build!.images.reused).toBeGreaterThan(0);
    // The kit's project page lists it: its key (page-keys.ts) holds the project's resources, so it rendered again.
    const connect = loadSeed(contentDir).find((item) => item.spec.folder === 'projects' && item.key === 'connect')!;
    expect(await liveHtml(`/it/projects/${connect.translations.it!.slug as string}/`)).toContain('Kit didattico CONNECT (3)');

    // Every file Astro reused is the previous release's file itself (same inode), not a copy of it.
    const linked = filesOf(live).filter((file) => earlier.has(file) && statSync(join(live, file)).ino === statSync(join(previous, file)).ino);
    expect(linked.length).toBeGreaterThanOrEqual(result.build!.reused);
    expect(linked).not.toContain(join('it', 'resources', slug, 'index.html'));
    // The release before is as it was, the edited page included: the new build wrote new files.
    for (const [file, bytes] of earlier) expect(readFileSync(join(previous, file)).equals(bytes), file).toBe(true);
    expect(readFileSync(join(previous, 'it', 'resources', slug, 'index.html'), 'utf8')).not.toContain('pagine collegate');
    expect(readFileSync(join(live, 'it', 'resources', slug, 'index.html'), 'utf8')).toContain('pagine collegate');
    // The sitemap and the check read only the pages rendered again: the facts of the linked ones were on record.
    const pages = filesOf(live).filter((file) => file.endsWith('.html') && !file.startsWith('pagefind'));
    expect(result.build!.pagesRead).toBe(pages.filter((page) => !linked.includes(page)).length);

    // The Italian field pack was built again with the new titles, its page and its ZIP alike: only
    // the changed texts (the two titles, the summary) were analysed, the terms of every other text
    // were the ones kept from the build before (field-pack-worker.cjs).
    expect(readFileSync(join(live, 'it', 'field-pack', 'index.html'), 'utf8')).toContain('Kit didattico CONNECT (3)');
    const pack = unzipSync(new Uint8Array(readFileSync(join(live, 'it', 'field-pack', 'praxis-field-pack-it.zip'))));
    expect(strFromU8(pack['index.html']!)).toContain('Guida ECAT per operatori (2)');
    const kept = JSON.parse(readFileSync(join(sitesDir, 'astro-cache', 'praxis-field-pack', 'it.terms.json'), 'utf8')) as { analysed: number };
    expect(kept.analysed).toBeGreaterThan(0);
    expect(kept.analysed).toBeLessThanOrEqual(3);
    // The Italian pages changed since its main search bundle are in a recent-changes bundle of their
    // own (the search tests below search them); a full build has none.
    expect(Object.keys(result.build!.searchRecent)).toEqual(['it']);
    expect(existsSync(join(live, 'pagefind', 'it-recent', 'pagefind-entry.json'))).toBe(true);
    const changes = JSON.parse(readFileSync(join(live, 'pagefind', 'it-recent.json'), 'utf8')) as RecentChanges;
    expect(changes.bundle).toBe(true);
    expect(changes.hidden.length).toBeGreaterThan(0);
    // Astro's content store, which only the next build reads, was written once the release was
    // live (content-store-saves.ts), not on the way to it.
    const afterLive = result.build!.astroPhases['store written (after going live)']!;
    expect(afterLive).toBeGreaterThan(0);
    // Astro still asks for saves while it syncs; they are let go at once.
    expect(result.build!.astroPhases['store written'] ?? 0).toBeLessThan(afterLive);
    expect(statSync(join(sitesDir, 'astro-cache', 'data-store.json')).mtimeMs).toBeGreaterThan(lstatSync(publisher.currentLink).mtimeMs);
  }, 200_000);

  describe('search between two full builds of a language’s bundle', () => {
    let browser: Browser;
    /** The first query for the edited guide's new words while they are in the recent bundle. */
    let withRecent: { bytes: number; recentBytes: number } | undefined;

    it.beforeAll(({ browser: workerBrowser }) => {
      browser = workerBrowser;
    });

    afterAll(() => {
      delete publisherEnv.PRAXIS_SEARCH_RECENT_PAGES;
    });

    /** The addresses of the live site's Italian search results for `query`, every one, and the bytes the first batch took. */
    async function searchLive(query: string): Promise<string[]> {
      return (await searchWithBytes(query)).hrefs;
    }

    async function searchWithBytes(query: string): Promise<{ hrefs: string[]; bytes: number; recentBytes: number }> {
      const context = await browser.newContext();
      const page = await context.newPage();
      // Requests of the page and of Pagefind's worker, with the bytes that crossed the network.
      const transfers: Promise<{ url: string; bytes: number }>[] = [];
      context.on('requestfinished', (request) =>
        transfers.push(request.sizes().then((sizes) => ({ url: request.url(), bytes: sizes.responseBodySize + sizes.responseHeadersSize }))),
      );
      try {
        await page.goto(`${site.url}/it/search/?q=${encodeURIComponent(query)}`);
        const more = page.locator('praxis-search .search-more');
        const read = async () =>
          (await (
            await page.waitForFunction(() => {
              const ui = document.querySelector('praxis-search');
              if (ui?.getAttribute('aria-busy') !== 'false') return false;
              return [...ui.querySelectorAll('.search-result h3 a')].map((link) => link.getAttribute('href')!);
            })
          ).jsonValue()) as string[];
        let hrefs = await read();
        await page.waitForLoadState('networkidle');
        const search = (await Promise.all(transfers)).filter((entry) => new URL(entry.url).pathname.startsWith('/pagefind/'));
        const sum = (entries: typeof search) => entries.reduce((total, entry) => total + entry.bytes, 0);
        while (await more.isVisible()) {
          await more.click();
          await page.waitForFunction((count) => document.querySelectorAll('praxis-search .search-result').length > count, hrefs.length);
          hrefs = await read();
        }
        return { hrefs, bytes: sum(search), recentBytes: sum(search.filter((entry) => entry.url.includes('-recent'))) };
      } finally {
        await context.close();
      }
    }

    const unpublish = async (documentId: string) => {
      const response = await cms.admin(`${entriesPath(RESOURCES)}/${documentId}/actions/unpublish?locale=it`, { method: 'POST', body: {} });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
    };

    it('finds an edited item by its new words and not its old ones, and a deleted item not at all, before the bundle is built again', async () => {
      oneBuildForSeveralEdits();
      // First both in the Italian main bundle: built again from every page at this publish.
      publisherEnv.PRAXIS_SEARCH_RECENT_PAGES = '0';
      let before = publisher.history.length;
      const slug = await publishTitle('ecat-practitioners-guide', 'Guida ECAT quarzite per operatori');
      const guide = `/it/resources/${slug}/`;
      const documentId = await cms.entries(RESOURCES).createAndPublish({
        key: 'guida-malachite',
        kind: 'guide',
        title: 'Guida malachite da ritirare',
        slug: 'guida-malachite',
        summary: 'Una guida che sarà ritirata.',
        audience: ['educators'],
        translationStatus: 'original',
      });
      let result = await publishes(before + 1);
      expect(result.ok, result.reason).toBe(true);
      expect(result.build!.searchRecent).toEqual({});
      // Each query in a browser context of its own, at once: they wait mostly on the network's quiet.
      const [quarzite, malachite] = await Promise.all([searchLive('quarzite'), searchLive('malachite')]);
      expect(quarzite).toContain(guide);
      expect(malachite).toContain('/it/resources/guida-malachite/');

      delete publisherEnv.PRAXIS_SEARCH_RECENT_PAGES;
      before = publisher.history.length;
      await publishTitle('ecat-practitioners-guide', 'Guida ECAT ossidiana per operatori');
      await unpublish(documentId);
      result = await publishes(before + 1);
      expect(result.ok, result.reason).toBe(true);
      // The Italian main bundle is the one before: the edit and the deletion are in the recent one.
      expect(result.build!.searchRecent.it).toBeGreaterThan(0);
      const changes = JSON.parse(readFileSync(join(realpathSync(publisher.currentLink), 'pagefind', 'it-recent.json'), 'utf8')) as RecentChanges;
      expect(changes.hidden.length).toBeGreaterThanOrEqual(2);
      const [edited, oldWords, deleted, ecat] = await Promise.all([
        searchWithBytes('ossidiana'),
        searchLive('quarzite'),
        searchLive('malachite'),
        searchLive('ECAT'),
      ]);
      expect(edited.hrefs).toContain(guide);
      expect(oldWords).toEqual([]);
      expect(deleted).toEqual([]);
      withRecent = edited;
      // The rest of the main bundle is still found, the guide once only.
      expect(ecat.filter((href) => href === guide)).toHaveLength(1);
      expect(ecat.length).toBeGreaterThan(1);
    }, 400_000);

    it('builds the main bundle again past the limit of recent pages, and the release is the one a full build makes, file by file', async () => {
      publisherEnv.PRAXIS_SEARCH_RECENT_PAGES = '0';
      const result = await publisher.publish('test: compaction');
      expect(result.ok, result.reason).toBe(true);
      expect(result.build!.searchRecent).toEqual({});
      const live = realpathSync(publisher.currentLink);
      expect(existsSync(join(live, 'pagefind', 'it-recent'))).toBe(false);
      // The release is the work of the incremental builds above, each of which rendered again only
      // the pages its edits changed (a title, a summary, a new item, an item withdrawn) and linked
      // the others: every file, the search bundles included, is the one a full build makes.
      const full = await buildTestSite(cms.url, cms.env, `${site.url}/`);
      expect(full.code, full.output).toBe(0);
      try {
        const filesOf = (dir: string) =>
          readdirSync(dir, { recursive: true, withFileTypes: true })
            .filter((entry) => entry.isFile())
            .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
            .sort();
        const files = filesOf(live);
        expect(files).toEqual(filesOf(full.dist));
        expect(files.filter((file) => file.startsWith('pagefind/')).length).toBeGreaterThan(0);
        // The same bytes: the same pages, and the same results for every query.
        expect(files.filter((file) => !readFileSync(join(live, file)).equals(readFileSync(join(full.dist, file))))).toEqual([]);
        const guide = await cms.entries(RESOURCES).find('ecat-practitioners-guide');
        expect(readFileSync(join(live, 'it', 'resources', guide.slug, 'index.html'), 'utf8')).toContain('ossidiana');
        expect(existsSync(join(live, 'it', 'resources', 'guida-malachite', 'index.html'))).toBe(false);
        expect(readFileSync(join(live, 'it', 'field-pack', 'index.html'), 'utf8')).toContain('Guida ECAT ossidiana per operatori');
        // A full build has no recent changes to list.
        expect(JSON.parse(readFileSync(join(full.dist, 'pagefind', 'it-recent.json'), 'utf8'))).toEqual({ bundle: false, hidden: [], pages: [] });
      } finally {
        rmSync(full.dist, { recursive: true, force: true });
      }
      const [compacted, oldWords, deleted] = await Promise.all([searchWithBytes('ossidiana'), searchLive('quarzite'), searchLive('malachite')]);
      expect(compacted.hrefs).toContain(`/it/resources/${(await cms.entries(RESOURCES).find('ecat-practitioners-guide')).slug}/`);
      if (withRecent) {
        const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
        console.log(
          `first query for the edited guide's new words, search files only (as sent, compressed where the site server has a compressed copy, headers included): ${kb(withRecent.bytes)} with the recent-changes bundle (${kb(withRecent.recentBytes)} of it the recent bundle and the list), ${kb(compacted.bytes)} once compacted (${kb(compacted.recentBytes)} the empty list)`,
        );
      }
      // Once compacted, all a query asks of the recent changes is the empty list: one small answer.
      expect(compacted.recentBytes).toBeLessThan(1024);
      expect(oldWords).toEqual([]);
      expect(deleted).toEqual([]);
    }, 400_000);
  });

  it('refreshes a resource page when a report that uses it is published, though the resource itself was not edited; an item published during that build is in the next one, and the build under way still goes live', async () => {
    const before = publisher.history.length;
    const kit = await cms.entries(RESOURCES).find('connect-teaching-kit');
    const reports = cms.entries('api::workshop-report.workshop-report');
    const report = await reports.find('asit-report-athens');
    expect(await liveHtml(`/it/resources/${kit.slug}/`)).not.toContain(report.title);
    let letGo!: () => void;
    // The release check lists the published resources once the pages are made (the content
    // loader's listing names relations, the check's none): held there, the build holds all it ever
    // will, and the item is published before the check reads.
    const checking = proxy.holdNext((path) => path === '/api/content-versions/resources?locale=it&relations=', new Promise((resolve) => (letGo = resolve)));
    const published = await reports.publish(report.documentId, { ...report, resources: { connect: [{ documentId: kit.documentId, locale: 'it' }] } });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    await checking;
    await cms.entries(RESOURCES).createAndPublish({
      key: 'guida-pubblicata-durante-una-build',
      kind: 'guide',
      title: 'Guida pubblicata durante una build',
      slug: 'guida-pubblicata-durante-una-build',
      summary: 'Arriva mentre il sito si costruisce.',
      audience: ['educators'],
      translationStatus: 'original',
    });
    letGo();
    // The guide's webhook arrived during the report's build, and made the next one.
    const next = await publishes(before + 2);
    expect(publisher.history).toHaveLength(before + 2);
    const first = publisher.history[before]!;
    expect(first.ok, first.reason).toBe(true);
    expect(first.trigger).toContain('api::workshop-report.workshop-report');
    // The report, and the resource whose inverse relation (used in reports) it changed: not the guide,
    // published once the build held all it would.
    expect(first.build!.content.fetched).toBe(2);
    // The build that was running went live, with the kit's page refreshed.
    expect(first.liveRelease).not.toBe(publisher.history[before - 1]!.liveRelease);
    expect(readFileSync(join(sitesDir, 'releases', first.liveRelease!, 'it', 'resources', kit.slug, 'index.html'), 'utf8')).toContain(report.title);
    expect(existsSync(join(sitesDir, 'releases', first.liveRelease!, 'it', 'resources', 'guida-pubblicata-durante-una-build'))).toBe(false);
    expect(next.ok, next.reason).toBe(true);
    expect(next.trigger).toBe('entry.publish api::resource.resource');
    expect(next.liveRelease).not.toBe(first.liveRelease);
    expect(await liveHtml('/it/resources/guida-pubblicata-durante-una-build/')).toContain('Guida pubblicata durante una build');
    expect(await liveHtml(`/it/resources/${kit.slug}/`)).toContain(report.title);
  }, 300_000);

  /** Writes fields of an entry's rows straight into the CMS's table, past its save check, as an import or an older CMS might have. */
  async function writePastTheCms(table: string, documentId: string, locale: string, fields: Record<string, unknown>): Promise<void> {
    const { default: knex } = await import('knex');
    const db = knex({ client: 'better-sqlite3', connection: { filename: join(cms.env.PRAXIS_DATA_DIR!, 'praxis.db') }, useNullAsDefault: true });
    try {
      // The draft and the published row, and a new `updatedAt`, so that the build sees a change.
      expect(
        await db(table)
          .where({ document_id: documentId, locale })
          .update({ ...fields, updated_at: Date.now() }),
      ).toBe(2);
    } finally {
      await db.destroy();
    }
  }

  describe('when an entry cannot be built', () => {
    let browser: Browser;

    it.beforeAll(({ browser: workerBrowser }) => {
      browser = workerBrowser;
    });

    it('publishes everything else, keeps the entry’s last good page, and the admin names it', async () => {
      let before = publisher.history.length;
      const live = publisher.liveRelease();
      // The CMS stores the audience as JSON: only the site's schema refuses a value outside the vocabulary.
      const slug = await publishTitle('connect-teaching-kit', 'Kit con un errore', { audience: ['everyone'] });
      const result = await publishes(before + 1);
      expect(result.ok, result.reason).toBe(true);
      expect(publisher.liveRelease()).not.toBe(live);
      const rejected = {
        collection: 'resources',
        locale: 'it',
        entry: `resources/it/${slug}`,
        reason: expect.stringMatching(/^audience\.0: Invalid option/),
        kept: true,
      };
      expect(result.build!.content.rejected).toEqual([expect.objectContaining(rejected)]);
      // The kit's page is the one live before the bad edit.
      expect(await liveHtml(`/it/resources/${slug}/`)).toContain('Kit didattico CONNECT (3)');

      // An unrelated edit goes live while the kit is still bad, and the status still names the kit.
      before = publisher.history.length;
      const other = await publishTitle('ecat-practitioners-guide', 'Guida ECAT per operatori, terza edizione');
      const unrelated = await publishes(before + 1);
      expect(unrelated.ok, unrelated.reason).toBe(true);
      expect(await liveHtml(`/it/resources/${other}/`)).toContain('Guida ECAT per operatori, terza edizione');
      expect(await liveHtml(`/it/resources/${slug}/`)).toContain('Kit didattico CONNECT (3)');
      const status = await cms.admin('/praxis/publish-status');
      expect(status.body.data).toMatchObject({
        state: 'live',
        liveRelease: publisher.liveRelease(),
        rejected: [{ entry: `resources/it/${slug}`, reason: expect.stringMatching(/^audience\.0: /), kept: true }],
      });
      const own = (await (await fetch(`${publisherUrl}/status`)).json()) as { last: { ok: boolean; rejected: unknown[] } };
      expect(own.last).toMatchObject({ ok: true, rejected: [{ entry: `resources/it/${slug}`, reason: expect.stringMatching(/^audience\.0: /), kept: true }] });
      const forged = await fetch(`${cms.url}/praxis/publish-status`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ state: 'live', trigger: 'x', startedAt: 'x' }),
      });
      expect(forged.status).toBe(401);

      const context = await browser.newContext();
      onTestFinished(() => context.close());
      const page = await context.newPage();
      await page.goto(`${cms.url}/admin`);
      await page.evaluate((value) => localStorage.setItem('jwtToken', JSON.stringify(value)), await cms.adminToken());
      await page.goto(`${cms.url}/admin`);
      const widget = page.getByTestId('publish-status');
      await widget.waitFor({ timeout: 60_000 });
      await expect.poll(() => widget.textContent()).toContain('Live on the site');
      await expect.poll(() => page.getByTestId('publish-status-rejected').textContent()).toContain(`resources/it/${slug}: audience.0`);
      expect(await widget.textContent()).toContain('the site still shows its last good version');
      await page.close();
    }, 300_000);

    it('publishes again once the entry is mended, and leaves out another whose slug the site cannot use, though written past the CMS', async () => {
      const before = publisher.history.length;
      const live = publisher.liveRelease();
      const guide = await cms.entries(RESOURCES).find('ecat-practitioners-guide');
      // The CMS refuses this slug at save time (tests/cms/resources.integration.test.ts). Written past
      // it, it sends no event: the build that the kit's mend in the admin makes reads both.
      await writePastTheCms('resources', guide.documentId, 'it', { slug: 'HC_Bad.Slug~x' });
      const slug = await publishTitle('connect-teaching-kit', 'Kit didattico CONNECT, corretto', { audience: ['educators'] });
      const result = await publishes(before + 1);
      expect(result.ok, result.reason).toBe(true);
      expect(publisher.liveRelease()).not.toBe(live);
      expect(await liveHtml(`/it/resources/${slug}/`)).toContain('Kit didattico CONNECT, corretto');
      // The kit is left out no more; the guide is, and its last good page stays live.
      expect(result.build!.content.rejected).toEqual([
        expect.objectContaining({
          entry: 'resources/it/HC_Bad.Slug~x',
          reason: expect.stringMatching(/^slug: the slug "HC_Bad\.Slug~x" is not one the site can use/),
          kept: true,
        }),
      ]);
      expect(await liveHtml(`/it/resources/${guide.slug}/`)).toContain('Guida ECAT per operatori, terza edizione');
      const status = (await cms.admin('/praxis/publish-status')).body.data as { state: string; liveRelease: string; rejected?: unknown };
      expect(status).toMatchObject({ state: 'live', liveRelease: publisher.liveRelease() });
      expect(status.rejected).toEqual([expect.objectContaining({ entry: 'resources/it/HC_Bad.Slug~x', kept: true })]);
      // Mended the same way in the next test, with the broken link there, it is published again,
      // and the admin names no entry left out.
    }, 300_000);

    it('refuses a release with a link that leads nowhere, and publishes it once the link is mended, with the slug above mended too', async () => {
      // The guide's slug as the seed has it: the CMS holds the one written past it now.
      const guide = loadSeed(contentDir).find((item) => item.spec.folder === 'resources' && item.key === 'ecat-practitioners-guide')!;
      const guideSlug = guide.translations.it!.slug as string;
      expect((await cms.entries(RESOURCES).find('ecat-practitioners-guide')).slug).toBe('HC_Bad.Slug~x');
      const { body } = await cms.entries(RESOURCES).find('connect-teaching-kit');
      const live = publisher.liveRelease();
      let before = publisher.history.length;
      const slug = await publishTitle('connect-teaching-kit', 'Kit con un collegamento rotto', {
        body: `${body}\n\n[La guida](/it/resources/guida-che-non-esiste/)`,
      });
      const refused = await publishes(before + 1);
      expect(refused.ok).toBe(false);
      // The entry left out above is not a problem of the check: its last good page is kept.
      expect(refused.reason).toBe(`check failed: broken link on /it/resources/${slug}/index.html: /it/resources/guida-che-non-esiste/`);
      expect(refused.check!.problems).toEqual([`broken link on /it/resources/${slug}/index.html: /it/resources/guida-che-non-esiste/`]);
      expect(publisher.liveRelease()).toBe(live);
      expect(await liveHtml(`/it/resources/${slug}/`)).not.toContain('guida-che-non-esiste');

      // One build for both mends: the slug, written back past the CMS as it was broken, and the link, in the admin.
      before = publisher.history.length;
      await writePastTheCms('resources', (await cms.entries(RESOURCES).find('ecat-practitioners-guide')).documentId, 'it', { slug: guideSlug });
      await publishTitle('connect-teaching-kit', 'Kit didattico CONNECT, collegamento corretto', { body });
      const mended = await publishes(before + 1);
      expect(mended.ok, mended.reason).toBe(true);
      expect(mended.check!.problems).toEqual([]);
      expect(mended.build!.content.rejected).toEqual([]);
      expect(await liveHtml(`/it/resources/${slug}/`)).toContain('Kit didattico CONNECT, collegamento corretto');
      expect(await liveHtml(`/it/resources/${guideSlug}/`)).toContain('Guida ECAT per operatori, terza edizione');
      const status = (await cms.admin('/praxis/publish-status')).body.data as { state: string; liveRelease: string; rejected?: unknown };
      expect(status).toMatchObject({ state: 'live', liveRelease: publisher.liveRelease() });
      expect(status.rejected).toBeUndefined();
    }, 300_000);
  });

  it('keeps the live release and the two before it, and removes older ones and refused builds in the background', async () => {
    // Every test above published at least once, and one build was refused.
    const releases = readdirSync(join(sitesDir, 'releases'));
    expect(releases).toHaveLength(3);
    expect(releases).toContain(publisher.liveRelease());
    expect(existsSync(join(sitesDir, 'staging'))).toBe(false);
    await expect.poll(() => readdirSync(join(sitesDir, 'trash')), { timeout: 30_000 }).toEqual([]);
  });
});
