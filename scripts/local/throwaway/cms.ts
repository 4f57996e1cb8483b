/**
 * A real Strapi for a test file: its own data folder, database (SQLite file, or a throwaway
 * PostgreSQL database when `PRAXIS_TEST_DATABASE=postgres`), port and generated secrets.
 */
import type { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCms, type RunningCms } from '../cms.ts';
import { portalEnv } from '../../pipeline/env.ts';
import { root } from '../../pipeline/paths.ts';
import { runCollecting } from '../../pipeline/processes.mjs';
import { createTestDatabase, dropTestDatabase, replaceWithCopy } from './postgres.ts';
import { oncePerRun, runDir } from './run.ts';

export type TestDatabase = 'sqlite' | 'postgres';

/** The database the current project runs against. */
export const testDatabase = (process.env.PRAXIS_TEST_DATABASE ?? 'sqlite') as TestDatabase;

/**
 * A free TCP port on loopback, chosen below the system's ephemeral range. A port the system hands
 * out (listen on 0) comes from the range it also uses for outgoing connections, so in the minutes
 * between choosing it and listening on it a browser's or a database client's connection could take
 * it (EADDRINUSE on a busy run); below the range, only another chooser can, and handed-out ports
 * are remembered per process. Nor is it one of the ports that `fetch` and Chromium refuse to connect
 * to (`BLOCKED_PORTS`): a CMS listening there never answers its readiness check.
 */
export async function freePort(): Promise<number> {
  const [lowest] = ephemeralRange();
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 10_000 + Math.floor(Math.random() * (lowest - 10_000));
    if (handedOut.has(port) || BLOCKED_PORTS.has(port)) continue;
    if (await canListen(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`No free port found on 127.0.0.1 between 10000 and ${lowest}`);
}

const handedOut = new Set<number>();

/**
 * The ports of the Fetch standard's "bad port" list above 10,000 (the rest lie below it): Node's
 * `fetch` fails on them with "bad port" and Chromium with ERR_UNSAFE_PORT, whatever listens there.
 */
export const BLOCKED_PORTS: ReadonlySet<number> = new Set([10_080]);

/** The system's range for outgoing connections (Linux); the usual default elsewhere. */
export function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low && high && low > 11_000) return [low, high];
  } catch {
    // Not Linux: fall through.
  }
  return [32_768, 60_999];
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
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

/** The admin API's path of a content type's entries (the content manager's), e.g. `api::resource.resource`. */
export const entriesPath = (uid: string) => `/content-manager/collection-types/${uid}`;

export interface AdminResponse {
  status: number;
  body: any;
}

/** Where an admin API call goes and as whom. */
export interface AdminOptions {
  /** The language version (default: Italian, the portal's first). */
  locale?: string;
  /** Another account's token (default: the first account). */
  token?: string | undefined;
}

