/**
 * Where the time of Astro's process goes, phase by phase, for the build report: a publish's fixed
 * cost is mostly here, and which phases grow with the catalogue decides what to cut next.
 *
 * Astro times its own phases when `ASTRO_TIMER_PATH` names a file (`AstroTimer`, written when the
 * build ends): the content sync, the bundling of the pages (prerender environment) and of the
 * client code, and the generation of the pages. Inside those, the content store's reading from
 * and writing to disk, the incremental cache's manifest and the pages' paths are timed here by
 * wrapping the methods Astro calls for them; these are internal modules, so a method that is
 * gone only leaves its phase out of the report.
 */
import { readFileSync, rmSync } from 'node:fs';

/** Seconds per phase of Astro's process, in the order they happen. */
export type AstroPhases = Record<string, number>;

type Method = (...args: never[]) => unknown;

/** Times every call of `holder[name]` (a function, or one returning a promise) into `spent[phase]`. */
function timeCalls(holder: Record<string, unknown> | undefined, name: string, spent: Record<string, number>, phase: string): void {
  const original = holder?.[name] as Method | undefined;
  if (typeof original !== 'function') return;
  holder![name] = function (this: unknown, ...args: never[]) {
    const started = performance.now();
    const add = () => {
      spent[phase] = (spent[phase] ?? 0) + (performance.now() - started);
    };
    const result = original.apply(this, args);
    if (result instanceof Promise) return result.finally(add);
    add();
    return result;
  };
}

/**
 * Starts recording; call before Astro's `build()`. The returned function, called once the build is
 * over, gives the phases in seconds.
 */
export async function recordAstroPhases(timerFile: string): Promise<() => AstroPhases> {
  const beforeBuild = performance.now();
  process.env.ASTRO_TIMER_PATH = timerFile;
  const spent: Record<string, number> = {};
  const marks: { pathsFrom?: number; pathsTo?: number } = {};
  const astro = import.meta.resolve('astro');
  const { MutableDataStore } = (await import(new URL('./content/mutable-data-store.js', astro).href)) as { MutableDataStore?: { prototype: object } };
  timeCalls(MutableDataStore as unknown as Record<string, unknown>, 'fromFile', spent, 'store read');
  timeCalls(MutableDataStore?.prototype as Record<string, unknown>, 'writeToDisk', spent, 'store written');
  const { IncrementalBuildCache } = (await import(new URL('./core/build/incremental.js', astro).href)) as { IncrementalBuildCache?: { prototype: object } };
  const cache = IncrementalBuildCache as unknown as Record<string, unknown> | undefined;
  timeCalls(cache, 'load', spent, 'cache manifest read');
  timeCalls(IncrementalBuildCache?.prototype as Record<string, unknown>, 'writeManifest', spent, 'cache manifest written');
  // The paths of every page are computed between the manifest's reading and the first page's
  // check against it (`generatePages` in astro/dist/core/build/generate.js).
  const load = cache?.load as Method | undefined;
  if (typeof load === 'function') {
    cache!.load = function (this: unknown, ...args: never[]) {
      const result = load.apply(this, args);
      marks.pathsFrom = performance.now();
      return result;
    };
  }
  const prototype = IncrementalBuildCache?.prototype as Record<string, unknown> | undefined;
  const canSkip = prototype?.canSkip as Method | undefined;
  if (typeof canSkip === 'function') {
    prototype!.canSkip = function (this: unknown, ...args: never[]) {
      marks.pathsTo ??= performance.now();
      return canSkip.apply(this, args);
    };
  }
  return () => {
    const afterBuild = performance.now();
    let timer: Record<string, { elapsedTime: number }> = {};
    try {
      timer = JSON.parse(readFileSync(timerFile, 'utf8'));
      rmSync(timerFile, { force: true });
    } catch {
      // No timer file: Astro's phases are left out.
    }
    const ms = (name: string) => timer[name]?.elapsedTime ?? 0;
    const sync = ms('Sync content layer');
    const bundled = ms('Prerender build') + ms('Client build');
    const generated = ms('Static generate');
    const paths = marks.pathsFrom !== undefined && marks.pathsTo !== undefined ? marks.pathsTo - marks.pathsFrom : 0;
    const phases: Record<string, number> = {
      'process start and imports': beforeBuild,
      'config, Vite and content config': ms('Total build') - sync - bundled - generated,
      'store read': spent['store read'] ?? 0,
      'content sync (loaders, store written)': sync - (spent['store read'] ?? 0),
      'bundle pages (SSR)': ms('Prerender build'),
      'bundle client': ms('Client build'),
      'cache manifest read': spent['cache manifest read'] ?? 0,
      'page paths and keys': paths,
      'pages rendered or linked': generated - paths - (spent['cache manifest read'] ?? 0) - (spent['cache manifest written'] ?? 0),
      'cache manifest written': spent['cache manifest written'] ?? 0,
      'after the build (images)': performance.now() - afterBuild,
    };
    // The store's writing happens inside the sync; shown apart for what it costs.
    if (spent['store written'] !== undefined) phases['of which store written'] = spent['store written'];
    return Object.fromEntries(Object.entries(phases).map(([name, value]) => [name, Math.max(0, value) / 1000]));
  };
}
