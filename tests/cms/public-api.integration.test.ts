import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_TYPES } from '../../cms/src/bootstrap/permissions.ts';
import { cmsDir, contentDir } from '../../scripts/pipeline/paths.ts';
import { COLLECTIONS, loadSeed } from '../../scripts/local/seed-content.ts';
import { localeCodes } from '@praxis/contract/locales';
import { CMS_COLLECTIONS } from '../../site/lib/cms-collections.ts';
import { cmsSource, entryVersion } from '../../site/lib/cms-source.ts';
import { entriesPath, testDatabase, type TestCms } from '../../scripts/local/throwaway/cms.ts';
import { startSeededCms } from '../support/cms.ts';

const items = loadSeed(contentDir);

interface SchemaAttribute {
  type: string;
  private?: boolean;
  target?: string;
  relation?: string;
}

/** A content type's attributes as its schema declares them, with the creator fields Strapi adds to every type. */
function attributesOf(uid: string): Record<string, SchemaAttribute> {
  const [, name] = /^api::([a-z-]+)\./.exec(uid)!;
  const schema = JSON.parse(readFileSync(join(cmsDir, 'src', 'api', name!, 'content-types', name!, 'schema.json'), 'utf8')) as {
    attributes: Record<string, SchemaAttribute>;
  };
  const creator: SchemaAttribute = { type: 'relation', relation: 'oneToOne', target: 'admin::user', private: true };
  return { ...schema.attributes, createdBy: creator, updatedBy: creator };
}

const isPublicType = (uid: string | undefined) => (PUBLIC_TYPES as readonly string[]).includes(uid ?? '');
/** Attributes the public may not read: private ones, and relations to a type that is not public. */
const isClosed = (attribute: SchemaAttribute) => attribute.private === true || (attribute.type === 'relation' && !isPublicType(attribute.target));

/**
 * Every way a public query can reach a closed attribute of `uid`, directly or through a public
 * relation: in filters (also under `$or`), sort, fields and populate (also its nested filters, sort
 * and fields). Generated from the schemas, so a field added later is covered as it is added.
 */
function probesOf(uid: string): Array<{ path: string; query: string }> {
  const attributes = attributesOf(uid);
  const probes: Array<{ path: string; query: string }> = [];
  const leaf = (attribute: SchemaAttribute) => (attribute.type === 'relation' ? '[id][$notNull]=true' : '[$notNull]=true');
  for (const [name, attribute] of Object.entries(attributes)) {
    if (isClosed(attribute)) {
      probes.push(
        { path: name, query: `filters[${name}]${leaf(attribute)}` },
        { path: name, query: `filters[$or][0][${name}]${leaf(attribute)}&filters[$or][1][documentId][$null]=true` },
        { path: name, query: `sort=${name}:asc` },
        { path: name, query: `sort[0]=${name}` },
        { path: name, query: `fields[0]=${name}` },
        { path: name, query: `populate=${name}` },
        { path: name, query: `populate[${name}]=true` },
      );
      continue;
    }
    if (attribute.type !== 'relation' || !isPublicType(attribute.target)) continue;
    for (const [inner, innerAttribute] of Object.entries(attributesOf(attribute.target!))) {
      if (!isClosed(innerAttribute)) continue;
      const path = `${name}.${inner}`;
      probes.push(
        { path, query: `filters[${name}][${inner}]${leaf(innerAttribute)}` },
        { path, query: `sort=${path}:desc` },
        { path, query: `populate=${path}` },
        { path, query: `populate[${name}][fields][0]=${inner}` },
        { path, query: `populate[${name}][sort]=${inner}:asc` },
        { path, query: `populate[${name}][filters][${inner}]${leaf(innerAttribute)}` },
        { path, query: `populate[${name}][populate][${inner}]=true` },
      );
    }
  }
  return probes;
}

const restPath = (uid: string) => COLLECTIONS.find((spec) => spec.uid === uid)!.rest;

async function publicList(cms: TestCms, uid: string, locale: string, query = ''): Promise<Array<Record<string, unknown>>> {
  const response = await fetch(`${cms.url}/api/${restPath(uid)}?locale=${locale}&pagination[pageSize]=100${query}`);
  expect(response.status, `${uid} in ${locale}`).toBe(200);
  return ((await response.json()) as { data: Array<Record<string, unknown>> }).data;
}

