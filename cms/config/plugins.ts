import { config, needsSet } from '@praxis/contract/config';
import { ALLOWED_TYPES, DENIED_TYPES, LARGEST_UPLOAD } from '../src/uploads/rules';

/**
 * Where uploads are kept: the CMS's public folder (the default, what the tests run), or, with
 * PRAXIS_UPLOAD_PROVIDER=s3, an S3-compatible bucket for deployments with several CMS processes
 * or more media than one disk. The bucket's files are public at PRAXIS_UPLOAD_PUBLIC_URL (the
 * bucket or a CDN before it); visitors still get them from the site's origin, as the site server
 * passes /media/<key> to that address (scripts/pipeline/site-server.ts).
 */
function uploadProvider(): Record<string, unknown> {
  const settings = config();
  if (settings.PRAXIS_UPLOAD_PROVIDER !== 's3') return {};
  try {
    require.resolve('@strapi/provider-upload-aws-s3');
  } catch {
    throw new Error(
      'PRAXIS_UPLOAD_PROVIDER=s3 needs the S3 upload provider: npm install --save-exact -w cms @strapi/provider-upload-aws-s3 (the version of @strapi/strapi)',
    );
  }
  const s3 = needsSet(
    settings,
    ['PRAXIS_UPLOAD_PUBLIC_URL', 'PRAXIS_S3_BUCKET', 'PRAXIS_S3_REGION', 'PRAXIS_S3_ACCESS_KEY_ID', 'PRAXIS_S3_SECRET_ACCESS_KEY'],
    'the CMS needs it with PRAXIS_UPLOAD_PROVIDER=s3',
  );
  return {
    provider: 'aws-s3',
    providerOptions: {
      // The address the CMS stores in each file's `url`, which the site maps to /media/<key>.
      baseUrl: s3.PRAXIS_UPLOAD_PUBLIC_URL,
      rootPath: settings.PRAXIS_S3_ROOT_PATH,
      s3Options: {
        credentials: { accessKeyId: s3.PRAXIS_S3_ACCESS_KEY_ID, secretAccessKey: s3.PRAXIS_S3_SECRET_ACCESS_KEY },
        region: s3.PRAXIS_S3_REGION,
        // Any S3-compatible store (MinIO, Ceph, Garage, a cloud's object storage); unset for AWS.
        ...(settings.PRAXIS_S3_ENDPOINT ? { endpoint: settings.PRAXIS_S3_ENDPOINT, forcePathStyle: settings.PRAXIS_S3_FORCE_PATH_STYLE } : {}),
        params: { Bucket: s3.PRAXIS_S3_BUCKET, ACL: settings.PRAXIS_S3_ACL },
      },
    },
  };
}

export default () => ({
  'users-permissions': { config: { jwtSecret: config().JWT_SECRET } },
  i18n: { config: { defaultLocale: 'it' } },
  // Every e-mail leaves through the outbox worker (src/mail/outbox.ts) and this plugin: to the SMTP
  // server of PRAXIS_SMTP_URL, or, on the embedded default, rendered by nodemailer's stream
  // transport and kept as .eml files in <data>/outbox/ for a person to open.
  email: {
    config: {
      provider: 'nodemailer',
      providerOptions: config().PRAXIS_SMTP_URL ?? { streamTransport: true, buffer: true, newline: 'unix' },
      settings: {
        defaultFrom: config().PRAXIS_MAIL_FROM,
        defaultReplyTo: config().PRAXIS_MAIL_REPLY_TO,
      },
    },
  },
  upload: {
    config: {
      ...uploadProvider(),
      sizeLimit: LARGEST_UPLOAD,
      // Checked against the type detected from the file's bytes, not only the name or the browser's claim.
      security: { allowedTypes: ALLOWED_TYPES, deniedTypes: DENIED_TYPES },
    },
  },
});
