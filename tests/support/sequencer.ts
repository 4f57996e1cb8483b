/**
 * The suite's order: the costliest files first, across every project, so that the two workers
 * start the long browser files at once and the short files fill the end (longest processing time
 * first; Vitest hands the next file of this order to whichever worker is free). Vitest's own
 * order takes the projects one after the other by name, so the browser files of `site` waited
 * for both CMS suites, and on a fresh clone it knows no durations, only file sizes.
 *
 * A file's cost is, in this order:
 * - its duration in Vitest's results of earlier runs on this machine (`node_modules/.vite/vitest/`),
 *   which Vitest keeps up to date after every run;
 * - else its row in `file-costs.json`, measured with its setup by `file-costs-reporter.ts` (which
 *   says how to regenerate it), for a fresh clone;
 * - else none: a file never measured goes first, as if it were the heaviest, larger files first.
 *
 * `node tests/support/sequencer.ts` prints the order for the whole suite without running it, with
 * each file's cost, where it came from, and the worker it would get.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { type FileCosts, fileCostKey, fileCostsPath } from './file-costs-reporter.ts';

export interface FileCost {
  spec: TestSpecification;
  key: string;
  /** Seconds, or undefined when the file was never measured. */
  seconds: number | undefined;
  from: 'results' | 'table' | 'unknown';
  /** Bytes: only orders the files never measured. */
  size: number;
}

/** Longest first; the files never measured before all others, the larger of them first. */
export function costliestFirst<T extends Pick<FileCost, 'key' | 'seconds' | 'size'>>(costs: T[]): T[] {
  return [...costs].sort((a, b) => {
    if (a.seconds === undefined || b.seconds === undefined) {
      if (a.seconds !== b.seconds) return a.seconds === undefined ? -1 : 1;
      return b.size - a.size || a.key.localeCompare(b.key);
    }
    return b.seconds - a.seconds || a.key.localeCompare(b.key);
  });
}

/** Where each file of `order` would start and end on `workers` workers, each taking the next file when free. */
export function schedule<T extends Pick<FileCost, 'seconds'>>(order: T[], workers: number, unknownSeconds = 0) {
  const free = Array.from({ length: workers }, () => 0);
  const placed = order.map((file) => {
    const worker = free.indexOf(Math.min(...free));
    const start = free[worker]!;
    free[worker] = start + (file.seconds ?? unknownSeconds);
    return { ...file, worker, start, end: free[worker] };
  });
  return { placed, makespan: Math.max(...free) };
}

export default class CostliestFirstSequencer extends BaseSequencer {
  /** Every file's cost and where it came from. */
  costs(files: TestSpecification[]): FileCost[] {
    const root = this.ctx.config.root;
    const path = fileCostsPath(root);
    const table: FileCosts = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
    return files.map((spec) => {
      const key = fileCostKey(spec.project.name, root, spec.moduleId);
      const size = statSync(spec.moduleId).size;
      const cached = this.ctx.cache.getTestSpecificationResult(spec);
      if (cached && cached.duration > 0) return { spec, key, seconds: cached.duration / 1000, from: 'results', size };
      if (table[key] !== undefined) return { spec, key, seconds: table[key], from: 'table', size };
      return { spec, key, seconds: undefined, from: 'unknown', size };
    });
  }

  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return costliestFirst(this.costs(files)).map(({ spec }) => spec);
  }
}

if (import.meta.main) {
  const { createVitest } = await import('vitest/node');
  const vitest = await createVitest({ config: 'tests/vitest.config.ts', watch: false });
  try {
    const files = await vitest.globTestSpecifications();
    const sequencer = new CostliestFirstSequencer(vitest);
    const order = costliestFirst(sequencer.costs(files));
    const workers = vitest.config.maxWorkers;
    const { placed, makespan } = schedule(order, workers);
    for (const { key, seconds, from, worker, start } of placed)
      console.log(
        `${start.toFixed(0).padStart(6)} s  w${worker}  ${seconds === undefined ? '     ?' : seconds.toFixed(1).padStart(6)} s  ${from.padEnd(7)}  ${key}`,
      );
    console.log(`${files.length} files on ${workers} workers: about ${makespan.toFixed(0)} s of files (never measured counted as 0 s)`);
  } finally {
    await vitest.close();
  }
}
