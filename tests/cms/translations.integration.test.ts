import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entriesPath, testDatabase, type TestCms } from '../../scripts/local/throwaway/cms.ts';
import { EDITORIAL, examplePractice, startEditorialCms } from '../support/cms.ts';

const PRACTICE = 'api::good-practice.good-practice';
const PRACTICES = entriesPath(PRACTICE);
const { own: OWN, othersPractice: OTHERS_PRACTICE } = EDITORIAL;

describe(`the translators' list on ${testDatabase}`, () => {
  let cms: TestCms;
  let coordinator: string;
  let partner: string;
  let otherPartner: string;
  const ids: Record<string, string> = {};

  const work = (token: string, locale?: string) => cms.admin(`/praxis/translations${locale === undefined ? '' : `?locale=${locale}`}`, { token });
  const documentIds = (items: Array<{ entryDocumentId: string }>) => items.map((item) => item.entryDocumentId);
  /** A Portuguese practice of the partner's organisation. */
  const practice = (title: string, extra: Record<string, unknown> = {}) => examplePractice(title, ids[OWN]!, 'pt', extra);

  beforeAll(async () => {
    const cast = await startEditorialCms();
    ({ cms, coordinator, partner, otherPartner } = cast);
    Object.assign(ids, cast.ids);
    // One practice only in Portuguese; one also in Italian, whose Italian needs review.
    const only = await cms.admin(`${PRACTICES}?locale=pt`, { method: 'POST', token: partner, body: practice('So em portugues') });
    expect(only.status, JSON.stringify(only.body)).toBe(201);
    ids.onlyPortuguese = only.body.data.documentId;
    const both = await cms.admin(`${PRACTICES}?locale=pt`, { method: 'POST', token: partner, body: practice('Em duas linguas') });
    ids.both = both.body.data.documentId;
    const italian = await cms.admin(`${PRACTICES}/${ids.both}?locale=it`, {
      method: 'PUT',
      token: partner,
      body: examplePractice('In due lingue', ids[OWN]!, 'it', { key: undefined, translationStatus: 'needs-review' }),
    });
    expect(italian.status, JSON.stringify(italian.body)).toBe(200);
  });

  afterAll(async () => {
    await cms?.destroy();
  });

  it('shows a partner what their organisation is missing and what needs review, in a language it works in', async () => {
    const first = await work(partner);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.data).toMatchObject({ locale: 'it', locales: ['it', 'pt'] });
    expect(first.body.data.missing).toContainEqual({ entryType: PRACTICE, entryDocumentId: ids.onlyPortuguese, title: 'So em portugues', locales: ['pt'] });
    expect(first.body.data.needsReview).toEqual([{ entryType: PRACTICE, entryDocumentId: ids.both, title: 'In due lingue', locales: ['it', 'pt'] }]);
    expect(documentIds(first.body.data.missing)).not.toContain(ids.both);
    // Nothing of another organisation.
    expect(documentIds([...first.body.data.missing, ...first.body.data.needsReview])).not.toContain(ids[OTHERS_PRACTICE]);
    const portuguese = (await work(partner, 'pt')).body.data;
    expect(documentIds(portuguese.missing)).not.toContain(ids.onlyPortuguese);
    expect(documentIds(portuguese.needsReview)).toEqual([]);
  });

  it('shows another organisation’s partner none of it, and a coordinator everything', async () => {
    const theirs = (await work(otherPartner, 'it')).body.data;
    expect(documentIds([...theirs.missing, ...theirs.needsReview])).not.toContain(ids.onlyPortuguese);
    expect(documentIds([...theirs.missing, ...theirs.needsReview])).not.toContain(ids.both);
    const lithuanian = (await work(coordinator, 'lt')).body.data;
    expect(lithuanian.locales).toEqual(['it', 'pt', 'ro', 'lt']);
    expect(documentIds(lithuanian.missing)).toEqual(expect.arrayContaining([ids.onlyPortuguese, ids.both]));
    // Other localized types too: an organisation that has no Lithuanian version.
    expect(new Set(lithuanian.missing.map((item: { entryType: string }) => item.entryType)).size).toBeGreaterThan(1);
  });

  it('refuses a language the partner’s organisation does not work in, or no language at all', async () => {
    const lithuanian = await work(partner, 'lt');
    expect(lithuanian.status).toBe(403);
    expect(lithuanian.body.error.message).toBe('Your organisation does not work in "lt": you translate into it, pt.');
    const unknown = await work(coordinator, 'xx');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe('Choose a language: it, pt, ro, lt.');
  });
});
