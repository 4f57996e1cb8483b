/**
 * Astro's content-layer store as the content-store tests drive it: its internal modules (not among
 * Astro's exported paths, as in `scripts/pipeline/content-store-saves.ts`) and the part of
 * `MutableDataStore` they call.
 */
export interface AstroStore {
  _collections: Map<string, Map<string, unknown>>;
  set(collection: string, key: string, value: unknown): void;
  metaStore(collection?: string): { set(key: string, value: string): void };
  waitUntilSaveComplete(): Promise<void>;
}

/** One of Astro's modules by its path inside Astro's `dist` folder (`./content/mutable-data-store.js`). */
export const astroModule = (path: string) => import(new URL(path, import.meta.resolve('astro')).href);
