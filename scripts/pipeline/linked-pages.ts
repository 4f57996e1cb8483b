/**
 * Makes a release a hard-linked copy of the build before plus the pages that changed. Astro's
 * incremental build (`experimental.incrementalBuild`) keeps a copy of every keyed page in its cache
 * folder and, for a page whose key and code are unchanged, copies that file into the new build byte
 * by byte: at 10,000 resources × 4 locales that was 54,769 pages copied for a one-item edit. Here a
 * reused page is a hard link to the cached file instead, so it costs one directory entry, and it is
 * the same file (inode) in the cache, in the new release and in the releases before it.
 *
 * The pages that will be reused do not go through Astro's page loop either. Astro visits every
 * page of every build, one promise each, and for a reused one works out its output paths, looks
 * for it in the build folder, restores it, records it and logs it: the same work per page however
 * little changed. Here, once every page's path and key are known (`StaticPaths.getAll`, which
 * Astro calls just before its loop), each keyed page is asked of Astro's own cache (`canSkip`,
 * with the code hashes Astro computed for this build) whether it would be reused; those pages are
 * recorded for the next build, and only the rest are handed to Astro's loop. The reused pages are
 * linked into the build by a thread of their own (`linked-pages-worker.ts`) while Astro renders
 * the others: a page's folder and its link are two system calls each, which on a large catalogue
 * add up to more than rendering the few hundred pages that changed. Astro's loop does not end
 * before the thread has linked every page; a page the cache has lost fails the build, and makes
 * the next one render every page. What Astro does for a reused page besides is left to it: a page whose previous
 * build recorded images or response headers to replay stays in its loop. The one thing not done
 * for a page taken out is adding its name to the `pages` list of the `astro:build:done` hook;
 * no integration of the site reads it, and with one that has that hook, no page is taken out.
 *
 * A page Astro renders is written once, into the new build, and that file is linked into the
 * cache, renamed over the cached copy of the page. Releases stay independent because no file is
 * ever changed where it lies: the releases that linked the old copy keep it, and everything else
 * writes new files into a staging folder that starts empty. The
 * release check and the sitemap rely on it: a page file with the same identity as in the build
 * before holds the same bytes (`page-facts.ts`).
 *
 * Astro offers no option for any of this, so its internals are patched before `build()` runs:
 * `IncrementalBuildCache` (astro/dist/core/build/incremental.js) gets two methods of its own and
 * is caught when loaded, `StaticPaths.getAll` (astro/dist/runtime/prerender/static-paths.js) is
 * wrapped, and the build's internal state is caught where Astro sets its pages' code hashes
 * (`pageDependencyHashes`). None is one of Astro's exported paths: a change of them in an Astro
 * upgrade fails the build here, with the reason, rather than copying, writing in place, or
 * reusing a page whose code changed.
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, rmSync } from 'node:fs';
import { link, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { LinkAnswer, LinkJob } from './linked-pages-worker.ts';

/** Where Astro keeps its copy of a page: `dist/` inside its cache folder (as `getCachedOutputFile` in incremental.js). */
const cachedFile = (settings: AstroSettings, outputFile: string) => fileURLToPath(new URL(outputFile, new URL('dist/', settings.config.cacheDir)));

interface AstroSettings {
  config: { cacheDir: URL; outDir: URL; build: { format: string }; integrations: { name: string; hooks: Record<string, unknown> }[] };
}

interface RouteData {
  component: string;
  type: string;
  distURL?: URL[];
}

/** A page as `StaticPaths.getAll` lists it for Astro's loop (astro/dist/runtime/prerender/static-paths.js). */
interface PathWithRoute {
  pathname: string;
  route: RouteData;
  cacheKey?: string;
}

/** What Astro's build keeps of this build's code (`BuildInternals`, set by astro/dist/core/build/plugins/plugin-incremental.js). */
interface BuildInternals {
  pageDependencyHashes?: Map<string, string>;
  serverIslandPageComponents?: Set<string>;
}

