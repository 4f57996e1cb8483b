import { factories } from '@strapi/strapi';

// Strapi's core service; the registration logic itself lives in src/registration/.
export default factories.createCoreService('api::registration.registration');
