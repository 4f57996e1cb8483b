/** Where things live, so that no script guesses a path of its own. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configOrExit } from '@praxis/contract/config';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cmsDir = join(root, 'cms');
/** The seed content; `PRAXIS_CONTENT_DIR` points elsewhere for tests. */
export const contentDir = configOrExit(process.env, root).PRAXIS_CONTENT_DIR;
export const strapiBin = join(root, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');

/** The gitignored data folder: database, uploads, generated secrets, e-mail outbox, the pictures the image step made (`images.ts`). */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return configOrExit(env, root).PRAXIS_DATA_DIR;
}

/** The built static site. */
export function siteDistDir(env: NodeJS.ProcessEnv = process.env): string {
  return configOrExit(env, root).PRAXIS_SITE_DIST;
}

/** Astro's cache: the content layer's store and the incremental build's copies of the pages (`astro.config.mjs`). */
export function astroCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return configOrExit(env, root).PRAXIS_ASTRO_CACHE_DIR;
}

/** The publisher's releases and the `current` link the server reads (scripts/pipeline/publisher.ts). */
export function sitesDir(env: NodeJS.ProcessEnv = process.env): string {
  return configOrExit(env, root).PRAXIS_SITES_DIR;
}

/**
 * Where the text of PDFs is cached, under the data folder: shared by the search index and the
 * offline field packs (`site/lib/document-text.ts`), so a file is read once, by whichever needs it first.
 */
export const pdfTextCacheDir = (env: NodeJS.ProcessEnv = process.env) => join(dataDir(env), 'search-cache', 'pdf-text');
