/**
 * Measures what each test file costs a worker, its setup included, and keeps it in
 * `tests/support/file-costs.json`, the table the suite's order falls back on when Vitest has no
 * results of its own yet (`sequencer.ts`, on a fresh clone). Not run by default; regenerate the table
 * with a whole run on an otherwise quiet machine:
 *
 *   npx vitest run --config tests/vitest.config.ts --reporter=default --reporter=./tests/support/file-costs-reporter.ts
 *
 * A run of some files updates their rows and keeps the others. It also prints each file's start on
 * the run's clock, its cost and the worker it ran on, and the workers' seconds in all: the figures
 * to compare before and after a change to the suite's time.
 *
 * A file's cost is Vitest's own figures for it: the environment, the preparation, the import of the
 * file and its setup files, and the file's run (its hooks, so the portals and Strapis its fixtures
 * start, and its tests). A file that fails is printed but not recorded: it may have stopped early.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { experimental_getRunnerTask, type Reporter, type TestModule, type Vitest } from 'vitest/node';

/** The table: "<project>:<file from the root>" → seconds. */
export type FileCosts = Record<string, number>;

export const fileCostsPath = (root: string) => join(root, 'tests', 'support', 'file-costs.json');

export const fileCostKey = (project: string, root: string, moduleId: string) => `${project}:${relative(root, moduleId)}`;

export default class FileCostsReporter implements Reporter {
  private vitest!: Vitest;
  private started = 0;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
    this.started = Date.now();
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const root = this.vitest.config.root;
    const rows = testModules
      .map((module) => {
        const diagnostic = module.diagnostic();
        const before = diagnostic.environmentSetupDuration + diagnostic.prepareDuration + diagnostic.collectDuration + diagnostic.setupDuration;
        const cost = (before + diagnostic.duration) / 1000;
        // The file's run starts after its import and setup: its worker took it that much earlier.
        const startTime = experimental_getRunnerTask(module).result?.startTime;
        const start = startTime === undefined ? Number.NaN : (startTime - before - this.started) / 1000;
        return { key: fileCostKey(module.project.name, root, module.moduleId), cost, start, worker: diagnostic.concurrencyId, state: module.state() };
      })
      .sort((a, b) => a.start - b.start);
    const lines = rows.map(
      ({ key, cost, start, worker, state }) =>
        `${start.toFixed(1).padStart(7)} ${cost.toFixed(1).padStart(7)}  w${worker ?? '?'}  ${key}${state === 'passed' ? '' : ` (${state})`}`,
    );
    const total = rows.reduce((sum, row) => sum + row.cost, 0);
    console.log(
      `\nFile costs (start s, cost s incl. setup, worker, file):\n${lines.join('\n')}\n${total.toFixed(1)} worker-seconds in ${rows.length} files, ${((Date.now() - this.started) / 1000).toFixed(1)} s since the run started`,
    );

    const path = fileCostsPath(root);
    const table: FileCosts = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
    for (const { key, cost, state } of rows) if (state === 'passed') table[key] = Math.round(cost * 10) / 10;
    const sorted = Object.fromEntries(Object.entries(table).sort(([a], [b]) => a.localeCompare(b)));
    writeFileSync(path, `${JSON.stringify(sorted, null, 2)}\n`);
  }
}
