/**
 * The seed content in `content/<collection>/<key>.json` (format: `content/README.md`): reading it
 * and checking every file, and every relation between files, before anything is imported, so that
 * a malformed file stops the seed with its name and field, and nothing half-imported remains.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { z } from 'zod';
import { defaultLocale, localeCodes } from '@praxis/contract/locales';
import { AUDIENCES, RESOURCE_KINDS, THEMES } from '@praxis/contract/vocabulary';
import { describeZodError } from '../../site/schemas/zod-message.ts';
import { partialDateFields, SLUG, URL_FIELDS, urlProblem } from '@praxis/contract/content-rules';
import { root } from '../pipeline/paths.ts';

const slug = z.string().max(60).regex(SLUG, 'must be lowercase ASCII words joined by hyphens, e.g. "teaching-kit"');
const text = (max: number) => z.string().trim().min(1).max(max);
const markdown = z.string().trim().min(1);
const country = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code, e.g. "IT"');
const month = z.string().regex(/^\d{4}-\d{2}$/, 'must be a month, e.g. "2013-11"');
const dateTime = z.iso.datetime({ offset: true });
/**
 * The date the thing itself has, written to the precision the sources give: "2014", "2013-11",
 * "2015-03-12"; null (or left out) when they give none. Imported as the CMS's `date` and
 * `datePrecision` (`seedFields`).
 */
const partialDate = z
  .string()
  .refine(
    (value) => partialDateFields(value) !== undefined,
    'must be a date to the precision the sources give: a year "2014", a month "2013-11" or a day "2015-03-12"',
  )
  .nullable()
  .optional();
/** An address with one of the schemes the CMS allows for that field (`URL_FIELDS`). */
const address = (uid: string, field: string) =>
  z.string().superRefine((value, context) => {
    const problem = urlProblem(value, URL_FIELDS[uid]![field]!);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });
const key = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
const translationStatus = z.enum(['original', 'translated', 'needs-review']);
const locale = z.enum(localeCodes as [string, ...string[]]);

/** Localized fields every collection has besides its own. */
const base = { status: translationStatus.optional() };
const titled = { ...base, title: text(200), slug, summary: text(400).nullable().optional() };
/**
 * A project's funder in one language, as its pages acknowledge it. `emblem` names an SVG drawing in
 * `content/emblems/` (e.g. "european-union"), rasterised by the seed, since the media library takes
 * no SVG; null where no emblem can be drawn honestly.
 */
const funder = z
  .strictObject({
    name: text(300).nullable(),
    programme: text(300).nullable(),
    statement: text(200).nullable(),
    emblem: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
      .nullable(),
    disclaimer: text(1000).nullable(),
  })
  .refine((value) => value.name !== null || value.programme !== null, { message: 'a funder needs its name or its programme' });

/** A relation to other seed items, by key. */
export interface RelationSpec {
  /** The collection folder the keys point into. */
  target: string;
  many: boolean;
  /** The field on the CMS side, when it differs from the seed's name. */
  field?: string;
  /** Checked for existence but not written: the CMS derives it from the other side. */
  derived?: boolean;
}

export interface CollectionSpec {
  folder: string;
  uid: string;
  /** The collection's REST path, e.g. "good-practices" for `/api/good-practices`. */
  rest: string;
  shared: z.ZodObject;
  translation: z.ZodObject;
  relations: Record<string, RelationSpec>;
}

const rel = (target: string, many = false, extra: Partial<RelationSpec> = {}): RelationSpec => ({ target, many, ...extra });

