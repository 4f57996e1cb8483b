import { describe, expect, it } from 'vitest';
import { fillShell, shellOf } from '../../cms/src/registration/site-shell.ts';

// An example of what the site build emits at /{locale}/registration/manage/, cut down.
const PAGE = [
  '<!DOCTYPE html><html lang="it-IT"><head><meta charset="utf-8">',
  '<link rel="stylesheet" href="/_astro/base.css"><script type="module" src="/_astro/page.js"></script>',
  '<script>if (a < b && c) document.documentElement.dataset.ready = "1";</script></head>',
  '<body><a href="//cdn.example.org/x">cdn</a> <a href="/it/" data-src="/kept">Home &amp; più</a>',
  '<main><div class="personal-slot" data-personal-slot><p>Apra il link della sua e-mail.</p></div></main>',
  '<form action="/api/search"><input name="q" hidden></form><img src="/media/logo.svg" alt="Il &quot;logo&quot;"></body></html>',
].join('');

describe('the site’s shell around the registrant’s pages', () => {
  const shell = shellOf(PAGE, 'https://site.example.org')!;
  const page = fillShell(shell, '<p>Persona di Esempio: $1 &amp; $&</p>');

  it('makes root-relative href, src and action absolute on the site’s origin, and nothing else', () => {
    expect(page).toContain('href="https://site.example.org/_astro/base.css"');
    expect(page).toContain('src="https://site.example.org/_astro/page.js"');
    expect(page).toContain('<a href="https://site.example.org/it/" data-src="/kept">Home &amp; più</a>');
    expect(page).toContain('action="https://site.example.org/api/search"');
    expect(page).toContain('src="https://site.example.org/media/logo.svg" alt="Il &quot;logo&quot;"');
    expect(page).toContain('href="//cdn.example.org/x"');
  });

  it('puts the personal part in the slot, in place of its default text, and leaves scripts as they were', () => {
    expect(page).toContain('<div class="personal-slot" data-personal-slot>\n<p>Persona di Esempio: $1 &amp; $&</p>\n</div></main>');
    expect(page).not.toContain('Apra il link');
    expect(page).toContain('<script>if (a < b && c) document.documentElement.dataset.ready = "1";</script>');
    expect(page.startsWith('<!DOCTYPE html><html lang="it-IT">')).toBe(true);
  });

  it('gives no shell for a page without a slot', () => {
    expect(shellOf('<!DOCTYPE html><html><body><main><p>Pagina non trovata</p></main></body></html>', 'https://site.example.org')).toBeUndefined();
  });
});
