/**
 * A synthetic but realistic corpus of resources for benchmarks: N resources, each in every portal
 * locale, published, with localized title, slug, summary and Markdown body composed from the word
 * lists of `corpus-text.ts`, themes, an organisation and a project that the seed created, and a PDF
 * per language drawn from a small pool uploaded once.
 *
 * Everything is drawn from a PRNG seeded by the resource's number, so two runs make the same
 * corpus. Synthetic resources have the keys `synthetic-000001`…; nothing else is ever written or
 * removed.
 *
 * Two ways to write, with the same result in the database:
 * - `documents`: Strapi's Document Service (create the Italian version, update the others, publish
 *   all), one resource at a time: the reference, about 6 resources/s on SQLite on two cores;
 * - `bulk` (the default): the same rows inserted in batches with the query builder, inside one
 *   transaction: draft and published row per locale sharing one documentId, the `files` components
 *   and their media links, theme and organisation links to the same locale and status of the
 *   target, exactly as the Document Service writes them (the test compares the two row by row),
 *   far faster than through the Document Service.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { getLocale, localeCodes } from '@praxis/contract/locales';
import { AUDIENCES, RESOURCE_KINDS, THEMES, type Audience, type ResourceKind, type Theme } from '@praxis/contract/vocabulary';
import { corpusLanguages } from './corpus-text.ts';
import { portalEnv } from '../pipeline/env.ts';
import { cmsDir } from '../pipeline/paths.ts';
import { renderSummaryPdf } from '../local/pdf.ts';

export const SYNTHETIC_PREFIX = 'synthetic-';
const SYNTHETIC_KEY = /^synthetic-(\d{6})$/;
/** PDFs per locale in the shared pool. */
export const POOL_SIZE = 8;
const RESOURCE = 'api::resource.resource';
/** Licences a synthetic resource may carry (null: none stated). */
const LICENCES = ['CC BY 4.0', 'CC BY-SA 4.0', 'CC BY-NC-SA 4.0', null] as const;