/** Every seeded collection, in the order they are imported (targets before the items that point to them). */
export const COLLECTIONS: CollectionSpec[] = [
  {
    folder: 'themes',
    uid: 'api::theme.theme',
    rest: 'themes',
    shared: z.strictObject({}),
    translation: z.strictObject({ ...base, name: text(200), slug, description: text(400).nullable() }),
    relations: {},
  },
  {
    folder: 'organisations',
    uid: 'api::organisation.organisation',
    rest: 'organisations',
    shared: z.strictObject({
      name: text(200),
      kind: z.enum(['ngo', 'law-enforcement', 'public-body', 'network', 'research', 'other']),
      country: country.nullable(),
      region: text(120).nullable(),
      website: address('api::organisation.organisation', 'website').nullable(),
    }),
    translation: z.strictObject({ ...base, description: text(400).nullable() }),
    relations: {},
  },
  {
    folder: 'projects',
    uid: 'api::project.project',
    rest: 'projects',
    shared: z.strictObject({
      acronym: text(40),
      countries: z.array(country),
      startMonth: month.nullable(),
      durationMonths: z.number().int().positive().nullable(),
      phase: z.enum(['running', 'ended']).nullable(),
    }),
    translation: z.strictObject({ ...base, name: text(200), slug, funders: z.array(funder).default([]), summary: text(400), body: markdown }),
    relations: { organisations: rel('organisations', true), lead: rel('organisations') },
  },
  {
    folder: 'resources',
    uid: 'api::resource.resource',
    rest: 'resources',
    shared: z.strictObject({
      kind: z.enum(RESOURCE_KINDS),
      audience: z.array(z.enum(AUDIENCES)).min(1),
      ageGroup: text(60).nullable().optional(),
      licence: text(120).nullable().optional(),
      /** The acronym of the project that produced it, as the project writes it, e.g. "A.St.R.A.". */
      project: text(80),
      /** When it was published, e.g. "2014". */
      date: partialDate,
    }),
    translation: z.strictObject({
      ...titled,
      summary: text(400),
      body: markdown,
      /** The downloadable summary sheet, rendered to PDF at seed time (no binary is committed). */
      document: z.strictObject({ title: text(200), paragraphs: z.array(z.string().trim().min(1)).min(1) }),
    }),
    relations: {
      themes: rel('themes', true),
      organisation: rel('organisations'),
      adaptedFrom: rel('resources'),
      translationOf: rel('resources'),
    },
  },
  {
    folder: 'events',
    uid: 'api::event.event',
    rest: 'events',
    shared: z.strictObject({
      kind: z.enum(['workshop', 'exchange', 'conference', 'webinar']),
      start: dateTime.nullable(),
      end: dateTime.nullable(),
      /** When it has no exact start: its date as far as the sources give it, e.g. "2013-11". */
      date: partialDate,
      timeZone: text(64).nullable(),
      city: text(120).nullable(),
      country: country.nullable(),
      venue: text(200).nullable(),
      online: z.boolean(),
      platform: text(120).nullable(),
    }),
    translation: z.strictObject({ ...titled, body: markdown, outcomes: markdown.nullable() }),
    relations: { project: rel('projects'), host: rel('organisations'), themes: rel('themes', true) },
  },
  {
    folder: 'reports',
    uid: 'api::workshop-report.workshop-report',
    rest: 'workshop-reports',
    /** When the report was written, e.g. "2025-03-12". */
    shared: z.strictObject({ date: partialDate }),
    translation: z.strictObject({ ...titled, body: markdown, keyFindings: z.array(text(400)) }),
    relations: { event: rel('events'), organisation: rel('organisations'), resources: rel('resources', true) },
  },
  {
    folder: 'campaigns',
    uid: 'api::campaign.campaign',
    rest: 'campaigns',
    shared: z.strictObject({
      audiences: z.array(z.enum(['civil-society', 'authorities'])),
      countries: z.array(country),
      startMonth: month.nullable(),
      endMonth: month.nullable(),
    }),
    translation: z.strictObject({ ...titled, body: markdown }),
    relations: { project: rel('projects'), resources: rel('resources', true), videos: rel('videos', true, { derived: true }) },
  },
  {
    folder: 'videos',
    uid: 'api::spot-video.spot-video',
    rest: 'spot-videos',
    shared: z.strictObject({
      durationSeconds: z.number().int().positive(),
      muxPlaybackId: z
        .string()
        .regex(/^[A-Za-z0-9]+$/)
        .nullable(),
      /** Without a Mux playback ID, the seed renders a placeholder clip showing this text. */
      placeholderText: text(40).optional(),
      contentWarning: z.boolean(),
    }),
    translation: z.strictObject({
      ...titled,
      posterAlt: text(300),
      transcript: markdown,
      /** Rendered to a WebVTT file per language at seed time. */
      captions: z
        .array(z.strictObject({ start: z.string().regex(/^\d{2}:\d{2}:\d{2}\.\d{3}$/), end: z.string().regex(/^\d{2}:\d{2}:\d{2}\.\d{3}$/), text: text(200) }))
        .min(1),
      contentWarningText: text(400).nullable(),
    }),
    relations: { campaign: rel('campaigns'), project: rel('projects'), organisation: rel('organisations') },
  },
  {
    folder: 'webinars',
    uid: 'api::webinar.webinar',
    rest: 'webinars',
    shared: z.strictObject({
      start: dateTime,
      end: dateTime,
      timeZone: text(64),
      languages: z.array(locale),
      platform: text(120).nullable(),
      joinLink: address('api::webinar.webinar', 'joinLink').nullable(),
      capacity: z.number().int().positive().nullable(),
      waitingList: z.boolean().optional(),
      registrationOpens: dateTime.nullable(),
      registrationCloses: dateTime.nullable(),
      retainRegistrationsUntil: dateTime.nullable().optional(),
      audience: z.array(z.enum(AUDIENCES)),
      accreditationBody: text(200).nullable(),
      accreditationCredits: z.number().nonnegative().nullable(),
      accreditationStatus: z.enum(['granted', 'requested', 'none']),
      contactEmail: z.email().nullable(),
    }),
    translation: z.strictObject({ ...titled, body: markdown }),
    relations: { project: rel('projects'), organisation: rel('organisations') },
  },
  {
    folder: 'good-practices',
    uid: 'api::good-practice.good-practice',
    rest: 'good-practices',
    shared: z.strictObject({ theme: z.enum(THEMES), country: country.nullable() }),
    translation: z.strictObject({ ...titled, body: markdown, evidence: markdown.nullable() }),
    relations: { organisation: rel('organisations'), project: rel('projects'), resources: rel('resources', true) },
  },
  {
    folder: 'helplines',
    uid: 'api::helpline.helpline',
    rest: 'helplines',
    shared: z.strictObject({
      scope: z.enum(['national', 'regional']),
      country,
      region: text(120).nullable(),
      number: z.string().regex(/^[0-9 +]+$/),
      available24h: z.boolean().nullable(),
      languages: z.array(z.string()),
    }),
    translation: z.strictObject({ ...base, name: text(200), hours: text(200).nullable(), serves: text(400).nullable() }),
    relations: { project: rel('projects') },
  },
];

