// Astro's own content store, on a temporary folder: the saves it would make while a sync runs are
// counted at its writer, which it calls synchronously when a save begins.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as devalue from 'devalue';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { saveStoreOncePerSync } from '../../scripts/pipeline/content-store-saves.ts';

interface Store {
  set(collection: string, key: string, value: unknown): void;
  metaStore(collection?: string): { set(key: string, value: string): void };
  waitUntilSaveComplete(): Promise<void>;
}

const astro = (path: string) => import(new URL(path, import.meta.resolve('astro')).href);

describe('the content store during a sync', () => {
  let dir: string;
  let writes: ReturnType<typeof vi.spyOn>;
  let store: Store;
  let file: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'praxis-store-'));
    file = join(dir, 'data-store.json');
    const { FileWriter } = await astro('./content/data-store-writer.js');
    writes = vi.spyOn(FileWriter.prototype, 'write');
    await saveStoreOncePerSync();
    const { MutableDataStore } = await astro('./content/mutable-data-store.js');
    store = await MutableDataStore.fromFile(pathToFileURL(file));
  });

  afterAll(() => {
    vi.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is not written when 500 ms pass without a change while the sync runs', () => {
    // Only the store's timers: its file is still written and read for real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    store.metaStore().set('astro-version', 'test');
    vi.advanceTimersByTime(1_000);
    store.set('themes', 'it/tratta', { id: 'it/tratta', data: { title: 'Tratta' }, digest: 'a' });
    vi.advanceTimersByTime(1_000);
    store.set('resources', 'it/kit', { id: 'it/kit', data: { title: 'Kit', date: new Date('2014-05-01T00:00:00Z') }, digest: 'b' });
    vi.advanceTimersByTime(1_000);
    expect(writes).not.toHaveBeenCalled();
    vi.useRealTimers();
  });

  it('is written once, whole, when the sync ends', async () => {
    await store.waitUntilSaveComplete();
    expect(writes).toHaveBeenCalledTimes(1);
    const saved = devalue.parse(readFileSync(file, 'utf8')) as Map<string, Map<string, { data: Record<string, unknown> }>>;
    expect(saved.get('themes')?.get('it/tratta')?.data).toEqual({ title: 'Tratta' });
    expect(saved.get('resources')?.get('it/kit')?.data).toEqual({ title: 'Kit', date: new Date('2014-05-01T00:00:00Z') });
    expect(saved.get('meta::meta')?.get('astro-version')).toBe('test');
  });
});

describe('the content store of a publish, held until the release is live', () => {
  let dir: string;
  let writes: ReturnType<typeof vi.spyOn>;
  let store: Store;
  let file: string;
  let save: () => Promise<number>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'praxis-store-'));
    file = join(dir, 'data-store.json');
    const { FileWriter } = await astro('./content/data-store-writer.js');
    writes = vi.spyOn(FileWriter.prototype, 'write');
    save = await saveStoreOncePerSync({ until: 'asked' });
    const { MutableDataStore } = await astro('./content/mutable-data-store.js');
    store = await MutableDataStore.fromFile(pathToFileURL(file));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('is not written when the sync ends', async () => {
    store.set('resources', 'pt/kit', { id: 'pt/kit', data: { title: 'Kit' }, digest: 'c' });
    await store.waitUntilSaveComplete();
    expect(writes).not.toHaveBeenCalled();
    expect(existsSync(file)).toBe(false);
  });

  it('is written once, whole, when the build asks, and not again', async () => {
    expect(await save()).toBeGreaterThan(0);
    expect(writes).toHaveBeenCalledTimes(1);
    const saved = devalue.parse(readFileSync(file, 'utf8')) as Map<string, Map<string, { data: Record<string, unknown> }>>;
    expect(saved.get('resources')?.get('pt/kit')?.data).toEqual({ title: 'Kit' });
    expect(await save()).toBe(0);
    expect(writes).toHaveBeenCalledTimes(1);
  });
});
