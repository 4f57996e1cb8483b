/**
 * What the site reads from the CMS: each content collection with its REST path, the `populate`
 * query that brings the relations and media its pages use, and the schema its entries must satisfy.
 * `content.config.ts` turns these into Astro collections; the content snapshot of `bench:build`
 * reads the same queries, so both paths build the same pages.
 */
import type { ZodType } from 'zod';
import type { PicturesOf } from './cms-loader.ts';
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
} from '../schemas/content.ts';

export interface CmsCollection {
  /** The REST path, e.g. "good-practices" for `/api/good-practices`. */
  rest: string;
  /** The relations the site reads (their `key`); the loader's listing watches them too. */
  relations: string[];
  populate: string;
  schema: ZodType<{ locale: string; key: string; slug?: string; body?: string | null }>;
  /** The images its pages show as pictures, which the publish pipeline resizes and re-encodes. */
  pictures?: PicturesOf;
}

const MEDIA_FIELDS = ['url', 'size', 'mime', 'name', 'width', 'height', 'alternativeText'];

interface Reads {
  relations?: string[];
  media?: string[];
  /** Component field → its media field. */
  components?: Record<string, string>;
  pictures?: PicturesOf;
}

/**
 * Strapi's `populate` query: relations with their key only, media with the fields the site uses,
 * components with their media.
 */
function populate({ relations = [], media = [], components = {} }: Reads): string {
  const parts = [
    ...relations.map((field) => `populate[${field}][fields][0]=key`),
    ...media.flatMap((field) => MEDIA_FIELDS.map((name, index) => `populate[${field}][fields][${index}]=${name}`)),
    ...Object.entries(components).flatMap(([field, mediaField]) =>
      MEDIA_FIELDS.map((name, index) => `populate[${field}][populate][${mediaField}][fields][${index}]=${name}`),
    ),
  ];
  return parts.join('&');
}

const collection = <Schema extends CmsCollection['schema']>(rest: string, schema: Schema, reads: Reads = {}) => ({
  rest,
  relations: reads.relations ?? [],
  populate: populate(reads),
  schema,
  ...(reads.pictures ? { pictures: reads.pictures } : {}),
});

type Image = { url: string; mime: string } | null;

export const CMS_COLLECTIONS = {
  resources: collection('resources', resourceSchema, {
    relations: ['themes', 'organisation', 'adaptedFrom', 'translationOf', 'usedInReports'],
    media: ['cover'],
    components: { files: 'media' },
    pictures: (data) => [data.cover as Image],
  }),
  themes: collection('themes', themeSchema),
  organisations: collection('organisations', organisationSchema, { media: ['logo'], pictures: (data) => [data.logo as Image] }),
  projects: collection('projects', projectSchema, {
    relations: ['organisations', 'lead'],
    components: { funders: 'emblem' },
    pictures: (data) => (data.funders as Array<{ emblem: Image }>).map((funder) => funder.emblem),
  }),
  events: collection('events', eventSchema, { relations: ['project', 'host', 'themes'] }),
  workshopReports: collection('workshop-reports', workshopReportSchema, { relations: ['event', 'organisation', 'resources'], media: ['attachments'] }),
  spotVideos: collection('spot-videos', spotVideoSchema, {
    relations: ['campaign', 'project', 'organisation'],
    media: ['video', 'poster'],
    components: { captions: 'file' },
  }),
  campaigns: collection('campaigns', campaignSchema, { relations: ['project', 'resources', 'videos'] }),
  webinars: collection('webinars', webinarSchema, { relations: ['project', 'organisation'] }),
  goodPractices: collection('good-practices', goodPracticeSchema, { relations: ['organisation', 'project', 'resources'] }),
  helplines: collection('helplines', helplineSchema, { relations: ['project'] }),
};
