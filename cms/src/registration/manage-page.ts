import { escapeUTF8 } from 'entities';
import type { Language } from '@praxis/contract/registration';
import { formatWhen, say, type MessageKey } from './messages';
import { fillShell, siteShell } from './site-shell';
import type { Webinar } from './webinars';

/**
 * The registrant's own pages, reached from the link in every e-mail: the registration and its
 * actions, the confirmation asked before cancelling or erasing, what was done, and the invalid link.
 * Each is the personal part (escaped here) of a page of the site (`site-shell.ts`), in the
 * registrant's language (an invalid link: the visitor's); it works without JavaScript, and is never
 * cached or indexed (the controller's headers).
 *
 * Cancelling and erasing take two steps: the manage page's buttons GET a confirmation page, whose
 * button POSTs. Only the POST changes anything.
 */

/** Where the personal part's links and forms lead. */
export interface PageLinks {
  /** `/api/registrations/manage/<token>`: root-relative, so it works on the site's origin and the CMS's. */
  manage: string;
  /** `?lang=xx` when the visitor chose a language, else empty: kept on every link and form. */
  query: string;
}

export interface PersonalPage {
  language: Language;
  /** Escaped HTML for the slot in `<main>`. */
  body: string;
}

/** The whole HTML page: the personal part in the site's shell, or in a bare page when the site is unreachable. */
export async function renderPage({ language, body }: PersonalPage, siteUrl: string): Promise<string> {
  const shell = await siteShell(language);
  if (shell) return fillShell(shell, `<div class="personal">\n${body}\n</div>`);
  return barePage(language, body, siteUrl);
}