export function syntheticKey(n: number): string {
  return `${SYNTHETIC_PREFIX}${String(n).padStart(6, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Composition
// ---------------------------------------------------------------------------------------------

/** A small, fast, seeded PRNG (mulberry32) over a 32-bit seed hashed from a string. */
export function prng(seed: string): () => number {
  let state = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/** `count` distinct elements, in the order drawn. */
function sample<T>(random: () => number, list: readonly T[], count: number): T[] {
  const pool = [...list];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return out;
}

/** Lowercase ASCII words joined by hyphens (the slug rule of content/README.md). */
export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** What the seed created that synthetic resources may point to. */
export interface CorpusReferences {
  themes: Theme[];
  /** Projects by acronym, with the keys of their partner organisations. */
  projects: Array<{ acronym: string; organisations: string[] }>;
}

export interface SyntheticTranslation {
  title: string;
  slug: string;
  summary: string;
  body: string;
  translationStatus: 'original' | 'translated' | 'needs-review';
}

export interface SyntheticResource {
  n: number;
  key: string;
  kind: ResourceKind;
  audience: Audience[];
  themes: Theme[];
  project: string;
  organisation: string | null;
  licence: string | null;
  /** Index into the pool, per locale. */
  pool: Record<string, number>;
  translations: Record<string, SyntheticTranslation>;
}

/** Composes resource number `n` (from 1), the same every time for the same references. */
export function composeResource(n: number, refs: CorpusReferences): SyntheticResource {
  const random = prng(`praxis-corpus:${n}`);
  const kind = pick(random, RESOURCE_KINDS);
  const audienceDrawn = sample(random, AUDIENCES, 1 + Math.floor(random() * 3));
  const audience = AUDIENCES.filter((value) => audienceDrawn.includes(value));
  const themes = sample(random, refs.themes, 1 + Math.floor(random() * 3));
  const project = pick(random, refs.projects);
  const organisation = project.organisations.length > 0 && random() < 0.8 ? pick(random, project.organisations) : null;
  const licence = pick(random, LICENCES);
  const topicIndex = Math.floor(random() * 2);
  const themeSentence = themes.map(() => Math.floor(random() * 2));
  const general = sample(random, [0, 1, 2, 3], 3);
  const steps = sample(random, [0, 1, 2, 3, 4, 5], 3 + Math.floor(random() * 2));
  const pool: Record<string, number> = {};
  const translations: Record<string, SyntheticTranslation> = {};
  for (const locale of localeCodes) {
    const words = corpusLanguages[locale];
    if (!words) throw new Error(`scripts/tools/corpus-text.ts has no words for the locale "${locale}"`);
    pool[locale] = Math.floor(random() * POOL_SIZE);
    const status = locale === localeCodes[0] ? 'original' : random() < 0.15 ? 'needs-review' : 'translated';
    const kindName = words.kinds[kind];
    const topic = words.topics[themes[0]!][topicIndex]!;
    const who = words.audiences[audience[0]!];
    const base = `${kindName} ${topic} ${who}`;
    const tail = `${words.slugWord}-${n}`;
    let slugBase = '';
    for (const word of slugify(base)
      .split('-')
      .filter((part) => !words.slugStopWords.includes(part))) {
      if (`${slugBase}-${word}-${tail}`.length > 60) break;
      slugBase = slugBase ? `${slugBase}-${word}` : word;
    }
    const body = [
      words.disclaimer,
      `## ${words.headings.who}`,
      [...audience.map((value) => words.forAudience[value]), words.general[general[0]!]].join(' '),
      `## ${words.headings.themes}`,
      themes.map((theme, index) => words.aboutTheme[theme][themeSentence[index]!]).join(' '),
      `## ${words.headings.how}`,
      steps.map((step) => `- ${words.steps[step]}`).join('\n'),
      `${words.general[general[1]!]} ${words.general[general[2]!]}`,
      `## ${words.headings.note}`,
      words.closing,
    ].join('\n\n');
    translations[locale] = {
      title: `${base} ${words.marker(n)}`,
      slug: slugBase ? `${slugBase}-${tail}` : tail,
      summary: words.summary(kindName, topic, who),
      body,
      translationStatus: status,
    };
  }
  return { n, key: syntheticKey(n), kind, audience, themes, project: project.acronym, organisation, licence, pool, translations };
}

// ---------------------------------------------------------------------------------------------
// The PDF pool
// ---------------------------------------------------------------------------------------------

export interface PoolFile {
  locale: string;
  /** 0-based index within the locale's pool. */
  index: number;
  name: string;
  id: number;
  pages: number;
}

/** The distinctive words of pool sheet `index` in `locale`: a word of the language and an ASCII token. */
export function poolWords(locale: string, index: number): string[] {
  return [corpusLanguages[locale]!.poolWords[index]!, `praxissynth${locale}${index + 1}`];
}

/**
 * Renders the pool (POOL_SIZE PDFs per locale) and uploads what is not there yet; a file is found
 * again by its name and the digest of its content, kept in the caption as the seed does.
 */
