import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/**
 * Lets the build read Astro's content store from disk when the pages render, instead of bundling it.
 *
 * Astro bundles its store (`data-store.json` in `cacheDir`) as one module,
 * `export default JSON.parse("…")`, around a single literal of the whole file: about 190 MB at
 * 10,000 resources × 4 locales, which the bundler then copied and Node took about 90 s to compile.
 * Cut into parts, the literals still cost about 70 s to bundle and compile. The pages of a static
 * build render on this machine, right after the store is written, so the module can simply read
 * the file: `JSON.parse` of the file's text, the same value, in a few seconds, which the module
 * hands over as the Map Astro would make of it (devalue's `unflatten`, as Astro does). Astro's own
 * alternative (`experimental.collectionStorage: 'chunked'`) splits the store when writing it, but
 * measures each character with a `TextEncoder` call to do so, which cost more than it saved.
 *
 * This rewrites Astro's virtual module (`astro:data-layer-content`, Astro 7) in a build only (the
 * dev server keeps Astro's own module, which it reloads); if Astro renames the id, this plugin is
 * simply never asked.
 */
export function contentStoreFromDisk(): AstroIntegration {
  return {
    name: 'praxis:content-store-from-disk',
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig }) => {
        if (command !== 'build') return;
        const storeFile = fileURLToPath(new URL('data-store.json', config.cacheDir));
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'praxis:content-store-from-disk',
                // Astro's own plugin loads the module (it is registered first); this replaces the code.
                transform(this: { environment?: { config: { consumer?: string } } }, _code: string, id: string) {
                  if (id !== '\0astro:data-layer-content' || this.environment?.config.consumer === 'client') return undefined;
                  if (!existsSync(storeFile)) return undefined; // no store yet: Astro's empty store stands
                  // Astro takes a Map as it is: unflattened here, the file's flat array is not kept
                  // alive by this module's export for the whole build (a few hundred MB at 10,000 resources).
                  return {
                    code: `import { readFileSync } from 'node:fs';\nimport { unflatten } from 'devalue';\nexport default unflatten(JSON.parse(readFileSync(${JSON.stringify(storeFile)}, 'utf8')));`,
                    map: { mappings: '' },
                  };
                },
              },
            ],
          },
        });
      },
    },
  };
}