/**
 * The shared fields of an item as the CMS takes them: a date written to its precision ("2013-11")
 * becomes the CMS's `date` ("2013-11-01") and `datePrecision` ("month").
 */
export function seedFields(shared: Record<string, unknown>): Record<string, unknown> {
  if (!('date' in shared)) return shared;
  const { date, ...rest } = shared;
  const fields = typeof date === 'string' ? partialDateFields(date) : undefined;
  return { ...rest, date: fields?.date ?? null, datePrecision: fields?.datePrecision ?? null };
}

export interface SeedItem {
  spec: CollectionSpec;
  /** The file's path relative to the project, for messages. */
  file: string;
  /** The file name without `.json`: the item's stable key in the CMS. */
  key: string;
  shared: Record<string, unknown>;
  /** Relation keys by seed field name. */
  relations: Record<string, string | string[] | null>;
  translations: Record<string, Record<string, unknown> & { status: z.infer<typeof translationStatus> }>;
}

/** The error a malformed seed stops with: one line naming the file and the field. */
export class SeedError extends Error {
  override name = 'SeedError';
}

function itemSchema(spec: CollectionSpec) {
  const relationFields = Object.fromEntries(
    Object.entries(spec.relations).map(([name, relation]) => [name, relation.many ? z.array(key).optional() : key.nullable().optional()]),
  );
  return (
    spec.shared
      .extend(relationFields)
      .extend({ translations: z.partialRecord(locale, spec.translation) })
      // The relation fields are named at run time, so zod types every field as one of theirs.
      .refine((item) => (item.translations as unknown as Record<string, unknown>)[defaultLocale] !== undefined, {
        message: `a translation in the default locale "${defaultLocale}" is required`,
        path: ['translations', defaultLocale],
      })
  );
}

function readItem(spec: CollectionSpec, path: string): SeedItem {
  const file = relative(root, path);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SeedError(`${file}: (file): not valid JSON: ${(error as Error).message}`);
  }
  const parsed = itemSchema(spec).safeParse(raw);
  if (!parsed.success) throw new SeedError(describeZodError(file, parsed.error));
  const { translations, ...rest } = parsed.data as Record<string, unknown> & { translations: Record<string, Record<string, unknown>> };
  const relations: SeedItem['relations'] = {};
  const shared: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(rest)) {
    if (name in spec.relations) relations[name] = (value as string | string[] | null | undefined) ?? null;
    else shared[name] = value;
  }
  const withStatus = Object.fromEntries(
    Object.entries(translations).map(([code, translation]) => [
      code,
      { ...translation, status: translation.status ?? (code === defaultLocale ? 'original' : 'translated') },
    ]),
  ) as SeedItem['translations'];
  return { spec, file, key: basename(path, '.json'), shared, relations, translations: withStatus };
}

/**
 * Reads and validates every collection folder under `dir` that exists; throws a `SeedError` on the
 * first bad file, duplicate slug or relation to a key that no file defines.
 */
export function loadSeed(dir: string): SeedItem[] {
  const items: SeedItem[] = [];
  for (const spec of COLLECTIONS) {
    const folder = join(dir, spec.folder);
    if (!existsSync(folder)) continue;
    const seen = new Map<string, string>();
    for (const name of readdirSync(folder)
      .filter((entry) => entry.endsWith('.json'))
      .sort()) {
      const item = readItem(spec, join(folder, name));
      for (const [code, translation] of Object.entries(item.translations)) {
        if (typeof translation.slug !== 'string') continue;
        const id = `${code}/${translation.slug}`;
        const other = seen.get(id);
        if (other) throw new SeedError(`${item.file}: translations.${code}.slug: "${translation.slug}" is already used by ${other}`);
        seen.set(id, item.file);
      }
      items.push(item);
    }
  }
  const keys = new Set(items.map((item) => `${item.spec.folder}/${item.key}`));
  for (const item of items) {
    for (const [name, value] of Object.entries(item.relations)) {
      const target = item.spec.relations[name]!.target;
      for (const [index, relatedKey] of (Array.isArray(value) ? value : value ? [value] : []).entries()) {
        if (!keys.has(`${target}/${relatedKey}`)) {
          const field = Array.isArray(value) ? `${name}.${index}` : name;
          throw new SeedError(`${item.file}: ${field}: no ${target} item has the key "${relatedKey}" (content/${target}/${relatedKey}.json)`);
        }
      }
    }
  }
  return items;
}
