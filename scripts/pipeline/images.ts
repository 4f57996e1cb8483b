/**
 * The publish pipeline's image step: every picture the pages show (a resource's cover, an
 * organisation's logo, a funder's emblem) is made at the widths of `site/lib/pictures.ts`, in AVIF,
 * WebP and its own format (JPEG, else PNG), with sharp, and served from the release under
 * `/images/<hash>-<width>.<ext>`, the hash being that of the image's bytes.
 *
 * It runs in Astro's process (`astro-build.ts`), between the content loader's sync and the pages:
 * the loader names the images its entries hold (`picturesUsed`), the step makes what is missing,
 * and the pages ask it for each image's hash and size (`picture`). Made files are kept in the data
 * folder (`<data>/images/`) with an index of the images already read (by their key in the media
 * library and size), so an unchanged image is neither downloaded nor encoded again; after the
 * build, the files of the images this build used are hard-linked into the release.
 */
import { createHash } from 'node:crypto';
import { existsSync, linkSync, copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { mediaSourceUrl } from '../../site/lib/cms-media.ts';
import { fallbackFormat, PICTURE_FORMATS, PICTURE_ROUTE, pictureFile, pictureWidths, type PreparedPicture } from '../../site/lib/pictures.ts';

/** What the step did in one build. */
export interface ImageReport {
  /** Images the pages show. */
  images: number;
  /** Variant files encoded by this build. */
  encoded: number;
  /** Variant files found already made in the cache. */
  reused: number;
}

/** The index of the cache: an image's URL in the media library → what was made of it. */
type Index = Record<string, PreparedPicture>;

const INDEX = 'index.json';

type Sharp = ReturnType<typeof sharp>;

/** Encoder settings: visually close to the original at a fraction of its bytes. */
const ENCODE = {
  avif: (image: Sharp) => image.avif({ quality: 55, effort: 4 }),
  webp: (image: Sharp) => image.webp({ quality: 75 }),
  jpg: (image: Sharp) => image.jpeg({ quality: 78, mozjpeg: true }),
  png: (image: Sharp) => image.png({ compressionLevel: 9, palette: true }),
} as const;

export class ImageStep {
  private readonly cacheDir: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly index: Index;
  private readonly preparing = new Map<string, Promise<PreparedPicture>>();
  private readonly used = new Map<string, PreparedPicture>();
  private encoded = 0;
  private reused = 0;

  /** `cacheDir`: where made files and the index are kept between builds; `env`: where the media library is read. */
  constructor(cacheDir: string, env: NodeJS.ProcessEnv = process.env) {
    this.cacheDir = cacheDir;
    this.env = env;
    mkdirSync(cacheDir, { recursive: true });
    const path = join(cacheDir, INDEX);
    this.index = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Index) : {};
  }

  /** Makes what is missing of these images; throws naming the image that could not be read. */
  async prepare(images: { url: string; mime: string }[]): Promise<void> {
    await Promise.all(images.map((image) => this.prepareOne(image)));
  }

  /** An image prepared by this build, by its URL in the media library. */
  picture(url: string): PreparedPicture | undefined {
    return this.used.get(url);
  }

  report(): ImageReport {
    return { images: this.used.size, encoded: this.encoded, reused: this.reused };
  }

  /** Hard-links the files of every image this build used into `outDir/images/`, and saves the index. */
  linkInto(outDir: string): void {
    const target = join(outDir, PICTURE_ROUTE);
    mkdirSync(target, { recursive: true });
    for (const picture of this.used.values()) {
      for (const file of variantFiles(picture)) {
        const to = join(target, file);
        if (existsSync(to)) continue;
        try {
          linkSync(join(this.cacheDir, file), to);
        } catch (error) {
          // The data folder on another file system than the releases: a copy instead.
          if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
          copyFileSync(join(this.cacheDir, file), to);
        }
      }
    }
    const index = join(this.cacheDir, INDEX);
    writeFileSync(`${index}.${process.pid}.tmp`, JSON.stringify(this.index));
    renameSync(`${index}.${process.pid}.tmp`, index);
  }

  private prepareOne(image: { url: string; mime: string }): Promise<PreparedPicture> {
    let preparing = this.preparing.get(image.url);
    if (!preparing) {
      preparing = this.make(image).then((picture) => {
        this.used.set(image.url, picture);
        return picture;
      });
      this.preparing.set(image.url, preparing);
    }
    return preparing;
  }

  private async make(image: { url: string; mime: string }): Promise<PreparedPicture> {
    const known = this.index[image.url];
    if (known && variantFiles(known).every((file) => existsSync(join(this.cacheDir, file)))) {
      this.reused += variantFiles(known).length;
      return known;
    }
    const source = mediaSourceUrl(image.url, this.env);
    const response = await fetch(source).catch((error: Error) => {
      throw new Error(`image step: could not read ${source} (${error.message})`);
    });
    if (!response.ok) throw new Error(`image step: the media library answered ${response.status} for ${source}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 20);
    // Turned as its EXIF orientation says, so that width and height are those a visitor sees.
    const input = () => sharp(bytes).rotate();
    const { width, height } = await input()
      .toBuffer({ resolveWithObject: true })
      .then(({ info }) => info);
    const picture: PreparedPicture = { hash, width, height, fallback: fallbackFormat(image.mime) };
    for (const size of pictureWidths(width)) {
      for (const ext of [...PICTURE_FORMATS, picture.fallback]) {
        const file = join(this.cacheDir, pictureFile(hash, size, ext));
        // The same bytes under another key (uploaded twice) are already made.
        if (existsSync(file)) {
          this.reused++;
          continue;
        }
        const data = await ENCODE[ext](input().resize({ width: size })).toBuffer();
        writeFileSync(`${file}.${process.pid}.tmp`, data);
        renameSync(`${file}.${process.pid}.tmp`, file);
        this.encoded++;
      }
    }
    this.index[image.url] = picture;
    return picture;
  }
}

/** Every file made of one picture. */
export function variantFiles(picture: PreparedPicture): string[] {
  return pictureWidths(picture.width).flatMap((size) => [...PICTURE_FORMATS, picture.fallback].map((ext) => pictureFile(picture.hash, size, ext)));
}
