/**
 * "Add to calendar": a webinar's iCalendar file, per webinar and locale, built with the site. The
 * same UID in every language (it is one event, and a file imported twice updates it), times in UTC,
 * the title in the page's language and the webinar page's address. Never the join link: it is
 * private, and reaches registrants only in their e-mails (with their own calendar file).
 */
import type { APIContext } from 'astro';
import { createEvent, type EventAttributes } from 'ics';
import { localizedPaths, type LocalizedPage } from '../../../../lib/localized.ts';
import { webinarUrl } from '@praxis/contract/urls';

export const getStaticPaths = () => localizedPaths('webinars');

export function GET({ props, site }: APIContext<{ page: LocalizedPage<'webinars'> }>) {
  const { locale, entry } = props.page;
  const { key, title, summary, start, end, platform } = entry.data;
  const pageUrl = new URL(webinarUrl(locale, entry.data.slug), site).href;
  // DTSTAMP is the webinar's last change, not the build's clock: an unchanged webinar gives the same
  // file in every build (incremental builds copy it; `ics` reads `timestamp`, which its types omit).
  const attributes = {
    timestamp: entry.data.updatedAt.getTime(),
    uid: `${key}@praxis`,
    productId: 'praxis/webinars',
    method: 'PUBLISH',
    title,
    start: start.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: end.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    url: pageUrl,
    ...(platform ? { location: platform } : {}),
    description: [summary, pageUrl].filter(Boolean).join('\n\n'),
  } as EventAttributes;
  const { error, value } = createEvent(attributes);
  if (error || !value) throw new Error(`calendar file of webinar ${key} (${locale}): ${error?.message ?? 'empty'}`);
  return new Response(value, { headers: { 'content-type': 'text/calendar; charset=utf-8' } });
}
