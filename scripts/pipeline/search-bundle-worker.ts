/**
 * A worker thread that builds one locale's search bundle (`search-index.ts` starts it): its own
 * module graph holds its own `pagefind` module, and with it a Pagefind process of its own, which
 * ends with the worker: a bundle's memory is given back before the next one starts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildBundle, type BundleMessage, type BundleTask } from './search-index.ts';

const send = (message: BundleMessage) => parentPort!.postMessage(message);
try {
  send({ report: await buildBundle(workerData as BundleTask, (line) => send({ log: line })) });
} catch (error) {
  send({ error: (error as Error).message });
}
