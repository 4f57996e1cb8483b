/**
 * Whether a thing is still to come or over, decided from the date it has and how precisely that
 * date is known: one rule for the events list, the home page, project pages and search.
 */
import { partialDate, type DatePrecision } from '@praxis/contract/content-rules';

/** Still to come (or under way), over, or not known from any date. */
export type Timing = 'upcoming' | 'past' | 'undated';

/** What is known of when a thing happens. */
export interface When {
  /** Exact instants, for what has a time (a webinar, a conference from 9:00 to 13:00). */
  start?: Date | null;
  end?: Date | null;
  /** The date as far as it is known, when there is no exact start: "2014", "2013-11", "2015-03-12". */
  date?: string | null;
  /**
   * Known to be over without a date: the project it belongs to has ended, or a report tells what it
   * produced. It never overrides a date.
   */
  over?: boolean;
}

/**
 * The instant a date known to its precision is over: the end of its year, month or day, in UTC
 * (a calendar date has no time zone; a day later than in the place itself at most).
 */
export function periodEnd(partial: string): Date | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(partial);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), match[2] ? Number(match[2]) : undefined, match[3] ? Number(match[3]) : undefined];
  if (month === undefined) return new Date(Date.UTC(year + 1, 0, 1));
  if (day === undefined) return new Date(Date.UTC(year, month, 1));
  return new Date(Date.UTC(year, month - 1, day + 1));
}

/**
 * `upcoming` until the thing is over, then `past`: an exact event once its end (or its start, when
 * it has no end) has passed; an event known only by its year once that year is over, by its month
 * once the month is over, by its day once the day is over. Without any date: `past` when it is known
 * to be over, otherwise `undated`, never upcoming by default.
 *
 * @example timing({ date: '2014' }, new Date('2026-12-06')) // 'past'
 * @example timing({ date: '2026-12' }, new Date('2026-12-06')) // 'upcoming': the month is not over
 */
export function timing(when: When, now: Date): Timing {
  if (when.start) return (when.end ?? when.start).getTime() <= now.getTime() ? 'past' : 'upcoming';
  const end = when.date ? periodEnd(when.date) : undefined;
  if (end) return end.getTime() <= now.getTime() ? 'past' : 'upcoming';
  return when.over ? 'past' : 'undated';
}

/** The order of a list of things by when they happen: exact instants and partial dates on one line, by the start of their period. */
export function startOf(when: When): number | undefined {
  if (when.start) return when.start.getTime();
  if (!when.date) return undefined;
  const [year, month = '01', day = '01'] = when.date.split('-');
  return Date.UTC(Number(year), Number(month) - 1, Number(day));
}

/**
 * The date an entry has of its own, as far as it is known ("2014", "2013-11", "2015-03-12"), from
 * the partner's `date` and `datePrecision`; a date without its precision counts as a day. Null when
 * the partner gave none: then the entry has no date of its own, whatever day it was added.
 */
export function ownDate(data: { date: string | null; datePrecision: DatePrecision | null }): string | null {
  return data.date ? partialDate(data.date, data.datePrecision ?? 'day') : null;
}
