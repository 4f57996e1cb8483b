/**
 * The public map of the network, built from the seeded CMS: one page per language with an SVG map
 * drawn at build time, a link on the map and a row in the table for every country where a partner
 * is based or an event was held, with the numbers the content gives; then in Chromium, on a phone
 * and a laptop in two languages, keyboard to a country and onto its list, without a request that
 * leaves the site's origin.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { getLocale, localeCodes } from '@praxis/contract/locales';
import { contentDir } from '../../scripts/pipeline/paths.ts';
import { loadSeed } from '../../scripts/local/seed-content.ts';
import type { TestSite } from '../../scripts/local/throwaway/site.ts';
import { axeViolations } from '../support/axe.ts';
import { portalTest, requestsOf } from '../support/harness.ts';

const seed = loadSeed(contentDir);
const folder = (name: string) => seed.filter((item) => item.spec.folder === name);

/** What the seed says happened where: partners, events (exchanges apart) and exchanges by country. */
function expectedByCountry() {
  const counts = new Map<string, { partners: number; events: number; exchanges: number }>();
  const of = (country: string) => counts.get(country) ?? counts.set(country, { partners: 0, events: 0, exchanges: 0 }).get(country)!;
  for (const organisation of folder('organisations')) {
    if (organisation.shared.country) of(organisation.shared.country as string).partners += 1;
  }
  for (const event of folder('events')) {
    if (!event.shared.country || event.shared.online) continue;
    of(event.shared.country as string)[event.shared.kind === 'exchange' ? 'exchanges' : 'events'] += 1;
  }
  return counts;
}

/** The `href` of every link in `html` between `start` and `end`. */
const linksIn = (html: string, start: string, end: string) => {
  const part = html.slice(html.indexOf(start), html.indexOf(end, html.indexOf(start)));
  return [...part.matchAll(/<a href="([^"]+)"/g)].map((match) => match[1]!);
};

describe('the network map, as built', () => {
  let site: TestSite;
  portalTest.beforeAll(async ({ portal }) => {
    site = portal.site;
  }, 400_000);

  it('has the seed’s countries to show: partners in ten countries, exchanges in six', () => {
    const expected = expectedByCountry();
    expect([...expected.keys()].sort()).toEqual(['BG', 'ES', 'GB', 'GR', 'IT', 'LT', 'PL', 'PT', 'RO', 'SK']);
    expect([...expected.values()].reduce((sum, row) => sum + row.exchanges, 0)).toBe(6);
  });

  for (const locale of localeCodes) {
    it(`builds the map page in ${locale}: a map link and a table row for every country with content, with the content’s numbers`, () => {
      const html = readFileSync(join(site.dist, locale, 'network', 'index.html'), 'utf8');
      const expected = expectedByCountry();
      const countryHref = (code: string) => `/${locale}/network/${code.toLowerCase()}/`;
      const wanted = [...expected.keys()].map(countryHref).sort();

      // The map: drawn at build time, titled and described, one link per country with content.
      const map = html.slice(html.indexOf('<figure class="network-map"'), html.indexOf('</figure>'));
      expect(map).toMatch(/^<figure[^>]*><svg viewBox="0 0 600 520" aria-labelledby="network-map-title" aria-describedby="network-map-desc"/);
      expect(map).toMatch(/<title id="network-map-title"[^>]*>[^<]+<\/title><desc id="network-map-desc"[^>]*>[^<]+<\/desc>/);
      expect(linksIn(map, '<svg', '</svg>').sort()).toEqual(wanted);
      expect(map).not.toMatch(/<script|<image|https?:/);

      // The table: the same countries, with partners, events and exchanges counted as in the content.
      const table = html.slice(html.indexOf('<tbody'), html.indexOf('</tbody>'));
      const rows = [
        ...table.matchAll(
          /<tr[^>]*>\s*<th scope="row"[^>]*>\s*<a href="([^"]+)"[^>]*>([^<]+)<\/a>\s*<\/th>\s*<td[^>]*>(\d+)<\/td>\s*<td[^>]*>(\d+)<\/td>\s*<td[^>]*>(\d+)<\/td>/g,
        ),
      ];
      expect(rows.map((row) => row[1]).sort()).toEqual(wanted);
      // Named as the site names them, in the page's language tag (pt-PT: "Roménia").
      const regions = new Intl.DisplayNames([getLocale(locale).lang], { type: 'region' });
      for (const [code, counts] of expected) {
        const row = rows.find((candidate) => candidate[1] === countryHref(code))!;
        expect(row[2], code).toBe(regions.of(code));
        expect(row.slice(3, 6).map(Number), `${locale} ${code}`).toEqual([counts.partners, counts.events, counts.exchanges]);
      }
    });
  }

  it('builds a page per country listing each partner, event, exchange and report held there', () => {
    const html = readFileSync(join(site.dist, 'pt', 'network', 'gr', 'index.html'), 'utf8');
    const greek = folder('organisations').filter((organisation) => organisation.shared.country === 'GR');
    for (const organisation of greek) expect(html).toContain(`href="/pt/projects/#organisation-${organisation.key}"`);
    const athens = folder('events').find((event) => event.key === 'asit-exchange-athens')!;
    expect(html).toContain(`href="/pt/events/${(athens.translations.pt ?? athens.translations.it)!.slug as string}/"`);
    const report = folder('reports').find((item) => item.relations.event === 'asit-exchange-athens')!;
    expect(html).toContain(`href="/pt/reports/${(report.translations.pt ?? report.translations.it)!.slug as string}/"`);
    // Bratislava's exchange is Slovakia's, not Greece's.
    const bratislava = folder('events').find((event) => event.key === 'asit-exchange-bratislava')!;
    expect(html).not.toContain(`/${(bratislava.translations.pt ?? bratislava.translations.it)!.slug as string}/`);
  });
});

