import { config } from '@praxis/contract/config';
import { previewUrl, siteOrigin } from '../src/preview/link';

export default () => ({
  auth: { secret: config().ADMIN_JWT_SECRET },
  apiToken: { salt: config().API_TOKEN_SALT },
  transfer: { token: { salt: config().TRANSFER_TOKEN_SALT } },
  secrets: { encryptionKey: config().ENCRYPTION_KEY },
  // No marketing prompts inside the partners' workspace.
  flags: { nps: false, promoteEE: false },
  // "Preview" on an entry opens its draft on the site's origin, rendered by the site's own pages,
  // behind a link signed for that document, language and status that works for minutes.
  preview: {
    enabled: true,
    config: { allowedOrigins: [siteOrigin()], handler: previewUrl },
  },
});
