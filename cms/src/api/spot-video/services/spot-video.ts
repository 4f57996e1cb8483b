import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::spot-video.spot-video');
