import { config } from '@praxis/contract/config';
import type { Language } from '@praxis/contract/registration';
import { DomUtils, parseDocument } from 'htmlparser2';

/**
 * The registrant's pages (manage, confirm, done, invalid link) are pages of the site: the site build
 * emits, per locale, an empty shell (`/{locale}/registration/manage/`, the site's layout with its
 * quick exit, navigation and helplines, `noindex`) whose `<main>` holds one marked slot
 * (`data-personal-slot`). The CMS fetches that shell from the site, keeps it briefly, and renders
 * the personal part into the slot. Only when the site cannot be reached does the page fall back to
 * a bare page of the CMS's own, so a registrant can always cancel.
 *
 * The shell's own links and assets are made absolute on the site's origin: the same page is also
 * answered on the CMS's origin (links in e-mails sent before the site passed `/api/` through).
 */

/** The public site's origin, without a trailing slash (`PRAXIS_SITE_URL`). */
export const siteUrl = () => config().PRAXIS_SITE_URL;

/** How long a fetched shell is used before it is fetched again: a publish changes the footer's helplines. */
const SHELL_TTL_MS = 60_000;
/** How long a failed fetch is remembered, so a site that is down does not slow every request. */
const FAILURE_TTL_MS = 10_000;
const FETCH_TIMEOUT_MS = 2_000;

/**
 * A shell cut at its slot: the page up to the slot's start tag and from its end tag on. The slot's
 * default content (for a visitor who opens the shell itself) is left out.
 */
export interface Shell {
  before: string;
  after: string;
}

/** Where the personal part goes, while the page is written out and cut in two. */
const CUT = 'praxis-personal-slot';

/**
 * Reads the site's page with an HTML parser, makes its root-relative `href`, `src` and `action`
 * values absolute on the site's origin, and cuts it at the slot (`data-personal-slot`); undefined
 * when the page has no slot.
 */
export function shellOf(html: string, origin: string): Shell | undefined {
  const page = parseDocument(html);
  const slot = DomUtils.findOne((element) => element.attribs['data-personal-slot'] !== undefined, page.children);
  if (!slot) return undefined;
  for (const element of DomUtils.findAll((candidate) => Object.keys(candidate.attribs).length > 0, page.children)) {
    for (const name of ['href', 'src', 'action']) {
      const value = element.attribs[name];
      if (value?.startsWith('/') && !value.startsWith('//')) element.attribs[name] = `${origin}${value}`;
    }
  }
  for (const child of [...slot.children]) DomUtils.removeElement(child);
  DomUtils.appendChild(slot, parseDocument(`<!--${CUT}-->`).children[0]!);
  const parts = DomUtils.getOuterHTML(page, { encodeEntities: 'utf8' }).split(`<!--${CUT}-->`);
  return parts.length === 2 ? { before: parts[0]!, after: parts[1]! } : undefined;
}

interface Cached {
  html: Shell | undefined;
  until: number;
}

const cache = new Map<Language, Cached>();
const pending = new Map<Language, Promise<Shell | undefined>>();

async function fetchShell(language: Language): Promise<Shell | undefined> {
  const origin = siteUrl();
  try {
    const response = await fetch(`${origin}/${language}/registration/manage/`, {
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      headers: { accept: 'text/html' },
    });
    if (!response.ok) return undefined;
    return shellOf(await response.text(), origin);
  } catch {
    return undefined;
  }
}

/** The site's shell for `language`, or undefined when the site cannot give one now. */
export async function siteShell(language: Language, now = Date.now()): Promise<Shell | undefined> {
  const cached = cache.get(language);
  if (cached && cached.until > now) return cached.html;
  // One fetch at a time per language, however many registrants open their page at once.
  let fetching = pending.get(language);
  if (!fetching) {
    fetching = fetchShell(language).then((html) => {
      cache.set(language, { html, until: Date.now() + (html ? SHELL_TTL_MS : FAILURE_TTL_MS) });
      pending.delete(language);
      return html;
    });
    pending.set(language, fetching);
  }
  return fetching;
}

/** Puts the personal part (already escaped) into the shell's slot. */
export function fillShell(shell: Shell, personal: string): string {
  return `${shell.before}\n${personal}\n${shell.after}`;
}
