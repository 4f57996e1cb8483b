/**
 * Imports the seed content of `content/` into the CMS through Strapi itself (its Document Service
 * and upload plugin), idempotently: an item is found by its key (or by slug and locale) and
 * updated, or created. Relations between items are written by key.
 *
 * Every seed file and relation is checked, and every generated file (PDF summary sheets, WebVTT
 * captions) rendered, before the first write; the writes then run in one database transaction,
 * so a bad file or a failed write leaves nothing half-imported.
 *
 * Usage: npm run cms:seed   (PRAXIS_CONTENT_DIR overrides `content/`)
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Core } from '@strapi/strapi';
import sharp from 'sharp';
import { getLocale, localeCodes } from '@praxis/contract/locales';
import { portalEnv } from '../pipeline/env.ts';
import { cmsDir, contentDir } from '../pipeline/paths.ts';
import { renderSummaryPdf } from './pdf.ts';
import { loadSeed, SeedError, seedFields, type SeedItem } from './seed-content.ts';
import { renderPlaceholderSpot } from './video.ts';
import { renderWebVtt } from './webvtt.ts';

/** A file the seed generated for one language version of an item. */
interface RenderedFile {
  role: 'document' | 'captions' | 'video' | 'poster' | 'emblem';
  /** The language version it belongs to; null for a file shared by all. */
  locale: string | null;
  name: string;
  path: string;
  mime: string;
  bytes: number;
  pages?: number;
  /** For a funder's emblem: the drawing it was rendered from, e.g. "european-union". */
  emblem?: string;
}

interface UploadedFile {
  id: number;
  name: string;
  url: string;
}

/**
 * Renders the files an item carries: a PDF per language for resources; for videos, WebVTT captions
 * per language and, while the partner has no footage online, a placeholder clip and its poster.
 */
async function renderFiles(item: SeedItem, scratch: string): Promise<RenderedFile[]> {
  const rendered: RenderedFile[] = [];
  for (const [locale, translation] of Object.entries(item.translations)) {
    if (item.spec.folder === 'resources') {
      const document = translation.document as { title: string; paragraphs: string[] };
      const { bytes, pages } = await renderSummaryPdf({
        title: document.title,
        paragraphs: document.paragraphs,
        lang: getLocale(locale).lang,
        footer: `${String(item.shared.project)} · Praxis`,
      });
      const name = `${item.key}-${locale}.pdf`;
      writeFileSync(join(scratch, name), bytes);
      rendered.push({ role: 'document', locale, name, path: join(scratch, name), mime: 'application/pdf', bytes: bytes.length, pages });
    }
    if (item.spec.folder === 'videos') {
      const vtt = Buffer.from(renderWebVtt(translation.captions as Array<{ start: string; end: string; text: string }>));
      const name = `${item.key}-${locale}.vtt`;
      writeFileSync(join(scratch, name), vtt);
      rendered.push({ role: 'captions', locale, name, path: join(scratch, name), mime: 'text/vtt', bytes: vtt.length });
    }
  }
  if (item.spec.folder === 'projects') {
    const emblems = new Set(
      Object.values(item.translations).flatMap((translation) => (translation.funders as Array<{ emblem: string | null }>).map((funder) => funder.emblem)),
    );
    for (const emblem of emblems) {
      if (emblem === null) continue;
      const drawing = join(contentDir, 'emblems', `${emblem}.svg`);
      if (!existsSync(drawing)) throw new SeedError(`${item.file}: funders: emblem "${emblem}" has no drawing at ${drawing}`);
      // The media library refuses SVG (it can carry scripts), so the emblem goes in as a PNG.
      const path = join(scratch, `emblem-${emblem}.png`);
      await sharp(drawing).png().toFile(path);
      rendered.push({ role: 'emblem', locale: null, emblem, name: `emblem-${emblem}.png`, path, mime: 'image/png', bytes: statSync(path).size });
    }
  }
  if (item.spec.folder === 'videos' && item.shared.muxPlaybackId === null) {
    const { video, poster } = await renderPlaceholderSpot({
      text: String(item.shared.placeholderText ?? 'Praxis'),
      seconds: Number(item.shared.durationSeconds),
      dir: scratch,
      name: item.key,
    });
    rendered.push({ role: 'video', locale: null, name: `${item.key}.webm`, path: video, mime: 'video/webm', bytes: statSync(video).size });
    rendered.push({ role: 'poster', locale: null, name: `${item.key}-poster.png`, path: poster, mime: 'image/png', bytes: statSync(poster).size });
  }
  return rendered;
}

