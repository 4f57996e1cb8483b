import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDir } from '../../scripts/pipeline/paths.ts';
import { loadSeed } from '../../scripts/local/seed-content.ts';
import { seedResources as seeds } from '../support/seed.ts';
import { defaultLocale, localeCodes } from '@praxis/contract/locales';
import { createTestCms, entriesPath, testDatabase, type TestCms } from '../../scripts/local/throwaway/cms.ts';

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
      const expected = seeds.flatMap((seed) => (seed.translations[locale] ? [seed.translations[locale]!.title] : []));
      const served = await publicResources(cms, locale);
      expect(served.map((resource) => resource.title).sort()).toEqual(expected.sort());
    }
  });

  it('links the language versions of a resource to one document', async () => {
    const byLocale = await Promise.all(localeCodes.map((locale) => publicResources(cms, locale)));
    for (const seed of seeds) {
      const ids = new Set(
        localeCodes.flatMap((locale, index) =>
          byLocale[index]!.filter((resource) => resource.slug === seed.translations[locale]?.slug).map((resource) => resource.documentId),
        ),
      );
      expect(ids.size, seed.file).toBe(1);
    }
  });

  it('attaches a real PDF in each language, with its page count and size', async () => {
    const [first] = await publicResources(cms, defaultLocale, '&sort=slug');
    expect(first).toBeDefined();
    const seed = seeds.find((candidate) => candidate.translations[defaultLocale]?.slug === first!.slug)!;
    expect(first!.files.map((file) => file.language).sort()).toEqual(Object.keys(seed.translations).sort());
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
      fetch(`${cms.url}/api/resources`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ data: { title: 'x', slug: 'x', kind: 'guide' } }),
      }),
      fetch(`${cms.url}/api/resources/${resource!.documentId}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ data: { title: 'changed' } }),
      }),
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
    const created = await fetch(`${cms.url}${entriesPath('api::resource.resource')}?locale=${defaultLocale}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        key: 'bozza-non-pubblicata',
        kind: 'guide',
        title: 'Bozza non pubblicata',
        slug: 'bozza-non-pubblicata',
        summary: 'Una bozza di prova.',
        audience: ['educators'],
        translationStatus: 'original',
      }),
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
    const read = await cms.admin(`${entriesPath('api::resource.resource')}/${first!.documentId}?locale=${defaultLocale}`);
    expect(read.status).toBe(200);
    const entry = read.body.data as Record<string, unknown>;
    // The content manager hands the field to its client, which sends the document back as it read it.
    expect(entry.firstPublishedAt).toBe(first!.firstPublishedAt);
    const published = await cms.admin(`${entriesPath('api::resource.resource')}/${first!.documentId}/actions/publish?locale=${defaultLocale}`, {
      method: 'POST',
      body: { ...entry, summary: `${first!.summary} (rivista)` },
    });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const again = (await publicResources(cms, defaultLocale)).find((item) => item.documentId === first!.documentId)!;
    expect(again.summary).toBe(`${first!.summary} (rivista)`);
    expect(new Date(again.publishedAt).getTime()).toBeGreaterThan(new Date(first!.publishedAt).getTime());
    expect(again.firstPublishedAt).toBe(first!.firstPublishedAt);
  });

  describe('refusing at save time what the site could not build or must not show', () => {
    const RESOURCES = entriesPath('api::resource.resource');
    let serial = 0;
    /** Creates an Italian resource draft in the admin, as a partner or coordinator does. */
    const createResource = (fields: Record<string, unknown>) => {
      serial++;
      return cms.admin(`${RESOURCES}?locale=${defaultLocale}`, {
        method: 'POST',
        body: {
          key: `regole-${serial}`,
          kind: 'guide',
          title: `Regole ${serial}`,
          slug: `regole-${serial}`,
          summary: 'Una voce di prova.',
          audience: ['educators'],
          translationStatus: 'original',
          ...fields,
        },
      });
    };
    /** The message the admin shows, and the fields it marks. */
    const refusal = (answer: { status: number; body: any }) => ({
      status: answer.status,
      message: answer.body?.error?.message as string,
      fields: (answer.body?.error?.details?.errors as Array<{ path: string[] }> | undefined)?.map((error) => error.path.join('.')),
    });

    it('refuses a slug the site cannot use, saying what a slug may be', async () => {
      expect(refusal(await createResource({ slug: 'HC_Bad.Slug~x' }))).toEqual({
        status: 400,
        message:
          'slug: the slug "HC_Bad.Slug~x" is not one the site can use: lowercase letters a-z and digits, in words joined by single hyphens, e.g. "guida-per-operatori"',
        fields: ['slug'],
      });
    });

    it('refuses a body with a relative link, an image from another host or a file the media library does not have', async () => {
      expect(refusal(await createResource({ body: 'Vedi [l’allegato](annex.pdf).' }))).toEqual({
        status: 400,
        message:
          'body: the link "annex.pdf" is relative, and leads nowhere on the site: link a page of the site by its path ("/it/resources/…"), a file of the media library, or a full https:// address',
        fields: ['body'],
      });
      const foreign = refusal(await createResource({ body: '![pixel](https://tracker.example.net/p.gif) e [x](javascript:alert(1))' }));
      expect(foreign.status).toBe(400);
      expect(foreign.message).toMatch(/^body: the image "https:\/\/tracker\.example\.net\/p\.gif" is not from the media library: .+ \(and 1 more\)$/);
      expect(foreign.fields).toEqual(['body', 'body']);
      expect(refusal(await createResource({ body: '![schema](/uploads/non-esiste_1a2b.png)' })).message).toBe(
        'body: the file "/uploads/non-esiste_1a2b.png" is not in the media library: upload it there and insert it from the library',
      );
    });

    it('takes a body that links pages of the site, the web over https and files of the media library', async () => {
      const [seeded] = await publicResources(cms, defaultLocale);
      const file = seeded!.files[0]!.media.url;
      const created = await createResource({ body: `Vedi [la guida](/it/resources/${seeded!.slug}/), [il sito](https://example.org/) e [il PDF](${file}).` });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const published = await cms.admin(`${RESOURCES}/${created.body.data.documentId}/actions/publish?locale=${defaultLocale}`, { method: 'POST', body: {} });
      expect(published.status, JSON.stringify(published.body)).toBe(200);
    });

    it('refuses an organisation website that is not an https address', async () => {
      const organisations = entriesPath('api::organisation.organisation');
      const found = await cms.admin(`${organisations}?locale=${defaultLocale}`);
      const organisation = found.body.results[0] as { documentId: string };
      const update = (website: string) =>
        cms.admin(`${organisations}/${organisation.documentId}?locale=${defaultLocale}`, { method: 'PUT', body: { website } });
      expect(refusal(await update('javascript:alert(document.cookie)'))).toEqual({
        status: 400,
        message: 'website: "javascript:alert(document.cookie)" uses javascript: where only https: addresses are allowed',
        fields: ['website'],
      });
      expect((await update('http://example.org/')).status).toBe(400);
      expect((await update('https://example.org/chi-siamo')).status).toBe(200);
    });

    it('refuses to publish a draft that was written past the check', async () => {
      const created = await createResource({ body: 'Un testo senza collegamenti.' });
      expect(created.status).toBe(201);
      const { documentId } = created.body.data as { documentId: string };
      const db = await cms.database();
      try {
        // Straight into the table, as an import or an older version of the CMS might have written it.
        expect(await db('resources').where({ document_id: documentId }).whereNull('published_at').update({ body: '[annex](annex.pdf)' })).toBe(1);
      } finally {
        await db.destroy();
      }
      const published = await cms.admin(`${RESOURCES}/${documentId}/actions/publish?locale=${defaultLocale}`, { method: 'POST' });
      expect(refusal(published)).toMatchObject({ status: 400, message: expect.stringMatching(/^body: the link "annex\.pdf" is relative/), fields: ['body'] });
      expect((await publicResources(cms, defaultLocale)).map((resource) => resource.documentId)).not.toContain(documentId);
    });
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
    expect(after.map((list) => list.map((resource) => resource.documentId).sort())).toEqual(
      before.map((list) => list.map((resource) => resource.documentId).sort()),
    );
    expect(await countFiles()).toBe(filesBefore);
    // A seed and a Strapi start, each waited for by its own event: on a busy machine, more than a minute.
  }, 300_000);
});
