/**
 * Writes Astro's content-layer store (`data-store.json` in the cache folder) once per build, when
 * the content sync is over, rather than whenever 500 ms pass without a change while it runs.
 *
 * Astro saves the whole store (every entry, rendered HTML included) 500 ms after its last change
 * (`MutableDataStore`, astro/dist/content/mutable-data-store.js), and its content sync waits for
 * the save at its end (`waitUntilSaveComplete`). The collections load at once, and the small ones
 * are done long before the resources: their changes, and the sync's own bookkeeping at its start,
 * were each followed by a pause of 500 ms while the resources were still being listed, so the
 * store was written whole mid-sync (the build waiting on it, in this thread) and once more at the end.
 * The file written mid-sync was never read: the pages read the store in memory
 * (`site/integrations/content-store-handoff.ts`), and only the next build reads the file.
 *
 * Here a save before the end of the sync is left undone (the store stays marked as changed), and
 * the sync's wait at its end writes it. A build that fails before that leaves the file of the
 * build before, as a failed save would. `MutableDataStore` is not one of Astro's exported
 * paths: a change of it in an Astro upgrade fails the build here, with the reason.
 *
 * A publish can hold the write longer (`until: 'asked'`): nothing of its own build reads the
 * file, so it is written when the returned function is called, once the release is live, instead
 * of between the sync and the pages, where a catalogue of 10,000 resources spent seconds on it.
 * Until then the file is the one of the build before, which the next build can start from too: its
 * loader fetches again what changed since that file's sync.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface StorePrototype {
  writeToDisk(): Promise<void>;
  waitUntilSaveComplete(): Promise<void>;
}

/** When the store of a build is written: when its sync ends, or when the build asks for it. */
export type StoreSaveTime = 'sync-end' | 'asked';

/** The patch's state, one per process: Astro's store class is patched once. */
let patched: { until: StoreSaveTime; syncing: boolean; held: StorePrototype | undefined; write: StorePrototype['writeToDisk'] } | undefined;

/**
 * Holds the store's saves until its sync ends, or `until: 'asked'` until the returned function is
 * called, which writes the store (when this build changed it) and resolves with the seconds that
 * took. Call before Astro's `build()`.
 */
export async function saveStoreOncePerSync({ until = 'sync-end' }: { until?: StoreSaveTime } = {}): Promise<() => Promise<number>> {
  if (!patched) {
    const module = new URL('./content/mutable-data-store.js', import.meta.resolve('astro'));
    if (!existsSync(module)) throw new Error(`content-store-saves.ts: Astro has no ${fileURLToPath(module)} any more; see what saves data-store.json now`);
    const { MutableDataStore } = (await import(module.href)) as { MutableDataStore?: { prototype: StorePrototype } };
    const prototype = MutableDataStore?.prototype;
    if (typeof prototype?.writeToDisk !== 'function' || typeof prototype.waitUntilSaveComplete !== 'function') {
      throw new Error('content-store-saves.ts: Astro’s MutableDataStore no longer has writeToDisk and waitUntilSaveComplete');
    }
    const { writeToDisk, waitUntilSaveComplete } = prototype;
    const state = { until, syncing: true, held: undefined as StorePrototype | undefined, write: writeToDisk };
    patched = state;
    prototype.writeToDisk = async function (this: StorePrototype) {
      if (state.syncing || state.held) return;
      return writeToDisk.call(this);
    };
    prototype.waitUntilSaveComplete = async function (this: StorePrototype) {
      state.syncing = false;
      // Astro's own wait resolves the pending saves; the write it starts is the one held.
      if (state.until === 'asked') state.held ??= this;
      // Written here whether or not a debounced save is still pending: one held earlier left the
      // store changed, and `writeToDisk` writes only a changed store.
      else await this.writeToDisk();
      return waitUntilSaveComplete.call(this);
    };
  }
  Object.assign(patched, { until, syncing: true, held: undefined });
  const state = patched;
  return async () => {
    const store = state.held;
    state.held = undefined;
    if (!store) return 0;
    const started = performance.now();
    await state.write.call(store);
    return (performance.now() - started) / 1000;
  };
}
