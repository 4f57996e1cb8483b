/**
 * Writes Astro's content-layer store (`data-store.json` in the cache folder) once per build, when
 * the content sync is over, rather than whenever 500 ms pass without a change while it runs; and,
 * in a publish that starts from the store of the build before, in a thread beside the pages.
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
 * Since only the next build reads the file, a publish need not wait for it: the store's writer
 * (`FileWriter`) hands the collections to a thread (`content-store-saves-worker.ts`), which writes
 * them with Astro's own serializer while the pages are rendered, and the build waits for it at its
 * end (`storeSaved`). The hand-over copies the collections into the thread, which then holds them,
 * its text and the file before it at once: a first build, whose memory is the build's goal, writes
 * in its own thread as Astro does.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { StoreJob, StoreWritten } from './content-store-saves-worker.ts';

interface StorePrototype {
  writeToDisk(): Promise<void>;
  waitUntilSaveComplete(): Promise<void>;
}

interface FileWriterPrototype {
  readonly target: URL | string;
  write(collections: Map<string, Map<string, unknown>>): Promise<boolean>;
}

const astroModule = (path: string) => new URL(path, import.meta.resolve('astro'));

/** The writes handed to the thread, one after the other, and the seconds the thread spent on them. */
const beside = { last: Promise.resolve(), seconds: 0 };

/**
 * Holds the store's saves until its sync ends; call before Astro's `build()`, once per process.
 * With `inThread`, the save at the end is written by a thread beside the build: await `storeSaved()`
 * before the process ends.
 */
export async function saveStoreOncePerSync({ inThread = false }: { inThread?: boolean } = {}): Promise<void> {
  const module = astroModule('./content/mutable-data-store.js');
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
  if (inThread) await writeInThread();
}

/** Makes Astro's `FileWriter` hand its writes to a thread, in order, and answer at once. */
async function writeInThread(): Promise<void> {
  const module = astroModule('./content/data-store-writer.js');
  const { FileWriter } = (await import(module.href)) as { FileWriter?: { prototype: FileWriterPrototype } };
  const write = FileWriter?.prototype.write;
  if (typeof write !== 'function') throw new Error('content-store-saves.ts: Astro’s FileWriter no longer has write');
  FileWriter!.prototype.write = async function (this: FileWriterPrototype, collections) {
    const target = this.target;
    const file = target instanceof URL ? fileURLToPath(target) : target;
    // One write at a time: each writes the store as it is when the one before is done.
    beside.last = beside.last.then(async () => {
      const job: StoreJob = { file, collections, serializer: module.href };
      let thread: Worker;
      try {
        thread = new Worker(new URL('./content-store-saves-worker.ts', import.meta.url), { workerData: job });
      } catch (error) {
        // A value a thread cannot be handed (structured clone has no copy of it) is written here, as Astro does.
        if ((error as Error).name !== 'DataCloneError') throw error;
        await write.call(this, collections);
        return;
      }
      return new Promise<void>((resolve, reject) => {
        thread.once('message', (answer: StoreWritten) => {
          if (answer.error) return reject(new Error(`the content store was not written: ${answer.error}`));
          beside.seconds += answer.seconds;
          resolve();
        });
        thread.once('error', reject);
        thread.once('exit', (code) => reject(new Error(`the content store's thread ended (code ${code}) before writing ${file}`)));
      });
    });
    // A failure is the build's, when it waits for the store (`storeSaved`), not the process's at once.
    beside.last.catch(() => {});
    // Astro only tells a watcher that the file changed; a build has none.
    return true;
  };
}

/**
 * Waits for the writes handed to the thread; rejects if one failed. Resolves with seconds: the
 * thread's serializing and writing, and the wait here.
 */
export async function storeSaved(): Promise<{ written: number; waited: number }> {
  const started = performance.now();
  await beside.last;
  return { written: beside.seconds, waited: (performance.now() - started) / 1000 };
}
