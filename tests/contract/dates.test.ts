import { describe, expect, it } from 'vitest';
import { formatTimeRange } from '@praxis/contract/dates';
import { locales } from '@praxis/contract/locales';

// Example webinars: one morning in Rome; three days in Lisbon across the change to summer time;
// one evening that is still 10 June in Lisbon and already 11 June in Vilnius.
const MORNING = [new Date('2026-03-12T09:00:00Z'), new Date('2026-03-12T11:30:00Z')] as const;
const DAYS = [new Date('2026-03-30T07:00:00Z'), new Date('2026-04-01T15:00:00Z')] as const;
const EVENING = [new Date('2026-06-10T21:00:00Z'), new Date('2026-06-10T22:30:00Z')] as const;

// What a reader sees in each language (\u2009 is the thin space Intl puts around a range's dash).
const EXPECTED: Record<string, { sameDay: string; days: string; vilnius: string; lisbon: string }> = {
  'it-IT': {
    sameDay: 'giovedì 12 marzo 2026, 10:00–12:30 CET',
    days: 'lunedì 30 marzo 2026 alle ore 08:00 WEST\u2009–\u2009mercoledì 1 aprile 2026 alle ore 16:00 WEST',
    vilnius: 'giovedì 11 giugno 2026, 00:00–01:30 EEST',
    lisbon: 'mercoledì 10 giugno 2026, 22:00–23:30 WEST',
  },
  'pt-PT': {
    sameDay: 'quinta-feira, 12 de março de 2026, 10:00\u2009–\u200912:30 CET',
    days: 'segunda-feira, 30 de março de 2026 às 08:00 WEST\u2009–\u2009quarta-feira, 1 de abril de 2026 às 16:00 WEST',
    vilnius: 'quinta-feira, 11 de junho de 2026, 00:00\u2009–\u200901:30 EEST',
    lisbon: 'quarta-feira, 10 de junho de 2026, 22:00\u2009–\u200923:30 WEST',
  },
  'ro-RO': {
    sameDay: 'joi, 12 martie 2026, 10:00–12:30 CET',
    days: 'luni, 30 martie 2026 la 08:00 WEST\u2009–\u2009miercuri, 1 aprilie 2026 la 16:00 WEST',
    vilnius: 'joi, 11 iunie 2026, 00:00–01:30 EEST',
    lisbon: 'miercuri, 10 iunie 2026, 22:00–23:30 WEST',
  },
  'lt-LT': {
    sameDay: '2026 m. kovo 12 d., ketvirtadienis 10:00–12:30 GMT+1',
    days: '2026 m. kovo 30 d., pirmadienis 08:00; GMT+1\u2009–\u20092026 m. balandžio 1 d., trečiadienis 16:00; GMT+1',
    vilnius: '2026 m. birželio 11 d., ketvirtadienis 00:00–01:30 GMT+3',
    lisbon: '2026 m. birželio 10 d., trečiadienis 22:00–23:30 GMT+1',
  },
};

describe('a webinar’s time range, written once for the site and the CMS', () => {
  it('covers every language of the portal', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(locales.map((locale) => locale.lang).sort());
  });

  for (const [lang, expected] of Object.entries(EXPECTED)) {
    it(`in ${lang}: the date once for a same-day range, both dates for a multi-day one, the hours and zone of the given time zone`, () => {
      expect(formatTimeRange(lang, ...MORNING, 'Europe/Rome')).toBe(expected.sameDay);
      expect(formatTimeRange(lang, ...DAYS, 'Europe/Lisbon')).toBe(expected.days);
      expect(formatTimeRange(lang, ...EVENING, 'Europe/Vilnius')).toBe(expected.vilnius);
      expect(formatTimeRange(lang, ...EVENING, 'Europe/Lisbon')).toBe(expected.lisbon);
    });
  }

  it('uses the zone of whoever runs it when none is given, as the browser does for a visitor', () => {
    const here = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    for (const lang of Object.keys(EXPECTED)) expect(formatTimeRange(lang, ...DAYS)).toBe(formatTimeRange(lang, ...DAYS, here));
  });
});
