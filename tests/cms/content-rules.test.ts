import { describe, expect, it } from 'vitest';
import { bodyProblems, bodyTargets, linkProblem, mediaPath, slugProblem, urlProblem } from '../../cms/src/content-rules/contract.mts';

describe('the content contract the CMS and the site share', () => {
  it('takes slugs of lowercase words joined by single hyphens, and says why it refuses the others', () => {
    expect(slugProblem('guida-per-operatori-2')).toBeUndefined();
    for (const slug of ['HC_Bad.Slug~x', 'guida--doppia', '-guida', 'guida-', 'guida per operatori', 'ghidul-școlii', '']) expect(slugProblem(slug), slug).toBeDefined();
    expect(slugProblem('HC_Bad.Slug~x')).toMatchInlineSnapshot(`"the slug "HC_Bad.Slug~x" is not one the site can use: lowercase letters a-z and digits, in words joined by single hyphens, e.g. "guida-per-operatori""`);
  });

  it('takes only https addresses in a website field, whatever the case or the spaces around the scheme', () => {
    expect(urlProblem('https://www.example.org/chi-siamo', ['https:'])).toBeUndefined();
    for (const value of ['javascript:alert(1)', 'JavaScript:alert(1)', 'java\tscript:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>1</script>', 'http://example.org/', 'www.example.org', '//example.org/', 'https://user:secret@example.org/', 'mailto:info@example.org', 'vbscript:x']) {
      expect(urlProblem(value, ['https:']), value).toBeDefined();
    }
    expect(urlProblem('javascript:alert(1)', ['https:'])).toMatchInlineSnapshot(`""javascript:alert(1)" uses javascript: where only https: addresses are allowed"`);
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
    for (const target of ['https://example.org/', 'mailto:info@example.org', 'tel:+390612345', '/it/resources/kit/', '#sezione']) expect(linkProblem(target), target).toBeUndefined();
    for (const target of ['javascript:alert(1)', 'http://example.org/', 'annex.pdf', './annex.pdf', '//example.org/', 'data:text/html,x']) expect(linkProblem(target), target).toBeDefined();
    expect(mediaPath('https://cms.example.org/uploads/kit.pdf', ['https://cms.example.org/'])).toBe('/uploads/kit.pdf');
    expect(mediaPath('https://elsewhere.example/uploads/kit.pdf', ['https://cms.example.org'])).toBeUndefined();
    expect(mediaPath('/uploads/../admin')).toBeUndefined();
  });
});
