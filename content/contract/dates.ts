/**
 * How Praxis writes a webinar's time, in the page, in its e-mails and on the registrant's page:
 * weekday, date and hours as one range (the date once when both ends fall on the same day), with
 * the zone's short name. Intl only, so the site's browser script uses it too.
 */
const RANGE: Intl.DateTimeFormatOptions = {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
};

/**
 * `start` to `end` in the language `lang` (a BCP 47 tag, e.g. "ro-RO"), in `timeZone` (an IANA
 * name), or in the zone of whoever runs it when none is given (the visitor's, in a browser).
 */
export function formatTimeRange(lang: string, start: Date, end: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat(lang, timeZone ? { ...RANGE, timeZone } : RANGE).formatRange(start, end);
}