async function ensurePool(strapi: Core.Strapi): Promise<{ files: Map<string, PoolFile[]>; uploaded: number }> {
  const scratch = mkdtempSync(join(tmpdir(), 'praxis-corpus-'));
  const files = new Map<string, PoolFile[]>();
  let uploaded = 0;
  try {
    for (const locale of localeCodes) {
      const words = corpusLanguages[locale]!;
      const list: PoolFile[] = [];
      for (let index = 0; index < POOL_SIZE; index++) {
        const { bytes, pages } = await renderSummaryPdf({
          title: words.sheetTitle(index + 1),
          paragraphs: words.sheetParagraphs(poolWords(locale, index).join(', ')),
          lang: getLocale(locale).lang,
          footer: 'Praxis · synthetic benchmark content',
        });
        const name = `synthetic-pool-${locale}-${index + 1}.pdf`;
        const caption = `Generated by the Praxis corpus generator (sha256 ${createHash('sha256').update(bytes).digest('hex').slice(0, 16)})`;
        let existing = (await strapi.db.query('plugin::upload.file').findOne({ where: { name, caption }, select: ['id'] })) as
          | { id: number }
          | null
          | undefined;
        if (!existing) {
          const path = join(scratch, name);
          writeFileSync(path, bytes);
          [existing] = (await strapi
            .plugin('upload')
            .service('upload')
            .upload({
              data: { fileInfo: { name, caption } },
              files: { filepath: path, originalFilename: name, mimetype: 'application/pdf', size: bytes.length },
            })) as Array<{ id: number }>;
          uploaded++;
        }
        list.push({ locale, index, name, id: existing!.id, pages });
      }
      files.set(locale, list);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { files, uploaded };
}

// ---------------------------------------------------------------------------------------------
// Reading what is there
// ---------------------------------------------------------------------------------------------

/** Row ids of an i18n, draft-and-publish type, by key, locale and status. */
type RowIds = Map<string, Map<string, { draft?: number; published?: number; documentId: string }>>;

async function rowIds(strapi: Core.Strapi, uid: string): Promise<RowIds> {
  const rows = (await strapi.db.query(uid as never).findMany({ select: ['id', 'documentId', 'key', 'locale', 'publishedAt'] })) as Array<{
    id: number;
    documentId: string;
    key: string;
    locale: string;
    publishedAt: unknown;
  }>;
  const byKey: RowIds = new Map();
  for (const row of rows) {
    const locales = byKey.get(row.key) ?? new Map();
    byKey.set(row.key, locales);
    const entry = locales.get(row.locale) ?? { documentId: row.documentId };
    entry[row.publishedAt ? 'published' : 'draft'] = row.id;
    locales.set(row.locale, entry);
  }
  return byKey;
}

interface Context {
  refs: CorpusReferences;
  themes: RowIds;
  organisations: RowIds;
  pool: Map<string, PoolFile[]>;
}

async function loadContext(strapi: Core.Strapi, pool: Map<string, PoolFile[]>): Promise<Context> {
  const themes = await rowIds(strapi, 'api::theme.theme');
  const organisations = await rowIds(strapi, 'api::organisation.organisation');
  // A target must be there, published, in every locale to be linked from every language version.
  const everywhere = (ids: RowIds, key: string) => localeCodes.every((locale) => ids.get(key)?.get(locale)?.published !== undefined);
  const projects = (await strapi.documents('api::project.project' as never).findMany({
    locale: localeCodes[0],
    status: 'published',
    fields: ['acronym', 'key'],
    populate: { organisations: { fields: ['key'] } },
    sort: 'key',
  } as never)) as unknown as Array<{ acronym: string; organisations?: Array<{ key: string }> }>;
  const refs: CorpusReferences = {
    themes: THEMES.filter((theme) => everywhere(themes, theme)),
    projects: projects.map((project) => ({
      acronym: project.acronym,
      organisations: (project.organisations ?? [])
        .map((organisation) => organisation.key)
        .filter((key) => everywhere(organisations, key))
        .sort(),
    })),
  };
  if (refs.themes.length === 0 || refs.projects.length === 0) {
    throw new Error('The CMS has no published themes or projects: seed it first (npm run cms:seed).');
  }
  return { refs, themes, organisations, pool };
}

const SCALARS = ['key', 'kind', 'title', 'slug', 'summary', 'body', 'audience', 'project', 'ageGroup', 'licence', 'coverAlt', 'translationStatus'] as const;

/** What one resource row holds, in a form that compares equal when the content is the same. */
function rowSignature(row: Record<string, unknown>, themes: string[], organisation: string | null, files: unknown[]): string {
  return JSON.stringify([row.locale, Boolean(row.publishedAt), ...SCALARS.map((field) => row[field] ?? null), themes, organisation, files]);
}

function expectedSignatures(resource: SyntheticResource, context: Context): string[] {
  const files = localeCodes.map((locale) => {
    const file = context.pool.get(locale)![resource.pool[locale]!]!;
    return [locale, 'pdf', file.pages, file.id];
  });
  const signatures: string[] = [];
  for (const locale of localeCodes) {
    const t = resource.translations[locale]!;
    for (const published of [false, true]) {
      const row = {
        ...t,
        locale,
        publishedAt: published,
        key: resource.key,
        kind: resource.kind,
        audience: resource.audience,
        project: resource.project,
        licence: resource.licence,
      };
      signatures.push(rowSignature(row, resource.themes, resource.organisation, files));
    }
  }
  return signatures.sort();
}

interface ExistingDocument {
  n: number | null;
  documentId: string;
  rowIds: number[];
  signatures: string[];
}

/** Every synthetic document in the CMS, with the signature of its rows. */
async function existingSynthetic(strapi: Core.Strapi): Promise<ExistingDocument[]> {
  const documents = new Map<string, ExistingDocument>();
  // In pages: populating tens of thousands of rows at once exceeds SQLite's bound-variable limit.
  for (let after = 0; ; ) {
    const rows = (await strapi.db.query(RESOURCE as never).findMany({
      where: { key: { $startsWith: SYNTHETIC_PREFIX }, id: { $gt: after } },
      select: ['id', 'documentId', 'locale', 'publishedAt', ...SCALARS],
      populate: {
        themes: { select: ['key', 'locale', 'publishedAt'] },
        organisation: { select: ['key', 'locale', 'publishedAt'] },
        files: { populate: { media: { select: ['id'] } } },
      },
      orderBy: { id: 'asc' },
      limit: 2000,
    } as never)) as unknown as Array<Record<string, any>>;
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    addRows(documents, rows);
  }
  for (const document of documents.values()) document.signatures.sort();
  return [...documents.values()];
}

function addRows(documents: Map<string, ExistingDocument>, rows: Array<Record<string, any>>): void {
  for (const row of rows) {
    const match = SYNTHETIC_KEY.exec(row.key as string);
    const document: ExistingDocument = documents.get(row.documentId) ?? {
      n: match ? Number(match[1]) : null,
      documentId: row.documentId,
      rowIds: [],
      signatures: [],
    };
    documents.set(row.documentId, document);
    document.rowIds.push(row.id);
    // A link to another locale or status of the target is not what the generator writes.
    const sameVersion = (target: Record<string, unknown>) => target.locale === row.locale && Boolean(target.publishedAt) === Boolean(row.publishedAt);
    const themes = (row.themes ?? []).map((theme: Record<string, unknown>) => (sameVersion(theme) ? theme.key : `${theme.key}@other`));
    const organisation = row.organisation ? (sameVersion(row.organisation) ? row.organisation.key : `${row.organisation.key}@other`) : null;
    const files = (row.files ?? []).map((file: Record<string, any>) => [file.language, file.format, file.pages, file.media?.id ?? null]);
    const audience = typeof row.audience === 'string' ? JSON.parse(row.audience) : row.audience;
    document.signatures.push(rowSignature({ ...row, audience }, themes, organisation, files));
  }
}

// ---------------------------------------------------------------------------------------------
// Writing through the Document Service (the reference)
// ---------------------------------------------------------------------------------------------

async function createWithDocuments(strapi: Core.Strapi, resource: SyntheticResource, context: Context): Promise<void> {
  const documents = strapi.documents(RESOURCE as never);
  const shared = {
    key: resource.key,
    kind: resource.kind,
    audience: resource.audience,
    project: resource.project,
    licence: resource.licence,
    files: localeCodes.map((locale) => {
      const file = context.pool.get(locale)![resource.pool[locale]!]!;
      return { language: locale, format: 'pdf', pages: file.pages, media: file.id };
    }),
  };
  let documentId: string | undefined;
  for (const locale of localeCodes) {
    const link = (ids: RowIds, key: string) => ({ documentId: ids.get(key)!.get(locale)!.documentId, locale });
    const data = {
      ...shared,
      ...resource.translations[locale],
      themes: { set: resource.themes.map((theme) => link(context.themes, theme)) },
      organisation: { set: resource.organisation ? [link(context.organisations, resource.organisation)] : [] },
    };
    if (!documentId) documentId = ((await documents.create({ locale, data } as never)) as { documentId: string }).documentId;
    else await documents.update({ documentId, locale, data } as never);
  }
  await documents.publish({ documentId: documentId!, locale: '*' } as never);
}

// ---------------------------------------------------------------------------------------------
// Writing in bulk (the same rows, in batches)
// ---------------------------------------------------------------------------------------------

/** The tables and columns the bulk writer uses, read from Strapi's metadata and checked. */
function bulkTables(strapi: Core.Strapi) {
  const meta = strapi.db.metadata.get(RESOURCE) as any;
  const fileMeta = strapi.db.metadata.get('resource.file') as any;
  const morph = (strapi.db.metadata.get('plugin::upload.file') as any).attributes.related.joinTable;
  const tables = {
    resources: meta.tableName as string,
    cmps: meta.attributes.files.joinTable.name as string,
    files: fileMeta.tableName as string,
    morph: morph.name as string,
    themes: meta.attributes.themes.joinTable.name as string,
    organisation: meta.attributes.organisation.joinTable.name as string,
    // Strapi's date of first publication, where it is switched on (cms/config/features.ts).
    firstPublished: meta.attributes.firstPublishedAt ? ((meta.attributes.firstPublishedAt.columnName ?? 'first_published_at') as string) : undefined,
  };
  const expected = [
    [meta.attributes.files.joinTable.joinColumn.name, 'entity_id'],
    [meta.attributes.files.joinTable.inverseJoinColumn.name, 'cmp_id'],
    [meta.attributes.files.joinTable.orderColumnName, 'order'],
    [morph.joinColumn?.name, 'file_id'],
    [morph.morphColumn?.idColumn?.name, 'related_id'],
    [morph.morphColumn?.typeColumn?.name, 'related_type'],
    [fileMeta.attributes.media.morphBy, 'related'],
    [meta.attributes.themes.joinTable.joinColumn.name, 'resource_id'],
    [meta.attributes.themes.joinTable.inverseJoinColumn.name, 'theme_id'],
    [meta.attributes.themes.joinTable.orderColumnName, 'theme_ord'],
    [meta.attributes.organisation.joinTable.joinColumn.name, 'resource_id'],
    [meta.attributes.organisation.joinTable.inverseJoinColumn.name, 'organisation_id'],
    [meta.attributes.organisation.joinTable.orderColumnName ?? null, null],
  ];
  for (const [actual, wanted] of expected) {
    if (actual !== wanted)
      throw new Error(
        `The resource model changed (${String(actual)} instead of ${String(wanted)}): update the bulk writer of scripts/tools/corpus.ts, or use --engine documents.`,
      );
  }
  return tables;
}

/**
 * Inserts rows in multi-row `insert … values (…), (…)` statements of at most `size` rows (the query
 * builder turns a multi-row insert on SQLite into a `union all` select, limited to 500 terms and
 * without `returning`); returns the new ids in order when asked.
 */
async function insertMany(trx: Knex.Transaction, table: string, rows: Record<string, unknown>[], size: number, returning: boolean): Promise<number[]> {
  const ids: number[] = [];
  if (rows.length === 0) return ids;
  const columns = Object.keys(rows[0]!);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += size) {
    const chunk = rows.slice(start, start + size);
    const bindings: unknown[] = [table, ...columns];
    for (const row of chunk) for (const column of columns) bindings.push(row[column] ?? null);
    const sql = `insert into ?? (${columns.map(() => '??').join(', ')}) values ${chunk.map(() => tuple).join(', ')}${returning ? ' returning ??' : ''}`;
    if (returning) bindings.push('id');
    const result = (await trx.raw(sql, bindings as Knex.RawBinding[])) as unknown;
    if (!returning) continue;
    // better-sqlite3 answers an array of rows, pg an object with `rows`.
    const returned = (Array.isArray(result) ? result : (result as { rows: Array<{ id: number }> }).rows) as Array<{ id: number | string }>;
    for (const row of returned) ids.push(Number(row.id));
  }
  if (returning && ids.length !== rows.length) throw new Error(`insert into ${table} returned ${ids.length} ids for ${rows.length} rows`);
  return ids;
}

async function createInBulk(trx: Knex.Transaction, tables: ReturnType<typeof bulkTables>, resources: SyntheticResource[], context: Context): Promise<void> {
  const { createId } = createRequire(createRequire(import.meta.url).resolve('@strapi/core'))('@paralleldrive/cuid2') as { createId(): string };
  const now = new Date();
  // The Document Service writes the draft of each locale (create, then update), then publishes all
  // locales at once in the order it lists them: the published rows follow, locales sorted.
  const publishOrder = [...localeCodes].sort();
  const rows: Array<{ resource: SyntheticResource; locale: string; published: boolean; row: Record<string, unknown> }> = [];
  for (const resource of resources) {
    const documentId = createId();
    for (const [locale, published] of [...localeCodes.map((code) => [code, false] as const), ...publishOrder.map((code) => [code, true] as const)]) {
      const t = resource.translations[locale]!;
      rows.push({
        resource,
        locale,
        published,
        row: {
          document_id: documentId,
          key: resource.key,
          kind: resource.kind,
          title: t.title,
          slug: t.slug,
          summary: t.summary,
          body: t.body,
          audience: JSON.stringify(resource.audience),
          project: resource.project,
          age_group: null,
          licence: resource.licence,
          cover_alt: null,
          translation_status: t.translationStatus,
          created_at: now,
          updated_at: now,
          published_at: published ? now : null,
          // Strapi stamps both rows of a locale at its first publish.
          ...(tables.firstPublished ? { [tables.firstPublished]: now } : {}),
          created_by_id: null,
          updated_by_id: null,
          locale,
        },
      });
    }
  }
  const resourceIds = await insertMany(
    trx,
    tables.resources,
    rows.map((entry) => entry.row),
    400,
    true,
  );

  const fileRows: Record<string, unknown>[] = [];
  const owners: Array<{ entity: number; order: number; media: number }> = [];
  const themeLinks: Record<string, unknown>[] = [];
  const organisationLinks: Record<string, unknown>[] = [];
  rows.forEach((entry, index) => {
    const entity = resourceIds[index]!;
    const status = entry.published ? 'published' : 'draft';
    localeCodes.forEach((language, order) => {
      const file = context.pool.get(language)![entry.resource.pool[language]!]!;
      fileRows.push({ language, format: 'pdf', pages: file.pages });
      owners.push({ entity, order: order + 1, media: file.id });
    });
    entry.resource.themes.forEach((theme, order) => {
      themeLinks.push({ resource_id: entity, theme_id: context.themes.get(theme)!.get(entry.locale)![status]!, theme_ord: order + 1 });
    });
    if (entry.resource.organisation) {
      organisationLinks.push({ resource_id: entity, organisation_id: context.organisations.get(entry.resource.organisation)!.get(entry.locale)![status]! });
    }
  });
  const componentIds = await insertMany(trx, tables.files, fileRows, 2000, true);
  await insertMany(
    trx,
    tables.cmps,
    owners.map((owner, index) => ({
      entity_id: owner.entity,
      cmp_id: componentIds[index],
      component_type: 'resource.file',
      field: 'files',
      order: owner.order,
    })),
    1000,
    false,
  );
  await insertMany(
    trx,
    tables.morph,
    owners.map((owner, index) => ({ file_id: owner.media, related_id: componentIds[index], related_type: 'resource.file', field: 'media', order: 1 })),
    1000,
    false,
  );
  await insertMany(trx, tables.themes, themeLinks, 2000, false);
  await insertMany(trx, tables.organisation, organisationLinks, 2000, false);
}

/**
 * Removes resource rows as the Document Service's delete does: their components and the media
 * links of those, every link-table row that starts or ends at them, then the rows.
 */
async function deleteInBulk(strapi: Core.Strapi, trx: Knex.Transaction, ids: number[]): Promise<void> {
  const meta = strapi.db.metadata.get(RESOURCE) as any;
  const links: Array<{ table: string; column: string }> = [];
  for (const [uid, model] of strapi.db.metadata as unknown as Map<string, any>) {
    for (const attribute of Object.values(model.attributes) as any[]) {
      if (attribute.type !== 'relation' || !attribute.joinTable || attribute.joinTable.morphColumn) continue;
      if (uid === RESOURCE) links.push({ table: attribute.joinTable.name, column: attribute.joinTable.joinColumn.name });
      if (attribute.target === RESOURCE) links.push({ table: attribute.joinTable.name, column: attribute.joinTable.inverseJoinColumn.name });
    }
  }
  const cmps = meta.attributes.files.joinTable.name as string;
  const fileMeta = strapi.db.metadata.get('resource.file') as any;
  const morph = (strapi.db.metadata.get('plugin::upload.file') as any).attributes.related.joinTable.name as string;
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    const components = (await trx(cmps).whereIn('entity_id', chunk).andWhere('component_type', 'resource.file').select('cmp_id')).map(
      (row: { cmp_id: number }) => row.cmp_id,
    );
    for (let at = 0; at < components.length; at += 500) {
      const some = components.slice(at, at + 500);
      await trx(morph).whereIn('related_id', some).andWhere('related_type', 'resource.file').delete();
      await trx(fileMeta.tableName).whereIn('id', some).delete();
    }
    await trx(cmps).whereIn('entity_id', chunk).delete();
    await trx(morph).whereIn('related_id', chunk).andWhere('related_type', RESOURCE).delete();
    for (const link of links) await trx(link.table).whereIn(link.column, chunk).delete();
    await trx(meta.tableName).whereIn('id', chunk).delete();
  }
}

