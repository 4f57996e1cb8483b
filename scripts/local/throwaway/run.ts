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

/**
 * Returns what `make` produced for `name` in this run: the first process to ask makes it, the
 * others wait for its result file. The value (or the error's message) is kept as JSON.
 */
export async function oncePerRun<T>(dir: string, name: string, make: () => Promise<T>): Promise<T> {
  const result = join(dir, `${name}.json`);
  const read = () => {
    const stored = JSON.parse(readFileSync(result, 'utf8')) as { value?: T; error?: string };
    if (stored.error !== undefined) throw new Error(`${name} failed in another test file: ${stored.error}`);
    return stored.value as T;
  };
  if (existsSync(result)) return read();
  try {
    mkdirSync(join(dir, `${name}.lock`));
  } catch {
    await waitForFile(result);
    return read();
  }
  try {
    const value = await make();
    writeFileSync(`${result}.tmp`, JSON.stringify({ value }));
    return value;
  } catch (error) {
    writeFileSync(`${result}.tmp`, JSON.stringify({ error: (error as Error).message }));
    throw error;
  } finally {
    // Renamed into place whole, so that a waiter never reads half a file.
    renameSync(`${result}.tmp`, result);
    rmSync(join(dir, `${name}.lock`), { recursive: true, force: true });
  }
}
