/**
 * The thread that links the pages a build reuses into it (`linked-pages.ts` starts it): each page's
 * folder made and the cached file linked, one after another, while Astro renders the pages that
 * changed on the main thread. It answers on its port, then wakes the main thread, which may be
 * blocked waiting for it (`Atomics.wait` on `done`).
 */
import { copyFileSync, linkSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { workerData, type MessagePort } from 'node:worker_threads';

export interface LinkJob {
  /** The cached file and the build's file of each page, one after the other. */
  files: string[];
  port: MessagePort;
  /** Two 32-bit integers: 1 once the answer is on the port, and the pages done so far. */
  done: SharedArrayBuffer;
}

export interface LinkAnswer {
  linked: number;
  /** Cached files that were not there. */
  missing: string[];
  /** How long the linking took, in seconds. */
  seconds: number;
  error?: string;
}

const { files, port, done } = workerData as LinkJob;
const started = performance.now();
const answer: LinkAnswer = { linked: 0, missing: [], seconds: 0 };
const state = new Int32Array(done);
try {
  const made = new Set<string>();
  for (let i = 0; i < files.length; i += 2) {
    Atomics.store(state, 1, i);
    const cached = files[i]!;
    const target = files[i + 1]!;
    const folder = dirname(target);
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    try {
      linkSync(cached, target);
      answer.linked++;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') answer.missing.push(cached);
      else if (code === 'EXDEV') {
        // A cache folder on another file system than the build's cannot be linked from: copied, as Astro does.
        copyFileSync(cached, target);
        answer.linked++;
      } else if (code !== 'EEXIST') throw error;
    }
  }
} catch (error) {
  answer.error = (error as Error).message;
} finally {
  answer.seconds = (performance.now() - started) / 1000;
  port.postMessage(answer);
  port.close();
  Atomics.store(state, 0, 1);
  Atomics.notify(state, 0);
}
