import { readdirSync, readFileSync } from 'node:fs';
import { join, matchesGlob } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { contentDir } from '../../scripts/pipeline/paths.ts';
import { searchablePages } from '../../scripts/pipeline/search-index.ts';
import { loadSeed } from '../../scripts/local/seed-content.ts';
import { localeCodes } from '@praxis/contract/locales';
import { axeViolations } from '../support/axe.ts';
import { portalTest } from '../support/harness.ts';
import { ITALIAN_ONLY } from '../support/test-content.ts';
import type { TestSite } from '../../scripts/local/throwaway/site.ts';

type Translation = { title: string; slug: string; document?: { paragraphs: string[] } } & Record<string, unknown>;
const seed = loadSeed(contentDir);
const resources = seed
  .filter((item) => item.spec.folder === 'resources')
  .map((item) => ({ key: item.key, translations: item.translations as unknown as Partial<Record<string, Translation>> }));
const titlesIn = (locale: string, stem: RegExp) =>
  resources.flatMap((resource) => resource.translations[locale]?.title ?? []).filter((title) => stem.test(title));

/**
 * Two consecutive words of a resource's Romanian PDF whose second word is nowhere in the Romanian
 * pages (titles, summaries, bodies of every seeded item): only the PDF's text can match them.
 */
function phraseOnlyInPdf(locale: string): { phrase: string; slug: string } {
  const words = (text: string) => text.toLocaleLowerCase(locale).match(/\p{L}+/gu) ?? [];
  const pageWords = new Set(
    seed.flatMap((item) => {
      const { document: _document, ...page } = (item.translations[locale] ?? {}) as Record<string, unknown>;
      return words(JSON.stringify(page));
    }),
  );
  for (const resource of resources) {
    const version = resource.translations[locale];
    const text = version?.document?.paragraphs.join(' ') ?? '';
    const sequence = text.match(/\p{L}+/gu) ?? [];
    for (let index = 1; index < sequence.length; index++) {
      const word = sequence[index]!;
      // Long words only, so that no inflection of them is on a page either.
      if (
        word.length >= 10 &&
        !pageWords.has(word.toLocaleLowerCase(locale)) &&
        ![...pageWords].some((other) => other.startsWith(word.toLocaleLowerCase(locale).slice(0, 7)))
      ) {
        return { phrase: `${sequence[index - 1]} ${word}`, slug: version!.slug };
      }
    }
  }
  throw new Error(`no word of a ${locale} PDF is absent from the ${locale} pages`);
}

// The run's portal with the test content: the Italian-only kit and the spellings without diacritics (`test-content.ts`).
portalTest.override('portalOptions', { content: 'test' });

