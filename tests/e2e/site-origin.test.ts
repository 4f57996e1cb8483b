import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser, BrowserContext } from 'playwright-core';
import { describe, expect } from 'vitest';
import { templates } from '../../scripts/local/throwaway/templates.ts';
import { contentDir } from '../../scripts/pipeline/paths.ts';
import { loadSeed } from '../../scripts/local/seed-content.ts';
import type { TestCms } from '../../scripts/local/throwaway/cms.ts';
import type { TestSite } from '../../scripts/local/throwaway/site.ts';
import { createWebinar } from '../../scripts/local/throwaway/webinars.ts';
import { portalTest as it } from '../support/harness.ts';

const seed = loadSeed(contentDir);
const kit = seed.find((item) => item.spec.folder === 'resources' && item.file.endsWith('/connect-teaching-kit.json'))!;
const kitSlug = (locale: string) => kit.translations[locale]!.slug as string;

const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1366, height: 900 },
];
/** Two languages, one of them with letters outside ASCII in its slugs and search words. */
const LOCALES = [
  { locale: 'it', query: 'tratta', webinar: 'webinar-di-esempio-origin-webinar', search: 'Cerca' },
  { locale: 'ro', query: 'traficul', webinar: 'ro-webinar-di-esempio-origin-webinar', search: 'Căutare' },
];

/** Every file of a folder, recursively. */
function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) yield* walk(join(dir, entry.name));
    else yield join(dir, entry.name);
  }
}

// Behind the site server, as `npm start` runs it: the CMS reads the visitor's address from
// X-Forwarded-For. A small limit per address, so that the test reaches it.
it.override('portalOptions', {
  env: { PRAXIS_REGISTRATION_MIN_FILL_SECONDS: '1', PRAXIS_BEHIND_PROXY: 'true', PRAXIS_RATE_LIMIT_ADDRESS: '3/600' },
  prepare: async (cms) => {
    await createWebinar(
      cms,
      'origin-webinar',
      { capacity: 20 },
      { ro: { title: 'Webinar de exemplu pentru origine' }, pt: { title: 'Webinar de exemplo para a origem' } },
    );
  },
});

