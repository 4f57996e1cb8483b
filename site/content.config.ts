import { defineCollection } from 'astro:content';
import { cmsLoader } from './lib/cms-loader.ts';
import {
  campaignSchema,
  eventSchema,
  goodPracticeSchema,
  helplineSchema,
  organisationSchema,
  projectSchema,
  resourceSchema,
  spotVideoSchema,
  themeSchema,
  webinarSchema,
  workshopReportSchema,
} from './schemas/content.ts';
import type { ZodType } from 'zod';

/** Where the build reads content from; `npm start` and the tests set it. */
const cmsUrl = process.env.PRAXIS_CMS_URL ?? 'http://127.0.0.1:1337';

const MEDIA_FIELDS = ['url', 'size', 'mime', 'name'];

/**
 * Strapi's `populate` query: relations with their key only, media with the fields the site uses,
 * components with their media.
 */
function populate({ relations = [], media = [], components = {} }: { relations?: string[]; media?: string[]; components?: Record<string, string> }): string {
  const parts = [
    ...relations.map((field) => `populate[${field}][fields][0]=key`),
    ...media.flatMap((field) => MEDIA_FIELDS.map((name, index) => `populate[${field}][fields][${index}]=${name}`)),
    ...Object.entries(components).flatMap(([field, mediaField]) => MEDIA_FIELDS.map((name, index) => `populate[${field}][populate][${mediaField}][fields][${index}]=${name}`)),
  ];
  return parts.join('&');
}

function collection<Schema extends ZodType<{ locale: string; key: string; slug?: string; body?: string | null }>>(name: string, schema: Schema, query = '') {
  return defineCollection({ loader: cmsLoader({ url: cmsUrl, collection: name, populate: query, schema }), schema });
}

export const collections = {
  resources: collection('resources', resourceSchema, populate({ relations: ['themes', 'organisation', 'adaptedFrom', 'translationOf', 'usedInReports'], components: { files: 'media' } })),
  themes: collection('themes', themeSchema),
  organisations: collection('organisations', organisationSchema),
  projects: collection('projects', projectSchema, populate({ relations: ['organisations', 'lead'] })),
  events: collection('events', eventSchema, populate({ relations: ['project', 'host', 'themes'] })),
  workshopReports: collection('workshop-reports', workshopReportSchema, populate({ relations: ['event', 'organisation', 'resources'], media: ['attachments'] })),
  spotVideos: collection('spot-videos', spotVideoSchema, populate({ relations: ['campaign', 'project', 'organisation'], media: ['video', 'poster'], components: { captions: 'file' } })),
  campaigns: collection('campaigns', campaignSchema, populate({ relations: ['project', 'resources', 'videos'] })),
  webinars: collection('webinars', webinarSchema, populate({ relations: ['project', 'organisation'] })),
  goodPractices: collection('good-practices', goodPracticeSchema, populate({ relations: ['organisation', 'project', 'resources'] })),
  helplines: collection('helplines', helplineSchema, populate({ relations: ['project'] })),
};
