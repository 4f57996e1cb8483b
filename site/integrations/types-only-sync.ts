import type { AstroIntegration } from 'astro';

/**
 * `astro sync`, and `astro check` which runs it, writes the types of the content collections,
 * which come from their schemas alone; it would also run their loaders, which read the CMS. This
 * integration marks such a run, and the content loader (`site/lib/cms-loader.ts`) then leaves the
 * store as it is: the types are generated on a fresh clone with no CMS running (`npm run check`).
 * A build or the dev server loads content as before.
 */
export function typesOnlySync(): AstroIntegration {
  return {
    name: 'praxis:types-only-sync',
    hooks: {
      'astro:config:setup': ({ command }) => {
        (globalThis as { [key: symbol]: boolean | undefined })[Symbol.for(TYPES_ONLY_KEY)] = command === 'sync';
      },
    },
  };
}

/** A `Symbol.for` key: Astro loads its config and the content config as separate module instances. */
const TYPES_ONLY_KEY = 'praxis:types-only-sync';

/** Whether this process runs `astro sync` for the types only, so that loaders need not fetch. */
export function isTypesOnlySync(): boolean {
  return (globalThis as { [key: symbol]: boolean | undefined })[Symbol.for(TYPES_ONLY_KEY)] === true;
}
