/**
 * The shape of every public type as the CMS REST API serves it. Data from the CMS is untrusted at
 * the site's edge: each entry is parsed by its schema before a page is built from it. Relations
 * arrive populated with their `key` only and become keys here, so pages look them up in their own
 * collections (in the page's language, or the default one when the target is not translated).
 */
import { z } from 'zod';
import { localeCodes } from '@praxis/contract/locales';
import { DATE_PRECISIONS, slugProblem, URL_FIELDS, urlProblem, type UrlScheme } from '@praxis/contract/content-rules';
import { AUDIENCES, FILE_FORMATS, RESOURCE_KINDS, THEMES } from '@praxis/contract/vocabulary';

const locale = z.enum(localeCodes as [string, ...string[]]);
const country = z.string().regex(/^[A-Z]{2}$/);
const month = z.string().regex(/^\d{4}-\d{2}$/);
/** A string that satisfies a rule of the content contract, which says why when it does not. */
const obeying = (problemOf: (value: string) => string | undefined) =>
  z.string().superRefine((value, context) => {
    const problem = problemOf(value);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });
/** The pattern the CMS refuses at save time too (`@praxis/contract/content-rules`), e.g. "guida-per-operatori". */
const slug = obeying(slugProblem);
/** An address limited to the schemes the CMS allows for that field (`URL_FIELDS`), e.g. https only: never `javascript:`. */
const address = (schemes: readonly UrlScheme[]) => obeying((value) => urlProblem(value, schemes));
/** Markdown or text the partner may leave empty. */
const optionalText = z
  .string()
  .nullable()
  .optional()
  .transform((value) => value ?? null);
const json = <T extends z.ZodType>(schema: T) => schema.nullable().transform((value) => value ?? []);

/** A to-one relation, populated with `fields[0]=key`: its key, or null. */
const one = z
  .object({ key: z.string() })
  .nullable()
  .optional()
  .transform((related) => related?.key ?? null);
/** A to-many relation, populated with `fields[0]=key`: its keys. */
const many = z
  .array(z.object({ key: z.string() }))
  .optional()
  .transform((related) => (related ?? []).map((item) => item.key));

/** A file uploaded to the CMS; `url` is relative to the CMS, `size` in kilobytes. */
export const mediaSchema = z.object({
  url: z.string().min(1),
  size: z.number().nonnegative(),
  mime: z.string().min(1),
  name: z.string().min(1),
  /** An image's size in pixels, which its `<img>` declares so that nothing shifts while it loads; null for other files. */
  width: z
    .number()
    .int()
    .positive()
    .nullable()
    .optional()
    .transform((value) => value ?? null),
  height: z
    .number()
    .int()
    .positive()
    .nullable()
    .optional()
    .transform((value) => value ?? null),
  /** The text the media library holds for an image, e.g. "Cover of the kit"; null when none was written. */
  alternativeText: optionalText,
});
export type Media = z.infer<typeof mediaSchema>;
/** An image of the media library, or null when none was uploaded. */
const image = mediaSchema
  .refine((file) => file.mime.startsWith('image/') && file.width !== null && file.height !== null, { message: 'not an image with its width and height' })
  .nullable()
  .optional()
  .transform((file) => file ?? null);

/**
 * One funder of a project, as the project's pages acknowledge it (`components/Funding.astro`), in
 * the language of the page: e.g. the EU emblem, "Co-funded by the European Union", the programme
 * and the disclaimer the funder asks for.
 */
export const funderSchema = z
  .object({
    /** Who funds, e.g. "European Commission – Directorate-General for Home Affairs"; null when the sources name only the programme. */
    name: optionalText,
    /** The programme or call, e.g. "Internal Security Fund"; null when not known. */
    programme: optionalText,
    /** The funding statement written beside the emblem, as the funder words it, e.g. "Co-funded by the European Union". */
    statement: optionalText,
    /** The funder's emblem, e.g. the EU flag; null when there is none to show. */
    emblem: image,
    /** The disclaimer the funder asks for, e.g. that the views are the authors' own; null when it asks for none. */
    disclaimer: optionalText,
  })
  .refine((funder) => funder.name !== null || funder.programme !== null, { message: 'a funder needs its name or its programme' });
export type Funder = z.infer<typeof funderSchema>;

