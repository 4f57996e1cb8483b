import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { PUBLIC_TYPES } from '../bootstrap/permissions';
import { localeCodes } from '@praxis/contract/locales';
import { organisationsOfEditor } from './organisations';
import { COORDINATOR, isPartnerEditorOnly, PARTNER_TYPES } from './roles';

/**
 * The translators' list: for one language, what has no version in it yet, and what has one whose
 * translation status is "needs review", so that a Lithuanian translator finds their work without
 * searching. A partner editor sees their organisation's reports, resources, videos and good
 * practices, in the languages it works in; a coordinator sees every localized type.
 */

interface AdminUser {
  id: number;
  roles?: Array<{ code: string }>;
}

export interface TranslationItem {
  entryType: string;
  entryDocumentId: string;
  title: string;
  /** The languages it exists in (drafts included). */
  locales: string[];
}

export interface TranslationWork {
  locale: string;
  /** The languages this person may look at. */
  locales: string[];
  missing: TranslationItem[];
  needsReview: TranslationItem[];
}

export async function translationWork(strapi: Core.Strapi, user: AdminUser | undefined, locale: unknown): Promise<TranslationWork> {
  const known = localeCodes;
  const coordinator = (user?.roles ?? []).some((role) => role.code === COORDINATOR || role.code === 'strapi-super-admin');
  let organisations: Set<string> | undefined;
  let allowed = known;
  if (!coordinator) {
    if (!user || !isPartnerEditorOnly(user)) throw new errors.PolicyError('Only partner editors and coordinators see the translation work.');
    const own = await organisationsOfEditor(strapi, user.id);
    allowed = known.filter((code) => own.locales.has(code));
    organisations = own.documentIds;
  }
  // No language asked: the first this person works in.
  if (locale === undefined || locale === '') locale = allowed[0];
  if (typeof locale !== 'string' || !known.includes(locale)) throw new errors.ValidationError(`Choose a language: ${known.join(', ')}.`);
  if (!allowed.includes(locale))
    throw new errors.PolicyError(`Your organisation does not work in "${locale}": you translate into ${allowed.join(', ') || 'no language'}.`);
  const types = coordinator
    ? PUBLIC_TYPES.filter((uid) => (strapi.getModel(uid as never) as unknown as { attributes: Record<string, unknown> }).attributes.translationStatus)
    : [...PARTNER_TYPES];
  const work: TranslationWork = { locale, locales: allowed, missing: [], needsReview: [] };
  for (const uid of types) {
    const attributes = (strapi.getModel(uid as never) as unknown as { attributes: Record<string, unknown> }).attributes;
    const label = ['title', 'name', 'key'].find((field) => field in attributes) ?? 'documentId';
    const rows = (await strapi.db.query(uid as never).findMany({
      where: { publishedAt: null },
      select: ['documentId', 'locale', 'translationStatus', label],
      ...(organisations ? { populate: { organisation: { select: ['documentId'] } } } : {}),
    })) as Array<Record<string, unknown> & { documentId: string; locale: string; translationStatus?: string; organisation?: { documentId: string } | null }>;
    const byDocument = new Map<string, typeof rows>();
    for (const row of rows) byDocument.set(row.documentId, [...(byDocument.get(row.documentId) ?? []), row]);
    for (const [documentId, versions] of byDocument) {
      if (organisations && !versions.some((version) => version.organisation && organisations.has(version.organisation.documentId))) continue;
      const inLocale = versions.find((version) => version.locale === locale);
      const shown = inLocale ?? versions.find((version) => version.locale === known[0]) ?? versions[0]!;
      const item = {
        entryType: uid,
        entryDocumentId: documentId,
        title: String(shown[label] ?? documentId),
        locales: known.filter((code) => versions.some((version) => version.locale === code)),
      };
      if (!inLocale) work.missing.push(item);
      else if (inLocale.translationStatus === 'needs-review') work.needsReview.push(item);
    }
  }
  const byTitle = (a: TranslationItem, b: TranslationItem) => a.title.localeCompare(b.title);
  work.missing.sort(byTitle);
  work.needsReview.sort(byTitle);
  return work;
}

/** `GET /praxis/translations?locale=lt`. */
export function translationRoutes(strapi: Core.Strapi) {
  return {
    type: 'admin',
    prefix: '/praxis',
    routes: [
      {
        method: 'GET',
        path: '/translations',
        config: { policies: ['admin::isAuthenticatedAdmin'] },
        async handler(ctx: { query: { locale?: unknown }; state: { user?: AdminUser }; body: unknown; set(name: string, value: string): void }) {
          ctx.set('Cache-Control', 'no-store');
          ctx.body = { data: await translationWork(strapi, ctx.state.user, ctx.query.locale) };
        },
      },
    ],
  };
}
