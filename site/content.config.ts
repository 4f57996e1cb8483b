import { defineCollection } from 'astro:content';
import { cmsLoader } from './lib/cms-loader.ts';
import { resourceSchema } from './schemas/resource.ts';

/** Where the build reads content from; `npm start` and the tests set it. */
const cmsUrl = process.env.PRAXIS_CMS_URL ?? 'http://127.0.0.1:1337';

export const collections = {
  resources: defineCollection({
    loader: cmsLoader({ url: cmsUrl, collection: 'resources', populate: [
        'populate[files][populate][media][fields][0]=url',
        'populate[files][populate][media][fields][1]=size',
        'populate[files][populate][media][fields][2]=mime',
        'populate[files][populate][media][fields][3]=name',
        'populate[themes][fields][0]=key',
      ].join('&'), schema: resourceSchema }),
    schema: resourceSchema,
  }),
};
