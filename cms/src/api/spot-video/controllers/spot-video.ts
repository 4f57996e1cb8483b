import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::spot-video.spot-video');
