/**
 * Makes a release a hard-linked copy of the build before plus the pages that changed. Astro's
 * incremental build (`experimental.incrementalBuild`) keeps a copy of every keyed page in its cache
 * folder and, for a page whose key and code are unchanged, copies that file into the new build byte
 * by byte: at 10,000 resources × 4 locales that was 54,769 pages copied for a one-item edit. Here a
 * reused page is a hard link to the cached file instead, so it costs one directory entry, and it is
 * the same file (inode) in the cache, in the new release and in the releases before it.
 *
 * A page Astro renders is written once, into the new build, and that file is linked into the
 * cache, renamed over the cached copy of the page. Releases stay independent because no file is
 * ever changed where it lies: the releases that linked the old copy keep it, and everything else
 * writes new files into a staging folder that starts empty. The
 * release check and the sitemap rely on it: a page file with the same identity as in the build
 * before holds the same bytes (`page-facts.ts`).
 *
 * Astro offers no option for either, so `IncrementalBuildCache` (astro/dist/core/build/incremental.js,
 * not one of Astro's exported paths) gets two methods of its own; a change of that class in an
 * Astro upgrade fails the build here, with the reason, rather than copying or writing in place.
 */
import { existsSync, linkSync } from 'node:fs';
import { link, copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where Astro keeps its copy of a page: `dist/` inside its cache folder (as `getCachedOutputFile` in incremental.js). */
const cachedFile = (settings: AstroSettings, outputFile: string) => fileURLToPath(new URL(outputFile, new URL('dist/', settings.config.cacheDir)));

interface AstroSettings {
  config: { cacheDir: URL; outDir: URL };
}

interface IncrementalCachePrototype {
  restoreOutputFile(settings: AstroSettings, outputFile: string, destination: URL): Promise<boolean>;
  writeOutputFile(settings: AstroSettings, outputFile: string, body: string | Uint8Array): Promise<void>;
}

let writes = 0;

/**
 * Patches Astro's incremental cache (before `build()` runs) and returns the count of pages linked
 * from it so far: the pages this build reused.
 */
export async function linkReusedPages(): Promise<() => number> {
  const module = new URL('./core/build/incremental.js', import.meta.resolve('astro'));
  if (!existsSync(module)) throw new Error(`linked-pages.ts: Astro has no ${fileURLToPath(module)} any more; see what replaced IncrementalBuildCache`);
  const { IncrementalBuildCache } = (await import(module.href)) as { IncrementalBuildCache?: { prototype: IncrementalCachePrototype } };
  const prototype = IncrementalBuildCache?.prototype;
  if (typeof prototype?.restoreOutputFile !== 'function' || typeof prototype.writeOutputFile !== 'function') {
    throw new Error('linked-pages.ts: Astro’s IncrementalBuildCache no longer has restoreOutputFile and writeOutputFile');
  }
  let linked = 0;
  const made = new Set<string>();
  const ensureDir = async (dir: string) => {
    if (made.has(dir)) return;
    await mkdir(dir, { recursive: true });
    made.add(dir);
  };
  prototype.restoreOutputFile = async (settings, outputFile, destination) => {
    const cached = cachedFile(settings, outputFile);
    if (!existsSync(cached)) return false;
    const target = fileURLToPath(destination);
    await ensureDir(dirname(target));
    try {
      // Synchronous: a link is one short system call, asked for once per reused page, which on a
      // large catalogue is nearly every page; a round trip through libuv's thread pool for each
      // cost more than the call itself.
      linkSync(cached, target);
    } catch (error) {
      // A cache folder on another file system than the build's cannot be linked from: copied, as Astro does.
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      await copyFile(cached, target);
    }
    linked++;
    return true;
  };
  prototype.writeOutputFile = async (settings, outputFile, body) => {
    const cached = cachedFile(settings, outputFile);
    await ensureDir(dirname(cached));
    // A new file renamed into place: the cached file may be a page of a live release. It is the
    // page Astro has just written into the build (it does so before it calls this), linked: the
    // next build links the same file, whose facts this build's sitemap and check record.
    const temporary = `${cached}.${process.pid}-${++writes}.tmp`;
    try {
      try {
        await link(new URL(outputFile, settings.config.outDir), temporary);
      } catch {
        await writeFile(temporary, body);
      }
      await rename(temporary, cached);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  };
  return () => linked;
}
