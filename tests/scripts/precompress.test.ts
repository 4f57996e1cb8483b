import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressAssets } from '../../scripts/pipeline/precompress.ts';
import { startSiteServer, type RunningSiteServer } from '../../scripts/pipeline/site-server.ts';

/** A script of some size, different for each `seed`. */
const script = (seed: string) => Array.from({ length: 400 }, (_, i) => `export const value${i} = '${seed}-${i}';`).join('\n');

/** The raw answer, bytes as sent on the wire (fetch would decode them). */
function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('compressed copies of scripts, styles and search data', () => {
  let dir: string;
  let release: string;
  let cache: string;
  let site: RunningSiteServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'praxis-precompress-'));
    release = join(dir, 'release');
    cache = join(dir, 'cache');
    mkdirSync(join(release, '_astro'), { recursive: true });
    mkdirSync(join(release, 'pagefind', 'it'), { recursive: true });
    mkdirSync(join(release, 'it'), { recursive: true });
    writeFileSync(join(release, '_astro', 'search-ui.js'), script('one'));
    writeFileSync(join(release, 'pagefind', 'it', 'pagefind.js'), script('pagefind'));
    writeFileSync(join(release, 'pagefind', 'it', 'pagefind-entry.json'), '{"version":"1"}');
    writeFileSync(join(release, 'it', 'index.html'), `<h1>Benvenuti</h1>${'<p>testo</p>'.repeat(200)}`);
    site = await startSiteServer({ root: release, cmsUrl: 'http://127.0.0.1:9', mediaOrigin: 'http://127.0.0.1:9/uploads', port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await site?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes Brotli and gzip copies that decode to the file, leaving small files and pages alone', () => {
    const report = precompressAssets(release, cache);
    expect(report.files).toBe(2);
    expect(report.compressed).toBe(4);
    for (const file of [join(release, '_astro', 'search-ui.js'), join(release, 'pagefind', 'it', 'pagefind.js')]) {
      const plain = readFileSync(file);
      expect(brotliDecompressSync(readFileSync(`${file}.br`)).equals(plain)).toBe(true);
      expect(gunzipSync(readFileSync(`${file}.gz`)).equals(plain)).toBe(true);
      expect(statSync(`${file}.br`).size).toBeLessThan(plain.length / 3);
    }
    expect(report.brotliBytes).toBeLessThan(report.plainBytes / 3);
    expect(existsSync(join(release, 'pagefind', 'it', 'pagefind-entry.json.br'))).toBe(false);
    expect(existsSync(join(release, 'it', 'index.html.br'))).toBe(false);
  });

  it('sends the compressed copy to a browser that accepts it, and the file to one that does not', async () => {
    const plain = readFileSync(join(release, '_astro', 'search-ui.js'));
    const brotli = await get(`${site.url}/_astro/search-ui.js`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(brotli.status).toBe(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['content-type']).toMatch(/javascript/);
    expect(brotli.headers.vary).toMatch(/Accept-Encoding/i);
    expect(brotliDecompressSync(brotli.body).equals(plain)).toBe(true);
    const gzip = await get(`${site.url}/_astro/search-ui.js`, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(plain)).toBe(true);
    const identity = await get(`${site.url}/_astro/search-ui.js`);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.body.equals(plain)).toBe(true);
    const page = await get(`${site.url}/it/`, { 'accept-encoding': 'br' });
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('Benvenuti');
  });

  it('compresses only what changed, never writes into a file an older release shares, and drops copies of removed files', () => {
    const file = join(release, '_astro', 'search-ui.js');
    // An older release holding the same copy by a hard link, as reused files are.
    const older = join(dir, 'older-search-ui.js.br');
    linkSync(`${file}.br`, older);
    const olderBytes = readFileSync(older);

    const unchanged = precompressAssets(release, cache);
    expect(unchanged.compressed).toBe(0);
    expect(unchanged.files).toBe(2);

    writeFileSync(file, script('two'));
    rmSync(join(release, 'pagefind', 'it', 'pagefind.js'));
    const changed = precompressAssets(release, cache);
    expect(changed.compressed).toBe(2);
    expect(changed.files).toBe(1);
    expect(brotliDecompressSync(readFileSync(`${file}.br`)).toString()).toBe(script('two'));
    expect(readFileSync(older).equals(olderBytes)).toBe(true);
    expect(existsSync(join(release, 'pagefind', 'it', 'pagefind.js.br'))).toBe(false);
    expect(existsSync(join(release, 'pagefind', 'it', 'pagefind.js.gz'))).toBe(false);
  });
});
