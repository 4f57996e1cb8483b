import { config } from '@praxis/contract/config';
import { defineCollection } from 'astro:content';
import type { z, ZodType } from 'zod';
import { CMS_COLLECTIONS, type CmsCollection } from './lib/cms-collections.ts';
import { cmsLoader } from './lib/cms-loader.ts';
import { cmsSource, snapshotSource } from './lib/cms-source.ts';

/**
 * Where the build reads content from: the CMS at `PRAXIS_CMS_URL` (`npm start`, the publisher and
 * the tests set it), or, for the no-CMS baseline of `bench:build`, a snapshot folder of JSON files.
 */
const { PRAXIS_CONTENT_SNAPSHOT: snapshot, PRAXIS_CMS_URL: cmsUrl } = config();
const source = snapshot ? snapshotSource(snapshot) : cmsSource(cmsUrl);

function collection<Spec extends CmsCollection>({ rest, populate, relations, schema, pictures }: Spec) {
  return defineCollection({
    loader: cmsLoader({ source, collection: rest, populate, relations, schema, ...(pictures ? { pictures } : {}) }),
    schema: storedFields(schema) as ZodType<Omit<z.output<Spec['schema']>, 'body'>>,
  });
}

/** What an entry's `data` holds: its schema without the Markdown `body`, which the loader stores rendered. */
function storedFields(schema: CmsCollection['schema']): ZodType {
  const object = schema as unknown as z.ZodObject;
  return 'body' in object.shape ? object.omit({ body: true }) : object;
}

export const collections = {
  resources: collection(CMS_COLLECTIONS.resources),
  themes: collection(CMS_COLLECTIONS.themes),
  organisations: collection(CMS_COLLECTIONS.organisations),
  projects: collection(CMS_COLLECTIONS.projects),
  events: collection(CMS_COLLECTIONS.events),
  workshopReports: collection(CMS_COLLECTIONS.workshopReports),
  spotVideos: collection(CMS_COLLECTIONS.spotVideos),
  campaigns: collection(CMS_COLLECTIONS.campaigns),
  webinars: collection(CMS_COLLECTIONS.webinars),
  goodPractices: collection(CMS_COLLECTIONS.goodPractices),
  helplines: collection(CMS_COLLECTIONS.helplines),
};
