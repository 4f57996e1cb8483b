import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::good-practice.good-practice', {
  only: ['find', 'findOne'],
  config: {
    find: { middlewares: ['global::published-only', 'global::public-query'] },
    findOne: { middlewares: ['global::published-only', 'global::public-query'] },
  },
});
