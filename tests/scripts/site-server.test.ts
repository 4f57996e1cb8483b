import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSiteServer, type RunningSiteServer } from '../../scripts/pipeline/site-server.ts';

/** A request as sent on the wire, path untouched (fetch would resolve `/../` before sending it). */
function raw(url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A release on disk: a page, the 404 page, a hashed and an unhashed asset. */
function writeRelease(dir: string, title: string) {
  mkdirSync(join(dir, 'it', 'resources'), { recursive: true });
  mkdirSync(join(dir, '_astro'), { recursive: true });
  writeFileSync(join(dir, 'it', 'index.html'), `<h1>${title}</h1>`);
  writeFileSync(join(dir, 'it', 'resources', 'index.html'), '<h1>Risorse</h1>');
  writeFileSync(join(dir, '404.html'), '<h1>Pagina non trovata</h1>');
  writeFileSync(join(dir, '_astro', 'Base.Bz3kQ1_a.css'), 'body{}');
  writeFileSync(join(dir, '_astro', 'search-ui.js'), 'export {}');
  mkdirSync(join(dir, 'images'), { recursive: true });
  writeFileSync(join(dir, 'images', '0123456789abcdef0123-640.avif'), 'avif');
}

describe('the site server', () => {
  let sites: string;
  let cms: Server;
  let cmsUrl: string;
  /** What the CMS received, by path. */
  const received = new Map<string, { method: string; headers: IncomingMessage['headers']; body: string }>();
  let site: RunningSiteServer;

  beforeAll(async () => {
    sites = mkdtempSync(join(tmpdir(), 'praxis-site-server-'));
    writeRelease(join(sites, 'releases', 'one'), 'Prima versione');
    // Beside the releases, never served.
    writeFileSync(join(sites, 'secret.txt'), 'not for visitors');
    symlinkSync(join('releases', 'one'), join(sites, 'current'));

    // A CMS on loopback: the other side of the proxy, answering as Strapi does.
    cms = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        received.set(req.url!, { method: req.method!, headers: req.headers, body });
        if (req.url === '/api/webinars/demo/registrations' && req.method === 'POST') {
          res.writeHead(303, { Location: 'http://127.0.0.1:4321/pt/registration/confirmed/' });
          return void res.end();
        }
        if (req.url === '/api/webinars/full/registrations') {
          res.writeHead(409, { 'Content-Type': 'application/json' });
          return void res.end(JSON.stringify({ outcome: 'full', echo: body }));
        }
        if (req.url === '/uploads/kit_ro_1a2b.pdf') {
          if (req.headers['if-none-match'] === '"kit-1"') {
            res.writeHead(304, { ETag: '"kit-1"' });
            return void res.end();
          }
          res.writeHead(200, {
            'Content-Type': 'application/pdf',
            'Set-Cookie': 'store=1',
            'Content-Length': '9',
            ETag: '"kit-1"',
            'X-Amz-Request-Id': 'store-internal',
          });
          return void res.end('%PDF-1.7\n');
        }
        if (req.url === '/uploads/video_3c4d.mp4') {
          const bytes = Buffer.from('0123456789');
          if (req.headers.range === 'bytes=2-5') {
            res.writeHead(206, { 'Content-Type': 'video/mp4', 'Content-Range': 'bytes 2-5/10', 'Content-Length': '4', 'Accept-Ranges': 'bytes' });
            return void res.end(bytes.subarray(2, 6));
          }
          res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': '10' });
          return void res.end(bytes);
        }
        if (req.url === '/uploads/page_5e6f.html') {
          res.writeHead(200, { 'Content-Type': 'text/html' });
          return void res.end('<script>alert(1)</script>');
        }
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end('{"error":"not found"}');
      });
    });
    await new Promise<void>((resolve) => cms.listen(0, '127.0.0.1', resolve));
    cmsUrl = `http://127.0.0.1:${(cms.address() as AddressInfo).port}`;
    site = await startSiteServer({ root: join(sites, 'current'), cmsUrl, mediaOrigin: `${cmsUrl}/uploads`, port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await site?.close();
    await new Promise((resolve) => cms?.close(resolve));
    rmSync(sites, { recursive: true, force: true });
  });

  it('serves the live release, and the next one as soon as the link is swapped', async () => {
    const first = await fetch(`${site.url}/it/`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/html;charset=utf-8');
    expect(await first.text()).toBe('<h1>Prima versione</h1>');

    writeRelease(join(sites, 'releases', 'two'), 'Seconda versione');
    symlinkSync(join('releases', 'two'), join(sites, 'current.next'));
    renameSync(join(sites, 'current.next'), join(sites, 'current'));
    expect(await (await fetch(`${site.url}/it/`)).text()).toBe('<h1>Seconda versione</h1>');
  });

  it('redirects a folder to its trailing slash, keeping the query', async () => {
    const response = await fetch(`${site.url}/it/resources?page=2`, { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/it/resources/?page=2');
    // Never to another host: `//it/` would be one.
    const doubled = await raw(site.url, '/%2Fit');
    expect(doubled.status).toBe(301);
    expect(doubled.headers.location).toBe('/it/');
  });

  it('caches hashed assets for a year and has the browser revalidate everything else', async () => {
    const hashed = await fetch(`${site.url}/_astro/Base.Bz3kQ1_a.css`);
    expect(hashed.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(hashed.headers.get('content-type')).toBe('text/css');
    const unhashed = await fetch(`${site.url}/_astro/search-ui.js`);
    expect(unhashed.headers.get('cache-control')).toBe('no-cache');
    expect(unhashed.headers.get('content-type')).toBe('text/javascript');
    const etag = unhashed.headers.get('etag')!;
    expect((await fetch(`${site.url}/_astro/search-ui.js`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    // A picture of the image step, named by its content hash and width.
    const picture = await fetch(`${site.url}/images/0123456789abcdef0123-640.avif`);
    expect(picture.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(picture.headers.get('content-type')).toBe('image/avif');
  });

  it('answers an unknown path with the 404 page', async () => {
    const response = await fetch(`${site.url}/it/nowhere/`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe('<h1>Pagina non trovata</h1>');
  });

  it('never reads a file outside the release, however the path climbs', async () => {
    for (const path of [
      '/../secret.txt',
      '/it/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/it/..%2f..%2fsecret.txt',
      '/../releases/one/it/index.html',
    ]) {
      const response = await raw(site.url, path);
      expect(response.status, path).toBe(404);
      expect(response.body, path).not.toContain('not for visitors');
      expect(response.body, path).not.toContain('Prima versione');
    }
  });

  it('passes a form post to the CMS, streams its body, returns its redirect as it is and tells it who the visitor is', async () => {
    const response = await fetch(`${site.url}/api/webinars/demo/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.7' },
      body: 'name=Ana&email=ana%40example.org',
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('http://127.0.0.1:4321/pt/registration/confirmed/');
    const seen = received.get('/api/webinars/demo/registrations')!;
    expect(seen.method).toBe('POST');
    expect(seen.body).toBe('name=Ana&email=ana%40example.org');
    expect(seen.headers['content-type']).toBe('application/x-www-form-urlencoded');
    // The visitor's own address is appended last, where the CMS (PRAXIS_PROXY_COUNT=1) reads it:
    // what the visitor claims before it is not trusted.
    expect(seen.headers['x-forwarded-for']).toBe('203.0.113.7,127.0.0.1');
  });

  it('passes the CMS status and body back as they are', async () => {
    const response = await fetch(`${site.url}/api/webinars/full/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"Ana"}',
    });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ outcome: 'full', echo: '{"name":"Ana"}' });
    expect((await fetch(`${site.url}/api/nothing`)).status).toBe(404);
  });

  it('serves a download from the media library as an attachment under its name, with none of the store’s own headers', async () => {
    const response = await fetch(`${site.url}/media/kit_ro_1a2b.pdf?download=${encodeURIComponent('kit-prevenzione-ro.pdf')}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename=kit-prevenzione-ro.pdf');
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('x-amz-request-id')).toBeNull();
    expect(response.headers.get('etag')).toBe('"kit-1"');
    expect(await response.text()).toBe('%PDF-1.7\n');
    // A browser that has the file already is told so.
    expect((await fetch(`${site.url}/media/kit_ro_1a2b.pdf`, { headers: { 'if-none-match': '"kit-1"' } })).status).toBe(304);
    // The store is asked for the file alone.
    expect(received.has('/uploads/kit_ro_1a2b.pdf')).toBe(true);
  });

  it('names a download with letters outside ASCII as RFC 6266 and 5987 say', async () => {
    const response = await fetch(`${site.url}/media/kit_ro_1a2b.pdf?download=${encodeURIComponent('Relatório final/ș.pdf')}`);
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="Relat?rio final-?.pdf"; filename*=UTF-8''Relat%C3%B3rio%20final-%C8%99.pdf`,
    );
  });

  it('serves video inline with ranges, so that a player can seek, and anything a browser would run as a download', async () => {
    const part = await fetch(`${site.url}/media/video_3c4d.mp4`, { headers: { range: 'bytes=2-5' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(part.headers.get('content-disposition')).toBe('inline');
    expect(await part.text()).toBe('2345');
    const html = await fetch(`${site.url}/media/page_5e6f.html`);
    expect(html.headers.get('content-disposition')).toBe('attachment');
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers a file the media library does not have with the 404 page', async () => {
    const response = await fetch(`${site.url}/media/gone_7a8b.pdf?download=gone.pdf`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-disposition')).toBeNull();
    expect(await response.text()).toBe('<h1>Pagina non trovata</h1>');
  });

  it('passes no path outside the media library to the store, nor outside the API to the CMS', async () => {
    for (const path of [
      '/media/../admin',
      '/media/%2e%2e/admin',
      '/media/a/../../admin',
      '/media/',
      '/media/x%2f..%2f..%2fadmin',
      '/api/%2e%2e/admin',
      '/api/x/%2e%2e%2f%2e%2e%2fadmin',
      '/api/%5c..%5cadmin',
    ]) {
      const response = await raw(site.url, path);
      expect(response.status, path).toBe(404);
    }
    expect([...received.keys()].filter((path) => path.includes('admin'))).toEqual([]);
  });
});
