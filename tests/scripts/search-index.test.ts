import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentPages, pdfPages, runningText } from '../../site/lib/document-text.ts';
import { renderSummaryPdf } from '../../scripts/local/pdf.ts';
import { recordsOf } from '../../scripts/pipeline/search-index.ts';
import type { SearchDocument } from '../../site/lib/search-documents.ts';

const romanian = [
  'Fișa de sinteză prezintă prevenirea traficului de persoane în școli, cu exerciții pentru educatori.',
  'Victimele exploatării au dreptul la asistență și protecție; serviciile anti-trafic lucrează împreună.',
];
const lithuanian = ['Prekyba žmonėmis: aukų apsauga, teisėsaugos ir socialinių darbuotojų bendradarbiavimas.'];

describe('the text inside a PDF, for search', () => {
  it('reads every page of a PDF with its diacritics, lines joined into running text', async () => {
    const paragraphs = [...romanian, ...Array.from({ length: 40 }, (_, index) => `${lithuanian[0]} (${index + 1})`)];
    const { bytes, pages } = await renderSummaryPdf({ title: 'Exemplu de fișă', paragraphs, lang: 'ro-RO', footer: 'Praxis' });
    const text = await pdfPages(new Uint8Array(bytes));
    expect(pages).toBeGreaterThan(1);
    expect(text).toHaveLength(pages);
    const all = text.join(' ');
    for (const paragraph of paragraphs) expect(all).toContain(paragraph);
  });

  it('keeps a word broken at its hyphen whole, and other line ends as spaces', () => {
    expect(runningText('serviciile anti-\ntrafic lucrează\nîmpreună.\n')).toBe('serviciile anti-trafic lucrează împreună.');
  });

  describe('read from the CMS, with a cache', () => {
    let server: Server;
    let base: string;
    let downloads = 0;
    const cacheDir = mkdtempSync(join(tmpdir(), 'praxis-pdf-cache-'));

    beforeAll(async () => {
      const { bytes } = await renderSummaryPdf({ title: 'Pavyzdys', paragraphs: lithuanian, lang: 'lt-LT', footer: 'Praxis' });
      server = createServer((request, response) => {
        downloads++;
        if (request.url === '/uploads/kit_lt_1a2b3c.pdf') response.end(bytes);
        else if (request.url === '/uploads/not-a-pdf.pdf') response.end('<html>not a pdf</html>');
        else response.writeHead(404).end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    });

    afterAll(() => {
      server.close();
      rmSync(cacheDir, { recursive: true, force: true });
    });

    it('downloads a file once: a rebuild takes its text from the cache', async () => {
      const source = { url: `${base}/uploads/kit_lt_1a2b3c.pdf`, size: 2 };
      const first = await documentPages(source, cacheDir);
      const second = await documentPages(source, cacheDir);
      expect(first.cached).toBe(false);
      expect(second).toEqual({ pages: first.pages, cached: true });
      expect(first.pages.join(' ')).toContain(lithuanian[0]);
      expect(downloads).toBe(1);
    });

    it('says why a file cannot be read', async () => {
      await expect(documentPages({ url: `${base}/uploads/missing.pdf`, size: 1 }, cacheDir)).rejects.toThrow('download answered 404');
      await expect(documentPages({ url: `${base}/uploads/not-a-pdf.pdf`, size: 1 }, cacheDir)).rejects.toThrow(/PDF/i);
    });
  });
});

describe('the search records of a PDF', () => {
  const document: SearchDocument = {
    url: '/ro/resources/kit/#file-kit_ro_1a2b3c',
    locale: 'ro',
    lang: 'ro-RO',
    title: 'Kit',
    file: { url: '/uploads/kit_ro_1a2b3c.pdf', language: 'ro', name: 'kit_ro.pdf', size: 10 },
    facts: { filters: { kind: ['teaching-kit'], document: ['ro'] }, meta: { date: '2024-03-01' }, sort: { date: '2024-03-01' } },
  };
  const words = (count: number, word: string) => Array.from({ length: count }, () => word).join(' ');

  it('is one record in the index of the file’s language, with the facts of its page', () => {
    expect(recordsOf(document, [romanian[0]!])).toEqual([
      {
        url: document.url,
        content: romanian[0],
        language: 'ro-ro',
        meta: { title: 'Kit', date: '2024-03-01' },
        filters: document.facts.filters,
        sort: document.facts.sort,
      },
    ]);
  });

  it('splits a long file into records of about a thousand words, each with its own URL saying where it starts', () => {
    const records = recordsOf(document, [words(600, 'unu'), words(300, 'doi'), words(700, 'trei'), '', words(50, 'patru')]);
    expect(records.map((record) => record.url)).toEqual(['/ro/resources/kit/#file-kit_ro_1a2b3c', '/ro/resources/kit/?page=3#file-kit_ro_1a2b3c']);
    expect(records[0]!.content.split(' ')).toHaveLength(900);
    expect(records[1]!.content.split(' ')).toHaveLength(750);
  });
});
