import type { Core } from '@strapi/strapi';
import { ALLOWED_TYPES, DENIED_TYPES, LARGEST_UPLOAD } from '../src/uploads/rules';

export default ({ env }: Core.Config.Shared.ConfigParams) => ({
  'users-permissions': { config: { jwtSecret: env('JWT_SECRET') } },
  i18n: { config: { defaultLocale: 'it' } },
  // Every e-mail leaves through the outbox worker (src/mail/outbox.ts) and this plugin: to the SMTP
  // server of PRAXIS_SMTP_URL, or, on the embedded default, rendered by nodemailer's stream
  // transport and kept as .eml files in <data>/outbox/ for a person to open.
  email: {
    config: {
      provider: 'nodemailer',
      providerOptions: env('PRAXIS_SMTP_URL', '') || { streamTransport: true, buffer: true, newline: 'unix' },
      settings: {
        defaultFrom: env('PRAXIS_MAIL_FROM', 'Praxis <no-reply@praxis.example>'),
        defaultReplyTo: env('PRAXIS_MAIL_REPLY_TO', env('PRAXIS_MAIL_FROM', 'Praxis <no-reply@praxis.example>')),
      },
    },
  },
  upload: {
    config: {
      sizeLimit: LARGEST_UPLOAD,
      // Checked against the type detected from the file's bytes, not only the name or the browser's claim.
      security: { allowedTypes: ALLOWED_TYPES, deniedTypes: DENIED_TYPES },
    },
  },
});
