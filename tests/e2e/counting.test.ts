import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { contentDir } from '../../scripts/pipeline/paths.ts';
import { loadSeed } from '../../scripts/local/seed-content.ts';
import type { TestPortal } from '../support/portal.ts';
import { portalTest as test } from '../support/harness.ts';

const seed = loadSeed(contentDir);
const kit = seed.find((item) => item.spec.folder === 'resources' && item.key === 'connect-teaching-kit')!;
const kitPage = (locale: string) => `/${locale}/resources/${kit.translations[locale]!.slug as string}/`;
const ITEM = 'resource:connect-teaching-kit';
const BOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
/** A person's Chrome: headless Chromium names itself HeadlessChrome, which `isbot` rightly takes for a robot. */
const PERSON = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

/** The kit's counters, read from the CMS's database: `{ 'it view': 1, 'ro download': 1, … }`. */
async function counters(portal: TestPortal, item = ITEM): Promise<Record<string, number>> {
  const db = await portal.cms.database();
  try {
    const rows = (await db('hit_counts').where({ item }).select('language', 'kind', 'hits')) as Array<{
      language: string;
      kind: string;
      hits: number | string;
    }>;
    return Object.fromEntries(rows.map((row) => [`${row.language} ${row.kind}`, Number(row.hits)]));
  } finally {
    await db.destroy();
  }
}

/** Waits until the kit's counters are `expected` (a counted beacon lands after the page's load). */
async function countersBecome(portal: TestPortal, expected: Record<string, number>, item = ITEM): Promise<void> {
  const until = Date.now() + 15_000;
  for (;;) {
    const now = await counters(portal, item);
    if (JSON.stringify(Object.entries(now).sort()) === JSON.stringify(Object.entries(expected).sort())) return;
    if (Date.now() > until) expect(now, `the counters of ${item}`).toEqual(expected);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// A portal of its own: the test expects the kit's counters exactly, and the shared portal's kit is
// visited by other files at the same time.
test.override('portalOptions', { own: true });

describe('reach counted without tracking', () => {
  const contexts: BrowserContext[] = [];
  const requests: string[] = [];

  /** A visitor's browser; every request it makes is recorded, to prove none leaves the site's origin. */
  async function visitor(portal: TestPortal, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await portal.browser.newContext({ acceptDownloads: true, userAgent: PERSON, ...options });
    contexts.push(context);
    context.on('request', (request) => requests.push(request.url()));
    return { context, page: await context.newPage() };
  }

  /** Opens the kit's page in `locale` and downloads its file in the page's language (or its first one); the file's language. */
  async function viewAndDownload(portal: TestPortal, page: Page, locale: string): Promise<string> {
    await page.goto(`${portal.site.url}${kitPage(locale)}`);
    const own = page.locator(`.downloads a[hreflang="${locale}"]`);
    const link = (await own.count()) > 0 ? own.first() : page.locator('.downloads a').first();
    const language = (await link.getAttribute('hreflang'))!;
    // The link itself counts: a redirect on the site's origin to the file, which needs no script.
    expect(await link.getAttribute('href')).toMatch(/^\/api\/counts\/download\?/);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(new URL(download.url()).origin).toBe(portal.site.url);
    const saved = await download.path();
    expect(saved).toBeTruthy();
    return language;
  }

  test('moves the kit’s views and downloads in each language, with and without JavaScript, and never for a robot', { timeout: 120_000 }, async ({ portal }) => {
    expect(await counters(portal)).toEqual({});

    // Italian, then Romanian: a view of the page (the beacon, after load) and a download each.
    const expected: Record<string, number> = {};
    const add = (key: string) => {
      expected[key] = (expected[key] ?? 0) + 1;
    };
    const person = await visitor(portal);
    for (const locale of ['it', 'ro']) {
      const language = await viewAndDownload(portal, person.page, locale);
      add(`${locale} view`);
      add(`${language} download`);
      await countersBecome(portal, expected);
    }
    // The beacon is one small inline script, and counting sets nothing in the browser.
    const script = await person.page.locator('script[data-count]').evaluate((element) => element.outerHTML);
    expect(Buffer.byteLength(script)).toBeLessThan(1024);
    expect(await person.context.cookies()).toEqual([]);
    expect(
      await person.page.evaluate(async () => ({
        cookie: document.cookie,
        local: localStorage.length,
        // The quick exit remembers, for this tab only, how deep the visitor is and whether they left.
        session: Object.keys(sessionStorage).filter((key) => !['praxis-depth', 'praxis-leaving'].includes(key)).length,
        databases: (await indexedDB.databases()).length,
        caches: (await caches.keys()).length,
      })),
    ).toEqual({ cookie: '', local: 0, session: 0, databases: 0, caches: 0 });

    // Without JavaScript: no beacon, so no view, but the download link counts by itself.
    const noScript = await visitor(portal, { javaScriptEnabled: false });
    const language = await viewAndDownload(portal, noScript.page, 'pt');
    add(`${language} download`);
    await countersBecome(portal, expected);

    // A robot: its download goes through and its view's beacon is answered, and neither counts.
    // A person's view of another page afterwards, counted, shows the robot's beacon was handled.
    const robot = await visitor(portal, { userAgent: BOT });
    const robotBeacon = robot.page.waitForResponse((response) => response.url().includes('/api/counts/view'));
    await viewAndDownload(portal, robot.page, 'lt');
    expect((await robotBeacon).status()).toBe(204);
    await person.page.goto(`${portal.site.url}/lt/`);
    await countersBecome(portal, { 'lt view': 1 }, 'page:home');
    expect(await counters(portal)).toEqual(expected);

    for (const context of contexts) expect(await context.cookies()).toEqual([]);
    expect(requests.filter((url) => !/^(?:data|blob):/.test(url) && new URL(url).origin !== portal.site.url)).toEqual([]);
    expect(
      requests.some((url) => url.includes('/api/counts/view')),
      'the beacons are among the requests',
    ).toBe(true);
    for (const context of contexts) await context.close();
  });
});
