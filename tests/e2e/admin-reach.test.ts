// Its own CMS and the harness's browser, not its portal: only the admin is tested, so no site is built.
// The organisers' other tools in the admin (registrations and certificates) are tested here too, on the same CMS.
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect } from 'vitest';
import { countedDownloadUrl, hitDay, viewBeaconUrl } from '@praxis/contract/counting';
import { contentDir } from '../../scripts/pipeline/paths.ts';
import { loadSeed } from '../../scripts/local/seed-content.ts';
import { entriesPath, type TestCms } from '../../scripts/local/throwaway/cms.ts';
import { createWebinar, registrationBody, type ExampleWebinar } from '../../scripts/local/throwaway/webinars.ts';
import { signedIn } from '../support/admin-session.ts';
import { startSeededCms } from '../support/cms.ts';
import { portalTest as it } from '../support/harness.ts';
import '../support/cms-admin-built.ts';

const seed = loadSeed(contentDir);
const titleOf = (folder: string, key: string) => seed.find((item) => item.spec.folder === folder && item.key === key)!.translations.it!.title as string;
const seedOrganisationName = (key: string) => seed.find((item) => item.spec.folder === 'organisations' && item.key === key)!.shared.name as string;
/** Mossos d'Esquadra's practice (project ASIT) and Regione Toscana's (project ConTratTo). */
const OWN = 'good-practice:asit-catalonia-protocols';
const OTHER = 'good-practice:contratto-regional-freephone';
const KIT = 'resource:connect-teaching-kit';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

/** What each item is sent: language, kind, how many. */
const SENT: Array<[string, string, 'view' | 'download', number]> = [
  [OWN, 'it', 'view', 3],
  [OWN, 'pt', 'view', 1],
  [OTHER, 'ro', 'view', 4],
  [KIT, 'lt', 'view', 2],
  [KIT, 'ro', 'download', 5],
  ['page:home', 'it', 'view', 1],
];

/** The seeded resources (all published) and their languages; the seeded events without a date, and those held in 2022. */
const seededResources = seed.filter((item) => item.spec.folder === 'resources');
const seededEvents = seed.filter((item) => item.spec.folder === 'events');
const undatedEvents = seededEvents.filter((item) => !item.shared.start && !item.shared.date);
const eventsOf2022 = seededEvents.filter((item) => String(item.shared.start ?? item.shared.date ?? '').startsWith('2022'));

const CSV_HEADER = 'day,item,title,project,language,kind,count,group';
/** The example webinars: Mossos d'Esquadra's (one seat, so one registrant waits) and one of no organisation. */
const WEBINAR = 'reach-mossos';
const OTHER_WEBINAR = 'reach-unowned';

/** The CSV's view and download lines as `item language kind count` (the day is today's on every line). */
function csvLines(csv: string): string[] {
  const [header, ...lines] = csv.trim().split(/\r\n/);
  expect(header).toBe(CSV_HEADER);
  return lines
    .filter((line) => /,(view|download),\d+,$/.test(line))
    .map((line) => {
      const cells = line.match(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)!.map((cell) => cell.replace(/,$/, ''));
      expect(cells[0]).toBe(hitDay());
      return `${cells[1]} ${cells[4]} ${cells[5]} ${cells[6]}`;
    })
    .sort();
}
const expectedLines = (items: string[]) =>
  SENT.filter(([item]) => items.includes(item))
    .map(([item, language, kind, count]) => `${item} ${language} ${kind} ${count}`)
    .sort();

const REGISTRATIONS = 'api::registration.registration';

let cms: TestCms;
let browser: Browser;
/** One signed-in context per account, made when the account first opens the admin: its pages share the panel's bundle. */
const sessions = new Map<string, BrowserContext>();

