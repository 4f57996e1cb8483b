import { describe, expect, it } from 'vitest';
import { partialDateText } from '../../site/i18n/formats.ts';
import { getLocale, localeCodes } from '@praxis/contract/locales';
import { useTranslations } from '../../site/i18n/t.ts';
import { eventDateText, eventPlaceText } from '../../site/lib/events.ts';
import { searchFacts } from '../../site/lib/search-facts.ts';
import { ownDate, periodEnd, timing } from '../../site/lib/timing.ts';

const lang = (code: string) => getLocale(code).lang;

describe('a date shown to the precision it is known', () => {
  it('writes a year, a month or a day in each of the four languages, and nothing more precise', () => {
    const shown = Object.fromEntries(localeCodes.map((code) => [code, ['2014', '2013-11', '2015-03-12'].map((date) => partialDateText(lang(code), date))]));
    expect(shown).toEqual({
      it: ['2014', 'novembre 2013', '12 marzo 2015'],
      pt: ['2014', 'novembro de 2013', '12 de março de 2015'],
      ro: ['2014', 'noiembrie 2013', '12 martie 2015'],
      lt: ['2014', '2013 m. lapkritis', '2015 m. kovo 12 d.'],
    });
  });

  it('never moves a date to the day, month or year before, whatever the machine’s time zone', () => {
    // The first of a period is where a time zone west of UTC would tip it over.
    expect(partialDateText('it-IT', '2014-01')).toBe('gennaio 2014');
    expect(partialDateText('it-IT', '2014-01-01')).toBe('1 gennaio 2014');
    expect(partialDateText('pt-PT', '2000')).toBe('2000');
  });

  it('reads the partner’s date and precision together; a date without its precision is a day', () => {
    expect(ownDate({ date: '2013-11-20', datePrecision: 'year' })).toBe('2013');
    expect(ownDate({ date: '2013-11-20', datePrecision: 'month' })).toBe('2013-11');
    expect(ownDate({ date: '2013-11-20', datePrecision: 'day' })).toBe('2013-11-20');
    expect(ownDate({ date: '2013-11-20', datePrecision: null })).toBe('2013-11-20');
    expect(ownDate({ date: null, datePrecision: 'year' })).toBeNull();
  });
});

describe('past or upcoming, from the date and its precision', () => {
  const now = new Date('2026-12-06T12:00:00Z');

  it('keeps an event of this month upcoming until the month is over, and one of last month past', () => {
    expect(timing({ date: '2026-12' }, now)).toBe('upcoming');
    expect(timing({ date: '2026-11' }, now)).toBe('past');
    // The first instant of December: November is over.
    expect(timing({ date: '2026-11' }, new Date('2026-12-01T00:00:00Z'))).toBe('past');
    expect(timing({ date: '2026-11' }, new Date('2026-11-30T23:59:59Z'))).toBe('upcoming');
  });

  it('makes an event known only by last year’s date past, and one of this year upcoming until the year is over', () => {
    expect(timing({ date: '2025' }, now)).toBe('past');
    expect(timing({ date: '2014' }, now)).toBe('past');
    expect(timing({ date: '2026' }, now)).toBe('upcoming');
    expect(timing({ date: '2026' }, new Date('2027-01-01T00:00:00Z'))).toBe('past');
  });

  it('keeps a day upcoming until it is over', () => {
    expect(timing({ date: '2026-12-06' }, now)).toBe('upcoming');
    expect(timing({ date: '2026-12-05' }, now)).toBe('past');
    expect(periodEnd('2024-02-29')).toEqual(new Date('2024-03-01T00:00:00Z'));
  });

  it('decides an event with a time by its end, or its start when it has none', () => {
    expect(timing({ start: new Date('2026-12-06T09:00:00Z'), end: new Date('2026-12-06T13:00:00Z') }, now)).toBe('upcoming');
    expect(timing({ start: new Date('2026-12-06T09:00:00Z'), end: new Date('2026-12-06T11:00:00Z') }, now)).toBe('past');
    expect(timing({ start: new Date('2026-12-06T11:00:00Z') }, now)).toBe('past');
    expect(timing({ start: new Date('2026-12-07T11:00:00Z'), date: '2014' }, now)).toBe('upcoming');
  });

  it('never calls an event without a date upcoming: past when it is known to be over, otherwise undated', () => {
    expect(timing({}, now)).toBe('undated');
    expect(timing({ date: null, start: null, end: null }, now)).toBe('undated');
    expect(timing({ over: true }, now)).toBe('past');
    // A date decides, whatever else is known.
    expect(timing({ date: '2027', over: true }, now)).toBe('upcoming');
  });
});

