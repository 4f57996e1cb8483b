import { describe, expect, it } from 'vitest';
import { exactFirst } from '../../site/components/search/exact-first.ts';
import type { PagefindData } from '../../site/components/search/pagefind.ts';
import { searchDocuments } from '../../site/lib/search-documents.ts';
import type { Resource } from '../../site/schemas/content.ts';

const file = (language: string, name: string, format: Resource['files'][number]['format'] = 'pdf') => ({
  language: language as 'it',
  format,
  pages: 1,
  media: { url: `/uploads/${name}`, size: 12, mime: 'application/pdf', name, width: null, height: null, alternativeText: null },
});
const version = (locale: string, files: Resource['files']) => ({
  documentId: 'doc1',
  locale,
  slug: `kit-${locale}`,
  title: `Kit (${locale})`,
  kind: 'teaching-kit' as const,
  themes: ['prevention' as const],
  audience: ['educators' as const],
  project: 'CONNECT',
  files,
  publishedAt: new Date('2024-03-01T10:00:00Z'),
  date: null,
  datePrecision: null,
});

describe('which index the text of each PDF goes to', () => {
  it('puts a file in its language’s index, leading to the page in that language', () => {
    const files = [file('it', 'kit_it_1.pdf'), file('ro', 'kit_ro_2.pdf')];
    const documents = searchDocuments([version('it', files), version('ro', files)]);
    expect(documents.map(({ url, locale, lang }) => ({ url, locale, lang }))).toEqual([
      { url: '/it/resources/kit-it/#file-kit_it_1', locale: 'it', lang: 'it-IT' },
      { url: '/ro/resources/kit-ro/#file-kit_ro_2', locale: 'ro', lang: 'ro-RO' },
    ]);
    expect(documents[1]!.facts.filters).toMatchObject({
      kind: ['teaching-kit'],
      project: ['CONNECT'],
      language: ['it', 'ro'],
      translation: ['it', 'ro'],
      document: ['ro'],
    });
    // No date of its own: it sorts by the day it was added, and the card says that is what the day is.
    expect(documents[1]!.facts.sort).toEqual({ date: '2024-03-01T10:00:00.000Z' });
    expect(documents[1]!.facts.meta).toEqual({ added: '2024-03-01T10:00:00.000Z' });
  });

  it('dates the text of a kit’s PDF by the kit’s own date, to its precision, not by the day it was added', () => {
    const [document] = searchDocuments([{ ...version('it', [file('it', 'kit_it_1.pdf')]), date: '2013-06-01', datePrecision: 'year' }]);
    expect(document!.facts.meta).toEqual({ date: '2013' });
    expect(document!.facts.sort).toEqual({ date: '2013' });
  });

  it('leads a Romanian file of a kit with no Romanian page to the Italian page, found in Romanian', () => {
    const [document] = searchDocuments([version('it', [file('ro', 'kit_ro_2.pdf')])]);
    expect(document).toMatchObject({ url: '/it/resources/kit-it/#file-kit_ro_2', locale: 'ro', title: 'Kit (it)' });
  });

  it('puts a file in a language the portal lacks in the index of every language the kit has a page in', () => {
    const files = [file('en', 'kit_en_3.pdf')];
    expect(searchDocuments([version('it', files), version('lt', files)]).map((document) => document.url)).toEqual([
      '/it/resources/kit-it/#file-kit_en_3',
      '/lt/resources/kit-lt/#file-kit_en_3',
    ]);
  });

  it('leaves out files that are not PDFs', () => {
    expect(searchDocuments([version('it', [file('it', 'kit.odt', 'odt')])])).toEqual([]);
  });
});

describe('exact spellings first', () => {
  const result = (title: string, content: string): PagefindData => ({ url: `/${title}/`, excerpt: '', content, meta: { title }, filters: {} });

  it('moves results that contain the words as typed before those that match only without diacritics', () => {
    const folded = result('a', 'Prekyba zmonemis ir auku apsauga.');
    const exact = result('b', 'Prekyba žmonėmis ir aukų apsauga.');
    expect(exactFirst([folded, exact], 'aukų', 'lt-LT')).toEqual([exact, folded]);
    expect(exactFirst([exact, folded], 'auku', 'lt-LT')).toEqual([folded, exact]);
  });

  it('counts the old cedilla letters as the comma-below ones, and keeps Pagefind’s order otherwise', () => {
    const cedilla = result('a', 'Prevenirea în şcoli.');
    const other = result('b', 'Prevenirea în licee.');
    expect(exactFirst([other, cedilla], 'școli', 'ro-RO')).toEqual([cedilla, other]);
    expect(exactFirst([other, cedilla], 'prevenirea', 'ro-RO')).toEqual([other, cedilla]);
  });
});
