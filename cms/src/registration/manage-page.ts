import type { Language } from './input';
import { formatWhen, say, type MessageKey } from './messages';
import type { Webinar } from './webinars';

/**
 * The registrant's own page, reached from the link in every e-mail: served by the CMS as plain
 * HTML (it works without JavaScript), in the registrant's language, never cached or indexed.
 */

const escape = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function page(language: Language, body: string, siteUrl: string): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escape(say(language, 'page.title'))} · Praxis</title>
<style>
  body { font: 1.05rem/1.55 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
  dt { font-weight: 600; margin-top: .6rem; }
  dd { margin: 0; }
  form { margin-top: 1.5rem; padding-top: 1rem; border-top: 1px solid #ccc; }
  button { font: inherit; padding: .5rem 1rem; border: 2px solid #1d4ed8; background: #1d4ed8; color: #fff; border-radius: 4px; cursor: pointer; }
  button.danger { background: #fff; color: #a4161a; border-color: #a4161a; }
  :focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
  .notice { padding: .75rem 1rem; background: #e8f0fe; border-left: 4px solid #1d4ed8; }
</style>
</head>
<body>
<main>
${body}
<p><a href="${escape(siteUrl)}">${escape(say(language, 'back'))}</a></p>
</main>
</body>
</html>`;
}

export function invalidLinkPage(language: Language, siteUrl: string): string {
  return page(language, `<h1>${escape(say(language, 'page.title'))}</h1>\n<p role="alert">${escape(say(language, 'invalid'))}</p>`, siteUrl);
}

export function donePage(language: Language, message: MessageKey, siteUrl: string, backToManage?: string): string {
  const link = backToManage ? `\n<p><a href="${escape(backToManage)}">${escape(say(language, 'page.title'))}</a></p>` : '';
  return page(language, `<h1>${escape(say(language, 'page.title'))}</h1>\n<p class="notice" role="status">${escape(say(language, message))}</p>${link}`, siteUrl);
}

export function managePage(row: Record<string, any>, webinar: Webinar | undefined, actionBase: string, siteUrl: string): string {
  const language = row.language as Language;
  const item = (label: MessageKey, value: string | null | undefined) => (value ? `<dt>${escape(say(language, label))}</dt><dd>${escape(value)}</dd>` : '');
  const languageName = new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language;
  const consentDate = row.consentAt ? new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short', timeZone: row.timeZone ?? webinar?.timeZone ?? 'UTC' }).format(new Date(row.consentAt)) : '';
  const live = row.state === 'confirmed' || row.state === 'waitlisted';
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

  const cancelForm = live
    ? `<form method="post" action="${escape(actionBase)}/cancel"><button type="submit">${escape(say(language, 'action.cancel'))}</button></form>`
    : '';
  return page(
    language,
    `<h1>${escape(say(language, 'page.title'))}</h1>
<dl>
${details}
</dl>
${cancelForm}
<p><a href="${escape(actionBase)}/data" download>${escape(say(language, 'action.download'))}</a></p>
<form method="post" action="${escape(actionBase)}/erase">
<h2>${escape(say(language, 'action.erase'))}</h2>
<p>${escape(say(language, 'erase.explain'))}</p>
<p><label><input type="checkbox" name="confirm" value="yes" required> ${escape(say(language, 'erase.confirm'))}</label></p>
<button type="submit" class="danger">${escape(say(language, 'action.erase'))}</button>
</form>`,
    siteUrl,
  );
}
