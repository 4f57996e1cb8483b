import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::workshop-report.workshop-report');
