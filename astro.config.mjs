// @ts-check
import mdx from '@astrojs/mdx';
import { config } from '@praxis/contract/config';
import { defineConfig } from 'astro/config';
import { localeCodes as codes } from '@praxis/contract/locales';
import { checkDictionaries } from './site/integrations/check-dictionaries.ts';
import { contentStoreHandoff } from './site/integrations/content-store-handoff.ts';
import { typesOnlySync } from './site/integrations/types-only-sync.ts';

const [defaultLocale] = codes;
if (defaultLocale === undefined) throw new Error('the locale table (@praxis/contract/locales) lists no locale');
const settings = config();

export default defineConfig({
  srcDir: './site',
  outDir: settings.PRAXIS_SITE_DIST,
  // The content layer's store lives here; builds that run at once (tests) each need their own.
  cacheDir: settings.PRAXIS_ASTRO_CACHE_DIR,
  output: 'static',
  site: settings.PRAXIS_SITE_URL,
  trailingSlash: 'always',
  // Pages render while earlier ones are being written (one at a time, the build waited on the disk
  // a third of the time), and go on rendering while the eight field-pack pages (a page and a ZIP
  // per locale) wait for the worker thread that builds the packs (site/lib/field-pack.ts).
  //
  // The stylesheet is inlined in every page whatever its size: a first visit costs one request, and
  // a page on a phone paints without waiting for a second one (budgets: npm run bench:pages).
  build: { format: 'directory', concurrency: 12, inlineStylesheets: 'always' },
  // One locale table drives Astro's i18n; every page lives under /{locale}/.
  i18n: {
    locales: codes,
    defaultLocale,
    routing: { prefixDefaultLocale: true, redirectToDefaultLocale: false },
  },
  integrations: [checkDictionaries(), contentStoreHandoff(), typesOnlySync(), mdx()],
  vite: {
    environments: {
      client: {
        build: {
          rolldownOptions: {
            output: {
              // The search interface keeps one URL, like Pagefind's own files, so that the few bytes
              // of loader inlined in every page can import it when search opens (SearchDialog.astro).
              chunkFileNames: (chunk) => (chunk.name === 'search-ui' ? '_astro/search-ui.js' : `_astro/${chunk.name.replace(/[^\w.-]/g, '_')}.[hash].js`),
            },
          },
        },
      },
    },
  },
  // A page whose `cacheKey` (site/lib/page-keys.ts) and code are unchanged since the last build is
  // copied from that build (kept in `cacheDir`) instead of rendered: a publish renders what changed.
  experimental: { incrementalBuild: true },
  devToolbar: { enabled: false },
});
