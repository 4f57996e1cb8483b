import type { Core } from '@strapi/strapi';
import { ALLOWED_TYPES, DENIED_TYPES, LARGEST_UPLOAD } from '../src/uploads/rules';

/**
 * Where uploads are kept: the CMS's public folder (the default, what the tests run), or, with
 * PRAXIS_UPLOAD_PROVIDER=s3, an S3-compatible bucket for deployments with several CMS processes
 * or more media than one disk. The bucket's files are public at PRAXIS_UPLOAD_PUBLIC_URL (the
 * bucket or a CDN before it); visitors still get them from the site's origin, as the site server
 * passes /media/<key> to that address (scripts/pipeline/site-server.ts).
 */
function uploadProvider(env: Core.Config.Shared.ConfigParams['env']): Record<string, unknown> {
  if (env('PRAXIS_UPLOAD_PROVIDER', 'local') !== 's3') return {};
  try {
    require.resolve('@strapi/provider-upload-aws-s3');
  } catch {
    throw new Error('PRAXIS_UPLOAD_PROVIDER=s3 needs the S3 upload provider: npm install --save-exact -w cms @strapi/provider-upload-aws-s3 (the version of @strapi/strapi)');
  }
  const required = (name: string) => {
    const value = env(name, '');
    if (!value) throw new Error(`PRAXIS_UPLOAD_PROVIDER=s3 needs ${name}`);
    return value;
  };
  return {
    provider: 'aws-s3',
    providerOptions: {
      // The address the CMS stores in each file's `url`, which the site maps to /media/<key>.
      baseUrl: required('PRAXIS_UPLOAD_PUBLIC_URL').replace(/\/+$/, ''),
      rootPath: env('PRAXIS_S3_ROOT_PATH', '') || undefined,
      s3Options: {
        credentials: { accessKeyId: required('PRAXIS_S3_ACCESS_KEY_ID'), secretAccessKey: required('PRAXIS_S3_SECRET_ACCESS_KEY') },
        region: required('PRAXIS_S3_REGION'),
        // Any S3-compatible store (MinIO, Ceph, Garage, a cloud's object storage); unset for AWS.
        ...(env('PRAXIS_S3_ENDPOINT', '') ? { endpoint: env('PRAXIS_S3_ENDPOINT'), forcePathStyle: env.bool('PRAXIS_S3_FORCE_PATH_STYLE', true) } : {}),
        params: { Bucket: required('PRAXIS_S3_BUCKET'), ACL: env('PRAXIS_S3_ACL', 'public-read') },
      },
    },
  };
}

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
      ...uploadProvider(env),
      sizeLimit: LARGEST_UPLOAD,
      // Checked against the type detected from the file's bytes, not only the name or the browser's claim.
      security: { allowedTypes: ALLOWED_TYPES, deniedTypes: DENIED_TYPES },
    },
  },
});
