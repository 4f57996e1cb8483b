import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::good-practice.good-practice');
