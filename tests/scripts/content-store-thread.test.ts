// A publish's content store written by a thread beside the pages (`content-store-saves.ts`), on
// Astro's own store in a temporary folder: the file must be the one Astro would write, and a failed
// write must fail the build that waits for it.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveStoreOncePerSync, storeSaved } from '../../scripts/pipeline/content-store-saves.ts';

interface Store {
  _collections: Map<string, Map<string, unknown>>;
  set(collection: string, key: string, value: unknown): void;
  metaStore(collection?: string): { set(key: string, value: string): void };
  waitUntilSaveComplete(): Promise<void>;
}

const astro = (path: string) => import(new URL(path, import.meta.resolve('astro')).href);

describe('the content store written beside the pages', () => {
  let dir: string;
  let MutableDataStore: { fromFile(file: URL): Promise<Store> };
  let serializeDataStore: (collections: Map<string, Map<string, unknown>>) => string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'praxis-store-thread-'));
    await saveStoreOncePerSync({ inThread: true });
    ({ MutableDataStore } = await astro('./content/mutable-data-store.js'));
    ({ serializeDataStore } = await astro('./content/data-store-writer.js'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is the file Astro’s own writer makes, once the build waits for it', async () => {
    const file = join(dir, 'data-store.json');
    const store = await MutableDataStore.fromFile(pathToFileURL(file));
    store.metaStore().set('astro-version', 'test');
    store.set('resources', 'lt/rinkinys', {
      id: 'lt/rinkinys',
      data: { title: 'Mokymo rinkinys apie prekybą žmonėmis', date: new Date('2014-05-01T00:00:00Z'), themes: ['prevencija', 'pagalba'] },
      rendered: { html: '<p>Prekyba žmonėmis — „pavyzdys“</p>', metadata: { imagePaths: [] } },
      digest: 'b',
    });
    store.set('themes', 'it/tratta', { id: 'it/tratta', data: { title: 'Tratta' }, digest: 'a' });
    await store.waitUntilSaveComplete();
    const saved = await storeSaved();
    expect(saved.written).toBeGreaterThan(0);
    expect(readFileSync(file, 'utf8')).toBe(serializeDataStore(store._collections));
  });

  it('fails the build that waits for it when it cannot be written', async () => {
    const gone = join(dir, 'gone');
    const store = await MutableDataStore.fromFile(pathToFileURL(join(gone, 'data-store.json')));
    rmSync(gone, { recursive: true, force: true });
    store.set('themes', 'pt/trafico', { id: 'pt/trafico', data: { title: 'Tráfico' }, digest: 'c' });
    await store.waitUntilSaveComplete();
    await expect(storeSaved()).rejects.toThrow(/the content store was not written: ENOENT/);
    expect(existsSync(gone)).toBe(false);
  });
});
