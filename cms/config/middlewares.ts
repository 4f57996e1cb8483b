import { LARGEST_UPLOAD } from '../src/uploads/rules';

export default [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  { name: 'strapi::body', config: { formLimit: '1mb', jsonLimit: '1mb', textLimit: '1mb', formidable: { maxFileSize: LARGEST_UPLOAD } } },
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