/**
 * The date the thing itself has, entered by the partner: a kit's publication, a workshop's day, a
 * report's writing. `date` is a day ("2014-01-01"); `datePrecision` says how much of it is known
 * ("year": 2014). Both null when the partner gave none; read together by `ownDate` (`lib/timing.ts`).
 */
const ownDate = {
  date: z.iso.date().nullable().default(null),
  datePrecision: z.enum(DATE_PRECISIONS).nullable().default(null),
};

/** Fields every language version of every public type has. */
const base = {
  /** The CMS document shared by all language versions. */
  documentId: z.string().min(1),
  /** Stable key, the seed file's name, e.g. "connect". */
  key: z.string().min(1),
  /** Locale code of this version. */
  locale,
  /** How this language version came to be. */
  translationStatus: z.enum(['original', 'translated', 'needs-review']),
  /** Last change in the CMS. */
  updatedAt: z.coerce.date(),
  /**
   * When this version was first published: the CMS's `firstPublishedAt` where it has one (the
   * loader puts it here), its `publishedAt`, the latest publish, otherwise.
   */
  publishedAt: z.coerce.date(),
};

/** One downloadable file of a resource. */
export const resourceFileSchema = z.object({
  /** Language of the file's content: a portal locale or "en". */
  language: z.union([locale, z.literal('en')]),
  /** File format, e.g. "pdf". */
  format: z.enum(FILE_FORMATS),
  /** Number of pages, where it applies; null for videos. */
  pages: z.number().int().positive().nullable().default(null),
  media: mediaSchema,
});
export type ResourceFile = z.infer<typeof resourceFileSchema>;

/** Something to use or download: a teaching kit, guide, brochure…, with files per language. */
export const resourceSchema = z.object({
  ...base,
  kind: z.enum(RESOURCE_KINDS),
  /** Its own publication date, to its precision, e.g. 2014; null when not given. */
  ...ownDate,
  title: z.string().min(1),
  slug,
  /** One or two sentences for cards and search results. */
  summary: z.string().min(1),
  /** Markdown body; empty when the partner wrote none. */
  body: z
    .string()
    .nullable()
    .transform((body) => body ?? ''),
  /** Who it is for, e.g. ["educators"]. */
  audience: z.array(z.enum(AUDIENCES)),
  /** Theme keys, e.g. ["prevention"], from the shared Theme taxonomy. */
  themes: many.pipe(z.array(z.enum(THEMES))),
  /** Acronym of the project that produced it, e.g. "CONNECT"; null when none. */
  project: z.string().nullable().default(null),
  ageGroup: optionalText,
  licence: optionalText,
  /** The cover shown on its page and its cards, e.g. the kit's front page; null when none was uploaded. */
  cover: image,
  /** What the cover shows, for those who cannot see it; null when the cover says nothing the title does not. */
  coverAlt: optionalText,
  /** Downloadable files, in any language. */
  files: z.array(resourceFileSchema).default([]),
  organisation: one,
  /** Lineage: the resource this one adapts, the one it translates, the reports that used it. */
  adaptedFrom: one,
  translationOf: one,
  usedInReports: many,
});
export type Resource = z.infer<typeof resourceSchema>;

export const themeSchema = z.object({ ...base, name: z.string().min(1), slug, description: optionalText });

export const organisationSchema = z.object({
  ...base,
  /** Name as the organisation writes it, in its own language. */
  name: z.string().min(1),
  kind: z.enum(['ngo', 'law-enforcement', 'public-body', 'network', 'research', 'other']),
  country: country.nullable(),
  region: optionalText,
  /** The organisation's own site, https only, e.g. "https://www.example.org/"; null when none. */
  website: address(URL_FIELDS['api::organisation.organisation']!.website!).nullable(),
  /** The organisation's logo, shown beside its name; null when none was uploaded. */
  logo: image,
  description: optionalText,
});

export const projectSchema = z.object({
  ...base,
  acronym: z.string().min(1),
  name: z.string().min(1),
  slug,
  countries: json(z.array(country)),
  /** First month, e.g. "2013-11"; null when unknown. */
  startMonth: month.nullable(),
  durationMonths: z.number().int().positive().nullable(),
  phase: z.enum(['running', 'ended']).nullable(),
  /** Who funds the project, in the order the project lists them; empty when the sources name none. */
  funders: z
    .array(funderSchema)
    .nullable()
    .optional()
    .transform((funders) => funders ?? []),
  summary: optionalText,
  body: optionalText,
  organisations: many,
  lead: one,
});

