import type { Core } from '@strapi/strapi';
import { ALLOWED_TYPES, DENIED_TYPES, LARGEST_UPLOAD } from '../src/uploads/rules';

export default ({ env }: Core.Config.Shared.ConfigParams) => ({
  'users-permissions': { config: { jwtSecret: env('JWT_SECRET') } },
  i18n: { config: { defaultLocale: 'it' } },
  upload: {
    config: {
      sizeLimit: LARGEST_UPLOAD,
      // Checked against the type detected from the file's bytes, not only the name or the browser's claim.
      security: { allowedTypes: ALLOWED_TYPES, deniedTypes: DENIED_TYPES },
    },
  },
});
