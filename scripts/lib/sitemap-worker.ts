/**
 * A worker thread that writes the sitemap (`sitemap.ts`; `site.ts` starts it while Pagefind builds
 * the first search bundle). Done in the build's own thread, reading the head of every page left
 * about 70 MB more of its heap committed at 10,000 resources for the whole search step, beside
 * every Pagefind process; the thread's heap is given back when it ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { writeSitemap } from './sitemap.ts';

const { outDir, site } = workerData as { outDir: string; site: string };
parentPort!.postMessage(writeSitemap(outDir, site));
