/**
 * A real Strapi for a test file: its own data folder, database (SQLite file, or a throwaway
 * PostgreSQL database when `PRAXIS_TEST_DATABASE=postgres`), port and generated secrets.
 */
import type { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCms, type RunningCms } from '../cms.ts';
import { portalEnv } from '../../pipeline/env.ts';
import { root } from '../../pipeline/paths.ts';
import { runCollecting } from '../../pipeline/processes.mjs';
import { createTestDatabase, dropTestDatabase } from './postgres.ts';

export type TestDatabase = 'sqlite' | 'postgres';

/** The database the current project runs against. */
export const testDatabase = (process.env.PRAXIS_TEST_DATABASE ?? 'sqlite') as TestDatabase;

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ProcessResult {
  code: number;
  output: string;
}

/** Runs a script of `scripts/` with the test CMS's environment and collects its output. */
export async function runScript(script: string, env: NodeJS.ProcessEnv, args: string[] = []): Promise<ProcessResult> {
  const { code, output } = await runCollecting(process.execPath, [join(root, 'scripts', script), ...args], { cwd: root, env });
  return { code: code ?? 1, output };
}

export interface TestCms {
  env: NodeJS.ProcessEnv;
  url: string;
  /** Imports `content` (or a fixture folder) through the seed script. */
  seed(content?: string): Promise<ProcessResult>;
  /** Starts Strapi; resolves when it answers. */
  start(): Promise<void>;
  /** Stops Strapi (if running), keeping the data. */
  stop(): Promise<void>;
  /** Stops Strapi and deletes the data folder and database. */
  destroy(): Promise<void>;
  /** Logs into the admin API with the generated first account and returns a bearer token. */
  adminToken(): Promise<string>;
  /** Calls the admin API as the first account (or with another token); JSON in, JSON out. */
  admin(path: string, init?: { method?: string; body?: unknown; token?: string }): Promise<{ status: number; body: any }>;
  /** Creates an admin account with the given role (and password, or a generated one) and returns its bearer token. */
  createAdminUser(email: string, roleCode: string, password?: string): Promise<string>;
  /**
   * Makes existing admin accounts the editors of an organisation (its draft, in `locale`), as a
   * coordinator does, and sets the languages it works in. Returns the accounts' ids.
   */
  setEditors(organisationDocumentId: string, emails: string[], locales: string[], locale?: string): Promise<number[]>;
  /**
   * A direct connection to the CMS's database, for what a test must do past Strapi: write a row as
   * an import or an older version would have, or read an index. The caller destroys it.
   */
  database(): Promise<Knex>;
  /** Starts one more Strapi process on the same database and data (another port): a second server. */
  startReplica(): Promise<RunningCms>;
}

export async function createTestCms({ database = testDatabase, env: extraEnv = {} }: { database?: TestDatabase; env?: NodeJS.ProcessEnv } = {}): Promise<TestCms> {
  const dataDir = mkdtempSync(join(tmpdir(), 'praxis-cms-'));
  const port = await freePort();
  const postgres = database === 'postgres' ? await createTestDatabase() : undefined;
  const env = portalEnv({
    ...process.env,
    PRAXIS_DATA_DIR: dataDir,
    PRAXIS_CMS_PORT: String(port),
    PRAXIS_CMS_URL: `http://127.0.0.1:${port}`,
    PRAXIS_CMS_LOG_LEVEL: 'warn',
    DATABASE_CLIENT: database,
    DATABASE_URL: postgres?.url ?? '',
    ...extraEnv,
  });
  let running: RunningCms | undefined;
  const replicas: RunningCms[] = [];
  const url = `http://127.0.0.1:${port}`;
  let token: string | undefined;

  // Typed here, so that `this` in its methods is a TestCms.
  const testCms: TestCms = {
    env,
    url,
    seed: (content) => runScript('local/seed.ts', { ...env, ...(content ? { PRAXIS_CONTENT_DIR: content } : {}) }),
    async start() {
      running = await startCms(env, { quiet: true });
    },
    async stop() {
      await running?.stop();
      running = undefined;
    },
    async destroy() {
      for (const replica of replicas) await replica.stop();
      await running?.stop();
      if (postgres) await dropTestDatabase(postgres.name);
      rmSync(dataDir, { recursive: true, force: true });
    },
    async adminToken() {
      if (token) return token;
      const response = await fetch(`${url}/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: env.PRAXIS_ADMIN_EMAIL, password: env.PRAXIS_ADMIN_PASSWORD }),
      });
      if (!response.ok) throw new Error(`admin login failed: ${response.status} ${await response.text()}`);
      token = ((await response.json()) as { data: { token: string } }).data.token;
      return token;
    },
    async admin(path, init = {}) {
      const response = await fetch(`${url}${path}`, {
        method: init.method ?? 'GET',
        headers: { authorization: `Bearer ${init.token ?? (await this.adminToken())}`, 'content-type': 'application/json' },
        body: init.body === undefined ? null : JSON.stringify(init.body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async database() {
      const { default: knex } = await import('knex');
      return database === 'postgres'
        ? knex({ client: 'pg', connection: env.DATABASE_URL! })
        : knex({ client: 'better-sqlite3', connection: { filename: join(dataDir, 'praxis.db') }, useNullAsDefault: true });
    },
    async startReplica() {
      const replicaPort = await freePort();
      const replica = await startCms({ ...env, PRAXIS_CMS_PORT: String(replicaPort), PRAXIS_CMS_URL: `http://127.0.0.1:${replicaPort}` }, { quiet: true });
      replicas.push(replica);
      return replica;
    },
    async setEditors(organisationDocumentId, emails, locales, locale = 'it') {
      const users = await this.admin(`/admin/users?pageSize=100`);
      const ids = emails.map((email) => {
        const user = (users.body.data.results as Array<{ id: number; email: string }>).find((candidate) => candidate.email === email);
        if (!user) throw new Error(`no admin account ${email}`);
        return user.id;
      });
      const updated = await this.admin(`/content-manager/collection-types/api::organisation.organisation/${organisationDocumentId}?locale=${locale}`, {
        method: 'PUT',
        body: { editors: { set: ids.map((id) => ({ id })) }, locales },
      });
      if (updated.status !== 200) throw new Error(`setting the editors of ${organisationDocumentId} failed: ${updated.status} ${JSON.stringify(updated.body)}`);
      return ids;
    },
    async createAdminUser(email, roleCode, password = `Example-${randomBytes(8).toString('hex')}-1A`) {
      const roles = await this.admin('/admin/roles');
      const role = (roles.body.data as Array<{ id: number; code: string }>).find((candidate) => candidate.code === roleCode);
      if (!role) throw new Error(`no admin role ${roleCode}`);
      const created = await this.admin('/admin/users', { method: 'POST', body: { email, firstname: 'Example', lastname: roleCode, roles: [role.id] } });
      if (created.status !== 201) throw new Error(`creating ${email} failed: ${created.status} ${JSON.stringify(created.body)}`);
      const registered = await fetch(`${url}/admin/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ registrationToken: created.body.data.registrationToken, userInfo: { firstname: 'Example', lastname: roleCode, password } }),
      });
      if (!registered.ok) throw new Error(`registering ${email} failed: ${registered.status} ${await registered.text()}`);
      return ((await registered.json()) as { data: { token: string } }).data.token;
    },
  };
  return testCms;
}
