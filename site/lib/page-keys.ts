/**
 * Cache keys for Astro's incremental build (`experimental.incrementalBuild`): a page returned by
 * `getStaticPaths()` with a `cacheKey` is copied from the previous build, not rendered again, when
 * its key and the code it is built from are unchanged. A one-item edit in a catalogue of 10,000
 * resources then renders the few dozen pages that show the item instead of all 55,000.
 *
 * A key must change whenever anything the page shows changes, so each one is a hash of the
 * entries it reads, by their digest (the content loader's hash of the CMS's JSON, `updatedAt`
 * included):
 *   - every page shows the entries outside the resource catalogue, or might (the helplines are in
 *     every footer; themes, reports, practices and projects are linked from resource pages): they
 *     are few, so any change to one of them renders every page again (`sharedKey`);
 *   - a resource's page shows that resource in all its languages, and the titles of the resources
 *     it adapts or translates (`resourcePageKey`);
 *   - a page of a catalogue list shows its cards, the length of the list and the facets on offer
 *     (`listPageKey`); the combined filter's data holds every card of the catalogue (`catalogueIndexKey`);
 *   - a field pack (its ZIP and its page) holds the resources of its locale, and the videos
 *     (`fieldPackKey`);
 *   - a project's page lists everything linked to it (`project-hub.ts`): its resources, in all
 *     their languages, and the rest, which `sharedKey` covers (`projectPageKey`).
 * Pages without a key (the home pages, the other collections' pages) render at every build. Astro
 * itself adds what the code and the rendered Markdown contribute.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getCollection, type CollectionKey } from 'astro:content';
import { facetValues, projectNames } from './catalogue.ts';
import { CMS_COLLECTIONS } from './cms-collections.ts';
import { findPage, type LocalizedPage } from './localized.ts';
import { pageOf } from './paging.ts';
import { projectResourceKeys } from './project-hub.ts';
import { allResources, resourceEntriesIn } from './resources.ts';

const hashOf = (parts: Iterable<string>) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('base64url');
};

/** What identifies an entry's content: its id and the loader's digest of it (`cms-loader.ts` sets one on every entry). */
function versionOf(entry: { id: string; digest?: string | number | undefined }): string {
  if (entry.digest === undefined) throw new Error(`page keys: the content entry ${entry.id} has no digest`);
  return `${entry.id}@${entry.digest}`;
}

/** Every collection outside the resource catalogue, a collection added later included. */
const SHARED = (Object.keys(CMS_COLLECTIONS) as CollectionKey[]).filter((collection) => collection !== 'resources');

let shared: Promise<string> | undefined;

/** A hash of every entry outside the resource catalogue, once per build. */
export function sharedKey(): Promise<string> {
  shared ??= (async () => {
    const versions: string[] = [];
    for (const collection of SHARED) for (const entry of await getCollection(collection)) versions.push(`${collection}/${versionOf(entry)}`);
    // The facets on offer and the projects' names come from the whole catalogue, but rarely change.
    const facets = (await facetValues()).map(({ facet, value }) => `${facet}=${value}`);
    const projects = [...(await projectNames())].map(([slug, name]) => `${slug}=${name}`);
    return hashOf([...versions.sort(), ...facets, ...projects]);
  })();
  return shared;
}

/** Every language version of the item a page shows. */
const versionsOf = (page: LocalizedPage<'resources'>) => [...page.versions.values()].map(versionOf).sort();

/** The key of a resource's page: the resource in all its languages, and the ones its lineage links to. */
export async function resourcePageKey(page: LocalizedPage<'resources'>): Promise<string> {
  const { adaptedFrom, translationOf } = page.entry.data;
  const lineage = await Promise.all([adaptedFrom, translationOf].map((key) => findPage('resources', key, page.locale)));
  return hashOf([
    await sharedKey(),
    page.locale,
    ...versionsOf(page),
    ...lineage.flatMap((linked) => (linked ? ['lineage', ...versionsOf(linked)] : ['none'])),
  ]);
}

/** The key of page `number` (from 1) of a catalogue list: its cards and the length of the list. */
export async function listPageKey(resources: LocalizedPage<'resources'>[], number: number): Promise<string> {
  const cards = pageOf(resources, number).map((page) => `${versionOf(page.entry)}:${[...page.versions.keys()].join(',')}`);
  return hashOf([await sharedKey(), String(resources.length), ...cards]);
}

/** The key of the combined filter's catalogue of a locale (`catalogueIndex`): every card of the catalogue. */
export async function catalogueIndexKey(resources: LocalizedPage<'resources'>[]): Promise<string> {
  const cards = resources.map((page) => `${versionOf(page.entry)}:${[...page.versions.keys()].join(',')}`);
  return hashOf([await sharedKey(), 'catalogue-index', ...cards]);
}

/** The key of a project's page: its resources in all their languages, and everything outside the catalogue. */
export async function projectPageKey(page: LocalizedPage<'projects'>): Promise<string> {
  const keys = await projectResourceKeys(page.entry.data.key);
  const resources = (await allResources())
    .filter((entry) => keys.has(entry.data.key))
    .map(versionOf)
    .sort();
  return hashOf([await sharedKey(), page.locale, page.entry.data.key, ...resources]);
}

/** The key of a locale's field pack: every resource of the locale, and the videos (in `sharedKey`). */
export async function fieldPackKey(locale: string, site: URL): Promise<string> {
  const resources = await resourceEntriesIn(locale);
  return hashOf([await sharedKey(), site.href, ...resources.map(versionOf).sort()]);
}

/**
 * The key each locale's field pack was last built with, recorded in Astro's cache folder (which
 * `scripts/pipeline/astro-build.ts` names in `PRAXIS_ASTRO_CACHE_DIR`). It only decides whether a pack
 * is worth starting before its pages render: Astro alone decides whether they render.
 */
export const lastFieldPack = {
  file: (locale: string) => (process.env.PRAXIS_ASTRO_CACHE_DIR ? join(process.env.PRAXIS_ASTRO_CACHE_DIR, 'praxis-field-pack', `${locale}.key`) : undefined),
  /** Where the terms of the pack's texts are kept for the next build (`field-pack-worker.cjs`); none without a cache folder. */
  termsFile: (locale: string) =>
    process.env.PRAXIS_ASTRO_CACHE_DIR ? join(process.env.PRAXIS_ASTRO_CACHE_DIR, 'praxis-field-pack', `${locale}.terms.json`) : undefined,
  builtWith(locale: string, key: string): boolean {
    const file = this.file(locale);
    return file !== undefined && existsSync(file) && readFileSync(file, 'utf8') === key;
  },
  record(locale: string, key: string): void {
    const file = this.file(locale);
    if (!file) return;
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, key);
  },
};
