/** PostgreSQL for the integration suite: a throwaway database per test file, dropped afterwards. */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// `pg` is the CMS's own PostgreSQL driver; the tests use the very same one.
const { Client } = require('pg') as typeof import('pg');

/** The server the suite uses: `PRAXIS_TEST_POSTGRES_URL`, by default the local one (trust auth, user postgres). */
export const adminUrl = process.env.PRAXIS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function postgresReachable(): Promise<{ reachable: boolean; url: string; reason?: string }> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return { reachable: true, url: adminUrl };
  } catch (error) {
    return { reachable: false, url: adminUrl, reason: (error as Error).message };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function admin<T>(work: (client: InstanceType<typeof Client>) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database and returns its URL. */
export async function createTestDatabase(): Promise<{ name: string; url: string }> {
  const name = `praxis_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

export async function dropTestDatabase(name: string): Promise<void> {
  await admin((client) => client.query(`drop database if exists ${name} with (force)`));
}

/** Makes database `name` a copy of database `template` (which nothing may be connected to). */
export async function replaceWithCopy(name: string, template: string): Promise<void> {
  await admin(async (client) => {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name} template ${template}`);
  });
}
