/**
 * The synthetic corpus generator (scripts/tools/generate-corpus.ts) on a real Strapi: counts per locale
 * through the public API, entries the site's loader accepts, re-runs that change nothing, a smaller
 * N that removes the extras, seeded content untouched, and bulk rows equal to the Document
 * Service's.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import knex, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../../scripts/pipeline/paths.ts';
import { localeCodes } from '@praxis/contract/locales';
import { resourceSchema } from '../../site/schemas/content.ts';
import { createTestCms, testDatabase, type ProcessResult, type TestCms } from '../../scripts/local/throwaway/cms.ts';

const N = 12;

function generate(cms: TestCms, ...args: string[]): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'tools', 'generate-corpus.ts'), ...args], {
      cwd: root,
      env: cms.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** The CMS's database, opened directly (only while no Strapi writes to it). */
function openDatabase(cms: TestCms): Knex {
  if (testDatabase === 'postgres') return knex({ client: 'pg', connection: cms.env.DATABASE_URL! });
  return knex({ client: 'better-sqlite3', connection: { filename: join(cms.env.PRAXIS_DATA_DIR!, 'praxis.db') }, useNullAsDefault: true });
}

async function withDatabase<T>(cms: TestCms, work: (db: Knex) => Promise<T>): Promise<T> {
  const db = openDatabase(cms);
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/**
 * Every row a document of a synthetic resource consists of, without ids, document id and times:
 * the rows per locale and status in the order written, their `files` components with the media
 * link of each, and their theme and organisation links.
 */
async function documentRows(db: Knex, key: string) {
  const rows = await db('resources').where({ key }).orderBy('id');
  return Promise.all(
    rows.map(async (row) => {
      const components = await db('resources_cmps as c')
        .join('components_resource_files as f', 'f.id', 'c.cmp_id')
        .where('c.entity_id', row.id)
        .orderBy('c.order')
        .select('c.order', 'c.component_type', 'c.field', 'f.id', 'f.language', 'f.format', 'f.pages');
      const files = await Promise.all(
        components.map(async ({ id, ...component }) => ({
          ...component,
          media: await db('files_related_mph').where({ related_id: id, related_type: 'resource.file' }).select('file_id', 'field', 'order'),
        })),
      );
      const { id, document_id, created_at, updated_at, published_at, first_published_at, audience, ...fields } = row;
      return {
        ...fields,
        audience: typeof audience === 'string' ? JSON.parse(audience) : audience,
        published: published_at !== null,
        // Stamped at the first publish, on the draft and the published row alike.
        firstPublished: first_published_at !== null,
        files,
        themes: await db('resources_themes_lnk').where({ resource_id: id }).orderBy('theme_ord').select('theme_id', 'theme_ord'),
        organisation: await db('resources_organisation_lnk').where({ resource_id: id }).select('organisation_id'),
      };
    }),
  );
}

/** Row counts that leak if a removal leaves components or links behind. */
async function tableCounts(db: Knex) {
  const count = async (query: Knex.QueryBuilder) => Number(((await query.count({ n: '*' })) as Array<{ n: number | string }>)[0]!.n);
  return {
    resources: await count(db('resources')),
    components: await count(db('components_resource_files')),
    cmps: await count(db('resources_cmps')),
    media: await count(db('files_related_mph').where({ related_type: 'resource.file' })),
    themes: await count(db('resources_themes_lnk')),
    organisations: await count(db('resources_organisation_lnk')),
    files: await count(db('files')),
  };
}

/** The seeded resources as stored, ids and times included: nothing of them may change. */
async function seededSnapshot(db: Knex) {
  const rows = await db('resources').whereNot('key', 'like', 'synthetic-%').orderBy('id');
  const ids = rows.map((row) => row.id);
  return {
    rows,
    cmps: await db('resources_cmps').whereIn('entity_id', ids).orderBy('id'),
    themes: await db('resources_themes_lnk').whereIn('resource_id', ids).orderBy('id'),
    organisations: await db('resources_organisation_lnk').whereIn('resource_id', ids).orderBy('id'),
  };
}

describe(`the synthetic corpus on ${testDatabase}`, () => {
  let cms: TestCms;
  const runs: Record<string, ProcessResult> = {};
  let seeded: Awaited<ReturnType<typeof seededSnapshot>>;
  let bulkRows: Awaited<ReturnType<typeof documentRows>>;
  let documentServiceRows: Awaited<ReturnType<typeof documentRows>>;
  const counts: Record<string, Awaited<ReturnType<typeof tableCounts>>> = {};
  let seededTotal: number;

  beforeAll(async () => {
    cms = await createTestCms();
    const seed = await cms.seed();
    expect(seed.code, seed.output).toBe(0);
    seeded = await withDatabase(cms, seededSnapshot);
    seededTotal = seeded.rows.filter((row) => row.locale === 'lt' && row.published_at !== null).length;

    runs.first = await generate(cms, '--resources', String(N));
    expect(runs.first.code, runs.first.output).toBe(0);
    await withDatabase(cms, async (db) => {
      counts.first = await tableCounts(db);
      bulkRows = await documentRows(db, `synthetic-${String(N).padStart(6, '0')}`);
    });
    runs.again = await generate(cms, '--resources', String(N));
    runs.smaller = await generate(cms, '--resources', String(N - 1));
    counts.smaller = await withDatabase(cms, tableCounts);
    // The last one again, this time through Strapi's Document Service: the reference for the bulk rows.
    runs.documents = await generate(cms, '--resources', String(N), '--engine', 'documents');
    await withDatabase(cms, async (db) => {
      counts.documents = await tableCounts(db);
      documentServiceRows = await documentRows(db, `synthetic-${String(N).padStart(6, '0')}`);
    });
    runs.last = await generate(cms, '--resources', String(N));
    for (const run of Object.values(runs)) expect(run.code, run.output).toBe(0);
    await cms.start();
  });

  afterAll(async () => {
    await cms?.destroy();
  });

  it("reads a locale's published entries, as the site build pages through them, by index and already in order", async () => {
    await withDatabase(cms, async (db) => {
      if (testDatabase === 'postgres') {
        const indexes = (await db.raw("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'resources'")).rows as Array<{
          indexname: string;
          indexdef: string;
        }>;
        expect(indexes.map((index) => index.indexname)).not.toContain('praxis_resources_locale_published');
        expect(indexes.find((index) => index.indexname === 'praxis_resources_published_by_locale')?.indexdef).toMatch(
          /\(locale, id\) WHERE \(published_at IS NOT NULL\)/,
        );
        return;
      }
      const plan = async (sql: string, bindings: unknown[]) =>
        ((await db.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings)) as Array<{ detail: string }>).map((row) => row.detail).join('; ');
      // The query Strapi sends for a page of the build's listing: whole rows, in id order, at an offset.
      const page = await plan(
        'SELECT t0.*, t0.id FROM resources AS t0 WHERE (t0.published_at IS NOT NULL AND t0.locale = ? AND t0.published_at IS NOT NULL) ORDER BY t0.id ASC LIMIT 100 OFFSET 100',
        ['ro'],
      );
      expect(page).toMatch(/USING INDEX praxis_resources_published_by_locale/);
      expect(page).not.toMatch(/TEMP B-TREE/);
      // With the planner's statistics, a resource's files are found from the entry, not by the
      // component field name that every row shares.
      const ids = (await db('resources').select('id').limit(20)).map((row: { id: number }) => row.id);
      expect(await plan(`SELECT * FROM resources_cmps WHERE entity_id IN (${ids.map(() => '?').join(',')}) AND field = ?`, [...ids, 'files'])).not.toMatch(
        /resources_field_idx/,
      );
    });
  });

  it('prints one summary line per run: created, then unchanged, removed, and recognised again', () => {
    for (const run of Object.values(runs))
      expect(
        run.output
          .trim()
          .split('\n')
          .filter((line) => line.startsWith('Synthetic corpus:')),
      ).toHaveLength(1);
    expect(runs.first!.output).toContain(`${N} created, 0 replaced, 0 unchanged, 0 removed; 32 pool PDFs, 32 uploaded`);
    expect(runs.again!.output).toContain(`0 created, 0 replaced, ${N} unchanged, 0 removed; 32 pool PDFs, 0 uploaded`);
    expect(runs.smaller!.output).toContain(`0 created, 0 replaced, ${N - 1} unchanged, 1 removed`);
    expect(runs.documents!.output).toContain(`1 created, 0 replaced, ${N - 1} unchanged, 0 removed`);
    // The bulk writer recognises what the Document Service wrote as its own: same content, same rows.
    expect(runs.last!.output).toContain(`0 created, 0 replaced, ${N} unchanged, 0 removed`);
  });

  it('writes in bulk exactly the rows the Document Service writes', () => {
    expect(bulkRows).toHaveLength(2 * localeCodes.length);
    expect(bulkRows).toEqual(documentServiceRows);
    expect(counts.documents).toEqual(counts.first);
  });

  it('removes a resource with its components and links, and reuses the PDF pool', () => {
    const perResource = { resources: 8, components: 32, cmps: 32, media: 32 };
    for (const [table, rows] of Object.entries(perResource))
      expect(counts.first![table as 'resources']! - counts.smaller![table as 'resources']!, table).toBe(rows);
    expect(counts.smaller!.files).toBe(counts.first!.files);
  });

  it('leaves the seeded resources exactly as they were', async () => {
    expect(await withDatabase(cms, seededSnapshot)).toEqual(seeded);
  });

  it('serves the corpus in every locale through the public API, and the site accepts every entry', async () => {
    const slugs = new Map<string, Set<string>>();
    const documentIds = new Map<string, Set<string>>();
    for (const locale of localeCodes) {
      const total = await fetch(`${cms.url}/api/resources?locale=${locale}&pagination[pageSize]=1`);
      expect(((await total.json()) as { meta: { pagination: { total: number } } }).meta.pagination.total).toBe(seededTotal + N);

      const query = [
        `locale=${locale}`,
        'filters[key][$startsWith]=synthetic-',
        'pagination[pageSize]=100',
        'populate[files][populate]=media',
        ...['themes', 'organisation', 'adaptedFrom', 'translationOf', 'usedInReports'].map((relation) => `populate[${relation}][fields][0]=key`),
      ].join('&');
      const response = await fetch(`${cms.url}/api/resources?${query}`);
      expect(response.status).toBe(200);
      const entries = ((await response.json()) as { data: unknown[] }).data;
      expect(entries).toHaveLength(N);
      for (const entry of entries) {
        const resource = resourceSchema.parse(entry);
        expect(resource.locale).toBe(locale);
        expect(resource.title).toMatch(/\d+\)$/);
        expect(resource.body.split('\n\n').length).toBeGreaterThanOrEqual(6);
        expect(resource.themes.length).toBeGreaterThanOrEqual(1);
        expect(resource.files.map((file) => file.language)).toEqual(localeCodes);
        expect(resource.files.every((file) => file.format === 'pdf' && file.media.mime === 'application/pdf')).toBe(true);
        (slugs.get(locale) ?? slugs.set(locale, new Set()).get(locale)!).add(resource.slug);
        (documentIds.get(resource.key) ?? documentIds.set(resource.key, new Set()).get(resource.key)!).add(resource.documentId);
      }
      expect(slugs.get(locale)!.size).toBe(N);
    }
    // One document per resource, shared by its four language versions.
    expect(documentIds.size).toBe(N);
    for (const ids of documentIds.values()) expect(ids.size).toBe(1);
  });

  it("says in every language that the content is synthetic, and links the file in the reader's language", async () => {
    const markers: Record<string, RegExp> = { it: /esempio sintetico/, pt: /exemplo sintético/, ro: /exemplu sintetic/, lt: /sintetinis pavyzdys/ };
    for (const locale of localeCodes) {
      const response = await fetch(`${cms.url}/api/resources?locale=${locale}&filters[key][$eq]=synthetic-000003&populate[files][populate]=media`);
      const [entry] = ((await response.json()) as { data: Array<{ title: string; files: Array<{ language: string; media: { url: string } }> }> }).data;
      expect(entry!.title).toMatch(markers[locale]!);
      const own = entry!.files.find((file) => file.language === locale)!;
      const bytes = Buffer.from(await (await fetch(`${cms.url}${own.media.url}`)).arrayBuffer());
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    }
  });
});
