import type { Core } from '@strapi/strapi';
import { previewUrl, siteOrigin } from '../src/preview/link';

export default ({ env }: Core.Config.Shared.ConfigParams) => ({
  auth: { secret: env('ADMIN_JWT_SECRET') },
  apiToken: { salt: env('API_TOKEN_SALT') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT') } },
  secrets: { encryptionKey: env('ENCRYPTION_KEY') },
  // No marketing prompts inside the partners' workspace.
  flags: { nps: false, promoteEE: false },
  // "Preview" on an entry opens its draft on the site's origin, rendered by the site's own pages,
  // behind a link signed for that document, language and status that works for minutes.
  preview: {
    enabled: true,
    config: { allowedOrigins: [siteOrigin()], handler: previewUrl },
  },
});
