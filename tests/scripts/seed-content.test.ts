import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentDir, root } from '../../scripts/lib/paths.ts';
import { loadSeedResources } from '../../scripts/lib/seed-content.ts';
import { renderSummaryPdf } from '../../scripts/lib/pdf.ts';
import { localeCodes } from '../../site/i18n/locales.ts';

describe('the seed content', () => {
  it('is valid and written in all four languages', () => {
    const seeds = loadSeedResources(contentDir);
    expect(seeds.length).toBeGreaterThanOrEqual(3);
    for (const seed of seeds) expect(Object.keys(seed.resource.translations).sort(), seed.file).toEqual([...localeCodes].sort());
  });

  it('stops on a malformed file with its name and the field', () => {
    expect(() => loadSeedResources(join(root, 'tests', 'fixtures', 'malformed-seed'))).toThrowErrorMatchingInlineSnapshot(
      `[SeedError: tests/fixtures/malformed-seed/resources/b-missing-romanian-slug.json: translations.ro.slug: Invalid input: expected string, received undefined]`,
    );
  });

  it('refuses a slug used twice in one language, and broken JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'praxis-seed-'));
    try {
      mkdirSync(join(dir, 'resources'));
      const valid = join(root, 'tests', 'fixtures', 'malformed-seed', 'resources', 'a-valid-example.json');
      cpSync(valid, join(dir, 'resources', 'one.json'));
      cpSync(valid, join(dir, 'resources', 'two.json'));
      expect(() => loadSeedResources(dir)).toThrow(/two\.json: translations\.it\.slug: "risorsa-di-esempio-valida" is already used by .*one\.json$/);
      writeFileSync(join(dir, 'resources', 'two.json'), '{ "kind": ');
      expect(() => loadSeedResources(dir)).toThrow(/two\.json: \(file\): not valid JSON/);
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
});