/**
 * Reuses an uploaded file with the same name and content, or uploads it. The content's digest is
 * kept in the caption, because Strapi re-encodes images and their stored size differs from ours.
 */
async function upsertFile(strapi: Core.Strapi, file: RenderedFile, uploaded: UploadedFile[]): Promise<number> {
  const caption = `Generated by the Praxis seed (sha256 ${createHash('sha256').update(readFileSync(file.path)).digest('hex').slice(0, 16)})`;
  const existing = (await strapi.db.query('plugin::upload.file').findOne({ where: { name: file.name, caption } })) as UploadedFile | null;
  if (existing) return existing.id;
  const [created] = (await strapi
    .plugin('upload')
    .service('upload')
    .upload({
      data: { fileInfo: { name: file.name, caption } },
      files: { filepath: file.path, originalFilename: file.name, mimetype: file.mime, size: file.bytes },
    })) as UploadedFile[];
  uploaded.push(created!);
  return created!.id;
}

/** The fields that reach the CMS as they are, minus what the seed turns into files or relations. */
const RENDERED_FIELDS = new Set(['status', 'document', 'captions']);

class Importer {
  /** documentId by `<folder>/<key>`, filled as items are imported. */
  readonly documentIds = new Map<string, string>();
  /** The locales each imported item exists in. */
  readonly localesOf = new Map<string, string[]>();
  readonly uploaded: UploadedFile[] = [];
  readonly outcome = { created: 0, updated: 0 };
  /** Items with a relation to an item imported after them; imported once more at the end. */
  readonly deferred = new Set<SeedItem>();

  private readonly strapi: Core.Strapi;

  constructor(strapi: Core.Strapi) {
    this.strapi = strapi;
  }

  /** Finds an item already in the CMS: by key, else by the slug of any of its language versions. */
  private async findExisting(item: SeedItem): Promise<string | undefined> {
    const documents = this.strapi.documents(item.spec.uid as never);
    for (const locale of localeCodes) {
      const byKey = await documents.findFirst({ locale, filters: { key: item.key }, fields: ['documentId'] } as never);
      if (byKey) return (byKey as { documentId: string }).documentId;
    }
    let documentId: string | undefined;
    for (const [locale, translation] of Object.entries(item.translations)) {
      if (typeof translation.slug !== 'string') continue;
      const found = (await documents.findFirst({ locale, filters: { slug: translation.slug }, fields: ['documentId'] } as never)) as {
        documentId: string;
      } | null;
      if (!found) continue;
      if (documentId && found.documentId !== documentId) {
        throw new SeedError(`${item.file}: translations.${locale}.slug: "${translation.slug}" belongs to another item in the CMS`);
      }
      documentId = found.documentId;
    }
    return documentId;
  }

  /**
   * A relation value for the Document Service. Strapi links a language version only to the same
   * language version of the target, so a target missing in this locale is left out here; the site
   * falls back to the default locale's relation.
   */
  private relationValue(target: string, keys: string[], locale: string) {
    const inLocale = keys.filter((relatedKey) => this.localesOf.get(`${target}/${relatedKey}`)?.includes(locale));
    return { set: inLocale.map((relatedKey) => ({ documentId: this.documentIds.get(`${target}/${relatedKey}`)!, locale })) };
  }

