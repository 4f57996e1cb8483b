/**
 * The address "Preview" opens in the admin (Strapi's preview feature, `config/admin.ts`): the
 * site's `/<locale>/preview/` page (`site/preview/preview-route.ts`) with a signed link (`@praxis/contract/preview-token`) to this one draft, in this language.
 * The site's origin renders it with its own pages (`site/preview/`), so the draft looks as it will
 * once published. Content types without a page on the site get no address, and no preview.
 */
import type { Core } from '@strapi/strapi';
import { config } from '@praxis/contract/config';
import { signPreview } from '@praxis/contract/preview-token';

/** The content types the site has item pages for. */
export const PREVIEWABLE = new Set([
  'api::resource.resource',
  'api::workshop-report.workshop-report',
  'api::good-practice.good-practice',
  'api::event.event',
  'api::webinar.webinar',
  'api::project.project',
]);

/** The public site's origin, without a trailing slash (`PRAXIS_SITE_URL`). */
export function siteOrigin(): string {
  return new URL(config().PRAXIS_SITE_URL).origin;
}

interface PreviewParams {
  documentId: string;
  locale?: string | null;
  status?: 'draft' | 'published' | null;
}

/**
 * The preview address of one entry, or null for a type without pages. It lies under the draft's
 * locale, so the preview's own messages (a link gone stale) are in the draft's language: the admin
 * speaks English only, and whoever previews a Lithuanian draft works in Lithuanian.
 */
export function previewUrl(uid: string, { documentId, locale, status }: PreviewParams): string | null {
  if (!PREVIEWABLE.has(uid) || !documentId || !locale) return null;
  // Strapi asks no permission before it calls this: only someone who may read the entry in the
  // admin gets a link to it.
  const ability = (globalThis as { strapi?: Core.Strapi }).strapi?.requestContext.get()?.state?.userAbility as
    | { can(action: string, subject: string): boolean }
    | undefined;
  if (!ability?.can('plugin::content-manager.explorer.read', uid)) return null;
  const token = signPreview({ uid, documentId, locale, status: status === 'published' ? 'published' : 'draft' }, config().PRAXIS_PREVIEW_SECRET ?? '');
  return `${siteOrigin()}/${encodeURIComponent(locale)}/preview/?${new URLSearchParams({ token })}`;
}
