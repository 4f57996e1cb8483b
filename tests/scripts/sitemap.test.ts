import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSitemap } from '../../scripts/lib/sitemap.ts';

const site = 'https://praxis.example/';
let dir: string;

function page(path: string, head: string) {
  const file = join(dir, path, 'index.html');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `<!doctype html><html><head><meta charset="utf-8">${head}</head><body></body></html>`);
}

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the sitemap, read from the built pages', () => {
  it('lists each real translation with its localized slug as an alternate, and leaves fallback pages out', () => {
    dir = mkdtempSync(join(tmpdir(), 'praxis-sitemap-'));
    const alternates = '<link rel="alternate" hreflang="it-IT" href="https://praxis.example/it/resources/guida/"><link rel="alternate" hreflang="ro-RO" href="https://praxis.example/ro/resources/ghid/">';
    page('it/resources/guida', alternates);
    page('ro/resources/ghid', alternates);
    // The Lithuanian page shows the Italian guide: a fallback, which asks not to be indexed.
    page('lt/resources/guida', '<meta name="robots" content="noindex, follow"><link rel="canonical" href="https://praxis.example/it/resources/guida/">');
    mkdirSync(join(dir, 'pagefind'), { recursive: true });
    writeFileSync(join(dir, '404.html'), '<!doctype html><title>404</title>');

    expect(writeSitemap(dir, site)).toEqual({ listed: 2, excluded: 1 });
    const xml = readFileSync(join(dir, 'sitemap.xml'), 'utf8');
    expect(xml).not.toContain('/lt/');
    expect(xml).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
        <url>
          <loc>https://praxis.example/it/resources/guida/</loc>
          <xhtml:link rel="alternate" hreflang="it-IT" href="https://praxis.example/it/resources/guida/"/>
          <xhtml:link rel="alternate" hreflang="ro-RO" href="https://praxis.example/ro/resources/ghid/"/>
        </url>
        <url>
          <loc>https://praxis.example/ro/resources/ghid/</loc>
          <xhtml:link rel="alternate" hreflang="it-IT" href="https://praxis.example/it/resources/guida/"/>
          <xhtml:link rel="alternate" hreflang="ro-RO" href="https://praxis.example/ro/resources/ghid/"/>
        </url>
      </urlset>
      "
    `);
    expect(readFileSync(join(dir, 'robots.txt'), 'utf8')).toContain('Sitemap: https://praxis.example/sitemap.xml');
  });
});