  async import(item: SeedItem, files: RenderedFile[]): Promise<void> {
    const { strapi } = this;
    const documents = strapi.documents(item.spec.uid as never);
    let documentId = await this.findExisting(item);
    if (!this.documentIds.has(`${item.spec.folder}/${item.key}`)) this.outcome[documentId ? 'updated' : 'created']++;

    const shared: Record<string, unknown> = { key: item.key, ...seedFields(item.shared) };
    if (item.spec.folder === 'resources') {
      shared.files = [];
      for (const file of files)
        (shared.files as unknown[]).push({ language: file.locale, format: 'pdf', pages: file.pages, media: await upsertFile(strapi, file, this.uploaded) });
    }
    if (item.spec.folder === 'videos') {
      shared.captions = [];
      for (const file of files) {
        const id = await upsertFile(strapi, file, this.uploaded);
        if (file.role === 'captions') (shared.captions as unknown[]).push({ language: file.locale, file: id });
        else shared[file.role] = id;
      }
      delete shared.placeholderText;
    }

    /** The uploaded emblem of each drawing, by its name. */
    const emblems = new Map<string, number>();
    if (item.spec.folder === 'projects') for (const file of files) emblems.set(file.emblem!, await upsertFile(strapi, file, this.uploaded));

    const locales = Object.keys(item.translations).sort((a, b) => localeCodes.indexOf(a) - localeCodes.indexOf(b));
    for (const locale of locales) {
      const translation = item.translations[locale]!;
      const data: Record<string, unknown> = { ...shared, translationStatus: translation.status };
      for (const [field, value] of Object.entries(translation)) if (!RENDERED_FIELDS.has(field)) data[field] = value;
      if (item.spec.folder === 'projects') {
        data.funders = (translation.funders as Array<Record<string, unknown> & { emblem: string | null }>).map((funder) => ({
          ...funder,
          emblem: funder.emblem === null ? null : emblems.get(funder.emblem)!,
        }));
      }
      for (const [name, relation] of Object.entries(item.spec.relations)) {
        const value = item.relations[name];
        if (relation.derived || value === undefined) continue;
        const keys = Array.isArray(value) ? value : value ? [value] : [];
        // A relation to an item not imported yet (a resource adapted from a later one) is written on the second pass.
        const ready = keys.filter((relatedKey) => this.documentIds.has(`${relation.target}/${relatedKey}`));
        if (ready.length < keys.length) this.deferred.add(item);
        data[relation.field ?? name] = this.relationValue(relation.target, ready, locale);
      }
      if (!documentId) documentId = ((await documents.create({ locale, data } as never)) as { documentId: string }).documentId;
      else await documents.update({ documentId, locale, data } as never);
    }
    await documents.publish({ documentId: documentId!, locale: '*' } as never);
    this.documentIds.set(`${item.spec.folder}/${item.key}`, documentId!);
    this.localesOf.set(`${item.spec.folder}/${item.key}`, locales);
  }
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
  const items = loadSeed(contentDir);
  const scratch = mkdtempSync(join(tmpdir(), 'praxis-seed-'));
  let strapi: Core.Strapi | undefined;
  let importer: Importer | undefined;
  try {
    const rendered = new Map<SeedItem, RenderedFile[]>();
    for (const item of items) rendered.set(item, await renderFiles(item, scratch));

    process.chdir(cmsDir);
    // Strapi's ES module build does not load under Node's own ESM resolver; its CommonJS build does.
    const { createStrapi } = createRequire(import.meta.url)('@strapi/strapi') as typeof import('@strapi/strapi');
    strapi = await createStrapi({ appDir: cmsDir, distDir: join(cmsDir, 'dist') }).load();

    importer = new Importer(strapi);
    await strapi.db.transaction(async () => {
      for (const item of items) await importer!.import(item, rendered.get(item)!);
      for (const item of importer!.deferred) await importer!.import(item, rendered.get(item)!);
    });
    const { created, updated } = importer.outcome;
    const counts = [...new Set(items.map((item) => item.spec.folder))].map(
      (folder) => `${items.filter((item) => item.spec.folder === folder).length} ${folder}`,
    );
    console.log(`Seeded ${items.length} items from ${contentDir} (${created} created, ${updated} updated): ${counts.join(', ')}.`);
  } catch (error) {
    // The transaction rolled the rows back; remove the files the upload plugin already wrote.
    for (const file of importer?.uploaded ?? []) {
      await strapi
        ?.plugin('upload')
        .provider.delete(file as never)
        .catch(() => undefined);
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
  // The seed publishes many items at once; the caller rebuilds the site afterwards, so no webhooks.
  Object.assign(process.env, { PRAXIS_CMS_LOG_LEVEL: 'warn' }, portalEnv(), { PRAXIS_WEBHOOKS: 'off' });
  seed().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof SeedError ? `Seed stopped: ${error.message}` : error);
      process.exit(1);
    },
  );
}