// ---------------------------------------------------------------------------------------------
// The job
// ---------------------------------------------------------------------------------------------

export type CorpusEngine = 'bulk' | 'documents';

export interface CorpusOutcome {
  /** Synthetic resources in the CMS afterwards, each in every locale. */
  resources: number;
  locales: number;
  created: number;
  /** Existing synthetic resources whose content differed: removed and created again. */
  replaced: number;
  unchanged: number;
  /** Synthetic resources beyond the requested number, removed. */
  removed: number;
  poolFiles: number;
  poolUploaded: number;
  engine: CorpusEngine;
  /** The database writes alone (removals and creations, in one transaction). */
  writeSeconds: number;
  /** Everything, from loading Strapi to stopping it. */
  seconds: number;
}

/** Runs the generator against a loaded Strapi. */
export async function writeCorpus(
  strapi: Core.Strapi,
  { resources, engine = 'bulk' }: { resources: number; engine?: CorpusEngine },
): Promise<Omit<CorpusOutcome, 'seconds'>> {
  if (!Number.isInteger(resources) || resources < 0 || resources > 999_999)
    throw new Error(`--resources must be a whole number from 0 to 999999, not ${resources}`);
  const { files: pool, uploaded } = await ensurePool(strapi);
  const context = await loadContext(strapi, pool);
  const existing = await existingSynthetic(strapi);

  const kept = new Set<number>();
  const stale: ExistingDocument[] = [];
  let replaced = 0;
  let removed = 0;
  for (const document of existing) {
    const n = document.n;
    const wanted = n !== null && n >= 1 && n <= resources && !kept.has(n);
    if (wanted && JSON.stringify(document.signatures) === JSON.stringify(expectedSignatures(composeResource(n, context.refs), context))) {
      kept.add(n);
      continue;
    }
    stale.push(document);
    if (wanted) replaced++;
    else removed++;
  }
  const toCreate: SyntheticResource[] = [];
  for (let n = 1; n <= resources; n++) if (!kept.has(n)) toCreate.push(composeResource(n, context.refs));

  const writeStarted = performance.now();
  if (engine === 'documents') {
    await strapi.db.transaction(async () => {
      for (const document of stale) await strapi.documents(RESOURCE as never).delete({ documentId: document.documentId, locale: '*' } as never);
      for (const resource of toCreate) await createWithDocuments(strapi, resource, context);
    });
  } else {
    const tables = bulkTables(strapi);
    await strapi.db.connection.transaction(async (trx) => {
      await deleteInBulk(
        strapi,
        trx,
        stale.flatMap((document) => document.rowIds),
      );
      for (let start = 0; start < toCreate.length; start += 250) await createInBulk(trx, tables, toCreate.slice(start, start + 250), context);
    });
  }
  return {
    resources,
    locales: localeCodes.length,
    created: toCreate.length - replaced,
    replaced,
    unchanged: kept.size,
    removed,
    poolFiles: [...pool.values()].reduce((sum, list) => sum + list.length, 0),
    poolUploaded: uploaded,
    engine,
    writeSeconds: (performance.now() - writeStarted) / 1000,
  };
}

