import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { root } from '../../scripts/pipeline/paths.ts';
import { createTestCms, testDatabase, type TestCms } from '../../scripts/local/throwaway/cms.ts';

const fixture = (name: string) => join(root, 'tests', 'fixtures', name);

async function publicSlugs(cms: TestCms, locale: string): Promise<string[]> {
  const response = await fetch(`${cms.url}/api/resources?locale=${locale}&pagination[pageSize]=100`);
  return ((await response.json()) as { data: Array<{ slug: string }> }).data.map((resource) => resource.slug).sort();
}

async function uploadedFileCount(cms: TestCms): Promise<number> {
  const response = await fetch(`${cms.url}/upload/files?pageSize=100`, { headers: { authorization: `Bearer ${await cms.adminToken()}` } });
  return ((await response.json()) as { pagination: { total: number } }).pagination.total;
}

/** Each test seeds and starts Strapi, once or twice, each waited for by its own event: on a busy machine, minutes. */
const SEED_AND_START = 300_000;

describe(`a seed that cannot complete, on ${testDatabase}`, () => {
  let cms: TestCms | undefined;

  afterEach(async () => {
    await cms?.destroy();
  });

  it(
    'stops on a malformed file, naming the file and the field, and imports nothing, not even the valid files',
    async () => {
      cms = await createTestCms();
      const result = await cms.seed(fixture('malformed-seed'));
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/Seed stopped: tests\/fixtures\/malformed-seed\/resources\/b-missing-romanian-slug\.json: translations\.ro\.slug: .+/);

      await cms.start();
      expect(await publicSlugs(cms, 'it')).toEqual([]);
      expect(await uploadedFileCount(cms)).toBe(0);
    },
    SEED_AND_START,
  );

  it(
    'rolls back everything it wrote when a resource conflicts with the CMS halfway through',
    async () => {
      cms = await createTestCms();
      const first = await cms.seed(fixture('slug-conflict/first'));
      expect(first.code, first.output).toBe(0);
      await cms.start();
      const filesBefore = await uploadedFileCount(cms);
      await cms.stop();

      const result = await cms.seed(fixture('slug-conflict/second'));
      expect(result.code).toBe(1);
      expect(result.output).toContain('b-conflicting-example.json: translations.pt.slug: "exemplo-dois" belongs to another item in the CMS');

      await cms.start();
      expect(await publicSlugs(cms, 'it')).toEqual(['esempio-due', 'esempio-uno']);
      expect(await publicSlugs(cms, 'pt')).toEqual(['exemplo-dois', 'exemplo-um']);
      expect(await uploadedFileCount(cms)).toBe(filesBefore);
    },
    SEED_AND_START,
  );
});
