/**
 * The feed of a locale: new resources and webinars, each only where it really exists in that
 * language (a fallback page is not news to the people who read the feed).
 *
 * Feed readers render an item's description as HTML, so what partners wrote goes in as plain text
 * (`plainText`): markup in a summary reaches the reader as nothing, never as live HTML.
 *
 * A feed says what is new, so it carries the newest `FEED_LENGTH` items, not the catalogue: feed
 * readers fetch it again and again, and a feed of every resource grows with the catalogue, made
 * again at every publish (the README's Benchmarks row for this file).
 */
import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { getCollection } from 'astro:content';
import { FEED_LENGTH } from '../../lib/paging.ts';
import { resourceEntriesIn } from '../../lib/resources.ts';
import { getLocale, localeCodes } from '@praxis/contract/locales';
import { useTranslations } from '../../i18n/t.ts';
import { partialDateText } from '../../i18n/formats.ts';
import { plainText } from '../../lib/safe-html.ts';
import { ownDate } from '../../lib/timing.ts';
import { resourceUrl, webinarUrl } from '@praxis/contract/urls';

export function getStaticPaths() {
  return localeCodes.map((locale) => ({ params: { locale } }));
}

export async function GET(context: APIContext) {
  const locale = context.params.locale!;
  const t = useTranslations(locale);
  const { lang } = getLocale(locale);
  const newest = <T extends { data: { publishedAt: Date } }>(entries: T[]) =>
    [...entries].sort((a, b) => b.data.publishedAt.getTime() - a.data.publishedAt.getTime()).slice(0, FEED_LENGTH);
  const resources = newest(await resourceEntriesIn(locale));
  const webinars = newest(await getCollection('webinars', (entry) => entry.data.locale === locale));
  const items = [
    ...resources.map(({ data }) => ({
      title: data.title,
      link: resourceUrl(locale, data.slug),
      // The feed dates an item by when it was added here (what is new to the reader); the kit's own
      // date, e.g. 2013, is said in its description.
      description: plainText(
        [ownDate(data) && t('feed.resource.date', { date: partialDateText(lang, ownDate(data)!) }), data.summary].filter(Boolean).join(' '),
      ),
      pubDate: data.publishedAt,
      categories: [t(`resource.kind.${data.kind}`)],
    })),
    ...webinars.map(({ data }) => ({
      title: data.title,
      link: webinarUrl(locale, data.slug),
      // The date in the organiser's time zone, named, so that nobody misreads the hour.
      description: plainText(
        [
          t('feed.webinar.when', {
            date: new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'short', timeZone: data.timeZone }).format(data.start),
            zone: data.timeZone,
          }),
          data.summary,
        ]
          .filter(Boolean)
          .join(' '),
      ),
      pubDate: data.publishedAt,
      categories: [t('feed.webinar')],
    })),
  ]
    .sort((a, b) => b.pubDate.getTime() - a.pubDate.getTime())
    .slice(0, FEED_LENGTH);

  return rss({
    title: `${t('site.name')} · ${t('feed.title')}`,
    description: t('feed.description'),
    site: context.site!,
    items,
    customData: `<language>${lang}</language>`,
  });
}
