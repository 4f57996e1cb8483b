import { describe, expect, it } from 'vitest';
import { bodyProblems, bodyTargets, dateProblems, linkProblem, mediaPath, partialDateFields, slugProblem, urlProblem } from '@praxis/contract/content-rules';

describe('the content contract the CMS and the site share', () => {
  it('reads a date written to its precision as the CMS’s date and precision, and only real dates', () => {
    expect(partialDateFields('2014')).toEqual({ date: '2014-01-01', datePrecision: 'year' });
    expect(partialDateFields('2013-11')).toEqual({ date: '2013-11-01', datePrecision: 'month' });
    expect(partialDateFields('2015-03-12')).toEqual({ date: '2015-03-12', datePrecision: 'day' });
    for (const text of ['2013-13', '2015-02-29', '14', '2014-1', 'novembre 2013', '2014-03-12T10:00:00Z', ''])
      expect(partialDateFields(text), text).toBeUndefined();
  });

  it('refuses a dated entry’s impossible date, unknown precision, date without precision and precision without date, naming the field', () => {
    const resource = 'api::resource.resource';
    expect(dateProblems(resource, { date: '2014-06-01', datePrecision: 'year' })).toEqual([]);
    expect(dateProblems(resource, { date: null, datePrecision: null })).toEqual([]);
    // A partial update that writes only one of them is checked when the entry is published.
    expect(dateProblems(resource, { date: '2014-06-01' })).toEqual([]);
    expect(dateProblems(resource, { date: '2014-02-30', datePrecision: 'day' })).toMatchInlineSnapshot(`
      [
        {
          "field": "date",
          "message": ""2014-02-30" is not a day of the calendar: write it as year-month-day, e.g. "2014-03-12"; for a year or a month, any day in it",
        },
      ]
    `);
    expect(dateProblems(resource, { date: '2014-06-01', datePrecision: 'week' })).toMatchInlineSnapshot(`
      [
        {
          "field": "datePrecision",
          "message": ""week" is not a precision the site knows: choose year (e.g. a kit of 2014), month (November 2013) or day (12 March 2015)",
        },
      ]
    `);
    expect(dateProblems(resource, { date: '2014-06-01', datePrecision: null }).map((problem) => problem.field)).toEqual(['datePrecision']);
    expect(dateProblems(resource, { date: null, datePrecision: 'month' }).map((problem) => problem.field)).toEqual(['date']);
    // Types without a date of their own are not concerned.
    expect(dateProblems('api::theme.theme', { date: 'x', datePrecision: 'week' })).toEqual([]);
  });

  it('refuses an event with both an exact start and a date to a precision', () => {
    expect(dateProblems('api::event.event', { start: '2014-03-12T09:00:00.000Z', date: null, datePrecision: null })).toEqual([]);
    expect(
      dateProblems('api::event.event', { start: '2014-03-12T09:00:00.000Z', date: '2014-01-01', datePrecision: 'year' }).map((problem) => problem.field),
    ).toEqual(['date']);
  });

  it('takes slugs of lowercase words joined by single hyphens, and says why it refuses the others', () => {
    expect(slugProblem('guida-per-operatori-2')).toBeUndefined();
    for (const slug of ['HC_Bad.Slug~x', 'guida--doppia', '-guida', 'guida-', 'guida per operatori', 'ghidul-școlii', ''])
      expect(slugProblem(slug), slug).toBeDefined();
    expect(slugProblem('HC_Bad.Slug~x')).toMatchInlineSnapshot(
      `"the slug "HC_Bad.Slug~x" is not one the site can use: lowercase letters a-z and digits, in words joined by single hyphens, e.g. "guida-per-operatori""`,
    );
  });

  it('takes only https addresses in a website field, whatever the case or the spaces around the scheme', () => {
    expect(urlProblem('https://www.example.org/chi-siamo', ['https:'])).toBeUndefined();
    for (const value of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'java\tscript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'http://example.org/',
      'www.example.org',
      '//example.org/',
      'https://user:secret@example.org/',
      'mailto:info@example.org',
      'vbscript:x',
    ]) {
      expect(urlProblem(value, ['https:']), value).toBeDefined();
    }
    expect(urlProblem('javascript:alert(1)', ['https:'])).toMatchInlineSnapshot(
      `""javascript:alert(1)" uses javascript: where only https: addresses are allowed"`,
    );
    expect(urlProblem('mailto:info@example.org', ['https:', 'mailto:'])).toBeUndefined();
  });

  it('finds every link and image of a body: inline, by reference, autolinks and raw HTML', () => {
    const body = [
      'Testo con [un allegato](annex.pdf "Allegato") e [la guida](/it/resources/guida/).',
      '![logo](https://cdn.example.net/logo.png) e ![schema](/uploads/schema_1a2b.png)',
      '[sito][1] e ![foto][foto]',
      '',
      '[1]: https://example.org/',
      '[foto]: <https://tracker.example.net/pixel.gif>',
      '<https://example.org/diretto> <img src="https://x.example/a.png"> <a href="../su">su</a>',
    ].join('\n');
    expect(bodyTargets(body)).toEqual(
      expect.arrayContaining([
        { kind: 'link', target: 'annex.pdf' },
        { kind: 'link', target: '/it/resources/guida/' },
        { kind: 'image', target: 'https://cdn.example.net/logo.png' },
        { kind: 'image', target: '/uploads/schema_1a2b.png' },
        { kind: 'link', target: 'https://example.org/' },
        { kind: 'image', target: 'https://tracker.example.net/pixel.gif' },
        { kind: 'link', target: 'https://example.org/diretto' },
        { kind: 'image', target: 'https://x.example/a.png' },
        { kind: 'link', target: '../su' },
      ]),
    );
    const { problems, media } = bodyProblems(body);
    expect(media).toEqual(['/uploads/schema_1a2b.png']);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('the link "annex.pdf" is relative'),
        expect.stringContaining('the link "../su" is relative'),
        expect.stringContaining('the image "https://cdn.example.net/logo.png" is not from the media library'),
        expect.stringContaining('the image "https://tracker.example.net/pixel.gif" is not from the media library'),
        expect.stringContaining('the image "https://x.example/a.png" is not from the media library'),
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('lets a body link the web over https, e-mail, phones, the site’s pages and its own media, and nothing else', () => {
    for (const target of ['https://example.org/', 'mailto:info@example.org', 'tel:+390612345', '/it/resources/kit/', '#sezione'])
      expect(linkProblem(target), target).toBeUndefined();
    for (const target of ['javascript:alert(1)', 'http://example.org/', 'annex.pdf', './annex.pdf', '//example.org/', 'data:text/html,x'])
      expect(linkProblem(target), target).toBeDefined();
    expect(mediaPath('https://cms.example.org/uploads/kit.pdf', ['https://cms.example.org/'])).toBe('/uploads/kit.pdf');
    expect(mediaPath('https://elsewhere.example/uploads/kit.pdf', ['https://cms.example.org'])).toBeUndefined();
    expect(mediaPath('/uploads/../admin')).toBeUndefined();
  });
});