describe('the date search shows and sorts by', () => {
  const added = new Date('2026-12-01T08:00:00Z');

  it('is the thing’s own date to its precision, not the day it was added', () => {
    expect(searchFacts({ kind: 'teaching-kit', translations: ['it'], date: added, dated: '2013' })).toMatchObject({
      meta: { date: '2013' },
      sort: { date: '2013' },
    });
    expect(searchFacts({ kind: 'workshop', translations: ['it'], date: added, dated: new Date('2022-06-30T07:00:00Z') })).toMatchObject({
      meta: { date: '2022-06-30T07:00:00.000Z' },
    });
  });

  it('lets an event be filtered by whether it is upcoming or past, by the same rule as the events list', () => {
    const past = searchFacts({
      kind: 'workshop',
      translations: ['it'],
      date: added,
      dated: '2014',
      timing: timing({ date: '2014' }, new Date('2026-12-06T12:00:00Z')),
    });
    expect(past.filters.when).toEqual(['past']);
    expect(searchFacts({ kind: 'guide', translations: ['it'], date: added }).filters.when).toBeUndefined();
  });

  it('is the day it was added, named as such, when it has no date of its own', () => {
    const facts = searchFacts({ kind: 'guide', translations: ['it'], date: added, dated: null });
    expect(facts.meta).toEqual({ added: '2026-12-01T08:00:00.000Z' });
    expect(facts.sort).toEqual({ date: '2026-12-01T08:00:00.000Z' });
  });
});

describe('where an event takes place', () => {
  const t = (code: string) => useTranslations(code);
  const place = (code: string, event: Partial<Parameters<typeof eventPlaceText>[2]>, options?: { venue?: boolean }) =>
    eventPlaceText(t(code), lang(code), { online: false, venue: null, city: null, country: null, ...event }, options);

  it('is "Online" only when the event is online, never for want of a country', () => {
    expect(place('it', { online: true })).toBe('Online');
    expect(place('lt', { online: true })).toBe('Internetu');
    expect(place('it', {})).toBe('luogo non indicato');
    expect(place('pt', {})).toBe('local não indicado');
    expect(place('ro', {})).toBe('loc neprecizat');
    expect(place('lt', {})).toBe('vieta nenurodyta');
  });

  it('names the city and the country in the page’s language, the venue on the event’s page, and online too when it is both', () => {
    expect(place('it', { city: 'Cracovia', country: 'PL' })).toBe('Cracovia, Polonia');
    expect(place('pt', { country: 'BG', venue: 'Academia' })).toBe('Bulgária');
    expect(place('pt', { country: 'BG', venue: 'Academia' }, { venue: true })).toBe('Academia, Bulgária');
    expect(place('ro', { city: 'Arad', country: 'RO', online: true })).toBe('Arad, România · Online');
  });

  it('gives an exact event its day (and hours on its page), a dated one its precision, an undated one no date at all', () => {
    const seminar = {
      start: new Date('2022-09-27T08:00:00Z'),
      end: new Date('2022-09-27T11:00:00Z'),
      timeZone: 'Europe/Rome',
      date: null,
      datePrecision: null,
    };
    expect(eventDateText(t('it'), 'it-IT', seminar)).toBe('27 settembre 2022');
    expect(eventDateText(t('it'), 'it-IT', seminar, { time: true })).toBe('27 settembre 2022, 10:00–13:00');
    expect(eventDateText(t('pt'), 'pt-PT', { start: null, end: null, timeZone: null, date: '2013-11-01', datePrecision: 'month' })).toBe('novembro de 2013');
    expect(eventDateText(t('ro'), 'ro-RO', { start: null, end: null, timeZone: null, date: null, datePrecision: null })).toBe('dată neprecizată');
  });
});
