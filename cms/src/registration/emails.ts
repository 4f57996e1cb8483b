import { createEvent } from 'ics';
import { escapeUTF8 } from 'entities';
import type { OutgoingMessage } from '../mail/outbox';
import type { Language } from '@praxis/contract/registration';
import { formatWhen, say, type MessageKey } from './messages';
import type { Webinar } from './webinars';

/** `manage-link`: the manage link sent again, at the registrant's request from the webinar page. */
export type MailKind = 'confirmed' | 'waitlisted' | 'promoted' | 'reminder' | 'cancelled' | 'manage-link';

export interface Addressee {
  documentId: string;
  name: string;
  email: string;
  language: Language;
  timeZone: string | null;
  /** The registration's state when the e-mail is rendered: whether a re-sent link carries the join link. */
  state?: string;
}

/** How many minutes before the start the calendar's alarm rings. */
const ALARM_MINUTES = 30;

/** The `.ics` file of a webinar for one registrant: UTC times, the join link, an alarm. */
export function calendarFile(webinar: Webinar, addressee: Addressee, manageUrl: string): string {
  const { error, value } = createEvent({
    // One UID per registration and webinar: a re-sent file updates the same calendar entry.
    uid: `${addressee.documentId}-${webinar.key}@praxis`,
    productId: 'praxis/webinars',
    method: 'PUBLISH',
    title: webinar.title,
    start: webinar.start.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: webinar.end.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    location: webinar.platform ?? undefined,
    url: webinar.joinLink ?? undefined,
    description: [webinar.joinLink ? say(addressee.language, 'join', { link: webinar.joinLink }) : '', say(addressee.language, 'manage', { link: manageUrl })]
      .filter(Boolean)
      .join('\n'),
    alarms: [{ action: 'display', description: webinar.title, trigger: { minutes: ALARM_MINUTES, before: true } }],
  });
  if (error || !value) throw new Error(`calendar file for ${webinar.key}: ${error?.message ?? 'empty'}`);
  return value;
}

/**
 * One e-mail to a registrant, in their language, with the date in their time zone (or the
 * organiser's, named). The join link goes only to confirmed registrants; it is never public.
 */
export function composeMail(kind: MailKind, webinar: Webinar, addressee: Addressee, manageUrl: string): OutgoingMessage {
  const language = addressee.language;
  const seated = kind === 'confirmed' || kind === 'promoted' || kind === 'reminder' || (kind === 'manage-link' && addressee.state === 'confirmed');
  const when = formatWhen(language, webinar.start, webinar.end, addressee.timeZone ?? webinar.timeZone);

  const paragraphs: Array<{ text: string; link?: string }> = [
    { text: say(language, 'greeting', { name: addressee.name }) },
    { text: say(language, `body.${kind}` as MessageKey, { title: webinar.title }) },
  ];
  if (kind !== 'cancelled') {
    paragraphs.push({ text: say(language, 'when', { date: when }) });
    if (webinar.platform) paragraphs.push({ text: say(language, 'platform', { platform: webinar.platform }) });
    if (seated && webinar.joinLink) paragraphs.push({ text: say(language, 'join', { link: webinar.joinLink }), link: webinar.joinLink });
    if (!seated) paragraphs.push({ text: say(language, 'join.later') });
    if (seated) paragraphs.push({ text: say(language, 'calendar') });
    paragraphs.push({ text: say(language, 'manage', { link: manageUrl }), link: manageUrl });
  }
  if (webinar.contactEmail) paragraphs.push({ text: say(language, 'contact', { email: webinar.contactEmail }) });
  paragraphs.push({ text: say(language, 'footer') });

  const html = paragraphs
    .map(({ text, link }) => {
      const escaped = escapeUTF8(text);
      return `<p>${link ? escaped.replace(escapeUTF8(link), `<a href="${escapeUTF8(link)}">${escapeUTF8(link)}</a>`) : escaped}</p>`;
    })
    .join('\n');

  return {
    to: addressee.email,
    replyTo: webinar.contactEmail ?? undefined,
    subject: say(language, `subject.${kind}` as MessageKey, { title: webinar.title }),
    text: paragraphs.map(({ text }) => text).join('\n\n'),
    html: `<!doctype html><html lang="${language}"><body>${html}</body></html>`,
    attachments: seated
      ? [{ filename: `${webinar.key}.ics`, content: calendarFile(webinar, addressee, manageUrl), contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }]
      : undefined,
  };
}
