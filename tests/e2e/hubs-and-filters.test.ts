import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { getLocale } from '@praxis/contract/locales';
import { axeViolations } from '../support/axe.ts';
import { DESKTOP, dictionaries, item, PHONE, seed, slug, t } from '../support/seed.ts';
import { portalTest } from '../support/harness.ts';
import type { TestSite } from '../../scripts/local/throwaway/site.ts';

const title = (folder: string, key: string, locale: string) => item(folder, key).translations[locale]!.title as string;

/**
 * An example report this suite publishes about CONNECT's Italian workshop, in Italian and
 * Portuguese, naming the CONNECT kit: no seeded project has both a kit and a report yet.
 */
const REPORT = {
  key: 'esempio-resoconto-connect-italia',
  it: {
    title: 'Esempio: resoconto del workshop CONNECT in Italia',
    slug: 'esempio-resoconto-workshop-connect-italia',
    summary: 'Voce di esempio dei test: un resoconto collegato al kit CONNECT.',
  },
  pt: {
    title: 'Exemplo: relatório da oficina CONNECT em Itália',
    slug: 'exemplo-relatorio-oficina-connect-italia',
    summary: 'Entrada de exemplo dos testes: um relatório ligado ao kit CONNECT.',
  },
};

// The portal of this file: the seeded CMS and the example report, before the site is built.
portalTest.override('portalOptions', {
  prepare: async (cms) => {
    const documentOf = async (model: string, key: string) => (await cms.entries(model).find(key)).documentId;
    const event = await documentOf('api::event.event', 'connect-workshop-italy');
    const kit = await documentOf('api::resource.resource', 'connect-teaching-kit');
    const reports = cms.entries('api::workshop-report.workshop-report');
    const fields = (locale: 'it' | 'pt') => ({
      ...REPORT[locale],
      translationStatus: locale === 'it' ? 'original' : 'translated',
      event: { connect: [{ documentId: event, locale }] },
      resources: { connect: [{ documentId: kit, locale }] },
    });
    const created = await reports.create({ key: REPORT.key, ...fields('it') });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const documentId = created.body.data.documentId as string;
    const translated = await reports.update(documentId, fields('pt'), { locale: 'pt' });
    expect(translated.status, JSON.stringify(translated.body)).toBe(200);
    for (const locale of ['it', 'pt']) {
      const published = await reports.publish(documentId, {}, { locale });
      expect(published.status, JSON.stringify(published.body)).toBe(200);
    }
  },
});

