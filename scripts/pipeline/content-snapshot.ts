/**
 * A snapshot of the CMS's published content as local JSON files, one per collection and locale,
 * exactly as the site's content loader reads it (`site/lib/cms-source.ts`). `bench:build` builds
 * the site from it as its no-CMS baseline, and times writing it as the cost of reading the CMS.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { localeCodes } from '@praxis/contract/locales';
import { CMS_COLLECTIONS } from '../../site/lib/cms-collections.ts';
import { cmsSource, snapshotFile } from '../../site/lib/cms-source.ts';

/** Reads every published entry of every collection in every locale into `dir`; returns the entries and seconds. */
export async function writeSnapshot(cmsUrl: string, dir: string): Promise<{ entries: number; seconds: number }> {
  const started = performance.now();
  const source = cmsSource(cmsUrl);
  mkdirSync(dir, { recursive: true });
  let entries = 0;
  for (const { rest, populate } of Object.values(CMS_COLLECTIONS)) {
    for (const locale of localeCodes) {
      const data = await source.fetch(rest, locale, populate);
      entries += data.length;
      writeFileSync(snapshotFile(dir, rest, locale), JSON.stringify(data));
    }
  }
  return { entries, seconds: (performance.now() - started) / 1000 };
}
