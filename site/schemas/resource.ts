/**
 * The shape of a resource as the CMS REST API serves it. Data from the CMS is untrusted at the
 * site's edge: every entry is parsed by this schema before a page is built from it.
 */
import { z } from 'zod';
import { localeCodes } from '../i18n/locales.ts';
import { AUDIENCES, FILE_FORMATS, RESOURCE_KINDS, THEMES } from './vocabulary.ts';

const locale = z.enum(localeCodes as [string, ...string[]]);

/** One downloadable file of a resource. */
export const resourceFileSchema = z.object({
  /** Language of the file's content: a portal locale or "en". */
  language: z.union([locale, z.literal('en')]),
  /** File format, e.g. "pdf". */
  format: z.enum(FILE_FORMATS),
  /** Number of pages, where it applies; null for videos. */
  pages: z.number().int().positive().nullable().default(null),
  /** The uploaded file; `url` is relative to the CMS, `size` in kilobytes. */
  media: z.object({
    url: z.string().min(1),
    size: z.number().nonnegative(),
    mime: z.string().min(1),
    name: z.string().min(1),
  }),
});
export type ResourceFile = z.infer<typeof resourceFileSchema>;

/** One language version of a resource. */
export const resourceSchema = z.object({
  /** The CMS document shared by all language versions of the resource. */
  documentId: z.string().min(1),
  /** Stable key, the seed file's name, e.g. "connect-teaching-kit". */
  key: z.string().min(1),
  /** Locale code of this version, e.g. "lt". */
  locale,
  /** What the resource is, e.g. "teaching-kit". */
  kind: z.enum(RESOURCE_KINDS),
  /** Title in this language. */
  title: z.string().min(1),
  /** URL segment in this language, e.g. "kit-didattico-connect". */
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase ASCII words joined by hyphens'),
  /** One or two sentences for cards and search results. */
  summary: z.string().min(1),
  /** Markdown body; empty when the partner wrote none. */
  body: z.string().nullable().transform((body) => body ?? ''),
  /** Who it is for, e.g. ["educators"]. */
  audience: z.array(z.enum(AUDIENCES)),
  /** Theme keys, e.g. ["prevention"]; the CMS relates resources to the shared Theme taxonomy. */
  themes: z.array(z.object({ key: z.enum(THEMES) })).transform((themes) => themes.map((theme) => theme.key)),
  /** How this language version came to be: "original", "translated" or "needs-review". */
  translationStatus: z.enum(['original', 'translated', 'needs-review']),
  /** Acronym of the project that produced it, e.g. "CONNECT"; null when none. */
  project: z.string().nullable().default(null),
  /** Key of the organisation that published it; null when none. */
  organisation: z.object({ key: z.string() }).nullable().optional().transform((related) => related?.key ?? null),
  /** Lineage: the resource this one adapts, and the one it translates (keys). */
  adaptedFrom: z.object({ key: z.string() }).nullable().optional().transform((related) => related?.key ?? null),
  translationOf: z.object({ key: z.string() }).nullable().optional().transform((related) => related?.key ?? null),
  /** Keys of the workshop reports that used or produced it. */
  usedInReports: z.array(z.object({ key: z.string() })).optional().transform((related) => (related ?? []).map((report) => report.key)),
  /** Downloadable files, in any language. */
  files: z.array(resourceFileSchema).default([]),
  /** Last change in the CMS. */
  updatedAt: z.coerce.date(),
  /** When this version was published. */
  publishedAt: z.coerce.date(),
});
export type Resource = z.infer<typeof resourceSchema>;
