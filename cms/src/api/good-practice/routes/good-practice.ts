import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::good-practice.good-practice', {
  only: ['find', 'findOne'],
  config: {
    find: { middlewares: ['global::published-only'] },
    findOne: { middlewares: ['global::published-only'] },
  },
});
