import path from 'node:path';
import type { Core } from '@strapi/strapi';

/**
 * SQLite is the embedded default (a file in the gitignored data folder); PostgreSQL when
 * `DATABASE_URL`, or `DATABASE_CLIENT=postgres` with the usual `DATABASE_*` variables, says so.
 */
export default ({ env }: Core.Config.Shared.ConfigParams) => {
  const url = env('DATABASE_URL', '');
  const client = env('DATABASE_CLIENT', url.startsWith('postgres') ? 'postgres' : 'sqlite');

  if (client === 'postgres') {
    return {
      connection: {
        client: 'postgres',
        connection: url
          ? { connectionString: url, ssl: env.bool('DATABASE_SSL', false) }
          : {
              host: env('DATABASE_HOST', '127.0.0.1'),
              port: env.int('DATABASE_PORT', 5432),
              database: env('DATABASE_NAME', 'praxis'),
              user: env('DATABASE_USERNAME', 'postgres'),
              password: env('DATABASE_PASSWORD', ''),
              ssl: env.bool('DATABASE_SSL', false),
              schema: env('DATABASE_SCHEMA', 'public'),
            },
        pool: { min: env.int('DATABASE_POOL_MIN', 2), max: env.int('DATABASE_POOL_MAX', 10) },
      },
    };
  }

  if (client !== 'sqlite') throw new Error(`DATABASE_CLIENT must be "sqlite" or "postgres", not "${client}"`);
  const dataDir = env('PRAXIS_DATA_DIR') || path.join(__dirname, '..', '..', '..', '.data');
  return {
    connection: {
      client: 'sqlite',
      connection: { filename: env('DATABASE_FILENAME') || path.join(dataDir, 'praxis.db') },
      useNullAsDefault: true,
    },
  };
};
