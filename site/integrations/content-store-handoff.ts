import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import type { LoaderContext } from 'astro/loaders';

/**
 * Hands the pages of a build the content store that the content loader has just filled, instead of
 * a second copy of it.
 *
 * Astro bundles its store (`data-store.json` in `cacheDir`) as one module,
 * `export default JSON.parse("…")`, around a single literal of the whole file, which on a large catalogue the bundler copies and Node
 * takes long to compile.
 * The pages of a static build render in the process that has just synced the content, which
 * still holds every entry in the content layer's store: the module below reads the collections
 * from there (`shareSyncedCollection`, called by `site/lib/cms-loader.ts`): the same entries,
 * held once. When the sync ran elsewhere it
 * reads the file: `JSON.parse` of its text, unflattened as Astro does (devalue). Astro's own
 * alternative (`experimental.collectionStorage: 'chunked'`) splits the store when writing it, but
 * measures each character with a `TextEncoder` call to do so, which cost more than it saved.
 *
 * This loads Astro's virtual module (`astro:data-layer-content`, Astro 7) in a build only (the
 * dev server keeps Astro's own module, which it reloads); if Astro renames the id, this plugin is
 * simply never asked. It loads the module before Astro's own plugin would (`order: 'pre'`), so that
 * Astro never reads the file into the bundle: its loader parses the whole file once to check it,
 * then quotes it into a literal, which on a large catalogue more than doubles the build's heap while
 * Vite bundles the pages.
 */
export function contentStoreHandoff(): AstroIntegration {
  return {
    name: 'praxis:content-store-handoff',
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig }) => {
        if (command !== 'build') return;
        const storeFile = fileURLToPath(new URL('data-store.json', config.cacheDir));
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'praxis:content-store-handoff',
                load: {
                  // Before Astro's own plugin, which is registered first and would otherwise answer.
                  order: 'pre',
                  filter: { id: /^\0astro:data-layer-content$/ },
                  handler(this: { environment?: { config: { consumer?: string } } }, id: string) {
                    if (id !== '\0astro:data-layer-content' || this.environment?.config.consumer === 'client') return undefined;
                    // No store in memory nor on disk yet: Astro's empty store stands. A publish's
                    // first build has the one in memory before any file (content-store-saves.ts).
                    const inMemory = (globalThis as { [key: symbol]: unknown })[Symbol.for(SYNCED_KEY)] !== undefined;
                    if (!inMemory && !existsSync(storeFile)) return undefined;
                    // Astro marks its own module as content data, which its incremental build leaves out of the
                    // pages' code hashes; this module's code does not change with the content, so needs no mark.
                    return {
                      code: [
                        `import { readFileSync } from 'node:fs';`,
                        `import { unflatten } from 'devalue';`,
                        `const synced = globalThis[Symbol.for(${JSON.stringify(SYNCED_KEY)})];`,
                        // Astro takes a Map as it is: collection name → (id → entry), sorted by id as
                        // Astro writes the file, so that the pages meet the entries in the same order
                        // whether they come from memory or from disk (the order of a resource's
                        // languages on its cards, for one).
                        `const byId = ([a], [b]) => a.localeCompare(b);`,
                        `export default synced`,
                        `  ? new Map([...synced].sort(byId).map(([name, store]) => [name, new Map(store.entries().sort(byId))]))`,
                        `  : unflatten(JSON.parse(readFileSync(${JSON.stringify(storeFile)}, 'utf8')));`,
                      ].join('\n'),
                      map: { mappings: '' },
                    };
                  },
                },
              },
            ],
          },
        });
      },
    },
  };
}

/** A `Symbol.for` key: the loader and the generated module are separate module instances. */
const SYNCED_KEY = 'praxis:synced-content-collections';

/** Leaves a collection's store, as the content loader filled it, for the pages of this build. */
export function shareSyncedCollection(name: string, store: LoaderContext['store']): void {
  const shared = globalThis as { [key: symbol]: Map<string, LoaderContext['store']> | undefined };
  shared[Symbol.for(SYNCED_KEY)] ??= new Map();
  shared[Symbol.for(SYNCED_KEY)]!.set(name, store);
}
