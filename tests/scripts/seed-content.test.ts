import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentDir, root } from '../../scripts/pipeline/paths.ts';
import { renderSummaryPdf } from '../../scripts/local/pdf.ts';
import { COLLECTIONS, loadSeed } from '../../scripts/local/seed-content.ts';
import { renderWebVtt } from '../../scripts/local/webvtt.ts';
import { defaultLocale, localeCodes } from '@praxis/contract/locales';

const validExample = join(root, 'tests', 'fixtures', 'malformed-seed', 'resources', 'a-valid-example.json');

function scratchContent(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'praxis-seed-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe('the seed content', () => {
  const items = loadSeed(contentDir);

  it('is valid, with every item in the default locale and most in all four', () => {
    expect(items.length).toBeGreaterThanOrEqual(4);
    for (const item of items) expect(Object.keys(item.translations), item.file).toContain(defaultLocale);
    const complete = items.filter((item) => localeCodes.every((code) => item.translations[code]));
    expect(complete.length / items.length).toBeGreaterThan(0.8);
  });

  it('populates every collection once all of it is written', () => {
    const folders = new Set(items.map((item) => item.spec.folder));
    expect([...folders].sort()).toEqual(COLLECTIONS.map((collection) => collection.folder).sort());
  });

  it('leaves some items untranslated on purpose, so that the site’s fallback is exercised', () => {
    const gaps = items.filter((item) => localeCodes.some((code) => !item.translations[code]));
    expect(gaps.length).toBeGreaterThanOrEqual(2);
  });

  it('stops on a malformed file with its name and the field', () => {
    expect(() => loadSeed(join(root, 'tests', 'fixtures', 'malformed-seed'))).toThrowErrorMatchingInlineSnapshot(
      `[SeedError: tests/fixtures/malformed-seed/resources/b-missing-romanian-slug.json: translations.ro.slug: Invalid input: expected string, received undefined]`,
    );
  });

  it('refuses a slug used twice in one language, broken JSON, and a relation to a key no file defines', () => {
    const dir = scratchContent({});
    try {
      mkdirSync(join(dir, 'resources'));
      cpSync(validExample, join(dir, 'resources', 'one.json'));
      cpSync(validExample, join(dir, 'resources', 'two.json'));
      expect(() => loadSeed(dir)).toThrow(/two\.json: translations\.it\.slug: "risorsa-di-esempio-valida" is already used by .*one\.json$/);
      writeFileSync(join(dir, 'resources', 'two.json'), '{ "kind": ');
      expect(() => loadSeed(dir)).toThrow(/two\.json: \(file\): not valid JSON/);
      rmSync(join(dir, 'resources', 'two.json'));
      const example = readFileSync(validExample, 'utf8');
      writeFileSync(join(dir, 'resources', 'one.json'), example.replace('"project": "EXAMPLE",', '"project": "EXAMPLE",\n  "organisation": "nobody",'));
      expect(() => loadSeed(dir)).toThrow(/one\.json: organisation: no organisations item has the key "nobody" \(content\/organisations\/nobody\.json\)$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('renders each summary sheet to the same PDF bytes every time, so a second seed reuses the upload', async () => {
    const sheet = { title: 'Fișă de sinteză', paragraphs: ['Traficul de persoane; prekyba žmonėmis.'], lang: 'ro-RO', footer: 'Praxis' };
    const [first, second] = await Promise.all([renderSummaryPdf(sheet), renderSummaryPdf(sheet)]);
    expect(first.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(first.pages).toBe(1);
    expect(first.bytes.equals(second.bytes)).toBe(true);
  });

  it('renders captions to WebVTT, escaping text that could read as markup', () => {
    expect(renderWebVtt([{ start: '00:00:00.000', end: '00:00:04.000', text: 'Prevenire <b>è</b> possibile & necessario' }])).toBe(
      'WEBVTT\n\n1\n00:00:00.000 --> 00:00:04.000\nPrevenire &lt;b&gt;è&lt;/b&gt; possibile &amp; necessario\n',
    );
  });
});
