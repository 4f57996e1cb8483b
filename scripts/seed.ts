/**
 * Imports the seed content of `content/` into the CMS through Strapi itself (its Document Service
 * and upload plugin), idempotently: a resource is found by slug and locale and updated, or created.
 *
 * Every seed file is read and checked, and every PDF rendered, before the first write; the writes
 * then run in one database transaction, so a bad file or a failed write leaves nothing half-imported.
 *
 * Usage: node scripts/seed.ts   (environment as for the CMS; PRAXIS_CONTENT_DIR overrides `content/`)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Core } from '@strapi/strapi';
import { getLocale, localeCodes } from '../site/i18n/locales.ts';
import { portalEnv } from './lib/env.ts';
import { cmsDir, contentDir } from './lib/paths.ts';
import { renderSummaryPdf } from './lib/pdf.ts';
import { loadSeedResources, SeedError, type SeedFile } from './lib/seed-content.ts';

const RESOURCE = 'api::resource.resource';

interface RenderedFile {
  locale: string;
  name: string;
  path: string;
  bytes: number;
  pages: number;
}

interface UploadedFile {
  id: number;
  name: string;
  size: number;
  url: string;
}

/** Strapi stores sizes in kilobytes with two decimals. */
function kilobytes(bytes: number): number {
  return Math.round((bytes / 1000) * 100) / 100;
}

async function renderFiles(seed: SeedFile, scratch: string): Promise<RenderedFile[]> {
  const rendered: RenderedFile[] = [];
  for (const [locale, translation] of Object.entries(seed.resource.translations)) {
    const { bytes, pages } = await renderSummaryPdf({
      title: translation!.document.title,
      paragraphs: translation!.document.paragraphs,
      lang: getLocale(locale).lang,
      footer: `${seed.resource.project} · Praxis`,
    });
    const name = `${seed.key}-${locale}.pdf`;
    const path = join(scratch, name);
    writeFileSync(path, bytes);
    rendered.push({ locale, name, path, bytes: bytes.length, pages });
  }
  return rendered;
}

/** Reuses an uploaded file with the same name and size, or uploads it. */
async function upsertFile(strapi: Core.Strapi, file: RenderedFile, uploaded: UploadedFile[]): Promise<number> {
  const existing = (await strapi.db.query('plugin::upload.file').findOne({ where: { name: file.name, size: kilobytes(file.bytes) } })) as UploadedFile | null;
  if (existing) return existing.id;
  const [created] = (await strapi
    .plugin('upload')
    .service('upload')
    .upload({
      data: { fileInfo: { name: file.name } },
      files: { filepath: file.path, originalFilename: file.name, mimetype: 'application/pdf', size: file.bytes },
    })) as UploadedFile[];
  uploaded.push(created!);
  return created!.id;
}

async function upsertResource(strapi: Core.Strapi, seed: SeedFile, files: RenderedFile[], uploaded: UploadedFile[]): Promise<'created' | 'updated'> {
  const documents = strapi.documents(RESOURCE);
  const translations = Object.entries(seed.resource.translations).sort(([a], [b]) => localeCodes.indexOf(a) - localeCodes.indexOf(b));

  let documentId: string | undefined;
  for (const [locale, translation] of translations) {
    const found = await documents.findFirst({ locale, filters: { slug: translation!.slug }, fields: ['documentId'] });
    if (!found) continue;
    if (documentId && found.documentId !== documentId) {
      throw new SeedError(`${seed.file}: translations.${locale}.slug: "${translation!.slug}" belongs to another resource in the CMS`);
    }
    documentId = found.documentId;
  }
  const status = documentId ? 'updated' : 'created';

  const shared = {
    kind: seed.resource.kind,
    audience: seed.resource.audience,
    themes: seed.resource.themes,
    project: seed.resource.project,
    files: [] as Array<{ language: string; format: 'pdf'; pages: number; media: number }>,
  };
  for (const file of files) {
    shared.files.push({ language: file.locale, format: 'pdf', pages: file.pages, media: await upsertFile(strapi, file, uploaded) });
  }

  for (const [locale, translation] of translations) {
    const data = { ...shared, title: translation!.title, slug: translation!.slug, summary: translation!.summary, body: translation!.body };
    if (!documentId) {
      documentId = (await documents.create({ locale, data } as never)).documentId;
    } else {
      await documents.update({ documentId, locale, data } as never);
    }
  }
  await documents.publish({ documentId: documentId!, locale: '*' });
  return status;
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

export async function seed(): Promise<void> {
  const dir = contentDir;
  const seeds = loadSeedResources(dir);
  const scratch = mkdtempSync(join(tmpdir(), 'praxis-seed-'));
  const uploaded: UploadedFile[] = [];
  let strapi: Core.Strapi | undefined;
  try {
    const rendered = new Map<SeedFile, RenderedFile[]>();
    for (const seedFile of seeds) rendered.set(seedFile, await renderFiles(seedFile, scratch));

    process.chdir(cmsDir);
    // Strapi's ES module build does not load under Node's own ESM resolver; its CommonJS build does.
    const { createStrapi } = createRequire(import.meta.url)('@strapi/strapi') as typeof import('@strapi/strapi');
    strapi = await createStrapi({ appDir: cmsDir, distDir: join(cmsDir, 'dist') }).load();

    const outcome = { created: 0, updated: 0 };
    await strapi.db.transaction(async () => {
      for (const seedFile of seeds) outcome[await upsertResource(strapi!, seedFile, rendered.get(seedFile)!, uploaded)]++;
    });
    console.log(`Seeded ${seeds.length} resources from ${dir} (${outcome.created} created, ${outcome.updated} updated).`);
  } catch (error) {
    // The transaction rolled the rows back; remove the files the upload plugin already wrote.
    for (const file of uploaded) {
      await strapi?.plugin('upload').provider.delete(file as never).catch(() => undefined);
    }
    throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    if (strapi) {
      await drainConnectionPool(strapi);
      await strapi.destroy();
    }
  }
}

if (import.meta.main) {
  Object.assign(process.env, { PRAXIS_CMS_LOG_LEVEL: 'warn' }, portalEnv());
  seed().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof SeedError ? `Seed stopped: ${error.message}` : error);
      process.exit(1);
    },
  );
}
