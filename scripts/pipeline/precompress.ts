/**
 * Compressed copies of the site's scripts, styles and search data, made once when a release is
 * built, so the site server sends a visitor who accepts them Brotli or gzip bytes instead of the
 * plain file (`sirv`'s `brotli` and `gzip` options in `site-server.ts`). Pagefind's own index files
 * are compressed by Pagefind already; its script, its interface and the site's own scripts are not,
 * and they are most of what a visitor downloads when they first search.
 *
 * Brotli at its best quality takes about a second for the four languages' scripts, so each copy
 * is kept in the cache folder under the hash of the bytes it compresses and linked beside the file:
 * a publish that leaves a script unchanged compresses nothing. A copy is written as a new file
 * and renamed into place, never changed where it lies, because the file beside it may be a hard
 * link shared with a live release (`linked-pages.ts`).
 */
import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The folders of a release whose text files are compressed: Astro's assets and the search bundles. */
const FOLDERS = ['_astro', 'pagefind'];
/** Text the server sends as is otherwise. */
const TEXT = /\.(?:js|mjs|css|json|svg)$/;
/** Below this, the headers of a compressed answer cost about what compressing saves. */
const SMALLEST = 1024;

const ENCODINGS = {
  br: (bytes: Buffer) =>
    brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }),
  gz: (bytes: Buffer) => gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }),
} as const;

export interface PrecompressReport {
  /** Files given compressed copies. */
  files: number;
  /** Their bytes, plain and as Brotli. */
  plainBytes: number;
  brotliBytes: number;
  /** Copies compressed in this build (the others came from the cache). */
  compressed: number;
  seconds: number;
}

/**
 * Writes `<file>.br` and `<file>.gz` beside each script, style and JSON file of `outDir`'s
 * `_astro/` and `pagefind/` folders, from the copies kept in `cacheDir`, and removes compressed
 * copies whose file is gone. Copies no file of this build uses are removed from the cache.
 */
export function precompressAssets(outDir: string, cacheDir: string): PrecompressReport {
  const started = performance.now();
  mkdirSync(cacheDir, { recursive: true });
  const used = new Set<string>();
  const report: PrecompressReport = { files: 0, plainBytes: 0, brotliBytes: 0, compressed: 0, seconds: 0 };
  for (const folder of FOLDERS) {
    const dir = join(outDir, folder);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = join(entry.parentPath, entry.name);
      const encoding = entry.name.slice(-3);
      if (encoding === '.br' || encoding === '.gz') {
        // Linked with a reused bundle: kept only while its file is there (and written again below).
        if (!existsSync(file.slice(0, -3))) rmSync(file);
        continue;
      }
      if (!TEXT.test(entry.name) || statSync(file).size < SMALLEST) continue;
      const bytes = readFileSync(file);
      const hash = createHash('sha256').update(bytes).digest('hex');
      let written = false;
      for (const [suffix, compress] of Object.entries(ENCODINGS)) {
        const kept = join(cacheDir, `${hash}.${suffix}`);
        used.add(kept);
        if (!existsSync(kept)) {
          writeAtomically(kept, compress(bytes));
          report.compressed++;
        }
        const size = statSync(kept).size;
        const beside = `${file}.${suffix}`;
        if (size >= bytes.length) {
          rmSync(beside, { force: true });
          continue;
        }
        linkOver(kept, beside);
        written = true;
        if (suffix === 'br') report.brotliBytes += size;
      }
      if (written) {
        report.files++;
        report.plainBytes += bytes.length;
      }
    }
  }
  for (const name of readdirSync(cacheDir)) {
    if (!used.has(join(cacheDir, name))) rmSync(join(cacheDir, name), { force: true });
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

function writeAtomically(path: string, bytes: Uint8Array) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, path);
}

/** `target` becomes a link to `source`, replacing what was there by a rename, never in place. */
function linkOver(source: string, target: string) {
  const temporary = `${target}.${process.pid}.tmp`;
  rmSync(temporary, { force: true });
  try {
    linkSync(source, temporary);
  } catch (error) {
    // A cache folder on another file system than the release's: the copy is written instead.
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    writeFileSync(temporary, readFileSync(source));
  }
  renameSync(temporary, target);
}
