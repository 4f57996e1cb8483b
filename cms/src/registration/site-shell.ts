import { config } from '@praxis/contract/config';
import type { Language } from '@praxis/contract/registration';

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

/** The slot in the shell: an element whose default content (for a visitor who opens the shell itself) holds no `div`. */
const SLOT = /(<div\b[^>]*\bdata-personal-slot\b[^>]*>)[\s\S]*?(<\/div>)/;

interface Cached {
  html: string | undefined;
  until: number;
}

const cache = new Map<Language, Cached>();
const pending = new Map<Language, Promise<string | undefined>>();

/** Makes the shell's root-relative `href`, `src` and `action` values absolute on the site's origin. */
function onSiteOrigin(html: string, origin: string): string {
  return html.replace(/\b(href|src|action)="\/(?!\/)/g, `$1="${origin}/`);
}

async function fetchShell(language: Language): Promise<string | undefined> {
  const origin = siteUrl();
  try {
    const response = await fetch(`${origin}/${language}/registration/manage/`, {
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      headers: { accept: 'text/html' },
    });
    if (!response.ok) return undefined;
    const html = await response.text();
    return SLOT.test(html) ? onSiteOrigin(html, origin) : undefined;
  } catch {
    return undefined;
  }
}

/** The site's shell for `language`, or undefined when the site cannot give one now. */
export async function siteShell(language: Language, now = Date.now()): Promise<string | undefined> {
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
export function fillShell(shell: string, personal: string): string {
  // A function as replacement: `$` in the personal part is text, not a pattern.
  return shell.replace(SLOT, (_, open: string, close: string) => `${open}\n${personal}\n${close}`);
}
