import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::workshop-report.workshop-report');
