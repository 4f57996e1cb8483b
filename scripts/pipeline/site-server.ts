/**
 * The Praxis site server: everything a visitor gets comes from the site's own origin.
 *
 * - The live release: the files of `root` (the publisher's `current` link, looked up at every
 *   request, so a release swapped in is live at once), served by `sirv`; a directory without its
 *   trailing slash is redirected to it, an unknown path gets the release's `404.html` with 404,
 *   Astro's hashed `_astro/` assets and the pictures (`/images/`, named by their bytes) are cached
 *   for a year, everything else is revalidated.
 * - `/api/` is passed to the CMS (bodies streamed both ways, status, redirects and cookies as the
 *   CMS sends them), with the visitor's address added to `X-Forwarded-For`: the CMS, started with
 *   `PRAXIS_BEHIND_PROXY=true`, counts its registration rate limit per visitor, not per site server.
 * - `/media/<key>` is passed to the media library (`mediaOrigin`: the CMS's `/uploads/`, or the
 *   S3 store's public base URL). Range requests pass, so a video seeks; `?download=<name>` answers
 *   with `Content-Disposition: attachment` under that name, so a download leaves the page where it
 *   is. Files are proxied rather than copied into each release: a publish costs nothing per file,
 *   the three releases kept on disk hold no copies of 500 MB videos, and the S3 mode works the same.
 *
 * - `/<locale>/preview/` is passed to the preview renderer (`previewUrl`, `preview-renderer.ts`), when there
 *   is one: a draft shown with the site's own pages, to whoever holds a signed link from the admin.
 *   Its answers are never cached and never indexed; without a renderer the path is the site's 404.
 *
 * Any server or CDN in front of Praxis can do the same: serve `current`, route `/api/` to the CMS
 * and `/media/` to the uploads (README, "Serving the site").
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, resolve, sep } from 'node:path';
import { create as contentDisposition } from 'content-disposition';
import { ProxyServer } from 'http-proxy-3';
import sirv from 'sirv';
import { API_ROUTE, DOWNLOAD_PARAM, isMediaKey, MEDIA_ROUTE } from '../../site/lib/cms-media.ts';
import { PICTURE_PATH } from '../../site/lib/pictures.ts';
import { isPreviewPath } from '../../site/preview/preview-route.ts';

export interface SiteServerOptions {
  /** The folder served: the publisher's `current` link, or a built site. */
  root: string;
  /** The CMS, where `/api/` goes (`PRAXIS_CMS_URL`). */
  cmsUrl: string;
  /** Where `/media/<key>` is fetched from (`mediaOrigin()` of `site/lib/cms-media.ts`). */
  mediaOrigin: string;
  /** The preview renderer, where `/preview/` goes; none: previews are not served. */
  previewUrl?: string | undefined;
}

/** Astro's hashed asset names ("Base.Bz3kQ1_a.css"); `_astro/search-ui.js` keeps one name and is revalidated. */
const HASHED_ASSET = /^\/_astro\/.+\.[\w-]{8,}\.\w+$/;
const YEAR = 'public, max-age=31536000, immutable';
/** Pages and the search bundles change with every release: the browser asks again each time (ETag). */
const REVALIDATE = 'no-cache';

/** What the site passes on of the media library's answer: the file's own description. */
const MEDIA_HEADERS = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'etag', 'last-modified', 'cache-control', 'expires'];

/** Types a browser may show inside the page; any other file from the media library is a download. */
const INLINE_TYPES = /^(?:image\/(?:jpeg|png|webp|avif)|video\/(?:mp4|webm)|text\/vtt|application\/pdf)\b/;

