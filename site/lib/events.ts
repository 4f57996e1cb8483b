/**
 * What the site says of an event's time and place, the same on every page that lists or shows one:
 * the events list, an event's page, the home page, project pages and search.
 */
import type { CollectionEntry } from 'astro:content';
import { partialDateText } from '../i18n/formats.ts';
import type { Translate } from '../i18n/t.ts';
import { ownDate, startOf, timing, type Timing, type When } from './timing.ts';

type EventData = CollectionEntry<'events'>['data'];

let knownOver: Promise<(event: EventData) => boolean> | undefined;

/**
 * Which events are over without a date of their own: those of a project that has ended, and those a
 * workshop report tells the outcome of. Read once per build.
 */
function overWithoutDate(): Promise<(event: EventData) => boolean> {
  // Imported here, not above: the texts below are then tested without Astro's content layer.
  knownOver ??= import('astro:content')
    .then(({ getCollection }) => Promise.all([getCollection('projects'), getCollection('workshopReports')]))
    .then(([projects, reports]) => {
      const ended = new Set(projects.filter((project) => project.data.phase === 'ended').map((project) => project.data.key));
      const reported = new Set(reports.map((report) => report.data.event).filter(Boolean));
      return (event) => (event.project !== null && ended.has(event.project)) || reported.has(event.key);
    });
  return knownOver;
}

/** What is known of when an event happens (`lib/timing.ts`). */
export async function eventWhen(event: EventData): Promise<When> {
  return { start: event.start, end: event.end, date: ownDate(event), over: (await overWithoutDate())(event) };
}

/**
 * The build's clock: what is upcoming is decided when the site is built, and the publisher rebuilds
 * often enough for a list of events.
 */
export const buildTime = new Date();

/** Whether an event is upcoming, past or without a date, at the build's clock. */
export async function eventTiming(event: EventData): Promise<Timing> {
  return timing(await eventWhen(event), buildTime);
}

/** Sorts by when events happen: soonest first (`direction` 1) or latest first (-1); undated last. */
export function byWhen<T>(items: readonly T[], when: (item: T) => When, direction: 1 | -1 = 1): T[] {
  const key = (item: T) => startOf(when(item));
  return [...items].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
    return direction * (x - y);
  });
}

/**
 * The date of an event in `lang`: its exact start and end in the place's time zone ("12–14 marzo
 * 2015"; with `time`, the hours too: "29 aprile 2022, 09:00–13:00"), or its date to its precision
 * ("2014", "novembre 2013"), or that it is not given.
 */
export function eventDateText(
  t: Translate,
  lang: string,
  event: Pick<EventData, 'start' | 'end' | 'timeZone' | 'date' | 'datePrecision'>,
  { time = false } = {},
): string {
  if (event.start) {
    const options: Intl.DateTimeFormatOptions = {
      dateStyle: 'long',
      ...(time ? { timeStyle: 'short' } : {}),
      ...(event.timeZone ? { timeZone: event.timeZone } : {}),
    };
    return new Intl.DateTimeFormat(lang, options).formatRange(event.start, event.end ?? event.start);
  }
  const date = ownDate(event);
  return date ? partialDateText(lang, date) : t('events.date.unknown');
}

/**
 * Where an event takes place, in `lang`: its venue (on its page), city and country; "Online" only
 * when it is online (with its place too, when it has one); "place not given" when neither is known.
 */
export function eventPlaceText(t: Translate, lang: string, event: Pick<EventData, 'online' | 'venue' | 'city' | 'country'>, { venue = false } = {}): string {
  const regions = new Intl.DisplayNames([lang], { type: 'region' });
  const place = [venue ? event.venue : null, event.city, event.country ? (regions.of(event.country) ?? event.country) : null].filter(Boolean).join(', ');
  if (event.online) return place ? `${place} · ${t('events.online')}` : t('events.online');
  return place || t('events.place.unknown');
}
