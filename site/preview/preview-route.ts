/**
 * Where the site's origin serves previews: `/<locale>/preview/?token=…`, under the draft's locale
 * like every page of the site (Astro's i18n routing answers nothing outside a locale). The CMS
 * writes the same address (`cms/src/preview/link.ts`).
 */
import { localeCodes } from '@praxis/contract/locales';

export const PREVIEW_PATTERN = '/[locale]/preview';

/** Whether a request's path is a preview's. */
export function isPreviewPath(pathname: string): boolean {
  return localeCodes.some((locale) => pathname === `/${locale}/preview/`);
}

/** The header that hands a preview's token to the CMS; the same name as the CMS reads (`cms/src/middlewares/published-only.ts`). */
export const PREVIEW_HEADER = 'x-praxis-preview';
