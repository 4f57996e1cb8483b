/**
 * The pictures of the site (resources' covers, organisations' logos, funders' emblems) as the
 * publish pipeline's image step (`scripts/pipeline/images.ts`) makes them and the pages
 * (`components/Picture.astro`) name them: each image of the media library, once per content, at a
 * few fixed widths, in AVIF, WebP and its own format, under `/images/<hash>-<width>.<ext>`. The
 * names follow from the image's bytes and the width alone, so a page names the same files whether
 * it was rendered now or copied from the last build.
 */
import { buildChannel } from './build-channel.ts';

/** Where the release serves the pictures. */
export const PICTURE_ROUTE = '/images/';

/**
 * The widths made of every picture, in pixels, at most its own: an emblem shown at 72 CSS px at two
 * device pixels a CSS pixel, a card's cover at 320 and a page's at 640, at one and two.
 */
const LADDER = [144, 320, 640, 1280];

/** The modern formats, best first; a `<source>` each. */
export const PICTURE_FORMATS = ['avif', 'webp'] as const;

/** An image as the image step has made it: its content hash and its size in pixels. */
export interface PreparedPicture {
  /** The first 20 hex digits of the SHA-256 of its bytes. */
  hash: string;
  width: number;
  height: number;
  /** The format of its fallback `<img>`: "jpg" for a JPEG, "png" for anything else. */
  fallback: 'jpg' | 'png';
}

/** The widths made of an image `width` pixels wide: the ladder's below it, and its own up to the ladder's top. */
export function pictureWidths(width: number): number[] {
  const widths = LADDER.filter((step) => step < width);
  if (width <= LADDER.at(-1)!) widths.push(width);
  return widths;
}

/** The format of the fallback `<img>` of an image of this MIME type. */
export function fallbackFormat(mime: string): PreparedPicture['fallback'] {
  return mime === 'image/jpeg' ? 'jpg' : 'png';
}

/** The path of a made picture in the release: named by its bytes, so it never changes (cached for a year). */
export const PICTURE_PATH = /^\/images\/[0-9a-f]{20}-\d+\.(?:avif|webp|jpg|png)$/;

/** The file name of one variant, e.g. "3f1a…-640.avif". */
export function pictureFile(hash: string, width: number, ext: string): string {
  return `${hash}-${width}.${ext}`;
}

/**
 * The image at `url` of the media library as the image step prepared it for this build, or
 * undefined outside the publish pipeline (a preview, `astro build` run alone).
 */
export function preparedPicture(url: string): PreparedPicture | undefined {
  return buildChannel()?.picture?.(url);
}
