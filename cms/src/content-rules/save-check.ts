import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { config } from '@praxis/contract/config';
import { bodyProblems, dateProblems, slugProblem, URL_FIELDS, urlProblem } from '@praxis/contract/content-rules';

/** Writes that store field values: what they carry is checked. */
const WRITES = new Set(['create', 'update', 'clone']);

interface Attribute {
  type: string;
}

interface FieldProblem {
  field: string;
  message: string;
}

/** The CMS as visitors reach its files: a body may write a media-library image with this origin. */
function mediaOrigins(): string[] {
  return config().cmsOrigins;
}

/**
 * The problems of the fields of `data` (all or some of an entry's fields) that the site would
 * refuse or could not build (`@praxis/contract/content-rules`): a slug it cannot use, an address with a scheme other
 * than the field allows, a body with a relative link, an image from another host or a file that is
 * not in the media library, a date the site cannot read to its precision.
 */
async function problemsOf(strapi: Core.Strapi, uid: string, data: Record<string, unknown>): Promise<FieldProblem[]> {
  const attributes = (strapi.contentTypes[uid as keyof typeof strapi.contentTypes] as { attributes: Record<string, Attribute> } | undefined)?.attributes ?? {};
  const urlFields = URL_FIELDS[uid] ?? {};
  const problems: FieldProblem[] = dateProblems(uid, data);
  for (const [field, value] of Object.entries(data)) {
    if (typeof value !== 'string' || value === '') continue;
    const type = attributes[field]?.type;
    if (type === 'uid' && field === 'slug') {
      const problem = slugProblem(value);
      if (problem) problems.push({ field, message: problem });
    }
    const schemes = urlFields[field];
    if (schemes) {
      const problem = urlProblem(value, schemes);
      if (problem) problems.push({ field, message: problem });
    }
    if (type === 'richtext') {
      const found = bodyProblems(value, mediaOrigins());
      for (const message of found.problems) problems.push({ field, message });
      for (const path of found.media) {
        const file = await strapi.db.query('plugin::upload.file').findOne({ where: { url: path }, select: ['id'] });
        if (!file) problems.push({ field, message: `the file "${path}" is not in the media library: upload it there and insert it from the library` });
      }
    }
  }
  return problems;
}

function refuse(problems: FieldProblem[]): never {
  const [first] = problems;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  throw new errors.ValidationError(`${first!.field}: ${first!.message}${more}`, {
    errors: problems.map(({ field, message }) => ({ path: [field], message, name: 'ValidationError' })),
  });
}

/**
 * Refuses, when an entry is saved or published, what the site could not build or must not show, with
 * a message that names the field and says what to write instead, so that one partner's entry never
 * holds up everyone's publishing (the site isolates such an entry if one still reaches it,
 * `site/lib/cms-loader.ts`). A Document Service middleware, so that the admin, the REST API, the seed
 * and scripts meet the same rules; drafts are checked too, so that the partner hears of it while
 * writing, not when the coordinator publishes. Publishing checks the draft being published, which
 * may have been written before a rule existed.
 */
export function registerSaveCheck(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (!context.uid.startsWith('api::')) return next();
    const params = context.params as { documentId?: string; locale?: string | string[]; data?: Record<string, unknown> };
    if (WRITES.has(context.action) && params.data) {
      const problems = await problemsOf(strapi, context.uid, params.data);
      if (problems.length > 0) refuse(problems);
    }
    if (context.action === 'publish' && params.documentId) {
      const locale = params.locale ?? (await strapi.plugin('i18n').service('locales').getDefaultLocale());
      const drafts = (await strapi.db.query(context.uid).findMany({
        where: { documentId: params.documentId, publishedAt: null, ...(locale === '*' ? {} : { locale: Array.isArray(locale) ? { $in: locale } : locale }) },
      })) as Array<Record<string, unknown>>;
      for (const draft of drafts) {
        const problems = await problemsOf(strapi, context.uid, draft);
        if (problems.length > 0) refuse(problems);
      }
    }
    return next();
  });
}