describe('search in a browser, built from a seeded CMS', () => {
  let site: TestSite;
  let dist: string;
  let browser: Browser;
  let open: (path: string) => Promise<Page>;

  portalTest.beforeAll(async ({ portal, open: opener }) => {
    ({ site, browser } = portal);
    dist = site.dist;
    open = (path) => opener(path);
  });

  /** Waits until the latest search has finished and its first results are on screen; returns the cards. */
  async function results(page: Page) {
    // Read in the same moment as the idle state: a search starting between a wait and a read (a
    // debounced one, on a busy machine) empties the list before it fills it again.
    const shown = await page.waitForFunction(() => {
      const ui = document.querySelector('praxis-search');
      if (ui?.getAttribute('aria-busy') !== 'false') return false;
      return [...ui.querySelectorAll('.search-result')].map((card) => ({
        title: card.querySelector('h3 a')!.textContent!,
        href: card.querySelector('h3 a')!.getAttribute('href')!,
        kind: card.querySelector('.kind')!.textContent!,
        inDocument: card.querySelector('.search-document')?.textContent ?? null,
        date: card.querySelector('time')?.getAttribute('datetime') ?? null,
      }));
    });
    return (await shown.jsonValue()) as Exclude<Awaited<ReturnType<typeof shown.jsonValue>>, boolean>;
  }

  /** Every result of the latest search, pressing "more results" until there are no more. */
  async function allResults(page: Page) {
    await results(page);
    const more = page.locator('praxis-search .search-more');
    while (await more.isVisible()) {
      const shown = await page.locator('praxis-search .search-result').count();
      await more.click();
      await page.waitForFunction((count) => document.querySelectorAll('praxis-search .search-result').length > count, shown);
    }
    return results(page);
  }

  async function search(locale: string, query: string) {
    const page = await open(`/${locale}/search/?q=${encodeURIComponent(query)}`);
    return { page, cards: await results(page) };
  }

  it('has Pagefind read every page with a searchable body, and not the catalogue lists below them', () => {
    const pages = (readdirSync(dist, { recursive: true }) as string[]).filter((file) => file.endsWith('.html'));
    const read = (file: string) => localeCodes.some((locale) => matchesGlob(file, searchablePages(locale)));
    const searchable = pages.filter((file) => readFileSync(join(dist, file), 'utf8').includes('data-pagefind-body'));
    expect(searchable.length).toBeGreaterThan(0);
    expect(searchable.filter((file) => !read(file))).toEqual([]);
    expect(pages.filter((file) => !read(file))).toContain(join('ro', 'resources', 'kind', 'guide', 'index.html'));
  });

  it.each([
    // Each query is an inflected form that none of the titles contains as such: stemming finds them.
    ['it', 'tratte', /\btratta\b/i],
    ['pt', 'tráficos', /\btráfico\b/i],
    ['ro', 'traficul', /\btraficului\b/i],
    ['lt', 'prekyba', /\bprekyb(os|ą)\b/i],
  ])('finds in %s with "%s" every resource whose title has that word in another form', async (locale, query, stem) => {
    const { page } = await search(locale, query);
    // Events, reports and campaigns share the words: look through every result, not the first ten.
    const cards = await allResults(page);
    const expected = titlesIn(locale, stem);
    expect(expected.length).toBeGreaterThan(0);
    const found = new Set(cards.map((card) => card.title));
    for (const title of expected) expect(found).toContain(title);
    for (const card of cards) expect(card.href).toMatch(new RegExp(`^/${locale}/`));
    await page.context().close();
  });

  it('narrows the results to the kind ticked in the facets, whose index loads only when they are asked for', async () => {
    const { page, cards } = await search('ro', 'traficul');
    const filterFiles: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/filter/')) filterFiles.push(request.url());
    });
    expect(await page.getByRole('checkbox', { name: /^Ghid\b/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Arată filtrele' }).click();
    const guide = page.getByRole('checkbox', { name: /^Ghid\b/ });
    await guide.waitFor();
    expect(filterFiles.length).toBeGreaterThan(0);
    expect(filterFiles.every((url) => url.includes('/pagefind/ro/filter/'))).toBe(true);
    // Focus moves from the button, which is gone, to the first facet.
    await page.waitForFunction(() => document.activeElement?.matches('.search-facets input') === true);
    await guide.check();
    const narrowed = await results(page);
    expect(narrowed.length).toBeGreaterThan(0);
    expect(narrowed.length).toBeLessThan(cards.length);
    for (const card of narrowed) expect(card.kind).toBe('Ghid');
    await page.context().close();
  });

  it('orders the results by date, newest or oldest first', async () => {
    const { page } = await search('ro', 'exemplu');
    const slug = (card: { href: string }) => card.href.split('/')[3];
    await page.locator('praxis-search select[name="sort"]').selectOption('newest');
    const newest = await results(page);
    // The examples were published after the seed, the one without diacritics last.
    expect(newest.slice(0, 2).map(slug)).toEqual(['exemplu-biblioteca-fara-diacritice', 'exemplu-ghid-cu-diacritice']);
    await page.locator('praxis-search select[name="sort"]').selectOption('oldest');
    const oldest = await results(page);
    expect(oldest.map(slug)).toEqual(newest.map(slug).reverse());
    await page.context().close();
  });

  it('orders the results of every language by date when searching all languages, newest or oldest first', async () => {
    // Every guide (a filter with no words), in Lithuanian and, for items without a Lithuanian page, in the other languages.
    const { page } = await search('lt', 'pavyzdys');
    await page.locator('praxis-search .search-show-filters').click();
    await page.locator('praxis-search input[name="kind"][value="guide"]').check();
    await page.getByRole('checkbox', { name: 'Ieškoti visomis kalbomis' }).check();
    await results(page);
    await page.getByRole('searchbox').fill('');
    await page.locator('praxis-search select[name="sort"]').selectOption('newest');
    const newest = await allResults(page);
    const slug = (card: { href: string }) => card.href.split('/')[3];
    // The examples came after the seed, the Romanian ones last.
    expect(newest.slice(0, 4).map(slug)).toEqual([
      'exemplu-biblioteca-fara-diacritice',
      'exemplu-ghid-cu-diacritice',
      'pavyzdys-knygu-be-diakritiku',
      'pavyzdys-vadovas-su-diakritikais',
    ]);
    expect(new Set(newest.map((card) => card.href.split('/')[1])).size).toBeGreaterThan(1);
    const dates = newest.map((card) => card.date!);
    expect(dates.every(Boolean)).toBe(true);
    expect(dates).toEqual([...dates].sort().reverse());
    await page.locator('praxis-search select[name="sort"]').selectOption('oldest');
    const oldest = await allResults(page);
    expect(oldest.map((card) => card.date)).toEqual([...dates].reverse());
    expect(oldest.length).toBe(newest.length);
    await page.context().close();
  });

  it('searches once when the order changes while words are being typed, and keeps the results "more" added', async () => {
    const { page } = await search('it', 'tratta');
    // From now on the page's timers run only when the test says, so the search that typing
    // schedules is seen to run, or not, whatever the machine's speed.
    await page.clock.install();
    await page.clock.pauseAt(Date.now() + 1_000);
    await page.evaluate(() => {
      const ui = document.querySelector('praxis-search')!;
      const busy = Object.getOwnPropertyDescriptor(Element.prototype, 'ariaBusy')!;
      const counted = window as unknown as { searches: number };
      counted.searches = 0;
      Object.defineProperty(ui, 'ariaBusy', {
        get: () => busy.get!.call(ui),
        set: (value: string | null) => {
          if (value === 'true') counted.searches += 1;
          busy.set!.call(ui, value);
        },
      });
    });
    const searches = () => page.evaluate(() => (window as unknown as { searches: number }).searches);
    const cards = page.locator('praxis-search .search-result');
    // Words typed (a search scheduled for when typing pauses), then the order changed at once.
    await page.getByRole('searchbox').fill('tratte');
    await page.locator('praxis-search select[name="sort"]').selectOption('newest');
    const first = await results(page);
    await page.clock.runFor(1_000);
    expect(await searches()).toBe(1);
    await page.locator('praxis-search .search-more').click();
    await page.waitForFunction((count) => document.querySelectorAll('praxis-search .search-result').length > count, first.length);
    const more = await cards.count();
    await page.clock.runFor(1_000);
    expect(await cards.count()).toBe(more);
    expect(await searches()).toBe(1);
    await page.context().close();
  });

  it('finds an Italian kit with no Lithuanian version only when searching all languages, without other languages’ copies of the rest', async () => {
    const { page, cards } = await search('lt', 'laboratorio teatrale');
    expect(cards.map((card) => card.title)).not.toContain(ITALIAN_ONLY.title);
    await page.getByRole('checkbox', { name: 'Ieškoti visomis kalbomis' }).check();
    const merged = await allResults(page);
    expect(merged).toContainEqual(
      expect.objectContaining({ href: `/it/resources/${ITALIAN_ONLY.slug}/`, title: ITALIAN_ONLY.title, kind: 'Mokymo rinkinys · Italiano' }),
    );
    // Other languages' pages appear only for items that Lithuanian lacks: the kit, and the seed's own gaps.
    const lacking = new Set([
      ITALIAN_ONLY.slug,
      ...loadSeed(contentDir)
        .filter((item) => !item.translations.lt)
        .flatMap((item) => Object.values(item.translations).map((version) => version.slug as string)),
    ]);
    for (const card of merged) if (!card.href.startsWith('/lt/')) expect(lacking).toContain(card.href.split('/').filter(Boolean)[2]);
    const wide = await search('lt', 'CONNECT');
    await wide.page.getByRole('checkbox', { name: 'Ieškoti visomis kalbomis' }).check();
    const connect = await results(wide.page);
    expect(connect.length).toBeGreaterThan(0);
    for (const card of connect) expect(card.href).toMatch(/^\/lt\//);
    await wide.page.context().close();
    await page.context().close();
  });

  it('offers to search all languages when nothing is found in the page’s language, and finds the untranslated kit there', async () => {
    const { page, cards } = await search('lt', 'teatrale');
    expect(cards).toEqual([]);
    // Nothing to narrow, so no facets.
    expect(await page.locator('praxis-search .search-show-filters').count()).toBe(0);
    const offer = page.getByRole('button', { name: 'Ieškoti visomis kalbomis' });
    await offer.click();
    const found = await results(page);
    expect(found.map((card) => card.href)).toContain(`/it/resources/${ITALIAN_ONLY.slug}/`);
    await expect(page.getByRole('checkbox', { name: 'Ieškoti visomis kalbomis' }).isChecked()).resolves.toBe(true);
    await expect(offer.isVisible()).resolves.toBe(false);
    await page.context().close();
  });

  it('keeps the search page’s search in its address: reloaded, it comes back with its order, facets and languages', async () => {
    const { page } = await search('ro', 'traficul');
    await page.locator('praxis-search .search-show-filters').click();
    await page.locator('praxis-search input[name="kind"][value="guide"]').check();
    await page.locator('praxis-search select[name="sort"]').selectOption('oldest');
    await page.getByRole('checkbox', { name: 'Caută în toate limbile' }).check();
    const before = await results(page);
    expect(before.length).toBeGreaterThan(0);
    expect(new URL(page.url()).search).toBe('?q=traficul&all&sort=oldest&kind=guide');
    await page.reload();
    const after = await results(page);
    expect(after).toEqual(before);
    await expect(page.locator('praxis-search input[name="kind"][value="guide"]').isChecked()).resolves.toBe(true);
    await expect(page.getByRole('checkbox', { name: 'Caută în toate limbile' }).isChecked()).resolves.toBe(true);
    await expect(page.locator('praxis-search select[name="sort"]').inputValue()).resolves.toBe('oldest');
    for (const card of after) expect(card.kind).toMatch(/^Ghid\b/);
    await page.context().close();
  });

  it('links a result to the section of a long page where the words are', async () => {
    const version = seed.find((item) => item.key === 'asit-catalonia-protocols')!.translations.it!;
    const practice = { slug: String(version.slug), body: String(version.body) };
    // The first section of the page, and words of its first line (the Catalan police's specialised teams).
    const heading = practice.body.match(/^## (.+)$/m)![1]!;
    expect(practice.body.split(`## ${heading}`)[1]).toContain('squadre specializzate');
    const { page } = await search('it', 'squadre specializzate');
    const url = `/it/good-practices/${practice.slug}/`;
    const card = page.locator('praxis-search .search-result').filter({ has: page.locator(`h3 a[href="${url}"]`) });
    const section = card.locator('.search-sections a').first();
    await expect(section.textContent()).resolves.toBe(heading);
    // The sections' excerpts stand for the page's own, which would repeat one of them.
    expect(await card.locator(':scope > .search-excerpt').count()).toBe(0);
    const marked = await card.locator('.search-sections li').first().locator('mark').allTextContents();
    expect(marked.map((word) => word.toLowerCase())).toEqual(expect.arrayContaining(['squadre', 'specializzate']));
    // The interface with its results, sections and facets holds to the portal's accessibility rules.
    await page.locator('praxis-search .search-show-filters').click();
    await page.locator('praxis-search .search-facets fieldset').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await section.click();
    await page.waitForURL(`**${url}#*`);
    const id = decodeURIComponent(new URL(page.url()).hash.slice(1));
    await expect(page.locator(`main [id="${id}"]`).textContent()).resolves.toBe(heading);
    await page.context().close();
  });

  it('says so when more results cannot be loaded, and keeps those shown', async () => {
    const { page, cards } = await search('ro', 'traficul');
    expect(cards.length).toBe(10);
    // The connection drops: Pagefind can no longer fetch the results' data.
    await page.route('**/pagefind/ro/fragment/**', (route) => route.abort('internetdisconnected'));
    await page.locator('praxis-search .search-more').click();
    await page.locator('praxis-search .search-status', { hasText: 'Căutarea nu este disponibilă' }).waitFor();
    expect(await page.locator('praxis-search .search-result').count()).toBe(10);
    // Back online, the same button brings the results that had failed, none skipped.
    await page.unroute('**/pagefind/ro/fragment/**');
    await page.locator('praxis-search .search-more').click();
    await page.waitForFunction(() => document.querySelectorAll('praxis-search .search-result').length > 10);
    await expect(page.locator('praxis-search .search-status').textContent()).resolves.toMatch(/^\d+ (de )?rezultat/);
    const all = await allResults(page);
    expect(new Set(all.map((card) => card.href)).size).toBe(all.length);
    const fresh = await search('ro', 'traficul');
    expect(all.map((card) => card.href)).toEqual(await allResults(fresh.page).then((cards) => cards.map((card) => card.href)));
    await fresh.page.context().close();
    await page.context().close();
  });

  it('finds a phrase that is only inside a PDF, and leads to the resource that offers the file', async () => {
    const { phrase, slug } = phraseOnlyInPdf('ro');
    const { page, cards } = await search('ro', `"${phrase}"`);
    expect(cards.length, phrase).toBeGreaterThan(0);
    expect(cards[0]!.href).toMatch(new RegExp(`^/ro/resources/${slug}/#file-`));
    expect(cards[0]!.inDocument).toBe('Găsit în PDF (română)');
    await page.locator('praxis-search .search-result h3 a').first().click();
    await page.waitForURL(`**/ro/resources/${slug}/#file-*`);
    const anchor = decodeURIComponent(new URL(page.url()).hash.slice(1));
    expect(await page.locator(`[id="${anchor}"] a`).getAttribute('hreflang')).toBe('ro');
    await page.context().close();
  });

  it.each([
    ['ro', 'protectia', /protecți/],
    ['lt', 'zmonemis', /žmonėmis/],
  ])('finds in %s the words typed without diacritics ("%s")', async (locale, query, word) => {
    const { page, cards } = await search(locale, query);
    expect(cards.length).toBeGreaterThan(0);
    const marked = await page.locator('praxis-search .search-excerpt mark').allTextContents();
    expect(marked.some((text) => word.test(text))).toBe(true);
    await page.context().close();
  });

  it.each([
    ['ro', 'bibliotecă', 'exemplu-ghid-cu-diacritice', 'exemplu-biblioteca-fara-diacritice'],
    ['ro', 'biblioteca', 'exemplu-biblioteca-fara-diacritice', 'exemplu-ghid-cu-diacritice'],
    ['lt', 'knygų', 'pavyzdys-vadovas-su-diakritikais', 'pavyzdys-knygu-be-diakritiku'],
    ['lt', 'knygu', 'pavyzdys-knygu-be-diakritiku', 'pavyzdys-vadovas-su-diakritikais'],
  ])('puts the page spelled exactly as typed first in %s ("%s"), the other spelling after it', async (locale, query, exact, other) => {
    const { page, cards } = await search(locale, query);
    const slugs = cards.map((card) => card.href.split('/')[3]);
    expect(slugs[0]).toBe(exact);
    expect(slugs).toContain(other);
    await page.context().close();
  });

  it('requests no search code before search is opened, then opens it with "/" in the page language', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(`${site.url}/lt/`);
    await page.waitForLoadState('networkidle');
    // The page itself and, after its load, the count of the view (a beacon, not search code).
    expect(requested).toEqual(['/lt/', '/api/counts/view']);
    await page.keyboard.press('/');
    const dialog = page.getByRole('dialog', { name: 'Paieška' });
    await dialog.getByRole('searchbox').fill('prekyba');
    await dialog.locator('.search-result').first().waitFor();
    expect(requested).toEqual(expect.arrayContaining(['/_astro/search-ui.js', '/lt/search/strings.json', '/pagefind/lt/pagefind.js']));
    await expect(dialog.getByRole('checkbox', { name: 'Ieškoti visomis kalbomis' }).isVisible()).resolves.toBe(true);
    await dialog.getByRole('button', { name: 'Uždaryti' }).click();
    await expect(dialog.isVisible()).resolves.toBe(false);
    await context.close();
  });

  it('keeps the search button a link to the search page when JavaScript is off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.url}/pt/`);
    await page.getByRole('link', { name: 'Pesquisar' }).click();
    await page.waitForURL('**/pt/search/');
    expect(await page.locator('noscript').count()).toBe(1);
    await context.close();
  });

  it('reports the bytes a visitor downloads for search on the seed corpus', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // Requests of the page and of Pagefind's worker, with the bytes that crossed the network.
    const transfers: Promise<{ url: string; bytes: number }>[] = [];
    context.on('requestfinished', (request) =>
      transfers.push(request.sizes().then((sizes) => ({ url: request.url(), bytes: sizes.responseBodySize + sizes.responseHeadersSize }))),
    );
    const total = async (filter: (url: string) => boolean = () => true) =>
      (await Promise.all(transfers.splice(0))).filter((entry) => filter(entry.url)).reduce((sum, entry) => sum + entry.bytes, 0);
    await page.goto(`${site.url}/ro/`);
    await page.waitForLoadState('networkidle');
    const pageBytes = await total();
    await page.keyboard.press('/');
    const dialog = page.locator('dialog[open]');
    await dialog.getByRole('searchbox').fill('traficul');
    await dialog.locator('praxis-search[aria-busy="false"] .search-result').first().waitFor();
    await page.waitForLoadState('networkidle');
    const firstList = await Promise.all(transfers);
    const core = firstList.filter((entry) => /pagefind(-worker)?\.js|wasm\./.test(entry.url)).reduce((sum, entry) => sum + entry.bytes, 0);
    const first = await total();
    // The facets' filter index waits for "Show filters": a first query, in the page or Pagefind's worker, loads none of it.
    expect(firstList.filter((entry) => entry.url.includes('/filter/'))).toEqual([]);
    // Words of pages the first query did not show, so their data has still to come.
    await dialog.getByRole('searchbox').fill('bibliotecă');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('dialog[open] .search-excerpt mark')].some((mark) => mark.textContent!.toLowerCase().startsWith('bibliotec')),
    );
    await page.waitForLoadState('networkidle');
    const further = await total();
    await dialog.getByRole('checkbox', { name: 'Caută în toate limbile' }).check();
    await dialog.locator('praxis-search[aria-busy="false"]').waitFor();
    await page.waitForLoadState('networkidle');
    const allLanguages = await total();
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    // Chromium reports no body size for the worker's own script (pagefind-worker.js, 12 KB gzipped).
    console.log(
      `search bytes on the seed corpus, as the site server serves them (uncompressed): page before opening search ${kb(pageBytes)} (no search file); first query ${kb(first)}, of which Pagefind's code and wasm ${kb(core)}; a further query ${kb(further)}; the same query in all languages ${kb(allLanguages)} more`,
    );
    expect(first).toBeGreaterThan(core);
    await context.close();
  });
});
