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
const REFERENCE_USE = /(!?)\[((?:[^\[\]\\]|\\.)*)\](?:\[((?:[^\[\]\\]|\\.)*)\])?/g;
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
