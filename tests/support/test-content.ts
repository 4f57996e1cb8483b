/**
 * Entries the browser files add to the seeded CMS before the site is built, as partners and
 * coordinators would: built once per run into the shared portal with test content
 * (`sharedPortal(browser, 'test-content')`, `portalOptions: { content: 'test' }`), which the files
 * that read them share instead of seeding, starting Strapi and building a site each.
 *
 * Each item is plainly an example, with words and keys no seeded item has (and the only cover and
 * logo), so that it changes no other file's expectation; a file that counts the whole catalogue (`hubs-and-filters`) keeps a
 * portal of its own. They are added in the order below: the search examples last, since the search
 * test expects them to be the newest items.
 */
import sharp from 'sharp';
import { expect } from 'vitest';
import type { TestCms } from '../../scripts/local/throwaway/cms.ts';

/** The example cover and logo the funding and images test reads; the seed has none (no invented logos). */
export const COVER = { width: 1600, height: 1200, alt: { it: 'Esempio di copertina dei test', lt: 'Testų viršelio pavyzdys' } };
export const LOGO = { width: 400, height: 200 };

async function upload(cms: TestCms, name: string, type: string, bytes: Buffer): Promise<number> {
  const form = new FormData();
  form.append('files', new Blob([new Uint8Array(bytes)], { type }), name);
  const response = await fetch(`${cms.url}/upload`, { method: 'POST', headers: { authorization: `Bearer ${await cms.adminToken()}` }, body: form });
  expect(response.status).toBe(201);
  return ((await response.json()) as Array<{ id: number }>)[0]!.id;
}

/** The funding and images test's example cover, on ECAT's toolkit in Italian and Lithuanian, and logo, on UMAR, uploaded and published. */
async function addCoverAndLogo(cms: TestCms): Promise<void> {
  const cover = await upload(
    cms,
    'copertina-di-esempio.jpg',
    'image/jpeg',
    await sharp({ create: { width: COVER.width, height: COVER.height, channels: 3, background: '#7a4b2a' } })
      .jpeg()
      .toBuffer(),
  );
  const logo = await upload(
    cms,
    'logo-di-esempio.png',
    'image/png',
    await sharp({ create: { width: LOGO.width, height: LOGO.height, channels: 4, background: '#1b6e5a' } })
      .png()
      .toBuffer(),
  );
  const set = async (model: string, key: string, fields: (locale: string) => Record<string, unknown>, locales: string[]) => {
    const base = `/content-manager/collection-types/${model}`;
    const { documentId } = (await cms.admin(`${base}?filters[key][$eq]=${key}&locale=it`)).body.results[0] as { documentId: string };
    for (const locale of locales) {
      const saved = await cms.admin(`${base}/${documentId}?locale=${locale}`, { method: 'PUT', body: fields(locale) });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    }
    for (const locale of ['it', 'pt', 'ro', 'lt']) {
      const published = await cms.admin(`${base}/${documentId}/actions/publish?locale=${locale}`, { method: 'POST', body: {} });
      expect(published.status, JSON.stringify(published.body)).toBe(200);
    }
  };
  await set('api::resource.resource', 'ecat-partner-toolkit', (locale) => ({ cover, coverAlt: COVER.alt[locale as 'it' | 'lt'] }), ['it', 'lt']);
  await set('api::organisation.organisation', 'umar', () => ({ logo }), ['it']);
}

/**
 * The dates and places test's items: a partner of UMAR enters a teaching kit published in 2013,
 * known to the year, and a coordinator publishes it and a workshop of 2014 in Arad.
 */
async function addDatedItems(cms: TestCms): Promise<void> {
  const umar = (await cms.entries('api::organisation.organisation').find('umar')).documentId;
  const partner = await cms.createAdminUser('partner@umar.example', 'praxis-partner-editor');
  await cms.setEditors(umar, ['partner@umar.example'], ['it', 'pt']);
  const kit = await cms.entries('api::resource.resource').create(
    {
      key: 'kit-del-2013',
      kind: 'teaching-kit',
      title: 'Kit didattico del 2013',
      slug: 'kit-didattico-del-2013',
      summary: 'Un kit di prova pubblicato nel 2013.',
      audience: ['educators'],
      translationStatus: 'original',
      date: '2013-01-01',
      datePrecision: 'year',
      organisation: { connect: [{ documentId: umar, locale: 'it' }] },
    },
    { token: partner },
  );
  expect(kit.status, JSON.stringify(kit.body)).toBe(201);
  const workshop = await cms.entries('api::event.event').create({
    key: 'laboratorio-del-2014',
    kind: 'workshop',
    title: 'Laboratorio di prova del 2014',
    slug: 'laboratorio-di-prova-del-2014',
    translationStatus: 'original',
    date: '2014-01-01',
    datePrecision: 'year',
    city: 'Arad',
    country: 'RO',
    online: false,
  });
  expect(workshop.status, JSON.stringify(workshop.body)).toBe(201);
  for (const [uid, created] of [
    ['api::resource.resource', kit],
    ['api::event.event', workshop],
  ] as const) {
    const published = await cms.entries(uid).publish(created.body.data.documentId);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
  }
}

