import { config } from '@praxis/contract/config';

/**
 * SQLite is the embedded default (a file in the gitignored data folder); PostgreSQL when
 * `DATABASE_URL`, or `DATABASE_CLIENT=postgres` with the usual `DATABASE_*` variables, says so.
 */
export default () => {
  const settings = config();
  const url = settings.DATABASE_URL;

  if (settings.DATABASE_CLIENT === 'postgres') {
    return {
      connection: {
        client: 'postgres',
        connection: url
          ? { connectionString: url, ssl: settings.DATABASE_SSL }
          : {
              host: settings.DATABASE_HOST,
              port: settings.DATABASE_PORT,
              database: settings.DATABASE_NAME,
              user: settings.DATABASE_USERNAME,
              password: settings.DATABASE_PASSWORD,
              ssl: settings.DATABASE_SSL,
              schema: settings.DATABASE_SCHEMA,
            },
        pool: { min: settings.DATABASE_POOL_MIN, max: settings.DATABASE_POOL_MAX },
      },
    };
  }

  return {
    connection: {
      client: 'sqlite',
      connection: { filename: settings.DATABASE_FILENAME },
      useNullAsDefault: true,
    },
  };
};