/** A new page of the admin, signed in with `token`. */
async function adminPage(token: string): Promise<Page> {
  let context = sessions.get(token);
  if (!context) {
    context = await signedIn(browser, cms.url, token, { viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    sessions.set(token, context);
  }
  return context.newPage();
}

it.beforeAll(async ({ browser: workerBrowser }) => {
  browser = workerBrowser;
  cms = await startSeededCms({ database: 'sqlite' });
}, 240_000);

afterAll(async () => {
  for (const context of sessions.values()) await context.close();
  await cms?.destroy();
});

describe('the reach figures in the admin, for a coordinator and for a partner', () => {
  let coordinator: string;
  let partner: string;

  it.beforeAll(async () => {
    for (const [item, language, kind, count] of SENT) {
      for (let sent = 0; sent < count; sent += 1) {
        const answer = await fetch(`${cms.url}${kind === 'view' ? viewBeaconUrl(item, language) : countedDownloadUrl(item, language, '/media/kit.pdf')}`, {
          method: kind === 'view' ? 'POST' : 'GET',
          redirect: 'manual',
          headers: { 'user-agent': BROWSER },
        });
        expect(answer.status).toBe(kind === 'view' ? 204 : 303);
      }
    }
    coordinator = await cms.createAdminUser('coordinator@praxis.example', 'praxis-coordinator');
    partner = await cms.createAdminUser('partner@mossos.example', 'praxis-partner-editor');
    const mossos = (await cms.admin(`${entriesPath('api::organisation.organisation')}?filters[key][$eq]=mossos-esquadra&locale=it`)).body.results[0].documentId;
    await cms.setEditors(mossos, ['partner@mossos.example'], ['it']);
    await createWebinar(cms, WEBINAR, { organisation: { connect: [{ documentId: mossos, locale: 'it' }] }, capacity: 1 });
    await createWebinar(cms, OTHER_WEBINAR);
    for (const [index, webinar] of [WEBINAR, WEBINAR, OTHER_WEBINAR].entries()) {
      const answer = await fetch(`${cms.url}/api/webinars/${webinar}/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': BROWSER },
        body: JSON.stringify(registrationBody({ name: `Persona Esempio ${index}`, email: `reach${index}@example.org` })),
      });
      expect(answer.status, await answer.text()).toBeLessThan(300);
    }
  }, 240_000);

  const csv = async (token: string, query = '') => {
    const answer = await fetch(`${cms.url}/praxis/reach.csv?${query}`, { headers: { authorization: `Bearer ${token}` } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/csv/);
    return answer.text();
  };

  it('gives the coordinator every counter in the funder’s CSV, and one project’s alone', async () => {
    expect(csvLines(await csv(coordinator))).toEqual(expectedLines([OWN, OTHER, KIT, 'page:home']));
    expect(csvLines(await csv(coordinator, 'project=asit'))).toEqual(expectedLines([OWN]));
    expect(csvLines(await csv(coordinator, `from=${hitDay(new Date(Date.now() - 3 * 86_400_000))}&to=${hitDay(new Date(Date.now() - 86_400_000))}`))).toEqual(
      [],
    );
  });

  it('gives a partner their own organisation’s items only, and refuses a nonsense period', async () => {
    expect(csvLines(await csv(partner))).toEqual(expectedLines([OWN]));
    const refused = await cms.admin('/praxis/reach?from=2026-13-01&to=tomorrow', { token: coordinator });
    expect(refused.status).toBe(400);
    expect((await fetch(`${cms.url}/praxis/reach`)).status).toBe(401);
  });

  async function home(token: string): Promise<Page> {
    const page = await adminPage(token);
    await page.goto(`${cms.url}/admin`);
    await page.getByTestId('reach-plot').locator('canvas').waitFor({ timeout: 60_000 });
    return page;
  }

  /** Stretches the period over the coming fortnight, when the example webinars are held, and waits for their table. */
  async function upToWebinars(page: Page) {
    await page.getByLabel('To', { exact: true }).fill(hitDay(new Date(Date.now() + 14 * 86_400_000)));
    await page.locator(`[data-webinar="${WEBINAR}"]`).waitFor({ timeout: 30_000 });
  }
  const cell = (page: Page, webinar: string, field: string) => page.locator(`[data-webinar="${webinar}"] [data-field="${field}"]`).textContent();

  it('plots views and downloads by day and lists them by language and item, for the coordinator; the CSV button gives the counters', {
    timeout: 120_000,
  }, async () => {
    const page = await home(coordinator);
    const items = page.getByTestId('reach-items');
    await expect.poll(() => items.textContent()).toContain(titleOf('good-practices', 'contratto-regional-freephone'));
    expect(await items.textContent()).toContain(titleOf('good-practices', 'asit-catalonia-protocols'));
    const languages = (await page.getByTestId('reach-languages').textContent()) ?? '';
    for (const code of ['it', 'pt', 'ro', 'lt']) expect(languages).toContain(code);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('button', { name: 'Funder’s CSV' })
        .or(page.getByRole('button', { name: "Funder's CSV" }))
        .click(),
    ]);
    expect(csvLines(readFileSync((await download.path())!, 'utf8'))).toEqual(expectedLines([OWN, OTHER, KIT, 'page:home']));

    await upToWebinars(page);
    expect(await cell(page, WEBINAR, 'confirmed')).toBe('1');
    expect(await cell(page, WEBINAR, 'waitlisted')).toBe('1');
    expect(await cell(page, WEBINAR, 'attended')).toBe('0');
    expect(await cell(page, OTHER_WEBINAR, 'confirmed')).toBe('1');
    await page.getByTestId('reach-webinar-plot').locator('canvas').waitFor();
    // Every seeded resource is published in each of its languages; the seeded events without a date are named, not counted.
    const resources = page.getByTestId('reach-resources');
    expect(await resources.locator('[data-row="all"]').textContent()).toBe(`all${seededResources.length}100%`);
    for (const language of ['it', 'pt', 'ro', 'lt']) {
      const published = seededResources.filter((item) => item.translations[language]).length;
      expect(await resources.locator(`[data-row="${language}"]`).textContent()).toBe(
        `${language}${published}${Math.round((published / seededResources.length) * 100)}%`,
      );
    }
    expect(await page.getByTestId('reach-events-undated').textContent()).toContain(`${undatedEvents.length} without a date`);
    expect(await page.getByTestId('reach').textContent()).not.toMatch(/Persona Esempio|example\.org/);
    await page.close();
  });

  it('shows a partner their organisation’s items only', { timeout: 120_000 }, async () => {
    const page = await home(partner);
    const items = page.getByTestId('reach-items');
    await expect.poll(() => items.textContent()).toContain(titleOf('good-practices', 'asit-catalonia-protocols'));
    expect(await items.textContent()).not.toContain(titleOf('good-practices', 'contratto-regional-freephone'));
    expect(await page.getByTestId('reach').textContent()).toContain('Your organisation');
    await upToWebinars(page);
    expect(await cell(page, WEBINAR, 'waitlisted')).toBe('1');
    expect(await page.locator(`[data-webinar="${OTHER_WEBINAR}"]`).count()).toBe(0);
    // Mossos d'Esquadra hosted one exchange (its date not recorded) and published no resource.
    expect(await page.getByTestId('reach-events-undated').textContent()).toContain('1 without a date');
    expect(await page.getByTestId('reach-resources').locator('[data-row="all"]').textContent()).toBe('all0—');
    await page.close();
  });

  it('narrows every figure to one organisation and one language, the CSV with them', { timeout: 120_000 }, async () => {
    const page = await home(coordinator);
    await page.getByTestId('reach').getByRole('combobox', { name: 'Organisation' }).click();
    await page.getByRole('option', { name: seedOrganisationName('mossos-esquadra') }).click({ timeout: 30_000 });
    const items = page.getByTestId('reach-items');
    await expect.poll(() => items.textContent()).not.toContain(titleOf('good-practices', 'contratto-regional-freephone'));
    expect(await items.textContent()).toContain(titleOf('good-practices', 'asit-catalonia-protocols'));
    // The kit belongs to no organisation: it is the coordinators'.
    expect(await items.textContent()).not.toContain(titleOf('resources', 'connect-teaching-kit'));
    await page.getByTestId('reach').getByRole('combobox', { name: 'Language' }).click();
    await page.getByRole('option', { name: 'Portuguese (pt)' }).click({ timeout: 30_000 });
    const languages = page.getByTestId('reach-languages');
    await expect.poll(() => languages.locator('tbody tr').allTextContents()).toEqual(['pt10']);
    // Events have no language: the widget says the filter leaves them as they are.
    await page.getByTestId('reach-events-without-language').waitFor();
    expect(
      await page
        .getByTestId('reach-resources')
        .locator('[data-row]')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-row'))),
    ).toEqual(['all', 'pt']);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: "Funder's CSV" }).click()]);
    expect(download.suggestedFilename()).toContain('mossos-esquadra-pt');
    expect(csvLines(readFileSync((await download.path())!, 'utf8'))).toEqual([`${OWN} pt view 1`]);
    await page.close();
  });

  it('opens a printable one-page summary in the coordinator’s language, with the figures of the period; the widget speaks it too', {
    timeout: 120_000,
  }, async () => {
    const portuguese = await cms.createAdminUser('coordenadora@praxis.example', 'praxis-coordinator');
    const me = await cms.admin('/admin/users/me', { method: 'PUT', token: portuguese, body: { preferedLanguage: 'pt' } });
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    const page = await home(portuguese);
    // The admin follows the account's language, and the widget's labels with it.
    await page.getByLabel('De', { exact: true }).fill('2022-01-01');
    await page.getByLabel('Até', { exact: true }).fill('2022-12-31');
    await page.getByTestId('reach-events').locator('[data-row]').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('reach-events').locator('th').allTextContents()).toEqual(['Ano', 'País', 'Tipo', 'Realizados']);
    expect(await page.getByTestId('reach').getByRole('combobox', { name: 'Língua' }).textContent()).toContain('Todas as línguas');
    const [summary] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Resumo para imprimir' }).click()]);
    await summary.getByTestId('summary-events').waitFor({ timeout: 30_000 });
    expect(await summary.locator('html').getAttribute('lang')).toBe('pt');
    expect(await summary.title()).toContain('Difusão');
    expect(await summary.getByTestId('summary-project').textContent()).toBe('Todos os projetos');
    // The three seeded online webinars of 2022 held as events; the webinars themselves, with no registration.
    expect(eventsOf2022.length).toBeGreaterThan(0);
    expect((await summary.getByTestId('summary-events').locator('tbody tr').allTextContents()).map((row) => row.trim())).toEqual([
      `2022onlinewebinar${eventsOf2022.length}`,
    ]);
    expect(await summary.getByTestId('summary-webinars').locator('tbody tr').count()).toBe(
      seed.filter((item) => item.spec.folder === 'webinars' && String(item.shared.start).startsWith('2022')).length,
    );
    expect(await summary.getByTestId('summary-resources').locator('tbody tr').first().textContent()).toBe(`Total${seededResources.length}100%`);
    await summary.close();
    await page.close();
  });

  it('speaks Lithuanian to an account whose admin language is Lithuanian, which Strapi itself does not offer', { timeout: 120_000 }, async () => {
    const lithuanian = await cms.createAdminUser('koordinatore@praxis.example', 'praxis-coordinator');
    expect((await cms.admin('/admin/users/me', { method: 'PUT', token: lithuanian, body: { preferedLanguage: 'lt' } })).status).toBe(200);
    const page = await home(lithuanian);
    await page.getByLabel('Nuo', { exact: true }).waitFor({ timeout: 30_000 });
    await page
      .getByRole('heading', { name: 'Sklaida' })
      .or(page.getByText('Sklaida', { exact: true }))
      .first()
      .waitFor();
    expect(await page.getByTestId('reach-resources').locator('th').allTextContents()).toEqual(['Kalba', 'Paskelbta', 'Aprėptis']);
    await page.close();
  });

  it('gives a partner whose admin language Praxis does not speak the summary in Italian, with their organisation’s figures only', async () => {
    expect((await cms.admin('/admin/users/me', { method: 'PUT', token: partner, body: { preferedLanguage: 'en' } })).status).toBe(200);
    const answer = await fetch(`${cms.url}/praxis/reach/summary?from=2022-01-01&to=2022-12-31`, { headers: { authorization: `Bearer ${partner}` } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    const text = await answer.text();
    expect(text).toContain('<html lang="it">');
    expect(text).toContain('Solo i contenuti della propria organizzazione.');
    expect(text).not.toContain('webinar</td>');
    expect((await fetch(`${cms.url}/praxis/reach/summary`)).status).toBe(401);
  });
});

describe('an organiser downloads registrations and certificates from the admin', () => {
  let page: Page;
  let webinar: ExampleWebinar;
  let registration: string;

  it.beforeAll(async () => {
    webinar = await createWebinar(cms, 'admin-panel');
    for (const email of ['first@example.org', 'second@example.org']) {
      const response = await fetch(`${cms.url}/api/webinars/${webinar.key}/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(registrationBody({ email })),
      });
      expect(response.status).toBe(201);
    }
    const listed = await cms.admin(`${entriesPath(REGISTRATIONS)}?filters[email][$eq]=first@example.org`);
    registration = listed.body.results[0].documentId;
    page = await adminPage(await cms.adminToken());
  });

  it('downloads a webinar’s registrations as CSV from its edit view', async () => {
    await page.goto(`${cms.url}/admin/content-manager/collection-types/api::webinar.webinar/${webinar.documentId}?plugins[i18n][locale]=it`);
    const button = page.getByRole('button', { name: 'Download registrations (CSV)' });
    await button.waitFor({ timeout: 45_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe('admin-panel-registrations.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain('first@example.org');
    expect(csv).toContain('second@example.org');
  }, 90_000);

  it('offers a certificate once attendance is marked', async () => {
    const url = `${cms.url}/admin/content-manager/collection-types/${REGISTRATIONS}/${registration}`;
    await page.goto(url);
    const button = page.getByRole('button', { name: 'Download certificate (PDF)' });
    await button.waitFor({ timeout: 45_000 });
    expect(await button.isDisabled()).toBe(true);

    expect((await cms.admin(`${entriesPath(REGISTRATIONS)}/${registration}`, { method: 'PUT', body: { attended: true } })).status).toBe(200);
    await page.goto(url);
    await button.waitFor({ timeout: 45_000 });
    await expect.poll(() => button.isEnabled(), { timeout: 15_000 }).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(
      readFileSync((await download.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  }, 90_000);
});