describe('a visitor never leaves the site’s origin', () => {
  let cms: TestCms;
  let site: TestSite;
  let browser: Browser;
  let dist: string;
  let sample: Record<string, Record<string, string>>;

  it.beforeAll(async ({ portal }) => {
    ({ cms, site, browser } = portal);
    dist = site.dist;
    sample = Object.fromEntries(templates(dist).map((template) => [template.route, template.pages]));
  }, 400_000);

  /** A context whose every request, of its pages and their workers, is recorded. */
  async function recordingContext(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; requests: string[] }> {
    const context = await browser.newContext(options);
    const requests: string[] = [];
    context.on('request', (request) => requests.push(request.url()));
    return { context, requests };
  }

  /** The requests that left the site's origin; `data:` and `blob:` addresses never reach a network. */
  const offOrigin = (requests: string[]) => requests.filter((url) => !/^(?:data|blob):/.test(url) && new URL(url).origin !== site.url);

  for (const { locale, query, webinar, search } of LOCALES) {
    for (const viewport of VIEWPORTS) {
      it(`walks the templates in ${locale} at ${viewport.width}×${viewport.height}, every request on the site’s origin`, async () => {
        const { context, requests } = await recordingContext({ viewport });
        const page = await context.newPage();
        const visit = async (path: string) => {
          const response = await page.goto(`${site.url}${path}`);
          expect(response?.status(), path).toBe(200);
          await page.waitForLoadState('networkidle');
        };
        await visit(`/${locale}/`);
        await visit(`/${locale}/resources/`);
        await visit(`/${locale}/resources/${kitSlug(locale)}/`);
        // The downloads are links on the site, which answer as attachments.
        const downloads = await page.locator('.downloads a').evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
        expect(downloads.length).toBeGreaterThan(0);
        for (const href of downloads) expect(new URL(href).origin, href).toBe(site.url);

        await visit(sample['[locale]/videos/[slug]']![locale]!);
        // The player, the video and its captions come from the site too, once the visitor presses play.
        const mediaRequested = page.waitForRequest(
          (request) => new URL(request.url()).pathname.startsWith('/media/') && /\.(?:mp4|webm|vtt)$/.test(new URL(request.url()).pathname),
        );
        // By the keyboard, as the facade also starts on a key press.
        await page.locator('.video-play').focus();
        await page.keyboard.press('Enter');
        await mediaRequested;

        await visit(`/${locale}/webinars/${webinar}/`);
        // With JavaScript the form asks for the seats left, on the site's origin.
        await page.waitForFunction(() => document.querySelector('[data-seats]')?.textContent?.trim());
        const action = await page.locator('form.registration').evaluate((form) => (form as HTMLFormElement).action);
        expect(new URL(action).origin).toBe(site.url);

        await visit(`/${locale}/helplines/`);
        await visit(sample['[locale]/projects/[slug]']![locale]!);
        await page.keyboard.press('/');
        const dialog = page.getByRole('dialog', { name: search });
        await dialog.getByRole('searchbox').fill(query);
        await dialog.locator('.search-result').first().waitFor();
        await page.waitForLoadState('networkidle');

        expect(requests.some((url) => new URL(url).pathname.startsWith('/api/webinars/'))).toBe(true);
        expect(requests.some((url) => new URL(url).pathname.startsWith('/pagefind/'))).toBe(true);
        expect(offOrigin(requests)).toEqual([]);
        await context.close();
      });
    }
  }

  it('lets an educator download a kit: the file is the CMS’s upload, saved under the kit’s name, and the page stays', async () => {
    const { context, requests } = await recordingContext({ acceptDownloads: true, viewport: VIEWPORTS[0]! });
    const page = await context.newPage();
    const kitPage = `${site.url}/ro/resources/${kitSlug('ro')}/`;
    await page.goto(kitPage);
    const link = page.locator('.downloads a[hreflang="ro"]').first();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`${kitSlug('ro')}-ro.pdf`);
    expect(new URL(download.url()).origin).toBe(site.url);
    const saved = readFileSync((await download.path())!);

    // The same file as the CMS holds it.
    const listed = await fetch(`${cms.url}/api/resources?locale=ro&filters[slug][$eq]=${kitSlug('ro')}&populate[files][populate][media][fields][0]=url`);
    const [resource] = ((await listed.json()) as { data: Array<{ files: Array<{ language: string; media: { url: string } }> }> }).data;
    const upload = resource!.files.find((file) => file.language === 'ro')!.media.url;
    const original = Buffer.from(await (await fetch(`${cms.url}${upload}`)).arrayBuffer());
    expect(saved.subarray(0, 5).toString()).toBe('%PDF-');
    expect(saved.equals(original)).toBe(true);

    expect(page.url()).toBe(kitPage);
    expect(await page.locator('h1').textContent()).toBe(kit.translations.ro!.title);
    expect(offOrigin(requests)).toEqual([]);
    await context.close();
  });

  it('registers without JavaScript by a post to the site’s origin, landing on the site’s result page', async () => {
    const { context, requests } = await recordingContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.url}/pt/webinars/pt-webinar-di-esempio-origin-webinar/`);
    await page.fill('#registration-name', 'Pessoa de Exemplo');
    await page.fill('#registration-email', 'origem@example.org');
    await page.fill('#registration-region', 'Lisboa');
    await page.check('#registration-consent');
    const posted = page.waitForRequest((request) => request.method() === 'POST');
    await Promise.all([page.waitForURL(`${site.url}/pt/registration/confirmed/`), page.click('button[type=submit]')]);
    const post = await posted;
    expect(post.url()).toBe(`${site.url}/api/webinars/origin-webinar/registrations`);
    expect(await page.textContent('h1')).toBe('Inscrição confirmada');
    expect(offOrigin(requests)).toEqual([]);
    await context.close();
  });

  it('counts the registration rate limit per visitor behind the site server, whatever a visitor claims to be', async () => {
    /** A registration attempt from a visitor at `address` (loopback has a whole /8 on Linux). */
    const attempt = (address: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve, reject) => {
        const { hostname, port } = new URL(site.url);
        const req = request(
          {
            hostname,
            port,
            localAddress: address,
            method: 'POST',
            path: '/api/webinars/origin-webinar/registrations',
            headers: { 'content-type': 'application/json', ...headers },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode!));
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
    // An empty form is answered "invalid" once the limit lets it through.
    for (let index = 0; index < 3; index++) expect(await attempt('127.0.0.2')).toBe(422);
    expect(await attempt('127.0.0.2')).toBe(429);
    // What the visitor writes into X-Forwarded-For comes before the address the site server adds.
    expect(await attempt('127.0.0.2', { 'x-forwarded-for': '127.0.0.99' })).toBe(429);
    // Another visitor is not held back by the first: the CMS does not count the site server.
    expect(await attempt('127.0.0.3')).toBe(422);
  });

  it('writes no address of the CMS into the release: pages, feeds, sitemap, search documents and field packs', () => {
    const cmsHost = new URL(cms.url).host;
    const found: string[] = [];
    for (const file of walk(dist)) {
      // Pagefind's index files are compressed binaries of the pages' own text.
      if (file.includes(`${join(dist, 'pagefind')}/`) && !file.endsWith('.json')) continue;
      if (file.endsWith('.zip')) {
        for (const [name, bytes] of Object.entries(unzipSync(readFileSync(file)))) {
          if (/\.(?:html|js|json|txt|vtt)$/.test(name) && Buffer.from(bytes).toString('utf8').includes(cmsHost)) found.push(`${file}:${name}`);
        }
        continue;
      }
      if (/\.(?:html|xml|json|js|txt|css|webmanifest)$/.test(file) && readFileSync(file, 'utf8').includes(cmsHost)) found.push(file);
    }
    expect(found).toEqual([]);
  });
});