/**
 * Waits until no database query is in flight. Strapi starts background work while it loads (jobs,
 * notices); destroying it mid-query makes PostgreSQL's pool reject that query as "aborted".
 */
async function drainConnectionPool(strapi: Core.Strapi, timeoutMs = 10_000): Promise<void> {
  const pool = (strapi.db.connection.client as { pool?: { numUsed(): number; numPendingAcquires(): number } }).pool;
  const deadline = Date.now() + timeoutMs;
  while (pool && (pool.numUsed() > 0 || pool.numPendingAcquires() > 0) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Loads Strapi in this process on the database the environment names (webhooks off), makes the
 * CMS hold exactly `resources` synthetic resources, and stops Strapi again. On SQLite the CMS
 * server must not be running at the same time.
 */
export async function generateCorpus({
  resources,
  env = process.env,
  engine = 'bulk',
}: {
  resources: number;
  env?: NodeJS.ProcessEnv;
  engine?: CorpusEngine;
}): Promise<CorpusOutcome> {
  const started = performance.now();
  Object.assign(process.env, { PRAXIS_CMS_LOG_LEVEL: 'warn' }, portalEnv(env), { PRAXIS_WEBHOOKS: 'off' });
  const cwd = process.cwd();
  process.chdir(cmsDir);
  let strapi: Core.Strapi | undefined;
  try {
    // Strapi's ES module build does not load under Node's own ESM resolver; its CommonJS build does.
    const { createStrapi } = createRequire(import.meta.url)('@strapi/strapi') as typeof import('@strapi/strapi');
    strapi = await createStrapi({ appDir: cmsDir, distDir: join(cmsDir, 'dist') }).load();
    const outcome = await writeCorpus(strapi, { resources, engine });
    await drainConnectionPool(strapi);
    await strapi.destroy();
    strapi = undefined;
    return { ...outcome, seconds: (performance.now() - started) / 1000 };
  } finally {
    if (strapi) {
      await drainConnectionPool(strapi);
      await strapi.destroy();
    }
    process.chdir(cwd);
  }
}

/** The one line the program prints at the end. */
export function summaryLine(outcome: CorpusOutcome): string {
  const written = outcome.created + outcome.replaced;
  const rate = written > 0 ? `, writes ${outcome.writeSeconds.toFixed(1)} s = ${(written / outcome.writeSeconds).toFixed(0)} resources/s` : '';
  return (
    `Synthetic corpus: ${outcome.resources} resources × ${outcome.locales} locales (${outcome.created} created, ${outcome.replaced} replaced, ` +
    `${outcome.unchanged} unchanged, ${outcome.removed} removed; ${outcome.poolFiles} pool PDFs, ${outcome.poolUploaded} uploaded) ` +
    `via ${outcome.engine} in ${outcome.seconds.toFixed(1)} s${rate}.`
  );
}
