import { readFileSync } from 'node:fs';
import type { AstroIntegration } from 'astro';

/** Characters per string literal: well below the size where compiling one becomes slow. */
const PART = 8 * 1024 * 1024;

/**
 * Hands the build Astro's content store as many string literals instead of one.
 *
 * Astro bundles its store (`data-store.json` in `cacheDir`) as one module,
 * `export default JSON.parse("…")`, around a single literal of the whole file: about 190 MB at
 * 10,000 resources × 4 locales, which Node took about 90 s to compile, where the same text cut in
 * parts compiles in a few seconds and `JSON.parse` reads the joined text in one more. Astro's own
 * alternative (`experimental.collectionStorage: 'chunked'`) splits the store when writing it, but
 * measures each character with a `TextEncoder` call to do so, which cost more than it saved.
 *
 * This answers for Astro's virtual module id (`astro:data-layer-content`, Astro 7) before Astro's
 * plugin does, with the same value; if Astro renames it, this plugin is simply never asked.
 */
export function contentStoreInParts(): AstroIntegration {
  return {
    name: 'praxis:content-store-in-parts',
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig }) => {
        if (command !== 'build') return;
        const storeFile = new URL('data-store.json', config.cacheDir);
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'praxis:content-store-in-parts',
                enforce: 'pre',
                load(id: string) {
                  if (id !== '\0astro:data-layer-content') return undefined;
                  let text: string;
                  try {
                    text = readFileSync(storeFile, 'utf8');
                  } catch {
                    return undefined; // no store yet: Astro's own plugin answers
                  }
                  const parts: string[] = [];
                  for (let start = 0; start < text.length; start += PART) parts.push(JSON.stringify(text.slice(start, start + PART)));
                  return { code: `export default JSON.parse([${parts.join(',\n')}].join(''));`, map: { mappings: '' } };
                },
              },
            ],
          },
        });
      },
    },
  };
}