/** Markup a partner might paste into a body, each line an attempt to run script in a visitor's browser. */
const HOSTILE_BODY = [
  'Un testo normale con **grassetto**.',
  '<script>window.praxisPwned = "script"</script>',
  '<img src="x" onerror="window.praxisPwned = \'onerror\'">',
  '[un link](javascript:window.praxisPwned=%22link%22)',
  '<iframe src="https://example.org/"></iframe>',
  '<a href="https://example.org/" onclick="window.praxisPwned = \'click\'">fonte esterna</a>',
  '![traccia](https://tracker.example.net/pixel.gif)',
].join('\n\n');

/**
 * The pages test's resource with hostile markup. A partner pastes it into an Italian resource and a
 * coordinator publishes it. The CMS refuses such a body at save time
 * (tests/cms/resources.integration.test.ts), so it is written into the table behind the CMS's back,
 * as an import or an older CMS might have: the site's sanitizer is the last word on what reaches a visitor.
 */
async function addHostileResource(cms: TestCms): Promise<void> {
  const hostile = await cms.entries('api::resource.resource').createAndPublish({
    key: 'risorsa-con-markup-ostile',
    kind: 'guide',
    title: 'Risorsa con markup ostile',
    slug: 'risorsa-con-markup-ostile',
    summary: 'Una voce di prova con <img src=x onerror="alert(1)">markup <b>incollato</b>.',
    body: 'Un testo normale.',
    audience: ['educators'],
    translationStatus: 'original',
  });
  const db = await cms.database();
  try {
    expect(await db('resources').where({ document_id: hostile }).update({ body: HOSTILE_BODY })).toBe(2);
  } finally {
    await db.destroy();
  }
}

/**
 * The search test's example kit, published in Italian only, as partners publish before
 * translating: the words of its title are Italian words that no Lithuanian page or file contains.
 */
export const ITALIAN_ONLY = {
  key: 'esempio-kit-solo-italiano',
  kind: 'teaching-kit',
  title: 'Esempio: kit per un laboratorio teatrale nelle scuole',
  slug: 'esempio-kit-laboratorio-teatrale',
  summary: 'Voce di esempio dei test di ricerca, pubblicata solo in italiano.',
  audience: ['educators'],
  translationStatus: 'original',
};

/**
 * Example pages (plainly marked) that spell the same words with and without diacritics, as text
 * typed on keyboards without them does; each is published in one language only, in this order
 * (the Romanian ones last: searching all languages from a Lithuanian page sorted by date, they come first).
 */
export const SPELLINGS = [
  // The exact spelling once in a longer text; the other spelling often, in the title too: Pagefind alone ranks the latter first.
  {
    locale: 'lt',
    key: 'esempio-lt-con-diacritici',
    title: 'Pavyzdys: vadovas',
    slug: 'pavyzdys-vadovas-su-diakritikais',
    summary: 'Bandomasis pavyzdys apie mokyklos knygų lentyną ir daug kitų dalykų, kad tekstas būtų ilgesnis už kito pavyzdžio tekstą.',
  },
  {
    locale: 'lt',
    key: 'esempio-lt-senza-diacritici',
    title: 'Pavyzdys: knygu',
    slug: 'pavyzdys-knygu-be-diakritiku',
    summary: 'Bandomasis pavyzdys: knygu, knygu, knygu.',
  },
  {
    locale: 'ro',
    key: 'esempio-ro-con-diacritici',
    title: 'Exemplu: un ghid',
    slug: 'exemplu-ghid-cu-diacritice',
    summary: 'Exemplu de test despre o bibliotecă școlară și despre multe alte lucruri, ca textul să fie mai lung decât al celuilalt exemplu.',
  },
  {
    locale: 'ro',
    key: 'esempio-ro-senza-diacritici',
    title: 'Exemplu: biblioteca',
    slug: 'exemplu-biblioteca-fara-diacritice',
    summary: 'Exemplu de test: biblioteca, biblioteca, biblioteca.',
  },
];

/** The search test's Italian-only kit and the spellings without diacritics. */
async function addSearchExamples(cms: TestCms): Promise<void> {
  const resources = cms.entries('api::resource.resource');
  await resources.createAndPublish(ITALIAN_ONLY);
  for (const { locale, ...example } of SPELLINGS) {
    await resources.createAndPublish({ ...example, kind: 'guide', audience: ['educators'], translationStatus: 'original' }, { locale });
  }
}

/** Adds every test entry to a seeded, started CMS, in the order the files expect. */
export async function addTestContent(cms: TestCms): Promise<void> {
  // First: it publishes UMAR again, before the dates test's partner is made one of its editors.
  await addCoverAndLogo(cms);
  await addDatedItems(cms);
  await addHostileResource(cms);
  await addSearchExamples(cms);
}
