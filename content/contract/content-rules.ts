/**
 * What content must be for the site to build it and show it safely: the one home of the rules the
 * CMS enforces when an entry is saved (`./save-check.ts`) and the site applies again when it builds
 * (`site/schemas/content.ts`, `site/lib/cms-loader.ts`, `site/lib/safe-html.ts`).
 *
 * It lives in the CMS because the CMS compiles only what is under `cms/` (its `rootDir`), while the
 * site and the scripts can import from anywhere in the repository. It imports nothing, so that
 * Strapi's compiler, Vite and Node's type stripping all read it as it is. Messages are English, for
 * the admin and the publish status, like the other messages of the admin.
 */

/** A slug: lowercase ASCII words joined by single hyphens, e.g. "guida-per-operatori". The `regex` of every `slug` in the models. */
export const SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
export const SLUG = new RegExp(SLUG_PATTERN);

/** Why a slug is refused, or undefined when it is fine. */
export function slugProblem(slug: string): string | undefined {
  return SLUG.test(slug) ? undefined : `the slug "${slug}" is not one the site can use: lowercase letters a-z and digits, in words joined by single hyphens, e.g. "guida-per-operatori"`;
}

export type UrlScheme = 'https:' | 'mailto:' | 'tel:';

/**
 * Every field of the models that holds an address, and the schemes it may use (a model test keeps
 * this list and the models in step). `javascript:`, `data:` and plain `http:` are never among them.
 */
export const URL_FIELDS: Readonly<Record<string, Readonly<Record<string, readonly UrlScheme[]>>>> = {
  'api::organisation.organisation': { website: ['https:'] },
  'api::webinar.webinar': { joinLink: ['https:'] },
};

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** Why an address is refused for a field that allows `schemes`, or undefined when it is fine. */
export function urlProblem(value: string, schemes: readonly UrlScheme[]): string | undefined {
  const allowed = schemes.join(' or ');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a full address: write it with ${allowed}, e.g. "https://example.org/"`;
  }
  // `URL` drops tabs and newlines inside a scheme ("java\tscript:"), as browsers do; the text must start with it too.
  const written = SCHEME.exec(value)?.[1]?.toLowerCase();
  if (!schemes.includes(url.protocol as UrlScheme) || `${written}:` !== url.protocol) {
    return `"${value}" uses ${url.protocol} where only ${allowed} addresses are allowed`;
  }
  if (url.protocol === 'https:' && (url.username !== '' || url.password !== '' || url.hostname === '')) return `"${value}" is not an address the site can link to (no user names or passwords in it)`;
  if (/\s/.test(value)) return `"${value}" has spaces in it`;
  return undefined;
}

/** Where a partner's body may link: the web (https), e-mail, phone. Pages of the site are written as paths ("/it/…"). */
export const LINK_SCHEMES: readonly UrlScheme[] = ['https:', 'mailto:', 'tel:'];

/** Where the media library serves its files, relative to the CMS. */
export const MEDIA_PREFIX = '/uploads/';

/**
 * The path of a file of the portal's media library ("/uploads/kit_1a2b.png") that `target` points
 * to, written as that path or as an address on one of `mediaOrigins` (the CMS as visitors reach it),
 * or undefined when it points elsewhere.
 */
export function mediaPath(target: string, mediaOrigins: readonly string[] = []): string | undefined {
  let path = target;
  for (const origin of mediaOrigins) {
    const base = origin.replace(/\/+$/, '');
    if (base !== '' && target.startsWith(`${base}/`)) path = target.slice(base.length);
  }
  if (!path.startsWith(MEDIA_PREFIX) || path.includes('..') || /[?#\\\s]/.test(path)) return undefined;
  return path;
}

/** Why a link in a body is refused, or undefined when the site can build and show it. */
export function linkProblem(target: string): string | undefined {
  if (target === '' || target.startsWith('#')) return undefined;
  if (target.startsWith('//')) return `the link "${target}" has no scheme: write it as a full https:// address`;
  // A page of the site ("/it/resources/…"): the release check follows it.
  if (target.startsWith('/')) return undefined;
  if (!SCHEME.test(target)) return `the link "${target}" is relative, and leads nowhere on the site: link a page of the site by its path ("/it/resources/…"), a file of the media library, or a full https:// address`;
  return urlProblem(target, LINK_SCHEMES);
}