describe(`the public API on ${testDatabase}, seeded from a clean database`, () => {
  let cms: TestCms;

  beforeAll(async () => {
    cms = await startSeededCms();
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
      for (const secret of ['joinLink', 'retainRegistrationsUntil', 'editors', 'createdBy', 'updatedBy', 'password', 'meet.example.org']) {
        expect(body, `${spec.folder} exposes ${secret}`).not.toContain(secret);
      }
    }
  });

  it('refuses every query that reaches a private field or a relation the public may not read, generated from the schemas', async () => {
    let probed = 0;
    for (const uid of PUBLIC_TYPES) {
      const [entry] = await publicList(cms, uid, 'it');
      for (const { path, query } of probesOf(uid)) {
        for (const url of [
          `/api/${restPath(uid)}?locale=it&${query}`,
          ...(entry ? [`/api/${restPath(uid)}/${String(entry.documentId)}?locale=it&${query}`] : []),
        ]) {
          const response = await fetch(`${cms.url}${url}`);
          const body = (await response.json()) as { data: unknown; error?: { details?: { code?: string } } };
          expect({ path, url, status: response.status, code: body.error?.details?.code, data: body.data }).toEqual({
            path,
            url,
            status: 400,
            code: 'query.private',
            data: null,
          });
          probed++;
        }
      }
    }
    // Organisations' editors, webinars' join links, every type's creators: the probes are not empty.
    expect(probed).toBeGreaterThan(PUBLIC_TYPES.length * 14);
  });

  it('answers a search the same whatever a private field holds', async () => {
    // The seed's join links are example addresses; each guess is searched as given and with its
    // last letter changed. An answer that differs would tell the guess apart.
    const webinars = await cms.admin(`${entriesPath('api::webinar.webinar')}?locale=it&pageSize=100`);
    const secrets = (webinars.body.results as Array<{ documentId: string; joinLink?: string | null }>).filter((webinar) => webinar.joinLink);
    expect(secrets.length, 'the seed gives some webinars a join link').toBeGreaterThan(0);
    for (const { documentId, joinLink } of secrets) {
      for (const guess of [joinLink!, joinLink!.slice(8, 20), joinLink!.slice(-6)]) {
        const answer = async (text: string) => {
          const response = await fetch(`${cms.url}/api/webinars?locale=it&filters[documentId][$eq]=${documentId}&fields[0]=key&_q=${encodeURIComponent(text)}`);
          expect(response.status).toBe(200);
          return ((await response.json()) as { data: unknown[] }).data;
        };
        const changed = guess.slice(0, -1) + (guess.endsWith('x') ? 'y' : 'x');
        expect(await answer(guess), guess).toEqual(await answer(changed));
      }
    }
  });

  it('still filters, sorts and populates by what is public', async () => {
    const response = await fetch(
      `${cms.url}/api/good-practices?locale=it&filters[organisation][key][$notNull]=true&sort=organisation.name:asc&populate[organisation][fields][0]=name&fields[0]=key`,
    );
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: Array<{ organisation: { name: string } }> };
    expect(data.length).toBeGreaterThan(0);
    expect(data[0]!.organisation.name).toEqual(expect.any(String));
  });

  it('tells the version of every published entry in one answer, as the REST API does a hundred at a time', async () => {
    // A draft that is newer than what is published must not show through.
    const resources = entriesPath('api::resource.resource');
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
    // Editorial records: who was invited, what a coordinator wrote in a review.
    for (const type of ['invitations', 'review-steps']) {
      expect((await versions(`${type}?locale=it`)).status, type).toBe(404);
      expect((await fetch(`${cms.url}/api/${type}`)).status, type).toBe(404);
    }
    expect((await versions('resources?locale=it&relations=createdBy')).status).toBe(400);
    expect((await versions('resources?locale=it&relations=title')).status).toBe(400);
    expect((await versions('resources')).status).toBe(400);
    expect((await versions('resources?locale=en')).status).toBe(400);
  });

  it('serves no entry of a type that is not public, and no version of one, generated from the schemas', async () => {
    // Registrations, the outbox, invitations, reviews, rate limits, the reach counters: every type
    // under cms/src/api that is not in PUBLIC_TYPES, including one added later.
    const closed = readdirSync(join(cmsDir, 'src', 'api'))
      .map((name) => ({ name, uid: `api::${name}.${name}` }))
      .filter(({ name, uid }) => existsSync(join(cmsDir, 'src', 'api', name, 'content-types', name, 'schema.json')) && !isPublicType(uid));
    expect(closed.map(({ name }) => name)).toContain('hit-count');
    for (const { name } of closed) {
      const schema = JSON.parse(readFileSync(join(cmsDir, 'src', 'api', name, 'content-types', name, 'schema.json'), 'utf8')) as {
        info: { pluralName: string; singularName: string };
      };
      for (const path of [
        `/api/${schema.info.pluralName}`,
        `/api/${schema.info.singularName}`,
        `/api/${schema.info.pluralName}/1`,
        `/api/content-versions/${schema.info.pluralName}?locale=it`,
      ]) {
        const response = await fetch(`${cms.url}${path}`);
        expect([403, 404, 405], path).toContain(response.status);
        expect(await response.text(), path).not.toMatch(/"hits"|"emailKey"|"bucket"/);
      }
    }
  });

  it('offers no way to write any type', async () => {
    for (const spec of COLLECTIONS) {
      const [first] = await publicList(cms, spec.uid, 'it');
      const attempts = await Promise.all([
        fetch(`${cms.url}/api/${restPath(spec.uid)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"data":{}}' }),
        fetch(`${cms.url}/api/${restPath(spec.uid)}/${String(first!.documentId)}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: '{"data":{}}',
        }),
        fetch(`${cms.url}/api/${restPath(spec.uid)}/${String(first!.documentId)}`, { method: 'DELETE' }),
      ]);
      for (const attempt of attempts) expect([401, 403, 404, 405], `${spec.folder} ${attempt.url}`).toContain(attempt.status);
    }
  });

  it('links items across types in the same language, and leaves out a link whose target is missing in that language', async () => {
    const [project] = await publicList(cms, 'api::project.project', 'it', '&filters[key][$eq]=connect&populate[organisations][fields][0]=key');
    const seedProject = items.find((item) => item.spec.folder === 'projects' && item.key === 'connect')!;
    expect((project!.organisations as Array<{ key: string }>).map((organisation) => organisation.key).sort()).toEqual(
      [...(seedProject.relations.organisations as string[])].sort(),
    );

    const gap = items.find(
      (item) =>
        item.spec.folder === 'organisations' &&
        localeCodes.some((code) => !item.translations[code]) &&
        items.some((other) => other.relations.organisation === item.key),
    );
    expect(gap, 'the seed leaves an organisation untranslated that other items point to').toBeDefined();
    const missing = localeCodes.find((code) => !gap!.translations[code])!;
    const pointing = items.find((other) => other.relations.organisation === gap!.key && other.translations[missing])!;
    const [served] = await publicList(cms, pointing.spec.uid, missing, `&filters[key][$eq]=${pointing.key}&populate[organisation][fields][0]=key`);
    expect(served?.organisation ?? null).toBeNull();
  });
});
