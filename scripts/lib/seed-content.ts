/**
 * The seed content in `content/`: reading it and checking every file before anything is imported,
 * so that a malformed file stops the seed with its name and field, and nothing half-imported remains.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { z } from 'zod';
import { defaultLocale, localeCodes } from '../../site/i18n/locales.ts';
import { AUDIENCES, RESOURCE_KINDS, THEMES } from '../../site/schemas/vocabulary.ts';
import { describeZodError } from '../../site/schemas/zod-message.ts';
import { root } from './paths.ts';

const slug = z
  .string()
  .max(60)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase ASCII words joined by hyphens, e.g. "teaching-kit"');

/** One language version of a seeded resource. */
const seedTranslation = z.strictObject({
  /** Title in this language, e.g. "Kit didattico CONNECT". */
  title: z.string().trim().min(3).max(200),
  /** URL segment in this language, unique per locale. */
  slug,
  /** One or two sentences shown on cards and in search results. */
  summary: z.string().trim().min(10).max(400),
  /** Markdown body of the resource page. */
  body: z.string().trim().min(1),
  /** The downloadable summary sheet, rendered to PDF at seed time (no binary is committed). */
  document: z.strictObject({
    title: z.string().trim().min(3).max(200),
    paragraphs: z.array(z.string().trim().min(1)).min(1),
  }),
});
export type SeedTranslation = z.infer<typeof seedTranslation>;

/** A seeded resource: shared attributes and its translations by locale code. */
export const seedResource = z
  .strictObject({
    kind: z.enum(RESOURCE_KINDS),
    audience: z.array(z.enum(AUDIENCES)).min(1),
    themes: z.array(z.enum(THEMES)).min(1),
    /** The acronym of the project that produced it, as the project writes it, e.g. "A.St.R.A.". */
    project: z.string().trim().min(2).max(80),
    translations: z.partialRecord(z.enum(localeCodes as [string, ...string[]]), seedTranslation),
  })
  .refine((resource) => resource.translations[defaultLocale] !== undefined, {
    message: `a translation in the default locale "${defaultLocale}" is required`,
    path: ['translations', defaultLocale],
  });
export type SeedResource = z.infer<typeof seedResource>;

export interface SeedFile {
  /** The file's path relative to the project, for messages. */
  file: string;
  /** The file name without `.json`: the resource's stable key, used in file names. */
  key: string;
  resource: SeedResource;
}

/** The error a malformed seed stops with: one line naming the file and the field. */
export class SeedError extends Error {
  override name = 'SeedError';
}

/** Reads and validates every `*.json` under `<dir>/resources`; throws a `SeedError` on the first bad file. */
export function loadSeedResources(dir: string): SeedFile[] {
  const folder = join(dir, 'resources');
  const names = readdirSync(folder).filter((name) => name.endsWith('.json')).sort();
  const seen = new Map<string, string>();
  return names.map((name) => {
    const path = join(folder, name);
    const file = relative(root, path);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new SeedError(`${file}: (file): not valid JSON: ${(error as Error).message}`);
    }
    const parsed = seedResource.safeParse(raw);
    if (!parsed.success) throw new SeedError(describeZodError(file, parsed.error));
    for (const [locale, translation] of Object.entries(parsed.data.translations)) {
      const id = `${locale}/${translation!.slug}`;
      const other = seen.get(id);
      if (other) throw new SeedError(`${file}: translations.${locale}.slug: "${translation!.slug}" is already used by ${other}`);
      seen.set(id, file);
    }
    return { file, key: basename(name, '.json'), resource: parsed.data };
  });
}
