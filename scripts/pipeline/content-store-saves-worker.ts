/**
 * The thread that writes Astro's content store beside a publish's pages (`content-store-saves.ts`
 * starts it): the collections it was handed, serialized and written by Astro's own writer code, so
 * the file is the one Astro would have written. It answers once, then ends.
 */
import { parentPort, workerData } from 'node:worker_threads';

export interface StoreJob {
  file: string;
  collections: Map<string, Map<string, unknown>>;
  /** Astro's `data-store-writer.js`, as a URL. */
  serializer: string;
}

export interface StoreWritten {
  /** How long serializing and writing took, in seconds. */
  seconds: number;
  error?: string;
}

const { file, collections, serializer } = workerData as StoreJob;
const started = performance.now();
const answer: StoreWritten = { seconds: 0 };
try {
  const { serializeDataStore, writeFileAtomic } = (await import(serializer)) as {
    serializeDataStore(collections: Map<string, Map<string, unknown>>): string;
    writeFileAtomic(file: string, data: string): Promise<boolean>;
  };
  await writeFileAtomic(file, serializeDataStore(collections));
} catch (error) {
  answer.error = (error as Error).message;
} finally {
  answer.seconds = (performance.now() - started) / 1000;
  parentPort!.postMessage(answer);
}
