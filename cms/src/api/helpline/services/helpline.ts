import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::helpline.helpline');