/** The entries of one content type through the admin API (the content manager), as the admin panel calls it. */
export interface AdminEntries {
  /** The type's path in the admin API, for a query of the test's own. */
  path: string;
  /** Lists entries: `query` is the query string without `?` (filters, locale, paging). */
  list(query?: string, options?: Pick<AdminOptions, 'token'>): Promise<AdminResponse>;
  /** The entry with this key in this language; fails when there is none. */
  find(key: string, options?: AdminOptions): Promise<Record<string, any> & { documentId: string }>;
  create(body: Record<string, unknown>, options?: AdminOptions): Promise<AdminResponse>;
  update(documentId: string, body: Record<string, unknown>, options?: AdminOptions): Promise<AdminResponse>;
  /** Publishes a language version, saving `body` first, as the admin's "Publish" button does. */
  publish(documentId: string, body?: Record<string, unknown>, options?: AdminOptions): Promise<AdminResponse>;
  /** Creates a language version and publishes it; fails on any refusal. Returns its documentId. */
  createAndPublish(body: Record<string, unknown>, options?: AdminOptions): Promise<string>;
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
  admin(path: string, init?: { method?: string; body?: unknown; token?: string | undefined }): Promise<AdminResponse>;
  /** The entries of a content type (`api::resource.resource`) through the admin API. */
  entries(uid: string): AdminEntries;
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

/** A CMS made once in the run (seeded, or only started once), which the run's other CMSs copy. */
interface SeededTemplate {
  dataDir: string;
  /** Its PostgreSQL database, for `postgres`. */
  databaseName?: string | undefined;
  output: string;
}

async function seededTemplate(run: string, database: TestDatabase): Promise<SeededTemplate> {
  return oncePerRun(run, `seeded-${database}`, async () => {
    // Made by the first test file that asks and kept to the end of the run (the global setup removes it).
    const template = await createTestCms({ database, keep: true });
    const seeded = await runScript('local/seed.ts', template.env);
    if (seeded.code !== 0) throw new Error(seeded.output);
    return { dataDir: template.env.PRAXIS_DATA_DIR!, databaseName: template.databaseName, output: seeded.output };
  });
}

/**
 * A CMS started once on an empty database and stopped, which the run's CMSs that start without a
 * seed copy: Strapi's first start (every table made, the migrations, then the locales, roles,
 * permissions and first account our bootstrap writes) is done once a run instead of once a file.
 * A copy then starts as any CMS starts the second time: the schema's hash unchanged, the bootstrap
 * syncing what is already there.
 */
async function startedTemplate(run: string, database: TestDatabase): Promise<SeededTemplate> {
  return oncePerRun(run, `started-${database}`, async () => {
    const template = await createTestCms({ database, keep: true });
    await template.start();
    await template.stop();
    return { dataDir: template.env.PRAXIS_DATA_DIR!, databaseName: template.databaseName, output: '' };
  });
}

export async function createTestCms({
  database = testDatabase,
  env: extraEnv = {},
  keep = false,
  attach,
}: {
  database?: TestDatabase;
  env?: NodeJS.ProcessEnv;
  keep?: boolean;
  /**
   * A CMS another test process made and runs (the run's shared portal, `tests/support/shared-portal.ts`):
   * its data folder and port. This one only talks to it; starting, stopping and removing it are refused.
   */
  attach?: { dataDir: string; port: number };
} = {}): Promise<TestCms & { databaseName?: string | undefined }> {
  const run = await runDir();
  const dataDir = attach?.dataDir ?? mkdtempSync(join(run && keep ? run : tmpdir(), 'praxis-cms-'));
  // The run's CMSs share their secrets, so that one seeded database (its first account) serves them all.
  if (run && !attach) copyFileSync(join(run, 'secrets.env'), join(dataDir, 'secrets.env'));
  const port = attach?.port ?? (await freePort());
  const postgres = database === 'postgres' && !attach ? await createTestDatabase() : undefined;
  const env = portalEnv({
    ...process.env,
    PRAXIS_DATA_DIR: dataDir,
    PRAXIS_CMS_PORT: String(port),
    PRAXIS_CMS_URL: `http://127.0.0.1:${port}`,
    PRAXIS_CMS_LOG_LEVEL: 'warn',
    DATABASE_CLIENT: database,
    DATABASE_URL: postgres?.url ?? '',
    // Node's compile cache, one for the run: the first Strapi started in the run (the started
    // template's) keeps the V8 code of the thousands of modules it loads (@strapi/core alone is
    // about 2,200), and every later start and seed reads it instead of compiling them again. Node
    // checks each entry's header (the source's hash and size, the cached code's checksum) and
    // compiles afresh on a mismatch, so an entry another process of the run is writing is ignored.
    ...(run ? { NODE_COMPILE_CACHE: join(run, 'compile-cache') } : {}),
    ...extraEnv,
  });
  let running: RunningCms | undefined;
  const replicas: RunningCms[] = [];
  const url = `http://127.0.0.1:${port}`;
  let token: string | undefined;
  let untouched = true;

  /** Makes this CMS's database and uploads a copy of a template's (before anything ran on them). */
  const copyTemplate = async (template: SeededTemplate) => {
    if (postgres) await replaceWithCopy(postgres.name, template.databaseName!);
    else
      for (const file of readdirSync(template.dataDir).filter((name) => name.startsWith('praxis.db')))
        copyFileSync(join(template.dataDir, file), join(dataDir, file));
    const uploads = join(template.dataDir, 'public', 'uploads');
    if (existsSync(uploads)) cpSync(uploads, join(dataDir, 'public', 'uploads'), { recursive: true });
  };

  // Typed here, so that `this` in its methods is a TestCms.
  const testCms: TestCms & { databaseName?: string | undefined } = {
    env,
    url,
    databaseName: postgres?.name,
    async seed(content) {
      const fresh = untouched;
      untouched = false;
      // Seeding `content/` into a new CMS gives what the run's first seed gave: a copy of it.
      if (attach) throw new Error('a shared CMS is seeded once, by the process that made it');
      if (fresh && run && content === undefined && !extraEnv.PRAXIS_CONTENT_DIR) {
        const template = await seededTemplate(run, database);
        await copyTemplate(template);
        return { code: 0, output: template.output };
      }
      return runScript('local/seed.ts', { ...env, ...(content ? { PRAXIS_CONTENT_DIR: content } : {}) });
    },
    async start() {
      if (attach) throw new Error('a shared CMS is started by the process that made it');
      // A first start on an empty database gives what the run's started template holds: a copy of
      // it. Not for a template itself, nor when the first account is not the run's.
      if (untouched && run && !keep && !extraEnv.PRAXIS_ADMIN_EMAIL && !extraEnv.PRAXIS_ADMIN_PASSWORD)
        await copyTemplate(await startedTemplate(run, database));
      untouched = false;
      running = await startCms(env, { quiet: true });
    },
    async stop() {
      if (attach) throw new Error('a shared CMS runs to the end of the run: the test files reading it need it');
      await running?.stop();
      running = undefined;
    },
    async destroy() {
      // The shared CMS is removed by the run's teardown, not by a file reading it.
      if (attach) return;
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
    entries(uid) {
      const path = entriesPath(uid);
      const entries: AdminEntries = {
        path,
        list: (query = '', { token } = {}) => testCms.admin(query ? `${path}?${query}` : path, { token }),
        async find(key, { locale = 'it', token } = {}) {
          const found = await entries.list(`filters[key][$eq]=${encodeURIComponent(key)}&locale=${locale}`, { token });
          const entry = found.body?.results?.[0];
          if (!entry) throw new Error(`no ${uid} with key ${key} in ${locale}: ${found.status} ${JSON.stringify(found.body)}`);
          return entry;
        },
        create: (body, { locale = 'it', token } = {}) => testCms.admin(`${path}?locale=${locale}`, { method: 'POST', body, token }),
        update: (documentId, body, { locale = 'it', token } = {}) => testCms.admin(`${path}/${documentId}?locale=${locale}`, { method: 'PUT', body, token }),
        publish: (documentId, body = {}, { locale = 'it', token } = {}) =>
          testCms.admin(`${path}/${documentId}/actions/publish?locale=${locale}`, { method: 'POST', body, token }),
        async createAndPublish(body, options = {}) {
          const created = await entries.create(body, options);
          if (created.status !== 201) throw new Error(`creating a ${uid} failed: ${created.status} ${JSON.stringify(created.body)}`);
          const documentId = created.body.data.documentId as string;
          const published = await entries.publish(documentId, {}, options);
          if (published.status !== 200) throw new Error(`publishing ${uid} ${documentId} failed: ${published.status} ${JSON.stringify(published.body)}`);
          return documentId;
        },
      };
      return entries;
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
      const updated = await this.entries('api::organisation.organisation').update(
        organisationDocumentId,
        { editors: { set: ids.map((id) => ({ id })) }, locales },
        { locale },
      );
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