interface IncrementalCache {
  canSkip(component: string, pathname: string, dependencyHash: string, cacheKey: string, hasServerIsland: boolean): boolean;
  previousContentEntryKeys(component: string, pathname: string): string[] | undefined;
  previousStaticImages(component: string, pathname: string): unknown;
  previousReferencedImages(component: string, pathname: string): unknown;
  previousHeaders(component: string, pathname: string): unknown;
  record(component: string, dependencyHash: string, pathname: string, cacheKey: string, outputFile: string, contentEntryKeys: string[] | undefined): void;
  findOrphanedFiles(): string[];
}

interface IncrementalCachePrototype extends IncrementalCache {
  restoreOutputFile(settings: AstroSettings, outputFile: string, destination: URL): Promise<boolean>;
  writeOutputFile(settings: AstroSettings, outputFile: string, body: string | Uint8Array): Promise<void>;
}

type OutputPaths = {
  getOutFolder(settings: AstroSettings, pathname: string, route: RouteData): URL;
  getOutFile(format: string, folder: URL, pathname: string, route: RouteData): URL;
};

/** What this build reused: the pages linked from the cache, and the pages Astro's own loop visited. */
export interface ReuseCount {
  linked: number;
  visited: number | undefined;
  /** Seconds the thread took to link the reused pages, and Astro's loop waited for it at its end. */
  linking?: { seconds: number; waited: number };
}

let writes = 0;

/**
 * Links pages into the build in a thread of its own (`linked-pages-worker.ts`), while Astro renders
 * the others on this one; `wait()` blocks until it is done, as Astro's loop end, where it is
 * called, is synchronous.
 */
function startLinking(files: string[]): { wait(): LinkAnswer } {
  const { port1, port2 } = new MessageChannel();
  const done = new SharedArrayBuffer(8);
  const job: LinkJob = { files, port: port2, done };
  new Worker(new URL('./linked-pages-worker.ts', import.meta.url), { workerData: job, transferList: [port2] }).unref();
  return {
    wait() {
      const state = new Int32Array(done);
      // The thread's events cannot reach this one while it waits: a thread that stopped, or never
      // started, is one that has linked nothing for half a minute.
      let progress = -1;
      while (Atomics.wait(state, 0, 0, 30_000) === 'timed-out') {
        if (Atomics.load(state, 1) === progress) break;
        progress = Atomics.load(state, 1);
      }
      const answer = receiveMessageOnPort(port1)?.message as LinkAnswer | undefined;
      port1.close();
      return answer ?? { linked: 0, missing: [], seconds: 0, error: 'the linking thread linked nothing for 30 s' };
    },
  };
}

/** Imports one of Astro's internal modules, or fails the build naming it. */
async function astroInternal<T>(path: string): Promise<T> {
  const module = new URL(path, import.meta.resolve('astro'));
  if (!existsSync(module)) throw new Error(`linked-pages.ts: Astro has no ${fileURLToPath(module)} any more; see what replaced it`);
  return (await import(module.href)) as T;
}

/**
 * Patches Astro's incremental build (before `build()` runs) and returns the count of pages linked
 * from its cache so far (the pages this build reused) and of the pages its loop visited.
 */