/** The file name of a `?download=` link, reduced to what a file system accepts; undefined when nothing is left. */
function downloadName(value: string | null): string | undefined {
  const name = value
    ?.replace(/[\p{Cc}\p{Cf}/\\:*?"<>|]+/gu, '-')
    .replace(/^[.\s-]+/, '')
    .slice(0, 200);
  return name || undefined;
}

/** The path of a request, decoded, or undefined when it cannot be decoded. */
function requestPath(req: IncomingMessage): { pathname: string; search: string } | undefined {
  const url = new URL(req.url ?? '/', 'http://site.invalid');
  try {
    return { pathname: decodeURIComponent(url.pathname), search: url.search };
  } catch {
    return undefined;
  }
}

export function createSiteServer({ root, cmsUrl, mediaOrigin, previewUrl }: SiteServerOptions): Server {
  // Not resolved through the link: `current` is followed again at every request.
  const base = resolve(root);
  const inside = (path: string) => {
    const abs = normalize(join(base, path));
    return abs === base || abs.startsWith(base + sep) ? abs : undefined;
  };

  const notFound = (_req: IncomingMessage, res: ServerResponse) => {
    const page = join(base, '404.html');
    res.statusCode = 404;
    res.setHeader('Cache-Control', REVALIDATE);
    if (!existsSync(page)) return void res.end('Not found');
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(readFileSync(page));
  };

  const files = sirv(base, {
    // Looked up on disk at every request (sirv's `dev` mode), as the release behind `current` changes.
    dev: true,
    etag: true,
    extensions: ['html'],
    // The compressed copies written beside scripts, styles and search data (`precompress.ts`).
    brotli: true,
    gzip: true,
    setHeaders(res, pathname) {
      res.setHeader('Cache-Control', HASHED_ASSET.test(pathname) || PICTURE_PATH.test(pathname) ? YEAR : REVALIDATE);
      res.setHeader('X-Content-Type-Options', 'nosniff');
    },
    onNoMatch: notFound,
  });

  /** Requests for the media library, with the file name of a download (null: shown inline). */
  const media = new WeakMap<IncomingMessage, string | null>();
  const proxy = new ProxyServer({ xfwd: true, changeOrigin: true, proxyTimeout: 120_000 });
  proxy.on('error', (error, _req, res) => {
    const response = res as ServerResponse;
    if (response.headersSent) return void response.destroy(error as Error);
    response.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end('The portal cannot reach this service right now. Please try again in a moment.');
  });
  // What the media library answers, as the site's own file: only the headers that describe the
  // file (no cookie or header of the store's), a download under the name its link gives, and a
  // file the library does not have is the site's 404 page.
  proxy.on('proxyRes', (proxyRes, req, res) => {
    const download = media.get(req);
    if (download === undefined) return;
    const response = res as ServerResponse;
    if (proxyRes.statusCode === 404 || proxyRes.statusCode === 403) {
      proxyRes.resume();
      return notFound(req, response);
    }
    const headers: Record<string, string | string[]> = {};
    for (const name of MEDIA_HEADERS) {
      const value = proxyRes.headers[name];
      if (value !== undefined) headers[name] = value;
    }
    headers['x-content-type-options'] = 'nosniff';
    headers['content-disposition'] =
      download !== null ? contentDisposition(download) : INLINE_TYPES.test(String(headers['content-type'] ?? '')) ? 'inline' : 'attachment';
    response.writeHead(proxyRes.statusCode ?? 502, headers);
    proxyRes.pipe(response);
  });

  return createServer((req, res) => {
    const path = requestPath(req);
    // Browsers resolve `.` and `..` before they ask: a path that still holds them (written
    // encoded, `%2e%2e`), or a backslash, is trying to climb out of the release or past the routes
    // below, and is nothing the site has.
    if (path === undefined || /(?:^|\/)\.{1,2}(?:\/|$)|\\/.test(path.pathname) || inside(path.pathname) === undefined) return notFound(req, res);
    const { pathname, search } = path;

    if (pathname.startsWith(API_ROUTE)) return void proxy.web(req, res, { target: cmsUrl });

    if (previewUrl && isPreviewPath(pathname)) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return notFound(req, res);
      // The renderer needs the link's query only: the visitor's cookies and credentials stay here.
      delete req.headers.cookie;
      delete req.headers.authorization;
      return void proxy.web(req, res, { target: previewUrl });
    }

    if (pathname.startsWith(MEDIA_ROUTE)) {
      const key = pathname.slice(MEDIA_ROUTE.length);
      if (!isMediaKey(key) || (req.method !== 'GET' && req.method !== 'HEAD')) return notFound(req, res);
      media.set(req, downloadName(new URLSearchParams(search).get(DOWNLOAD_PARAM)) ?? null);
      // The store sees the file's key only, never the visitor's query, cookies or credentials.
      req.url = `/${key}`;
      delete req.headers.cookie;
      delete req.headers.authorization;
      return void proxy.web(req, res, { target: mediaOrigin, selfHandleResponse: true });
    }

    // Astro writes every page as a folder (`trailingSlash: 'always'`): `/it/resources` is `/it/resources/`.
    if (!pathname.endsWith('/')) {
      const abs = inside(pathname)!;
      if (existsSync(join(abs, 'index.html')) && statSync(abs).isDirectory()) {
        // One leading slash: `//host/` would send the visitor to another site.
        res.writeHead(301, { Location: `${encodeURI(`/${pathname.replace(/^\/+/, '')}`)}/${search}`, 'Cache-Control': REVALIDATE });
        return void res.end();
      }
    }
    files(req, res, () => notFound(req, res));
  });
}

export interface RunningSiteServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Starts the site server on `port` (0: a free one) and `host`. */
export async function startSiteServer(options: SiteServerOptions & { port: number; host: string }): Promise<RunningSiteServer> {
  const server = createSiteServer(options);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
