/** Where things live, so that no script guesses a path of its own. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cmsDir = join(root, 'cms');
/** The seed content; `PRAXIS_CONTENT_DIR` points elsewhere for tests. */
export const contentDir = resolve(root, process.env.PRAXIS_CONTENT_DIR ?? 'content');
export const strapiBin = join(root, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');

/** The gitignored data folder: database, uploads, generated secrets, e-mail outbox. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(root, env.PRAXIS_DATA_DIR ?? '.data');
}

/** The built static site. */
export function siteDistDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(root, env.PRAXIS_SITE_DIST ?? 'dist');
}

/** Astro's cache: the content layer's store and the incremental build's copies of the pages (`astro.config.mjs`). */
export function astroCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(root, env.PRAXIS_ASTRO_CACHE_DIR ?? join('node_modules', '.astro'));
}

/** The publisher's releases and the `current` link the server reads (scripts/pipeline/publisher.ts). */
export function sitesDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(root, env.PRAXIS_SITES_DIR ?? join(dataDir(env), 'site'));
}