/** Why an image in a body is refused, or undefined when it is a file of the portal's media library. */
export function imageProblem(target: string, mediaOrigins: readonly string[] = []): string | undefined {
  if (mediaPath(target, mediaOrigins) !== undefined) return undefined;
  return `the image "${target}" is not from the media library: upload it to the media library and insert it from there (the site loads nothing from other hosts)`;
}

export interface BodyTarget {
  kind: 'link' | 'image';
  target: string;
}

const LINK_TEXT = String.raw`\[(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*\]`;
const DESTINATION = String.raw`\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)`;
const INLINE = new RegExp(`(!?)${LINK_TEXT}${DESTINATION}`, 'g');
const REFERENCE = /^ {0,3}\[[^\]\n]+\]:\s*(<[^>\n]*>|\S+)/gm;
const REFERENCE_USE = /(!?)\[((?:[^[\]\\]|\\.)*)\](?:\[((?:[^[\]\\]|\\.)*)\])?/g;
const AUTOLINK = /<([a-z][a-z0-9+.-]{1,31}:[^<>\s]*)>/gi;
const HTML_ATTRIBUTE = /<(a|img|source|iframe|link|script|video|audio|embed|object|form)\b[^>]*?\s(href|src|srcset|action|data|poster)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;

const unwrap = (value: string) => value.replace(/^<|>$/g, '').replace(/^["']|["']$/g, '').trim();

/**
 * Every link and image a Markdown body points to, in the forms CommonMark knows (inline,
 * reference, autolink) and in raw HTML. It reads the text as written, without a Markdown parser,
 * so that the CMS can use it with no dependency; the site's sanitizer (`site/lib/safe-html.ts`)
 * works on the HTML the body renders to, and is the last word on what reaches a visitor.
 */
export function bodyTargets(markdown: string): BodyTarget[] {
  const targets: BodyTarget[] = [];
  const references = new Map<string, string>();
  for (const [, destination] of markdown.matchAll(REFERENCE)) targets.push({ kind: 'link', target: unwrap(destination!) });
  for (const [whole, destination] of markdown.matchAll(REFERENCE)) references.set(whole.replace(/^ *\[([^\]]+)\].*$/s, '$1').toLowerCase(), unwrap(destination!));
  for (const [, bang, destination] of markdown.matchAll(INLINE)) targets.push({ kind: bang ? 'image' : 'link', target: unwrap(destination!) });
  // An image by reference ("![logo][1]") loads what the reference points to.
  for (const [, bang, text, label] of markdown.matchAll(REFERENCE_USE)) {
    const target = bang ? references.get((label || text || '').toLowerCase()) : undefined;
    if (target !== undefined) targets.push({ kind: 'image', target });
  }
  for (const [, destination] of markdown.matchAll(AUTOLINK)) targets.push({ kind: 'link', target: destination! });
  for (const [, tag, attribute, value] of markdown.matchAll(HTML_ATTRIBUTE)) {
    const image = tag!.toLowerCase() !== 'a' || attribute!.toLowerCase() !== 'href';
    targets.push({ kind: image ? 'image' : 'link', target: unwrap(value!) });
  }
  return targets;
}

/**
 * Why a Markdown body is refused (one line per problem), and the media-library files it uses, which
 * the caller checks exist (the CMS against its media library).
 */
export function bodyProblems(markdown: string, mediaOrigins: readonly string[] = []): { problems: string[]; media: string[] } {
  const problems = new Set<string>();
  const media = new Set<string>();
  for (const { kind, target } of bodyTargets(markdown)) {
    const file = mediaPath(target, mediaOrigins);
    if (file !== undefined) {
      media.add(file);
      continue;
    }
    const problem = kind === 'image' ? imageProblem(target, mediaOrigins) : linkProblem(target);
    if (problem) problems.add(problem);
  }
  return { problems: [...problems], media: [...media] };
}

/**
 * How precisely the date of a thing is known: a kit of "2014", a workshop in "November 2013", a
 * report of "12 March 2015". The enumeration of `datePrecision` in the models (a model test keeps
 * them in step).
 */
export const DATE_PRECISIONS = ['year', 'month', 'day'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

/**
 * The types whose entries carry the date the thing itself has, entered by the partner: `date` (a
 * day; for a year or a month, any day in it) and `datePrecision`. An event with a time has its
 * exact `start` and `end` instead. The CMS's own publication date is only when it was added.
 */
export const DATED_TYPES: readonly string[] = ['api::resource.resource', 'api::workshop-report.workshop-report', 'api::event.event'];

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Whether `year-month-day` names a day of the calendar (no 31 April, 29 February only in leap years). */
function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1000 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * A date as far as it is known, as ISO 8601 text with reduced precision: "2014", "2013-11",
 * "2015-03-12" (what `<time datetime>` takes, and what sorts as the dates do), from the CMS's
 * `date` ("2014-06-01") and `datePrecision`.
 */
export function partialDate(date: string, precision: DatePrecision): string {
  return date.slice(0, precision === 'year' ? 4 : precision === 'month' ? 7 : 10);
}

/**
 * The CMS fields of a date written with reduced precision ("2014", "2013-11", "2015-03-12", as the
 * seed writes them): the first day of the period and its precision; undefined when the text is not
 * such a date.
 */
export function partialDateFields(text: string): { date: string; datePrecision: DatePrecision } | undefined {
  const match = PARTIAL_DATE.exec(text);
  if (!match) return undefined;
  const [, year, month, day] = match;
  if (!isCalendarDay(Number(year), Number(month ?? 1), Number(day ?? 1))) return undefined;
  return { date: `${year}-${month ?? '01'}-${day ?? '01'}`, datePrecision: day ? 'day' : month ? 'month' : 'year' };
}

const given = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * Why the date of an entry of a dated type is refused, field by field, in the fields that `values`
 * holds (all of an entry's, or the ones a partial update writes): a date that is not a day of the
 * calendar, a precision other than year, month or day, a date without its precision or a precision
 * without its date, and an event with both an exact start and a date.
 */
export function dateProblems(uid: string, values: Record<string, unknown>): { field: string; message: string }[] {
  if (!DATED_TYPES.includes(uid)) return [];
  const problems: { field: string; message: string }[] = [];
  const { date, datePrecision, start } = values;
  if (typeof date === 'string' && date !== '') {
    const match = CALENDAR_DATE.exec(date);
    if (!match || !isCalendarDay(Number(match[1]), Number(match[2]), Number(match[3]))) problems.push({ field: 'date', message: `"${date}" is not a day of the calendar: write it as year-month-day, e.g. "2014-03-12"; for a year or a month, any day in it` });
  }
  if (given(datePrecision) && !(DATE_PRECISIONS as readonly unknown[]).includes(datePrecision)) {
    problems.push({ field: 'datePrecision', message: `"${String(datePrecision)}" is not a precision the site knows: choose year (e.g. a kit of 2014), month (November 2013) or day (12 March 2015)` });
  }
  if ('date' in values && 'datePrecision' in values) {
    if (given(date) && !given(datePrecision)) problems.push({ field: 'datePrecision', message: 'say how precisely the date is known: year (e.g. a kit of 2014), month (November 2013) or day (12 March 2015)' });
    if (!given(date) && given(datePrecision)) problems.push({ field: 'date', message: `give the date whose precision is "${String(datePrecision)}": for a year or a month, any day in it, e.g. 2014-01-01 for 2014` });
  }
  if (uid === 'api::event.event' && given(start) && given(date)) {
    problems.push({ field: 'date', message: 'an event has either an exact start (start and end, with their times) or a date known to the year, month or day (date and datePrecision), not both: clear one of them' });
  }
  return problems;
}
