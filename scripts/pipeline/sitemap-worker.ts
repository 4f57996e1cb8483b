/**
 * A worker thread that writes the sitemap (`sitemap.ts`; `site.ts` starts it once Astro is done,
 * before the search index). Reading the head of every page grows a heap; in the build's own thread V8 kept most of it committed for the whole search
 * step, beside every Pagefind process. The thread's heap is given back when it ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { writeSitemap } from './sitemap.ts';

const { outDir, site } = workerData as { outDir: string; site: string };
parentPort!.postMessage(writeSitemap(outDir, site));
