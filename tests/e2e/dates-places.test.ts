import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { contentDir } from '../../scripts/pipeline/paths.ts';
import { loadSeed } from '../../scripts/local/seed-content.ts';
import { axeViolations } from '../support/axe.ts';
import { portalTest } from '../support/harness.ts';
import type { TestSite } from '../../scripts/local/throwaway/site.ts';

const seed = loadSeed(contentDir);
const titles = (folder: string, key: string) => {
  const item = seed.find((candidate) => candidate.spec.folder === folder && candidate.key === key)!;
  return Object.fromEntries(Object.entries(item.translations).map(([locale, version]) => [locale, version.title as string]));
};
/** The seeded ECAT final conference: no city, no country, not online (ECAT's own page names neither). */
const conference = titles('events', 'ecat-final-conference');
/** The seeded A.St.R.A. seminar of 27 September 2022, 10:00 to 13:00 in Rome, on Zoom. */
const seminar = titles('events', 'astra-seminar-international-protection');

/** What a visitor reads in each of the two languages the journeys walk. */
const READS = {
  it: {
    past: 'Eventi passati',
    placeUnknown: 'luogo non indicato',
    online: 'Online',
    where: 'Dove',
    date: 'Data',
    added: 'Aggiunto al portale',
    seminarDay: '27 settembre 2022',
  },
  pt: {
    past: 'Eventos anteriores',
    placeUnknown: 'local não indicado',
    online: 'Online',
    where: 'Onde',
    date: 'Data',
    added: 'Adicionado ao portal',
    seminarDay: '27 de setembro de 2022',
  },
} as const;

const WIDTHS = [
  { name: 'phone', viewport: { width: 390, height: 844 } },
  { name: 'desktop', viewport: { width: 1366, height: 900 } },
] as const;

// The run's portal with the test content: a partner's kit of 2013 and a workshop of 2014 among it (`test-content.ts`).
portalTest.override('portalOptions', { content: 'test' });

describe('dates and places as the partner gave them, built from the seeded CMS', () => {
  let site: TestSite;
  let open: (path: string, viewport: { width: number; height: number }) => Promise<Page>;
  const added = new Date();

  portalTest.beforeAll(async ({ portal, open: opener }) => {
    site = portal.site;
    open = (path, viewport) => opener(path, { viewport });
  }, 400_000);

  /** The events under a heading of the events list, as a visitor reads them: title and the line after it. */
  const listedUnder = (page: Page, heading: string) =>
    page
      .locator('section', { has: page.getByRole('heading', { level: 2, name: heading, exact: true }) })
      .locator('li')
      .evaluateAll((items) => items.map((item) => item.textContent!.replace(/\s+/g, ' ').trim()));

  for (const locale of ['it', 'pt'] as const) {
    for (const { name, viewport } of WIDTHS) {
      it(`lists the 2014 workshop and the ECAT conference under past events, each with its date and place, in ${locale} on a ${name}`, async () => {
        const page = await open(`/${locale}/events/`, viewport);
        const past = await listedUnder(page, READS[locale].past);
        const workshop = past.find((line) => line.startsWith('Laboratorio di prova del 2014'));
        expect(workshop, past.join('\n')).toBeDefined();
        // Its own year, never the day it was loaded; its city and country.
        expect(workshop).toContain(' · 2014 · Arad, ');
        expect(workshop).not.toContain(String(added.getUTCFullYear()));
        const ecat = past.find((line) => line.startsWith(conference[locale]!));
        expect(ecat, past.join('\n')).toBeDefined();
        expect(ecat).toContain(READS[locale].placeUnknown);
        expect(ecat).not.toContain(READS[locale].online);
        // An event that was online says so, with its own day.
        const online = past.find((line) => line.startsWith(seminar[locale]!));
        expect(online, past.join('\n')).toContain(` · ${READS[locale].seminarDay} · ${READS[locale].online}`);
        expect(await axeViolations(page)).toEqual([]);
        await page.context().close();
      });
    }

    it(`shows the ECAT conference’s place as not given, never as online, on its page in ${locale}`, async () => {
      const list = await open(`/${locale}/events/`, WIDTHS[0].viewport);
      await list.getByRole('link', { name: conference[locale]!, exact: true }).click();
      await list.waitForURL(`**/${locale}/events/**`);
      const facts = await list
        .locator('dl.facts:not(.item-links)')
        .evaluate((dl) => [...dl.querySelectorAll('dt')].map((dt) => [dt.textContent!.trim(), dt.nextElementSibling!.textContent!.trim()]));
      expect(Object.fromEntries(facts)[READS[locale].where]).toBe(READS[locale].placeUnknown);
      expect(facts.map(([term]) => term)).not.toContain(READS[locale].online);
      expect(await axeViolations(list)).toEqual([]);
      await list.context().close();
    });

    it(`shows the 2013 kit’s own year, and the day it was added apart from it, in ${locale}`, async () => {
      // Written in Italian only: the Portuguese page shows it under the Portuguese interface.
      const page = await open(`/${locale}/resources/kit-didattico-del-2013/`, WIDTHS[1].viewport);
      const facts = Object.fromEntries(
        await page
          .locator('dl.facts:not(.item-links)')
          .evaluate((dl) => [...dl.querySelectorAll('dt')].map((dt) => [dt.textContent!.trim(), dt.nextElementSibling!.textContent!.trim()])),
      );
      expect(facts[READS[locale].date]).toBe('2013');
      expect(await page.locator(`dl.facts time[datetime="2013"]`).count()).toBe(1);
      expect(facts[READS[locale].added]).toContain(String(added.getUTCFullYear()));
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    });
  }

  it('shows the kit’s own year on its search result, and an item without a date of its own as added on its day, saying so', async () => {
    const page = await open(`/it/search/?q=${encodeURIComponent('Kit didattico del 2013')}`, WIDTHS[0].viewport);
    await page.locator('praxis-search[aria-busy="false"]').waitFor({ state: 'attached' });
    const cards = await page.locator('praxis-search .search-result').evaluateAll((items) =>
      items.map((card) => ({
        title: card.querySelector('h3 a')!.textContent!,
        facts: card.querySelector('.search-facts')!.textContent!,
        datetime: card.querySelector('.search-facts time')?.getAttribute('datetime') ?? null,
      })),
    );
    const kit = cards.find((card) => card.title === 'Kit didattico del 2013');
    expect(kit, JSON.stringify(cards)).toMatchObject({ datetime: '2013' });
    expect(kit!.facts).toMatch(/ · 2013$/);
    // The seeded kits carry no date of their own (their sources give none): the day they were added, named as such.
    const connect = cards.find((card) => card.title === titles('resources', 'connect-teaching-kit').it);
    expect(connect, JSON.stringify(cards)).toBeDefined();
    expect(connect!.facts).toContain('aggiunto al portale il ');
    expect(connect!.datetime!.slice(0, 4)).toBe(String(added.getUTCFullYear()));
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('says the kit’s own year in the feed, which dates it by the day it was added', async () => {
    const feed = await (await fetch(`${site.url}/it/rss.xml`)).text();
    const item = feed.split('<item>').find((part) => part.includes('Kit didattico del 2013'))!;
    expect(item).toContain('Data: 2013.');
    expect(item).toContain(`<pubDate>${added.toUTCString().slice(0, 16)}`);
  });
});
