import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSitemap } from '../../scripts/pipeline/sitemap.ts';

const site = 'https://praxis.example/';
let dir: string;

function page(path: string, head: string) {
  const file = join(dir, path, 'index.html');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `<!doctype html><html><head><meta charset="utf-8">${head}</head><body></body></html>`);
}

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the sitemap, read from the built pages', () => {
  it('lists each real translation with its localized slug as an alternate, and leaves fallback pages out', async () => {
    dir = mkdtempSync(join(tmpdir(), 'praxis-sitemap-'));
    const alternates =
      '<link rel="alternate" hreflang="it-IT" href="https://praxis.example/it/resources/guida/"><link rel="alternate" hreflang="ro-RO" href="https://praxis.example/ro/resources/ghid/">';
    page('it/resources/guida', alternates);
    page('ro/resources/ghid', alternates);
    // The Lithuanian page shows the Italian guide: a fallback, which asks not to be indexed.
    page('lt/resources/guida', '<meta name="robots" content="noindex, follow"><link rel="canonical" href="https://praxis.example/it/resources/guida/">');
    mkdirSync(join(dir, 'pagefind'), { recursive: true });
    writeFileSync(join(dir, '404.html'), '<!doctype html><title>404</title>');

    expect(await writeSitemap(dir, site)).toEqual({ listed: 2, excluded: 1, files: 1 });
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

  it('past the limit of URLs per file, writes the URLs in parts and makes sitemap.xml their index', async () => {
    dir = mkdtempSync(join(tmpdir(), 'praxis-sitemap-'));
    for (const slug of ['a', 'b', 'c', 'd', 'e']) page(`it/resources/${slug}`, '');

    expect(await writeSitemap(dir, site, { perFile: 2 })).toEqual({ listed: 5, excluded: 0, files: 3 });
    const index = readFileSync(join(dir, 'sitemap.xml'), 'utf8');
    expect(index).toContain('<sitemapindex');
    expect([...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1])).toEqual([1, 2, 3].map((part) => `${site}sitemap-${part}.xml`));
    const listed = [1, 2, 3].flatMap((part) =>
      [...readFileSync(join(dir, `sitemap-${part}.xml`), 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]),
    );
    expect(listed).toEqual(['a', 'b', 'c', 'd', 'e'].map((slug) => `${site}it/resources/${slug}/`));
    expect(readFileSync(join(dir, 'robots.txt'), 'utf8')).toContain('Sitemap: https://praxis.example/sitemap.xml');
  });

  it('reads a head longer than the first bytes of a page to its end', async () => {
    dir = mkdtempSync(join(tmpdir(), 'praxis-sitemap-'));
    // 20,000 bytes of styles, then (past the bytes read first, and after a two-byte character cut there) the alternates and noindex.
    const styles = `<style>${'é'.repeat(8_190)}${'a'.repeat(3_600)}</style>`;
    page('it/resources/guida', `${styles}<link rel="alternate" hreflang="lt-LT" href="https://praxis.example/lt/resources/gidas/">`);
    page('lt/resources/guida', `${styles}<meta name="robots" content="noindex">`);

    expect(await writeSitemap(dir, site)).toEqual({ listed: 1, excluded: 1, files: 1 });
    expect(readFileSync(join(dir, 'sitemap.xml'), 'utf8')).toContain('hreflang="lt-LT" href="https://praxis.example/lt/resources/gidas/"');
  });

  it('writes more than a thousand URLs whole, and says why when it cannot', async () => {
    dir = mkdtempSync(join(tmpdir(), 'praxis-sitemap-'));
    const slugs = Array.from({ length: 1_201 }, (_, n) => `kit-${String(n).padStart(4, '0')}`);
    for (const slug of slugs) page(`it/resources/${slug}`, '');

    expect(await writeSitemap(dir, site)).toEqual({ listed: 1_201, excluded: 0, files: 1 });
    const xml = readFileSync(join(dir, 'sitemap.xml'), 'utf8');
    expect([...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1])).toEqual(slugs.map((slug) => `${site}it/resources/${slug}/`));
    expect(xml.match(/<url>/g)).toHaveLength(1_201);
    expect(xml.endsWith('  </url>\n</urlset>\n')).toBe(true);

    // A folder where the file should go: the build fails with the reason, not a silent half-written sitemap.
    rmSync(join(dir, 'sitemap.xml'));
    mkdirSync(join(dir, 'sitemap.xml'));
    await expect(writeSitemap(dir, site)).rejects.toThrow(/EISDIR/);
  });
});