const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1366, height: 900 },
];

describe('the network map in Chromium', () => {
  let site: TestSite;
  let open: (path: string, viewport: { width: number; height: number }) => Promise<{ page: Page; requests: string[] }>;
  portalTest.beforeAll(async ({ portal, open: openPage }) => {
    site = portal.site;
    open = async (path, viewport) => {
      const page = await openPage(path, { viewport });
      return { page, requests: requestsOf(page) };
    };
  }, 400_000);

  for (const locale of ['it', 'lt'] as const) {
    for (const viewport of VIEWPORTS) {
      it(`at ${viewport.width} px in ${locale}: fits, passes axe, and Tab then Enter on Romania lands on Romania’s list`, async () => {
        const { page, requests } = await open(`/${locale}/network/`, viewport);
        try {
          expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
          expect(await axeViolations(page)).toEqual([]);
          const romania = new Intl.DisplayNames([getLocale(locale).lang], { type: 'region' }).of('RO')!;

          // By keyboard, from the top of the page to Romania on the map.
          let focused = '';
          for (let presses = 0; presses < 80 && focused !== romania; presses += 1) {
            await page.keyboard.press('Tab');
            focused = await page.evaluate(() => (document.activeElement?.closest('svg') ? (document.activeElement.getAttribute('aria-label') ?? '') : ''));
          }
          expect(focused).toBe(romania);
          // The focus shows: the country turns saffron, ringed in ink.
          const look = await page.evaluate(() => {
            const path = document.activeElement!.querySelector('path')!;
            const style = getComputedStyle(path);
            return { fill: style.fill, stroke: style.stroke, width: style.strokeWidth };
          });
          expect(look).toEqual({ fill: 'rgb(232, 163, 23)', stroke: 'rgb(26, 34, 48)', width: '3px' });

          await page.keyboard.press('Enter');
          await page.waitForURL(`${site.url}/${locale}/network/ro/`);
          expect(await page.locator('h1').textContent()).toContain(romania);
          const listed = await page.locator('main section li a').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
          expect(listed).toContain(`/${locale}/projects/#organisation-fundatia-pro-prietenia-arad`);
          const workshop = folder('events').find((event) => event.key === 'connect-workshop-romania')!;
          expect(listed).toContain(`/${locale}/events/${(workshop.translations[locale] ?? workshop.translations.it)!.slug as string}/`);
          expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
          expect(await axeViolations(page)).toEqual([]);

          expect(requests.filter((url) => !/^(?:data|blob):/.test(url) && new URL(url).origin !== site.url)).toEqual([]);
        } finally {
          await page.context().close();
        }
      });
    }
  }
});
