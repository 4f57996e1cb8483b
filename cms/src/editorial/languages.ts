import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { localeCodes } from '@praxis/contract/locales';

const ORGANISATION = 'api::organisation.organisation';

/**
 * The languages an organisation works in (`locales`): a list of locale codes of the one locale
 * table. Stored as JSON, as it always was, so nothing needed migrating; shown in the admin as a
 * multi-select of the CMS locales (the `global::locales` custom field, `src/admin/languages.tsx`)
 * instead of raw JSON.
 */
export function registerLanguagesField(strapi: Core.Strapi): void {
  strapi.customFields.register({ name: 'locales', type: 'json' });
}

/**
 * Refuses an organisation whose languages are anything but a list of known locale codes, each
 * once, whoever writes (the admin, the REST API, the seed): the partner guard reads this list to
 * decide where a partner may write, so a typo (`"LT"`, `"lt "`) must not silently lock them out.
 */
export function checkOrganisationLanguages(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== ORGANISATION || !['create', 'update'].includes(context.action)) return next();
    const data = (context.params as { data?: Record<string, unknown> }).data;
    if (data && data.locales !== undefined && data.locales !== null) {
      const known = localeCodes;
      const value = data.locales;
      const list = Array.isArray(value) ? value : [value];
      const unknown = list.filter((code) => typeof code !== 'string' || !known.includes(code));
      if (!Array.isArray(value) || unknown.length > 0 || new Set(list).size !== list.length) {
        const message = `choose the organisation's languages among ${known.join(', ')}, each once${unknown.length ? ` ("${unknown.map(String).join('", "')}" is not one)` : ''}`;
        throw new errors.ValidationError(`locales: ${message}`, { errors: [{ path: ['locales'], message, name: 'ValidationError' }] });
      }
    }
    return next();
  });
}