export async function linkReusedPages(): Promise<() => ReuseCount> {
  const { IncrementalBuildCache } = await astroInternal<{
    IncrementalBuildCache?: { prototype: IncrementalCachePrototype; load?: (...args: unknown[]) => IncrementalCache };
  }>('./core/build/incremental.js');
  const prototype = IncrementalBuildCache?.prototype;
  const cacheMethods = [
    'restoreOutputFile',
    'writeOutputFile',
    'canSkip',
    'previousContentEntryKeys',
    'previousStaticImages',
    'previousReferencedImages',
    'previousHeaders',
    'record',
    'findOrphanedFiles',
  ] as const;
  if (typeof IncrementalBuildCache?.load !== 'function' || cacheMethods.some((name) => typeof prototype?.[name] !== 'function')) {
    throw new Error(`linked-pages.ts: Astro’s IncrementalBuildCache no longer has load and ${cacheMethods.join(', ')}`);
  }
  const { StaticPaths } = await astroInternal<{ StaticPaths?: { prototype: { getAll(): Promise<PathWithRoute[]> } } }>('./runtime/prerender/static-paths.js');
  if (typeof StaticPaths?.prototype.getAll !== 'function') throw new Error('linked-pages.ts: Astro’s StaticPaths no longer has getAll');
  const outputPaths = await astroInternal<Partial<OutputPaths>>('./core/build/common.js');
  if (typeof outputPaths.getOutFolder !== 'function' || typeof outputPaths.getOutFile !== 'function') {
    throw new Error('linked-pages.ts: Astro’s core/build/common.js no longer has getOutFolder and getOutFile');
  }
  const { getOutFolder, getOutFile } = outputPaths as OutputPaths;

  let linked = 0;
  let visited: number | undefined;
  let linking: { wait(): LinkAnswer } | undefined;
  let linkTimes: ReuseCount['linking'];
  const made = new Set<string>();
  const ensureDir = (dir: string) => {
    if (made.has(dir)) return;
    mkdirSync(dir, { recursive: true });
    made.add(dir);
  };
  /** Links the cached copy of a page into the build; false when there is none. */
  const linkPage = (cached: string, target: string): boolean => {
    ensureDir(dirname(target));
    try {
      // Synchronous: a link is one short system call, asked for once per reused page, which on a
      // large catalogue is nearly every page; a round trip through libuv's thread pool for each
      // cost more than the call itself.
      linkSync(cached, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !existsSync(cached)) return false;
      // Already in the build folder: Astro takes such a page as it is.
      if (code === 'EEXIST') return true;
      // A cache folder on another file system than the build's cannot be linked from: copied, as Astro does.
      if (code !== 'EXDEV') throw error;
      copyFileSync(cached, target);
    }
    linked++;
    return true;
  };

  prototype!.restoreOutputFile = async (settings, outputFile, destination) => linkPage(cachedFile(settings, outputFile), fileURLToPath(destination));
  prototype!.writeOutputFile = async (settings, outputFile, body) => {
    const cached = cachedFile(settings, outputFile);
    await mkdir(dirname(cached), { recursive: true });
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

  // The cache Astro loads for this build (in `generatePages`, just before it lists the pages).
  let current: { cache: IncrementalCache; settings: AstroSettings } | undefined;
  const load = IncrementalBuildCache!.load!;
  IncrementalBuildCache!.load = function (this: unknown, ...args: unknown[]) {
    const cache = load.apply(this, args);
    current = { cache, settings: args[0] as AstroSettings };
    return cache;
  };

  // Astro's build state, caught when its bundling sets the pages' code hashes: a property no
  // object has of its own until then, so a setter on Object.prototype sees the one assignment,
  // makes it the object's own property, and is removed.
  let internals: BuildInternals | undefined;
  const HASHES = 'pageDependencyHashes';
  if (Object.hasOwn(Object.prototype, HASHES)) throw new Error(`linked-pages.ts: Object.prototype already has ${HASHES}`);
  Object.defineProperty(Object.prototype, HASHES, {
    configurable: true,
    get: () => undefined,
    set(this: BuildInternals, value: Map<string, string>) {
      delete (Object.prototype as Record<string, unknown>)[HASHES];
      Object.defineProperty(this, HASHES, { value, writable: true, enumerable: true, configurable: true });
      internals = this;
    },
  });

  const getAll = StaticPaths.prototype.getAll;
  StaticPaths.prototype.getAll = async function (this: unknown) {
    const paths = await getAll.call(this);
    if (!current) {
      // Not an incremental build, or Astro lists its pages before it loads its cache now.
      visited = paths.length;
      return paths;
    }
    if (!internals?.pageDependencyHashes) {
      throw new Error(
        `linked-pages.ts: Astro’s build no longer sets ${HASHES} before it lists the pages; see where its incremental build keeps the pages' code hashes`,
      );
    }
    const { cache, settings } = current;
    // The `pages` of this hook list the pages Astro's loop visited; with an integration that reads them, Astro visits every page.
    if (settings.config.integrations.some((integration) => integration.hooks['astro:build:done'])) {
      visited = paths.length;
      return paths;
    }
    // Astro builds one page per path, the first route's (`generatePages`): a path listed twice stays in its loop.
    const seen = new Map<string, number>();
    for (const { pathname } of paths) seen.set(pathname.replace(/\/$/, ''), (seen.get(pathname.replace(/\/$/, '')) ?? 0) + 1);
    const hashes = internals.pageDependencyHashes;
    const islands = internals.serverIslandPageComponents;
    const outDir = settings.config.outDir.href;
    const left: PathWithRoute[] = [];
    const files: string[] = [];
    for (const path of paths) {
      const { pathname, route, cacheKey } = path;
      const { component } = route;
      const dependencyHash = hashes.get(component) ?? '';
      const reusable =
        cacheKey !== undefined &&
        route.type !== 'fallback' &&
        seen.get(pathname.replace(/\/$/, '')) === 1 &&
        cache.canSkip(component, pathname, dependencyHash, cacheKey, islands?.has(component) ?? false) &&
        cache.previousStaticImages(component, pathname) === undefined &&
        cache.previousReferencedImages(component, pathname) === undefined &&
        cache.previousHeaders(component, pathname) === undefined;
      if (!reusable) {
        left.push(path);
        continue;
      }
      // The output file as Astro names it (`generatePathWithPrerenderer` in astro/dist/core/build/generate.js).
      const encoded = encodeURI(pathname);
      const outFile = getOutFile(settings.config.build.format, getOutFolder(settings, encoded, route), encoded, route);
      const outputFile = outFile.href.slice(outDir.length);
      files.push(cachedFile(settings, outputFile), fileURLToPath(outFile));
      cache.record(component, dependencyHash, pathname, cacheKey, outputFile, cache.previousContentEntryKeys(component, pathname));
      // Astro lists a route's output files for the `astro:build:done` hook, as it does for a page it reuses.
      if (route.distURL) route.distURL.push(outFile);
      else route.distURL = [outFile];
    }
    if (files.length > 0) linking = startLinking(files);
    visited = left.length;
    return left;
  };

  // Astro asks its cache for the files it no longer needs once its loop is over: the pages
  // linked beside it must all be in the build by then.
  const findOrphanedFiles = prototype!.findOrphanedFiles;
  prototype!.findOrphanedFiles = function (this: IncrementalCache) {
    if (linking) {
      const waitFrom = performance.now();
      const answer = linking.wait();
      linking = undefined;
      linkTimes = { seconds: answer.seconds, waited: (performance.now() - waitFrom) / 1000 };
      if (answer.error) throw new Error(`linked-pages.ts: linking the reused pages failed: ${answer.error}`);
      linked += answer.linked;
      if (answer.missing.length > 0) {
        // The record names files the cache does not have (removed by hand?): without the record, the next build renders every page.
        rmSync(new URL('incremental-build.json', current!.settings.config.cacheDir), { force: true });
        throw new Error(
          `linked-pages.ts: ${answer.missing.length} pages Astro's cache recorded are not in it (${answer.missing[0]}); its record is removed, so the next build renders every page`,
        );
      }
    }
    return findOrphanedFiles.call(this);
  };
  return () => ({ linked, visited, ...(linkTimes ? { linking: linkTimes } : {}) });
}
