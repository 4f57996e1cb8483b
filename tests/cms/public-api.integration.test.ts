import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDir } from '../../scripts/lib/paths.ts';
import { COLLECTIONS, loadSeed } from '../../scripts/lib/seed-content.ts';
import { localeCodes } from '../../site/i18n/locales.ts';
import { CMS_COLLECTIONS } from '../../site/lib/cms-collections.ts';
import { cmsSource, entryVersion } from '../../site/lib/cms-source.ts';
import { createTestCms, testDatabase, type TestCms } from '../support/cms.ts';

const items = loadSeed(contentDir);

const restPath = (uid: string) => COLLECTIONS.find((spec) => spec.uid === uid)!.rest;

async function publicList(cms: TestCms, uid: string, locale: string, query = ''): Promise<Array<Record<string, unknown>>> {
  const response = await fetch(`${cms.url}/api/${restPath(uid)}?locale=${locale}&pagination[pageSize]=100${query}`);
  expect(response.status, `${uid} in ${locale}`).toBe(200);
  return ((await response.json()) as { data: Array<Record<string, unknown>> }).data;
}

describe(`the public API on ${testDatabase}, seeded from a clean database`, () => {
  let cms: TestCms;

  beforeAll(async () => {
    cms = await createTestCms();
    const seeded = await cms.seed();
    expect(seeded.code, seeded.output).toBe(0);
    await cms.start();
  });

  afterAll(async () => {
    await cms?.destroy();
  });

  it('serves every seeded item of every type in exactly the languages it was written in', async () => {
    for (const spec of COLLECTIONS) {
      for (const locale of localeCodes) {
        const expected = items.filter((item) => item.spec === spec && item.translations[locale]).map((item) => item.key);
        const served = (await publicList(cms, spec.uid, locale)).map((item) => item.key);
        expect(served.sort(), `${spec.folder} in ${locale}`).toEqual(expected.sort());
      }
    }
  });

  it('tells the translation status of each language version', async () => {
    const reviewed = items.flatMap((item) => Object.entries(item.translations).map(([locale, translation]) => ({ item, locale, status: translation.status })));
    const needsReview = reviewed.find((entry) => entry.status === 'needs-review');
    expect(needsReview, 'the seed marks at least one version as needing review').toBeDefined();
    const [served] = await publicList(cms, needsReview!.item.spec.uid, needsReview!.locale, `&filters[key][$eq]=${needsReview!.item.key}`);
    expect(served?.translationStatus).toBe('needs-review');
  });

  it('never serves a private field, even when every relation is populated', async () => {
    for (const spec of COLLECTIONS) {
      const body = JSON.stringify(await publicList(cms, spec.uid, 'it', '&populate=*'));
      for (const secret of ['joinLink', 'retainRegistrationsUntil', 'editorEmails', 'createdBy', 'updatedBy', 'password', 'meet.example.org']) {
        expect(body, `${spec.folder} exposes ${secret}`).not.toContain(secret);
      }
    }
  });

  it('tells the version of every published entry in one answer, as the REST API does a hundred at a time', async () => {
    // A draft that is newer than what is published must not show through.
    const resources = '/content-manager/collection-types/api::resource.resource';
    const found = await cms.admin(`${resources}?locale=it&pageSize=1`);
    const draft = found.body.results[0] as { documentId: string; title: string };
    const saved = await cms.admin(`${resources}/${draft.documentId}?locale=it`, { method: 'PUT', body: { ...draft, title: `${draft.title} (draft)` } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);

    for (const [name, { rest, relations }] of Object.entries(CMS_COLLECTIONS)) {
      const uid = COLLECTIONS.find((spec) => spec.rest === rest)?.uid;
      if (!uid) continue;
      for (const locale of localeCodes) {
        const query = ['fields[0]=updatedAt', ...relations.map((relation) => `populate[${relation}][fields][0]=documentId`)].join('&');
        const expected = (await publicList(cms, uid, locale, `&${query}`)).map((entry) => [entry.documentId, entryVersion(entry, relations)]);
        const listed = (await cmsSource(cms.url).list(rest, locale, relations)).map((entry) => [entry.documentId, entry.version]);
        expect(listed.sort(), `${name} in ${locale}`).toEqual(expected.sort());
      }
    }
    // The versions carry what the relations point to, not only the dates.
    const listed = await cmsSource(cms.url).list('resources', 'it', CMS_COLLECTIONS.resources.relations);
    expect(listed.some((entry) => /\|[a-z0-9]{24}/.test(entry.version))).toBe(true);
  });

  it('lists versions of public content only', async () => {
    const versions = (path: string) => fetch(`${cms.url}/api/content-versions/${path}`);
    expect((await versions('registrations?locale=it')).status).toBe(404);
    expect((await versions('outbox-messages?locale=it')).status).toBe(404);
    expect((await versions('resources?locale=it&relations=createdBy')).status).toBe(400);
    expect((await versions('resources?locale=it&relations=title')).status).toBe(400);
    expect((await versions('resources')).status).toBe(400);
    expect((await versions('resources?locale=en')).status).toBe(400);
  });

  it('offers no way to write any type', async () => {
    for (const spec of COLLECTIONS) {
      const [first] = await publicList(cms, spec.uid, 'it');
      const attempts = await Promise.all([
        fetch(`${cms.url}/api/${restPath(spec.uid)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"data":{}}' }),
        fetch(`${cms.url}/api/${restPath(spec.uid)}/${String(first!.documentId)}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"data":{}}' }),
        fetch(`${cms.url}/api/${restPath(spec.uid)}/${String(first!.documentId)}`, { method: 'DELETE' }),
      ]);
      for (const attempt of attempts) expect([401, 403, 404, 405], `${spec.folder} ${attempt.url}`).toContain(attempt.status);
    }
  });

  it('links items across types in the same language, and leaves out a link whose target is missing in that language', async () => {
    const [project] = await publicList(cms, 'api::project.project', 'it', '&filters[key][$eq]=connect&populate[organisations][fields][0]=key');
    const seedProject = items.find((item) => item.spec.folder === 'projects' && item.key === 'connect')!;
    expect((project!.organisations as Array<{ key: string }>).map((organisation) => organisation.key).sort()).toEqual([...(seedProject.relations.organisations as string[])].sort());

    const gap = items.find(
      (item) => item.spec.folder === 'organisations' && localeCodes.some((code) => !item.translations[code]) && items.some((other) => other.relations.organisation === item.key),
    );
    expect(gap, 'the seed leaves an organisation untranslated that other items point to').toBeDefined();
    const missing = localeCodes.find((code) => !gap!.translations[code])!;
    const pointing = items.find((other) => other.relations.organisation === gap!.key && other.translations[missing])!;
    const [served] = await publicList(cms, pointing.spec.uid, missing, `&filters[key][$eq]=${pointing.key}&populate[organisation][fields][0]=key`);
    expect(served?.organisation ?? null).toBeNull();
  });
});
