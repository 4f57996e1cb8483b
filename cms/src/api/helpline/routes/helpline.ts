import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::helpline.helpline', {
  only: ['find', 'findOne'],
  config: {
    find: { middlewares: ['global::published-only', 'global::public-query'] },
    findOne: { middlewares: ['global::published-only', 'global::public-query'] },
  },
});
