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
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface StorePrototype {
  writeToDisk(): Promise<void>;
  waitUntilSaveComplete(): Promise<void>;
}

/** Holds the store's saves until its sync ends; call before Astro's `build()`, once per process. */
export async function saveStoreOncePerSync(): Promise<void> {
  const module = new URL('./content/mutable-data-store.js', import.meta.resolve('astro'));
  if (!existsSync(module)) throw new Error(`content-store-saves.ts: Astro has no ${fileURLToPath(module)} any more; see what saves data-store.json now`);
  const { MutableDataStore } = (await import(module.href)) as { MutableDataStore?: { prototype: StorePrototype } };
  const prototype = MutableDataStore?.prototype;
  if (typeof prototype?.writeToDisk !== 'function' || typeof prototype.waitUntilSaveComplete !== 'function') {
    throw new Error('content-store-saves.ts: Astro’s MutableDataStore no longer has writeToDisk and waitUntilSaveComplete');
  }
  const { writeToDisk, waitUntilSaveComplete } = prototype;
  let syncing = true;
  prototype.writeToDisk = async function (this: StorePrototype) {
    if (syncing) return;
    return writeToDisk.call(this);
  };
  prototype.waitUntilSaveComplete = async function (this: StorePrototype) {
    syncing = false;
    // Written here whether or not a debounced save is still pending: one held earlier left the
    // store changed, and `writeToDisk` writes only a changed store.
    await this.writeToDisk();
    return waitUntilSaveComplete.call(this);
  };
}
