import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::event.event', {
  only: ['find', 'findOne'],
  config: {
    find: { middlewares: ['global::published-only'] },
    findOne: { middlewares: ['global::published-only'] },
  },
});