/** The fallback: plain HTML of the CMS's own, without the site's layout. */
function barePage(language: Language, body: string, siteUrl: string): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeUTF8(say(language, 'page.title'))} · Praxis</title>
<style>
  body { font: 1.05rem/1.55 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
  dt { font-weight: 600; margin-top: .6rem; }
  dd { margin: 0; }
  form { margin-top: 1.5rem; }
  /* The site's colours (site/styles/tokens.css), for the rare page served while the site is down. */
  button { font: inherit; min-height: 2.75rem; padding: .5rem 1rem; border: 2px solid #0b5a70; background: #fff; color: #0b5a70; border-radius: 4px; cursor: pointer; }
  button.button-danger { color: #a4161a; border-color: #a4161a; }
  :focus-visible { outline: 3px solid #0b5a70; outline-offset: 2px; }
  .notice { padding: .75rem 1rem; background: #e4f0f3; border-left: 6px solid #0b5a70; }
</style>
</head>
<body>
<main>
${body}
<p><a href="${escapeUTF8(siteUrl)}/${language}/">${escapeUTF8(say(language, 'back'))}</a></p>
</main>
</body>
</html>`;
}

const heading = (language: Language, key: MessageKey = 'page.title') => `<h1>${escapeUTF8(say(language, key))}</h1>`;
const backToManage = (language: Language, links: PageLinks) =>
  `<p><a href="${escapeUTF8(links.manage + links.query)}">${escapeUTF8(say(language, 'confirm.keep'))}</a></p>`;

export function invalidLinkPage(language: Language): PersonalPage {
  return { language, body: `${heading(language)}\n<p class="notice notice-error" role="alert">${escapeUTF8(say(language, 'invalid'))}</p>` };
}

/** What was done (or that nothing needed doing), with the way back to the registration while the link works. */
export function donePage(language: Language, message: MessageKey, links?: PageLinks): PersonalPage {
  const back = links ? `\n<p><a href="${escapeUTF8(links.manage + links.query)}">${escapeUTF8(say(language, 'page.title'))}</a></p>` : '';
  return { language, body: `${heading(language)}\n<p class="notice notice-success" role="status">${escapeUTF8(say(language, message))}</p>${back}` };
}

const isLive = (row: Record<string, any>) => row.state === 'confirmed' || row.state === 'waitlisted';

export function managePage(row: Record<string, any>, webinar: Webinar | undefined, language: Language, links: PageLinks): PersonalPage {
  const item = (label: MessageKey, value: string | null | undefined) =>
    value ? `<dt>${escapeUTF8(say(language, label))}</dt><dd>${escapeUTF8(value)}</dd>` : '';
  const languageName = new Intl.DisplayNames([language], { type: 'language' }).of(row.language) ?? row.language;
  const consentDate = row.consentAt
    ? new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short', timeZone: row.timeZone ?? webinar?.timeZone ?? 'UTC' }).format(
        new Date(row.consentAt),
      )
    : '';
  const details = [
    item('field.webinar', webinar?.title ?? '—'),
    webinar ? item('field.when', formatWhen(language, webinar.start, webinar.end, row.timeZone ?? webinar.timeZone)) : '',
    item('field.state', say(language, `state.${row.state}` as MessageKey)),
    item('field.name', row.name),
    item('field.email', row.email),
    item('field.organisation', row.organisationName),
    item('field.role', row.jobRole ? say(language, `role.${row.jobRole}` as MessageKey) : null),
    item('field.region', row.region),
    item('field.language', languageName),
    item('field.accessibilityNeeds', row.accessibilityNeeds),
    row.consentAt ? item('field.consent', say(language, 'consentGiven', { date: consentDate, version: row.consentVersion ?? '' })) : '',
  ].join('\n');

  // Both buttons only lead to a confirmation page (GET): nothing happens before its own button.
  const hidden = links.query ? `<input type="hidden" name="lang" value="${escapeUTF8(language)}">` : '';
  const cancel = isLive(row)
    ? `<form method="get" action="${escapeUTF8(links.manage)}/cancel" class="personal-action">${hidden}<button type="submit" class="button button-secondary">${escapeUTF8(say(language, 'action.cancel'))}</button></form>`
    : '';
  return {
    language,
    body: `${heading(language)}
<dl class="personal-details">
${details}
</dl>
${cancel}
<p><a href="${escapeUTF8(links.manage)}/data" download>${escapeUTF8(say(language, 'action.download'))}</a></p>
<form method="get" action="${escapeUTF8(links.manage)}/erase" class="personal-action">${hidden}
<h2>${escapeUTF8(say(language, 'action.erase'))}</h2>
<p>${escapeUTF8(say(language, 'erase.explain'))}</p>
<button type="submit" class="button button-danger">${escapeUTF8(say(language, 'action.erase'))}</button>
</form>`,
  };
}

/** The second step before cancelling: what will happen, a button that POSTs, and the way back. */
export function confirmCancelPage(row: Record<string, any>, webinar: Webinar | undefined, language: Language, links: PageLinks): PersonalPage {
  if (!isLive(row)) return donePage(language, 'done.unchanged', links);
  return {
    language,
    body: `${heading(language, 'confirm.cancel.title')}
<p>${escapeUTF8(say(language, 'confirm.cancel.explain', { title: webinar?.title ?? '—' }))}</p>
<form method="post" action="${escapeUTF8(links.manage)}/cancel${escapeUTF8(links.query)}" class="personal-action">
<button type="submit" class="button button-danger">${escapeUTF8(say(language, 'confirm.cancel.button'))}</button>
</form>
${backToManage(language, links)}`,
  };
}

/** The second step before erasing: what will go, a button that POSTs `confirm=yes`, and the way back. */
export function confirmErasePage(language: Language, links: PageLinks): PersonalPage {
  return {
    language,
    body: `${heading(language, 'confirm.erase.title')}
<p>${escapeUTF8(say(language, 'erase.explain'))}</p>
<form method="post" action="${escapeUTF8(links.manage)}/erase${escapeUTF8(links.query)}" class="personal-action">
<input type="hidden" name="confirm" value="yes">
<button type="submit" class="button button-danger">${escapeUTF8(say(language, 'erase.confirm'))}</button>
</form>
${backToManage(language, links)}`,
  };
}
