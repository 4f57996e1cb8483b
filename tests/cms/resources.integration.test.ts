import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDir } from '../../scripts/lib/paths.ts';
import { loadSeed } from '../../scripts/lib/seed-content.ts';
import { defaultLocale, localeCodes } from '../../site/i18n/locales.ts';
import { createTestCms, testDatabase, type TestCms } from '../support/cms.ts';

interface ApiResource {
  documentId: string;
  locale: string;
  title: string;
  slug: string;
  kind: string;
  summary: string;
  publishedAt: string;
  firstPublishedAt: string | null;
  files: Array<{ language: string; format: string; pages: number; media: { url: string; size: number; mime: string } }>;
}

const items = loadSeed(contentDir);
const seeds = items
  .filter((item) => item.spec.folder === 'resources')
  .map((item) => ({
    file: item.file,
    resource: { translations: Object.fromEntries(Object.entries(item.translations).map(([code, version]) => [code, { title: version.title as string, slug: version.slug as string }])) as Partial<Record<string, { title: string; slug: string }>> },
  }));

async function publicResources(cms: TestCms, locale: string, query = ''): Promise<ApiResource[]> {
  const response = await fetch(`${cms.url}/api/resources?locale=${locale}&populate[files][populate]=media&pagination[pageSize]=100${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: ApiResource[] }).data;
}

describe(`the CMS on ${testDatabase}, seeded with content/`, () => {
  let cms: TestCms;

  beforeAll(async () => {
    cms = await createTestCms();
    const seeded = await cms.seed();
    expect(seeded.output).toContain(`Seeded ${items.length} items`);
    expect(seeded.code, seeded.output).toBe(0);
    await cms.start();
  });

  afterAll(async () => {
    await cms?.destroy();
  });

  it('creates the locales of the locale table, Italian first and default, and nothing else', async () => {
    const response = await fetch(`${cms.url}/i18n/locales`, { headers: { authorization: `Bearer ${await cms.adminToken()}` } });
    const locales = (await response.json()) as Array<{ code: string; isDefault: boolean }>;
    expect(locales.map((locale) => locale.code).sort()).toEqual([...localeCodes].sort());
    expect(locales.find((locale) => locale.isDefault)?.code).toBe(defaultLocale);
  });

  it('serves every seeded resource in every locale it was written in, through the public API', async () => {
    for (const locale of localeCodes) {
      const expected = seeds.flatMap((seed) => (seed.resource.translations[locale] ? [seed.resource.translations[locale]!.title] : []));
      const served = await publicResources(cms, locale);
      expect(served.map((resource) => resource.title).sort()).toEqual(expected.sort());
    }
  });

  it('links the language versions of a resource to one document', async () => {
    const byLocale = await Promise.all(localeCodes.map((locale) => publicResources(cms, locale)));
    for (const seed of seeds) {
      const ids = new Set(
        localeCodes.flatMap((locale, index) => byLocale[index]!.filter((resource) => resource.slug === seed.resource.translations[locale]?.slug).map((resource) => resource.documentId)),
      );
      expect(ids.size, seed.file).toBe(1);
    }
  });

  it('attaches a real PDF in each language, with its page count and size', async () => {
    const [first] = await publicResources(cms, defaultLocale, '&sort=slug');
    expect(first).toBeDefined();
    const seed = seeds.find((candidate) => candidate.resource.translations[defaultLocale]?.slug === first!.slug)!;
    expect(first!.files.map((file) => file.language).sort()).toEqual(Object.keys(seed.resource.translations).sort());
    for (const file of first!.files) {
      const download = await fetch(`${cms.url}${file.media.url}`);
      const bytes = Buffer.from(await download.arrayBuffer());
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(file.media.mime).toBe('application/pdf');
      expect(file.media.size).toBeCloseTo(bytes.length / 1000, 1);
      expect(file.pages).toBeGreaterThanOrEqual(1);
    }
  });

  it('refuses every write from the public', async () => {
    const [resource] = await publicResources(cms, defaultLocale);
    const attempts = [
      fetch(`${cms.url}/api/resources`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: { title: 'x', slug: 'x', kind: 'guide' } }) }),
      fetch(`${cms.url}/api/resources/${resource!.documentId}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: { title: 'changed' } }) }),
      fetch(`${cms.url}/api/resources/${resource!.documentId}`, { method: 'DELETE' }),
      fetch(`${cms.url}/api/upload`, { method: 'POST' }),
      fetch(`${cms.url}/api/users`),
    ];
    // 401/403: not allowed; 404/405: the route does not even exist (the API offers reading only).
    for (const response of await Promise.all(attempts)) expect([401, 403, 404, 405]).toContain(response.status);
    expect((await publicResources(cms, defaultLocale)).find((item) => item.documentId === resource!.documentId)?.title).toBe(resource!.title);
  });

  it('keeps drafts out of the public API, even when asked for them', async () => {
    const token = await cms.adminToken();
    const created = await fetch(`${cms.url}/content-manager/collection-types/api::resource.resource?locale=${defaultLocale}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'bozza-non-pubblicata', kind: 'guide', title: 'Bozza non pubblicata', slug: 'bozza-non-pubblicata', summary: 'Una bozza di prova.', audience: ['educators'], translationStatus: 'original' }),
    });
    expect(created.status).toBe(201);
    for (const query of ['', '&status=draft', '&filters[publishedAt][$null]=true']) {
      const slugs = (await publicResources(cms, defaultLocale, query)).map((resource) => resource.slug);
      expect(slugs).not.toContain('bozza-non-pubblicata');
    }
  });

  it('keeps the date of first publication when a correction is published, though the admin sends it back', async () => {
    const [first] = await publicResources(cms, defaultLocale);
    expect(first!.firstPublishedAt).toBeTruthy();
    const read = await cms.admin(`/content-manager/collection-types/api::resource.resource/${first!.documentId}?locale=${defaultLocale}`);
    expect(read.status).toBe(200);
    const entry = read.body.data as Record<string, unknown>;
    // The content manager hands the field to its client, which sends the document back as it read it.
    expect(entry.firstPublishedAt).toBe(first!.firstPublishedAt);
    const published = await cms.admin(`/content-manager/collection-types/api::resource.resource/${first!.documentId}/actions/publish?locale=${defaultLocale}`, {
      method: 'POST',
      body: { ...entry, summary: `${first!.summary} (rivista)` },
    });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const again = (await publicResources(cms, defaultLocale)).find((item) => item.documentId === first!.documentId)!;
    expect(again.summary).toBe(`${first!.summary} (rivista)`);
    expect(new Date(again.publishedAt).getTime()).toBeGreaterThan(new Date(first!.publishedAt).getTime());
    expect(again.firstPublishedAt).toBe(first!.firstPublishedAt);
  });

  it('seeds again without duplicating a resource or a file', async () => {
    const token = await cms.adminToken();
    const countFiles = async () => {
      const response = await fetch(`${cms.url}/upload/files?pageSize=100`, { headers: { authorization: `Bearer ${token}` } });
      return ((await response.json()) as { pagination: { total: number } }).pagination.total;
    };
    const filesBefore = await countFiles();
    const before = await Promise.all(localeCodes.map((locale) => publicResources(cms, locale)));

    await cms.stop();
    const again = await cms.seed();
    expect(again.output).toContain(`(0 created, ${items.length} updated)`);
    await cms.start();

    const after = await Promise.all(localeCodes.map((locale) => publicResources(cms, locale)));
    expect(after.map((list) => list.map((resource) => resource.documentId).sort())).toEqual(before.map((list) => list.map((resource) => resource.documentId).sort()));
    expect(await countFiles()).toBe(filesBefore);
  });
});
