import { factories } from '@strapi/strapi';
import { config } from '@praxis/contract/config';

/**
 * Strapi's stock `create` on registrations, for one purpose: the baseline of
 * `npm run bench:registrations`. Off unless PRAXIS_BENCH_STOCK_CREATE=on, and even then only an
 * API token reaches it (the public role never gets `create`).
 */
export default config().PRAXIS_BENCH_STOCK_CREATE === 'on'
  ? factories.createCoreRouter('api::registration.registration', { only: ['create'] })
  : { routes: [] };