export const eventSchema = z.object({
  ...base,
  kind: z.enum(['workshop', 'exchange', 'conference', 'webinar']),
  title: z.string().min(1),
  slug,
  /** Start and end as instants, for an event with a time; shown in `timeZone`, the zone of the place. Null when unknown. */
  start: z.coerce.date().nullable(),
  end: z.coerce.date().nullable(),
  /** Otherwise its date as far as it is known, e.g. November 2013; null when not given. */
  ...ownDate,
  timeZone: z.string().nullable(),
  city: optionalText,
  country: country.nullable(),
  venue: optionalText,
  /** Whether it takes place online: only then is it "Online"; without city and country its place is not given. */
  online: z
    .boolean()
    .nullable()
    .transform((value) => value ?? false),
  platform: optionalText,
  summary: optionalText,
  body: optionalText,
  outcomes: optionalText,
  project: one,
  host: one,
  themes: many,
});

export const workshopReportSchema = z.object({
  ...base,
  title: z.string().min(1),
  slug,
  /** When the report was written, to its precision, e.g. 12 March 2025; null when not given. */
  ...ownDate,
  summary: optionalText,
  body: optionalText,
  keyFindings: json(z.array(z.string())),
  attachments: z
    .array(mediaSchema)
    .nullable()
    .transform((files) => files ?? []),
  event: one,
  organisation: one,
  resources: many,
});

export const spotVideoSchema = z.object({
  ...base,
  title: z.string().min(1),
  slug,
  summary: optionalText,
  durationSeconds: z.number().int().positive().nullable(),
  /** Mux playback ID, or null when the video is an uploaded file. */
  muxPlaybackId: z.string().nullable(),
  video: mediaSchema.nullable(),
  poster: mediaSchema.nullable(),
  posterAlt: optionalText,
  transcript: optionalText,
  contentWarning: z
    .boolean()
    .nullable()
    .transform((value) => value ?? false),
  contentWarningText: optionalText,
  /** WebVTT captions, one file per language. */
  captions: z.array(z.object({ language: z.string(), file: mediaSchema })).default([]),
  campaign: one,
  project: one,
  organisation: one,
});

export const campaignSchema = z.object({
  ...base,
  title: z.string().min(1),
  slug,
  summary: optionalText,
  body: optionalText,
  audiences: json(z.array(z.enum(['civil-society', 'authorities']))),
  countries: json(z.array(country)),
  startMonth: month.nullable(),
  endMonth: month.nullable(),
  project: one,
  resources: many,
  videos: many,
});

/** A webinar as the public sees it: the join link is private and never reaches the site. */
export const webinarSchema = z.object({
  ...base,
  title: z.string().min(1),
  slug,
  summary: optionalText,
  body: optionalText,
  start: z.coerce.date(),
  end: z.coerce.date(),
  /** The organiser's IANA time zone, e.g. "Europe/Rome". */
  timeZone: z.string().min(1),
  languages: json(z.array(locale)),
  platform: optionalText,
  /** Seats; null means unlimited. */
  capacity: z.number().int().positive().nullable(),
  /** Whether people join a waiting list once the seats are taken. */
  waitingList: z
    .boolean()
    .nullable()
    .transform((value) => value ?? true),
  registrationOpens: z.coerce.date().nullable(),
  registrationCloses: z.coerce.date().nullable(),
  audience: json(z.array(z.enum(AUDIENCES))),
  accreditationBody: optionalText,
  accreditationCredits: z.coerce.number().nonnegative().nullable(),
  accreditationStatus: z.enum(['granted', 'requested', 'none']).nullable(),
  contactEmail: z.email().nullable(),
  project: one,
  organisation: one,
});

export const goodPracticeSchema = z.object({
  ...base,
  title: z.string().min(1),
  slug,
  theme: z.enum(THEMES),
  country: country.nullable(),
  summary: optionalText,
  body: optionalText,
  evidence: optionalText,
  organisation: one,
  project: one,
  resources: many,
});

export const helplineSchema = z.object({
  ...base,
  name: z.string().min(1),
  scope: z.enum(['national', 'regional']),
  country,
  region: optionalText,
  /** The number exactly as people dial it, e.g. "800 290 290". */
  number: z.string().regex(/^[0-9 +]+$/),
  available24h: z.boolean().nullable(),
  languages: json(z.array(z.string())),
  hours: optionalText,
  serves: optionalText,
  project: one,
});
