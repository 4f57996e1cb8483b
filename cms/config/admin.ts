import { config } from '@praxis/contract/config';

export default () => ({
  auth: { secret: config().ADMIN_JWT_SECRET },
  apiToken: { salt: config().API_TOKEN_SALT },
  transfer: { token: { salt: config().TRANSFER_TOKEN_SALT } },
  secrets: { encryptionKey: config().ENCRYPTION_KEY },
  // No marketing prompts inside the partners' workspace.
  flags: { nps: false, promoteEE: false },
});
