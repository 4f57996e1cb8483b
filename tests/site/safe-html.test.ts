import { describe, expect, it } from 'vitest';
import { plainText, safeHtml } from '../../site/lib/safe-html.ts';

describe('what a partner’s body may show a visitor', () => {
  it('loads images only from the portal’s media library: others become a link to them, or their text', () => {
    const html = safeHtml(
      [
        '<p><img src="/uploads/schema_1a2b.png" alt="Schema"></p>',
        '<p><img src="https://tracker.example.net/pixel.gif" alt="Logo del partner"></p>',
        '<p><img src="http://tracker.example.net/pixel.gif" alt="In chiaro"></p>',
        '<p><img src="//tracker.example.net/pixel.gif" alt="Senza schema"></p>',
        '<p><img src="data:image/gif;base64,R0lGOD" alt="Incorporata"></p>',
        '<p><img src="x" onerror="alert(1)"></p>',
      ].join(''),
    );
    expect(html).toBe(
      [
        // From the site's own origin, where the site server passes /media/ to the media library.
        '<p><img src="/media/schema_1a2b.png" alt="Schema" /></p>',
        '<p><a href="https://tracker.example.net/pixel.gif" rel="noreferrer">Logo del partner</a></p>',
        '<p><span>In chiaro</span></p>',
        '<p><span>Senza schema</span></p>',
        '<p><span>Incorporata</span></p>',
        '<p><span>x</span></p>',
      ].join(''),
    );
    expect(html.match(/<img /g)).toHaveLength(1);
  });

  it('brings a media-library file written with the CMS’s address onto the site’s origin', () => {
    const cms = process.env.PRAXIS_CMS_URL ?? 'http://127.0.0.1:1337';
    expect(safeHtml(`<p><img src="${cms}/uploads/schema_1a2b.png" alt="Schema"> <a href="${cms}/uploads/kit_ro.pdf">PDF</a></p>`)).toBe(
      '<p><img src="/media/schema_1a2b.png" alt="Schema" /> <a href="/media/kit_ro.pdf" rel="noreferrer">PDF</a></p>',
    );
  });

  it('keeps links to the web over https, e-mail, phones and the site’s own pages, and makes any other link its text', () => {
    const html = safeHtml(
      '<p><a href="https://example.org/">sito</a> <a href="mailto:info@example.org">posta</a> <a href="tel:+390612345">telefono</a> <a href="/it/resources/kit/">kit</a> <a href="#parte">parte</a> <a href="/uploads/kit_ro.pdf">PDF</a> ' +
        '<a href="annex.pdf">allegato</a> <a href="javascript:alert(1)">script</a> <a href="JaVaScRiPt:alert(1)">script</a> <a href="http://example.org/">in chiaro</a> <a href="//example.org/">senza schema</a></p>',
    );
    expect(html).toBe(
      '<p><a href="https://example.org/" rel="noreferrer">sito</a> <a href="mailto:info@example.org" rel="noreferrer">posta</a> <a href="tel:+390612345" rel="noreferrer">telefono</a> <a href="/it/resources/kit/" rel="noreferrer">kit</a> <a href="#parte" rel="noreferrer">parte</a> ' +
        `<a href="/media/kit_ro.pdf" rel="noreferrer">PDF</a> <span>allegato</span> <span>script</span> <span>script</span> <span>in chiaro</span> <span>senza schema</span></p>`,
    );
  });

  it('gives feeds text, never markup: tags go, and what remains is escaped so a reader shows it as written', () => {
    expect(plainText('Kit <img src=x onerror="alert(1)"><script>alert(2)</script>per <b>educatori</b> & formatori, 3 < 4')).toBe(
      'Kit per educatori &amp; formatori, 3 &lt; 4',
    );
  });
});
