import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::event.event', {
  only: ['find', 'findOne'],
  config: {
    find: { middlewares: ['global::published-only', 'global::public-query'] },
    findOne: { middlewares: ['global::published-only', 'global::public-query'] },
  },
});
