/**
 * What the test processes of one run share: a folder (created by the global setup) holding the
 * secrets every test CMS uses, and the seeded databases the CMSs of the run copy instead of
 * seeding `content/` again. Outside Vitest (the benchmarks start throwaway portals too) there is none.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';

declare module 'vitest' {
  interface ProvidedContext {
    praxisRunDir: string;
  }
}

/** The run's shared folder, or undefined outside a Vitest run. */
export async function runDir(): Promise<string | undefined> {
  if (!process.env.VITEST) return undefined;
  const { inject } = await import('vitest');
  return inject('praxisRunDir');
}

function waitForFile(file: string): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watch(join(file, '..'), () => {
      if (!existsSync(file)) return;
      watcher.close();
      resolve();
    });
    // It may have appeared before the watcher started.
    if (existsSync(file)) {
      watcher.close();
      resolve();
    }
  });
}

/** Keeps the result of `name` (a value, or the error's message) for the run's other processes. */
export function writeRunResult(dir: string, name: string, result: { value: unknown } | { error: string }): void {
  const file = join(dir, `${name}.json`);
  writeFileSync(`${file}.tmp`, JSON.stringify(result));
  // Renamed into place whole, so that a waiter never reads half a file.
  renameSync(`${file}.tmp`, file);
}

/** Waits for the result of `name` (`writeRunResult`) and returns its value, or throws its error. */
export async function runResult<T>(dir: string, name: string): Promise<T> {
  const file = join(dir, `${name}.json`);
  await waitForFile(file);
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { value?: T; error?: string };
  if (stored.error !== undefined) throw new Error(`${name} failed elsewhere in the run: ${stored.error}`);
  return stored.value as T;
}

/**
 * Returns what `make` produced for `name` in this run: the first process to ask makes it, the
 * others wait for its result file. The value (or the error's message) is kept as JSON.
 */
export async function oncePerRun<T>(dir: string, name: string, make: () => Promise<T>): Promise<T> {
  if (existsSync(join(dir, `${name}.json`))) return runResult(dir, name);
  try {
    mkdirSync(join(dir, `${name}.lock`));
  } catch {
    return runResult(dir, name);
  }
  try {
    const value = await make();
    writeRunResult(dir, name, { value });
    return value;
  } catch (error) {
    writeRunResult(dir, name, { error: (error as Error).message });
    throw error;
  } finally {
    rmSync(join(dir, `${name}.lock`), { recursive: true, force: true });
  }
}
