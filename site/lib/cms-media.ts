/**
 * Where a visitor reaches what the CMS holds: always on the site's own origin. The site server
 * (`scripts/pipeline/site-server.ts`) passes `/api/` to the CMS and `/media/` to the media library
 * (the CMS's `/uploads/`, or the S3 store's public base URL), so a visitor who downloads a kit,
 * plays a video or registers for a webinar never lands on the CMS's origin, which has another
 * look, no quick exit and no helplines. The build itself reads the files from their source
 * (`mediaSourceUrl`).
 */
import { config } from '@praxis/contract/config';
import { countedDownloadUrl } from '@praxis/contract/counting';

/** The site's path for files of the media library: `/media/<key>`. */
export const MEDIA_ROUTE = '/media/';
/** The site's path for the CMS's API (the registration form, the availability of seats). */
export const API_ROUTE = '/api/';
/** The query parameter that makes `/media/<key>` answer as a download under the given file name. */
export const DOWNLOAD_PARAM = 'download';

/** Where the media library keeps its files on the CMS. */
const UPLOADS = '/uploads/';

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * Where the files of the media library are fetched from, by the build and by the site server:
 * the public base URL of the S3-compatible store when the CMS uploads there
 * (`PRAXIS_UPLOAD_PUBLIC_URL`), else the CMS's own `/uploads/`.
 *
 * @example mediaOrigin({ PRAXIS_CMS_URL: 'http://127.0.0.1:1337' }) // 'http://127.0.0.1:1337/uploads'
 */
export function mediaOrigin(env: NodeJS.ProcessEnv = process.env): string {
  const { PRAXIS_UPLOAD_PROVIDER: provider, PRAXIS_UPLOAD_PUBLIC_URL: store, PRAXIS_CMS_URL: cms } = config(env);
  return provider === 's3' && store ? store : `${cms}${trimSlash(UPLOADS)}`;
}

/** The CMS's addresses: as the build reads it, and as its admin is reached (`PRAXIS_CMS_PUBLIC_URL`). */
export function cmsOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
  return config(env).cmsOrigins;
}

/** The addresses the CMS may give a file of its media library under, and where the key starts. */
function mediaPrefixes(env: NodeJS.ProcessEnv): string[] {
  return [`${mediaOrigin(env)}/`, ...cmsOrigins(env).map((origin) => `${origin}${UPLOADS}`), UPLOADS];
}

/**
 * The key of a file of the media library (its name in the store, e.g. "kit_ro_2fe12f8208.pdf")
 * from the URL the CMS gives it ("/uploads/kit_ro_2fe12f8208.pdf", or an absolute address on the
 * CMS or the S3 store), or undefined for an address that is not the media library's.
 */
export function mediaKey(url: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return keyAfter(mediaPrefixes(env), url);
}

function keyAfter(prefixes: string[], url: string): string | undefined {
  const prefix = prefixes.find((candidate) => url.startsWith(candidate));
  const key = prefix === undefined ? undefined : url.slice(prefix.length);
  return key !== undefined && isMediaKey(key) ? key : undefined;
}

/** A key the site server passes on: path segments of plain characters, none of them `.` or `..`. */
export function isMediaKey(key: string): boolean {
  return /^[\w.~@+=-]+(?:\/[\w.~@+=-]+)*$/.test(key) && !key.split('/').some((segment) => /^\.+$/.test(segment));
}

/**
 * Where a visitor's browser loads a file of the media library (a poster, a caption track, a
 * video, an image in a body): on the site, `/media/<key>`. An address outside the media library
 * is returned as it is.
 *
 * @example mediaUrl('/uploads/poster_1a2b.jpg') // '/media/poster_1a2b.jpg'
 */
export function mediaUrl(url: string): string {
  const key = mediaKey(url);
  return key === undefined ? url : `${MEDIA_ROUTE}${key}`;
}

/**
 * A download link to a file of the media library: the site answers it with
 * `Content-Disposition: attachment` under `fileName`, so the page stays where it is and the file
 * is saved under a name a person recognises (e.g. the resource's slug and the file's language).
 *
 * @example downloadUrl('/uploads/kit_ro_2fe1.pdf', 'kit-prevenzione-ro.pdf') // '/media/kit_ro_2fe1.pdf?download=kit-prevenzione-ro.pdf'
 */
export function downloadUrl(url: string, fileName: string): string {
  const path = mediaUrl(url);
  return path === url ? url : `${path}?${DOWNLOAD_PARAM}=${encodeURIComponent(fileName)}`;
}

/**
 * A download link that is counted for `item` in the file's `language` (`@praxis/contract/counting`),
 * with or without JavaScript: the CMS counts and sends the browser on to `downloadUrl()`'s link.
 * A file outside the media library is linked as it is, uncounted.
 */
export function countedDownload(item: string, language: string, url: string, fileName: string): string {
  const path = downloadUrl(url, fileName);
  return path.startsWith(MEDIA_ROUTE) ? countedDownloadUrl(item, language, path) : path;
}

/** The file name a resource's download is saved under: its slug, the file's language, its extension ("kit-prevenzione-ro.pdf"). */
export function downloadName(slug: string, language: string, file: { name: string; ext?: string | null | undefined }): string {
  const ext = (file.ext || /\.[^.]+$/.exec(file.name)?.[0] || '').toLowerCase();
  return `${slug}-${language}${ext}`;
}

/** Where the build reads a file of the media library from (the field pack's files, the text of PDFs). */
export function mediaSourceUrl(url: string, env: NodeJS.ProcessEnv = process.env): string {
  return mediaSources(env)(url);
}

/**
 * `mediaSourceUrl` with the settings read once, for a loop over a catalogue's files: reading them
 * is most of a call, and a field pack asked for them at every file.
 */
export function mediaSources(env: NodeJS.ProcessEnv = process.env): (url: string) => string {
  const origin = mediaOrigin(env);
  const prefixes = mediaPrefixes(env);
  const cms = config(env).PRAXIS_CMS_URL;
  return (url) => {
    const key = keyAfter(prefixes, url);
    if (key !== undefined) return `${origin}/${key}`;
    return /^https?:\/\//.test(url) ? url : `${cms}${url}`;
  };
}

/**
 * The CMS's API as a visitor's browser reaches it: the site's own origin, where the site server
 * passes `/api/` on. Empty, so that the registration form's action and the availability fetch are
 * paths on whatever origin serves the page.
 */
export function cmsPublicUrl(): string {
  return '';
}