describe('no dead ends: project pages as hubs, and the catalogue’s facets combined', () => {
  let site: TestSite;
  let browser: Browser;
  let open: (path: string, viewport: { width: number; height: number }) => Promise<Page>;

  portalTest.beforeAll(async ({ portal, open: opener }) => {
    ({ site, browser } = portal);
    open = (path, viewport) => opener(path, { viewport });
  }, 400_000);

  it.each([
    ['it', PHONE],
    ['pt', DESKTOP],
  ])('leads an educator (%s, %o) from a project to its kit and its report, and from the kit back to the project', async (locale, viewport) => {
    const page = await open(`/${locale}/projects/`, viewport);
    await page.getByRole('link', { name: 'CONNECT', exact: true }).click();
    const projectPath = `/${locale}/projects/${slug('projects', 'connect', locale)}/`;
    await page.waitForURL(`**${projectPath}`);
    expect(await axeViolations(page)).toEqual([]);

    // The hub: partners by country, the events (all held), the report, the kit, the video, the campaign.
    const partners = page.getByRole('region', { name: t(locale, 'projects.partners') });
    const partnerLinks = await partners.getByRole('link').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(partnerLinks.sort()).toEqual(
      (item('projects', 'connect').relations.organisations as string[]).map((key) => `/${locale}/projects/#organisation-${key}`).sort(),
    );
    expect(await partners.getByRole('heading', { level: 3 }).count()).toBe(2);
    const events = page.getByRole('region', { name: t(locale, 'project.hub.events') });
    expect(
      await events
        .getByRole('list', { name: t(locale, 'project.hub.past') })
        .getByRole('link')
        .allTextContents(),
    ).toContain(title('events', 'connect-workshop-italy', locale));
    expect(
      await page
        .getByRole('region', { name: t(locale, 'project.hub.videos') })
        .getByRole('link')
        .count(),
    ).toBe(1);
    expect(
      await page
        .getByRole('region', { name: t(locale, 'project.hub.campaigns') })
        .getByRole('link')
        .count(),
    ).toBe(1);

    // The kit, and from it back to its project.
    const kitTitle = title('resources', 'connect-teaching-kit', locale);
    await page
      .getByRole('region', { name: t(locale, 'project.hub.resources') })
      .getByRole('link', { name: kitTitle })
      .click();
    await page.waitForURL(`**/${locale}/resources/${slug('resources', 'connect-teaching-kit', locale)}/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(kitTitle);
    await page.locator('article .item-links').getByRole('link', { name: 'CONNECT', exact: true }).click();
    await page.waitForURL(`**${projectPath}`);

    // The report, which names its project and its event's place in it.
    await page
      .getByRole('region', { name: t(locale, 'project.hub.reports') })
      .getByRole('link', { name: REPORT[locale as 'it' | 'pt'].title })
      .click();
    await page.waitForURL(`**/${locale}/reports/${REPORT[locale as 'it' | 'pt'].slug}/`);
    expect(await page.locator('article .item-links').getByRole('link', { name: 'CONNECT', exact: true }).getAttribute('href')).toBe(projectPath);
    await page.context().close();
  });

  it('links every item page back to its project and its organisation', async () => {
    const page = await open(`/ro/good-practices/${slug('good-practices', 'contratto-regional-freephone', 'ro')}/`, DESKTOP);
    const links = page.locator('article .item-links');
    expect(await links.getByRole('link', { name: 'ConTratTo', exact: true }).getAttribute('href')).toBe(`/ro/projects/${slug('projects', 'contratto', 'ro')}/`);
    const organisation = links.getByRole('link', { name: /Toscana/ });
    expect(await organisation.getAttribute('href')).toBe('/ro/projects/#organisation-regione-toscana');
    await organisation.click();
    await page.waitForURL('**/ro/projects/#organisation-regione-toscana');
    expect(await page.locator('#organisation-regione-toscana').textContent()).toContain('Toscana');
    for (const path of [
      `/ro/videos/${slug('videos', 'connect-awareness-spot', 'ro')}/`,
      `/ro/campaigns/${slug('campaigns', 'connect-awareness-campaign', 'ro')}/`,
      `/ro/events/${slug('events', 'asit-exchange-athens', 'ro')}/`,
    ]) {
      await page.goto(`${site.url}${path}`);
      expect(await page.locator('article .item-links a').first().textContent(), path).toMatch(/CONNECT|ASIT/);
    }
    await page.context().close();
  });

  /** What the seed says the catalogue of `locale` holds: every resource has a page in every locale. */
  const resources = seed
    .filter((candidate) => candidate.spec.folder === 'resources')
    .map((resource) => ({
      kind: resource.shared.kind as string,
      themes: resource.relations.themes as string[],
      title: resource.translations.it!.title as string,
    }));
  const count = (locale: string, value: number) => {
    const forms = Object.fromEntries(
      Object.entries(dictionaries[locale]!)
        .filter(([key]) => key.startsWith('catalogue.count.'))
        .map(([key, text]) => [key.slice('catalogue.count.'.length), text]),
    );
    return forms[new Intl.PluralRules(getLocale(locale).lang).select(value)]!.replace('{count}', new Intl.NumberFormat(getLocale(locale).lang).format(value));
  };

  it.each([
    ['ro', PHONE],
    ['it', DESKTOP],
  ])('lets a visitor (%s, %o) combine two facets, with counts that follow, in an address that reloads as it was', async (locale, viewport) => {
    const page = await open(`/${locale}/resources/`, viewport);
    const kinds = page.getByRole('group', { name: t(locale, 'catalogue.facet.kind') });
    const themes = page.getByRole('group', { name: t(locale, 'catalogue.facet.theme') });
    const status = page.locator('main [role="status"]');
    const checkbox = (group: typeof kinds, label: string) =>
      group.getByRole('checkbox', { name: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`) });
    const guide = checkbox(kinds, t(locale, 'resource.kind.guide'));
    const cooperation = checkbox(themes, t(locale, 'resource.theme.multi-agency-cooperation'));
    await guide.waitFor();

    const guides = resources.filter((resource) => resource.kind === 'guide');
    const both = guides.filter((resource) => resource.themes.includes('multi-agency-cooperation'));
    expect(both.length).toBeGreaterThan(0);
    expect(both.length).toBeLessThan(guides.length);

    await guide.check();
    // Focus stays on the box just ticked; the status line says the new count.
    expect(await guide.evaluate((element) => element === document.activeElement)).toBe(true);
    await expect.poll(() => status.textContent()).toBe(count(locale, guides.length));
    expect(new URL(page.url()).search).toBe('?kind=guide');
    // Each theme counts the guides it would leave.
    expect(await cooperation.evaluate((input) => input.closest('label')!.textContent)).toContain(`(${both.length})`);

    await cooperation.check();
    await expect.poll(() => status.textContent()).toBe(count(locale, both.length));
    expect(new URL(page.url()).search).toBe('?kind=guide&theme=multi-agency-cooperation');
    const shown = async () => ({
      cards: await page.locator('main .cards > li').count(),
      status: await status.textContent(),
      checked: await page
        .locator('.facet-form input:checked')
        .evaluateAll((inputs) => inputs.map((input) => `${(input as HTMLInputElement).name}=${(input as HTMLInputElement).value}`)),
      counts: await page.locator('.facet-form label').allTextContents(),
      links: await page.locator('main .cards a').evaluateAll((links) => links.map((link) => link.getAttribute('href'))),
    });
    const before = await shown();
    expect(before.cards).toBe(both.length);
    expect(before.checked).toEqual(['kind=guide', 'theme=multi-agency-cooperation']);
    // Other kinds count what they would add among the resources on multi-agency cooperation.
    const onCooperation = resources.filter((resource) => resource.themes.includes('multi-agency-cooperation'));
    const toolkit = onCooperation.filter((resource) => resource.kind === 'toolkit').length;
    expect(before.counts.find((label) => label.trim().startsWith(t(locale, 'resource.kind.toolkit')))).toContain(`(${toolkit})`);
    expect(await axeViolations(page)).toEqual([]);

    // The address, reloaded (or bookmarked, or shared), shows the same list and counts.
    await page.reload();
    await guide.waitFor();
    await expect.poll(() => status.textContent()).toBe(count(locale, both.length));
    expect(await shown()).toEqual(before);
    // Every card leads to a resource page of this language.
    for (const href of before.links) expect(href).toMatch(new RegExp(`^/${locale}/resources/[a-z0-9-]+/$`));

    // Unticking everything gives back the whole catalogue, as built.
    await page.getByRole('button', { name: t(locale, 'catalogue.filters.clear') }).click();
    await expect.poll(() => status.textContent()).toBe(count(locale, resources.length));
    expect(new URL(page.url()).search).toBe('');
    await page.context().close();
  });

  it('combines further from a one-facet page, into the catalogue’s address', async () => {
    const page = await open('/lt/resources/kind/guide/', PHONE);
    const themes = page.getByRole('group', { name: t('lt', 'catalogue.facet.theme') });
    await themes.waitFor();
    expect(await page.locator('.facet-form input:checked').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))).toEqual([
      'guide',
    ]);
    await themes.getByRole('checkbox', { name: new RegExp(`^${t('lt', 'resource.theme.multi-agency-cooperation')} \\(`) }).check();
    await page.waitForURL('**/lt/resources/?kind=guide&theme=multi-agency-cooperation');
    const both = resources.filter((resource) => resource.kind === 'guide' && resource.themes.includes('multi-agency-cooperation'));
    await expect.poll(() => page.locator('main .cards > li').count()).toBe(both.length);
    await page.reload();
    await expect.poll(() => page.locator('main [role="status"]').textContent()).toBe(count('lt', both.length));
    await page.context().close();
  });

  it('keeps the one-facet pages for visitors without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${site.url}/pt/resources/`);
    expect(await page.locator('.facet-form').count()).toBe(0);
    await page
      .getByRole('navigation', { name: t('pt', 'catalogue.facets') })
      .getByRole('link', { name: t('pt', 'resource.kind.guide'), exact: true })
      .click();
    await page.waitForURL('**/pt/resources/kind/guide/');
    expect(await page.locator('main .cards > li').count()).toBe(resources.filter((resource) => resource.kind === 'guide').length);
    await context.close();
  });
});
