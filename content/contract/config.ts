/**
 * Every environment variable Praxis reads, in one schema: what it is, what it expects, its default.
 * The CMS, the site build, the pipeline and the local scripts read their settings through
 * `readConfig()` instead of `process.env`, so a default is computed here once and a bad value
 * stops a process at its start with one line naming the variable (`configOrExit()`).
 * `.env.example` documents the same variables; a test keeps the two in step
 * (tests/scripts/config.test.ts).
 *
 * Empty values count as unset, as a `.env` line `NAME=` means "not set" to a person.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';

/** What a value must look like, said to the person who set it. */
const expects = <T extends z.ZodType>(schema: T, what: string): T => schema.meta({ expects: what });

const text = () => expects(z.string(), 'text');
const flag = (on: string) => expects(z.enum(['', on]).default('').transform((value) => value === on), `"${on}" or unset`);
const bool = (fallback: boolean) =>
  expects(
    z
      .enum(['true', 'false', '1', '0'])
      .default(fallback ? 'true' : 'false')
      .transform((value) => value === 'true' || value === '1'),
    'true or false',
  );
const port = (fallback: number) => expects(z.coerce.number().int().min(1).max(65_535).default(fallback), 'a port number from 1 to 65535');
const count = (fallback: number, min = 1) => expects(z.coerce.number().int().min(min).default(fallback), `a whole number of at least ${min}`);
const amount = (fallback: number) => expects(z.coerce.number().positive().default(fallback), 'a number above 0');
const httpUrl = () => expects(z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, '')), 'an http(s) address such as https://praxis.example');
const origins = () =>
  expects(
    z
      .string()
      .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
      .pipe(z.array(z.url({ protocol: /^https?$/ }).transform((value) => new URL(value).origin))),
    'comma-separated http(s) origins',
  );
/** A fixed-window rate limit, `<hits>/<seconds>`. */
const rate = (fallback: string) =>
  expects(
    z
      .string()
      .regex(/^[1-9]\d*\/[1-9]\d*$/)
      .default(fallback)
      .transform((value) => {
        const [hits, seconds] = value.split('/').map(Number) as [number, number];
        return { hits, windowMs: seconds * 1000 };
      }),
    `hits/seconds such as ${fallback}`,
  );
const oneOf = <T extends string>(values: readonly [T, ...T[]], fallback?: T) => {
  const schema = z.enum(values);
  return expects(fallback === undefined ? schema.optional() : schema.default(fallback), values.map((value) => `"${value}"`).join(' or '));
};

/**
 * The variables, by the name a person sets. A derived default (the site's URL from its host and
 * port, folders inside the data folder) is filled in by `readConfig()`, below.
 */
export const variables = {
  // Where things run
  PRAXIS_SITE_PORT: port(4321).describe('port of the site served by `npm start`'),
  PRAXIS_SITE_HOST: text().default('127.0.0.1').describe('host the site server binds to'),
  PRAXIS_SITE_URL: httpUrl().optional().describe('public URL of the site (default http://PRAXIS_SITE_HOST:PRAXIS_SITE_PORT)'),
  PRAXIS_CMS_PORT: port(1337).describe('port the CMS listens on'),
  PRAXIS_CMS_HOST: text().default('127.0.0.1').describe('host the CMS binds to'),
  PRAXIS_CMS_URL: httpUrl().optional().describe('URL the site build and the pipeline read the CMS from (default http://PRAXIS_CMS_HOST:PRAXIS_CMS_PORT)'),
  PRAXIS_CMS_PUBLIC_URL: httpUrl().optional().describe('public URL of the CMS admin, behind a proxy'),
  // Uploads
  PRAXIS_UPLOAD_PROVIDER: oneOf(['local', 's3'], 'local').describe('where the CMS keeps uploads'),
  PRAXIS_UPLOAD_PUBLIC_URL: httpUrl().optional().describe('public address of the bucket (s3)'),
  PRAXIS_S3_BUCKET: text().optional().describe('bucket (s3)'),
  PRAXIS_S3_REGION: text().optional().describe('region (s3)'),
  PRAXIS_S3_ACCESS_KEY_ID: text().optional().describe('access key (s3)'),
  PRAXIS_S3_SECRET_ACCESS_KEY: text().optional().describe('secret key (s3)'),
  PRAXIS_S3_ENDPOINT: httpUrl().optional().describe('endpoint of a store other than AWS (s3)'),
  PRAXIS_S3_FORCE_PATH_STYLE: bool(true).describe('path-style addresses with PRAXIS_S3_ENDPOINT (s3)'),
  PRAXIS_S3_ROOT_PATH: text().optional().describe('folder inside the bucket (s3)'),
  PRAXIS_S3_ACL: text().default('public-read').describe('ACL of each upload (s3)'),
  // Safety and video
  PRAXIS_QUICK_EXIT_URL: expects(z.url({ protocol: /^https$/ }), 'an https address').default('https://www.wikipedia.org/').describe('where the quick exit sends a reader'),
  PRAXIS_MUX_DATA_ENV_KEY: text().optional().describe('Mux Data environment key; unset, the player sends no analytics'),
  // Data
  PRAXIS_DATA_DIR: text().default('.data').describe('folder of the SQLite database, uploads and generated secrets'),
  PRAXIS_SITE_DIST: text().default('dist').describe('where `npm run site:build` puts the site'),
  PRAXIS_SITES_DIR: text().optional().describe("the publisher's releases (default <PRAXIS_DATA_DIR>/site)"),
  PRAXIS_ASTRO_CACHE_DIR: text().default(join('node_modules', '.astro')).describe("Astro's cache"),
  PRAXIS_ASTRO_CPU_PROF: text().optional().describe("a folder: each site build writes a V8 CPU profile of Astro's process there"),
  PRAXIS_PUBLIC_DIR: text().optional().describe("Strapi's public folder (default <PRAXIS_DATA_DIR>/public)"),
  PRAXIS_CONTENT_DIR: text().default('content').describe('seed content folder'),
  PRAXIS_PDF_TEXT_CACHE: text().optional().describe('text of the PDFs, kept between builds (default <PRAXIS_DATA_DIR>/search-cache/pdf-text)'),
  PRAXIS_CONTENT_SNAPSHOT: text().optional().describe('build from a folder of JSON files instead of the CMS'),
  // Database
  DATABASE_URL: expects(z.url({ protocol: /^postgres(ql)?$/ }), 'a postgres:// address').optional().describe('PostgreSQL instead of SQLite'),
  DATABASE_CLIENT: oneOf(['sqlite', 'postgres']).describe('sqlite (default) or postgres (default with DATABASE_URL)'),
  DATABASE_HOST: text().default('127.0.0.1').describe('PostgreSQL host'),
  DATABASE_PORT: port(5432).describe('PostgreSQL port'),
  DATABASE_NAME: text().default('praxis').describe('PostgreSQL database'),
  DATABASE_USERNAME: text().default('postgres').describe('PostgreSQL user'),
  DATABASE_PASSWORD: text().default('').describe('PostgreSQL password'),
  DATABASE_SSL: bool(false).describe('TLS to PostgreSQL'),
  DATABASE_SCHEMA: text().default('public').describe('PostgreSQL schema'),
  DATABASE_POOL_MIN: count(2, 0).describe('fewest pooled connections'),
  DATABASE_POOL_MAX: count(10).describe('most pooled connections'),
  DATABASE_FILENAME: text().optional().describe('SQLite file (default <PRAXIS_DATA_DIR>/praxis.db)'),
  // Secrets (generated into <PRAXIS_DATA_DIR>/secrets.env when unset)
  APP_KEYS: expects(z.string().transform((value) => value.split(',').map((key) => key.trim()).filter(Boolean)), 'comma-separated keys').optional().describe("Strapi's session keys"),
  API_TOKEN_SALT: text().optional().describe("Strapi's API token salt"),
  ADMIN_JWT_SECRET: text().optional().describe("Strapi's admin JWT secret"),
  TRANSFER_TOKEN_SALT: text().optional().describe("Strapi's transfer token salt"),
  JWT_SECRET: text().optional().describe("Strapi's users-permissions JWT secret"),
  ENCRYPTION_KEY: text().optional().describe("Strapi's encryption key"),
  // Publishing
  PRAXIS_PUBLISHER_PORT: port(4322).describe('port the publisher listens on'),
  PRAXIS_PUBLISHER_HOST: text().default('127.0.0.1').describe('host the standalone publisher binds to'),
  PRAXIS_PUBLISH_WEBHOOK_URL: httpUrl().optional().describe('where the CMS sends publish events (default the publisher on loopback)'),
  PRAXIS_PUBLISH_QUIET_MS: count(1500, 0).describe('quiet period before a build starts (ms)'),
  PRAXIS_SEARCH_RECENT_PAGES: count(300, 0)
    .describe("pages changed since a language's main search bundle that its recent-changes bundle holds before the main one is built again (0: always again)"),
  PRAXIS_WEBHOOK_SECRET: text().optional().describe('secret of the publish webhook'),
  PRAXIS_WEBHOOKS: oneOf(['on', 'off'], 'on').describe('"off" stops the CMS from calling the webhook'),
  // Preview of drafts
  PRAXIS_PREVIEW_PORT: port(4323).describe('port of the preview renderer (loopback; the site server passes /<locale>/preview/ to it)'),
  PRAXIS_PREVIEW_SECRET: text().optional().describe("signs the admin's preview links"),
  _RJEM_MALLOC_CONF: text().optional().describe("settings of the search indexer's allocator"),
  MIMALLOC_PURGE_DELAY: text().optional().describe("settings of Astro's build allocator"),
  MALLOC_MMAP_THRESHOLD_: text().optional().describe("settings of glibc's allocator in Astro's build"),
  // Behind a reverse proxy
  PRAXIS_BEHIND_PROXY: bool(false).describe('read the visitor address from X-Forwarded-For'),
  PRAXIS_PROXY_COUNT: count(1).describe('proxies before the CMS'),
  // Webinar registration and e-mail
  PRAXIS_SMTP_URL: expects(z.url({ protocol: /^smtps?$/ }), 'an smtp:// or smtps:// address').optional().describe('SMTP server; unset, e-mails go to <PRAXIS_DATA_DIR>/outbox'),
  PRAXIS_MAIL_FROM: text().default('Praxis <no-reply@praxis.example>').describe('sender of the e-mails'),
  PRAXIS_MAIL_REPLY_TO: text().optional().describe('reply-to of the e-mails (default PRAXIS_MAIL_FROM)'),
  PRAXIS_REGISTRATION_SECRET: text().optional().describe('signs manage links and form tokens'),
  PRAXIS_REMINDER_LEAD_MINUTES: amount(1440).describe('minutes before a webinar when reminders go out'),
  PRAXIS_REGISTRATION_RETENTION_DAYS: amount(180).describe('days after a webinar when personal data is erased'),
  PRAXIS_REGISTRATION_MIN_FILL_SECONDS: expects(z.coerce.number().min(0).default(3), 'a number of seconds, 0 or more').describe('a quicker form is refused as a robot'),
  PRAXIS_REGISTRATION_MAX_WAIT_SECONDS: expects(z.coerce.number().positive().max(60).default(5), 'a number of seconds above 0, at most 60')
    .describe('longest a registration waits for its turn before it is answered 503 "try again"'),
  PRAXIS_RATE_LIMIT_ADDRESS: rate('20/600').describe('registration attempts per client address'),
  PRAXIS_RATE_LIMIT_WEBINAR: rate('600/60').describe('registrations per webinar'),
  PRAXIS_RATE_LIMIT_MANAGE_LINK_CLIENT: rate('10/600').describe('manage-link requests per client address'),
  PRAXIS_RATE_LIMIT_MANAGE_LINK_ADDRESS: rate('3/3600').describe('manage-link e-mails per e-mail address'),
  PRAXIS_RATE_LIMIT_HITS: rate('120/60').describe('page views and downloads counted per client address'),
  PRAXIS_SCHEDULER_SECONDS: count(60).describe('how often the registration chores run'),
  PRAXIS_CORS_ORIGINS: origins().default([]).describe("browser origins besides the site's allowed to call the API"),
  PRAXIS_INVITATION_DAYS: amount(7).describe('days an invitation to the admin stays valid'),
  // First administrator
  PRAXIS_ADMIN_EMAIL: text().optional().describe('first administrator, created when there is none'),
  PRAXIS_ADMIN_PASSWORD: text().optional().describe("first administrator's password"),
  // Logging
  PRAXIS_CMS_LOG_LEVEL: oneOf(['error', 'warn', 'info', 'http', 'debug'], 'http').describe("Strapi's log level"),
  NODE_ENV: oneOf(['production', 'development', 'test']).describe('Strapi and Astro mode (default production)'),
  // Tests and benchmarks
  PRAXIS_TEST_POSTGRES_URL: expects(z.url({ protocol: /^postgres(ql)?$/ }), 'a postgres:// address').default('postgres://postgres@127.0.0.1:5432/postgres').describe('PostgreSQL server for the tests'),
  PRAXIS_TEST_POSTGRES: flag('require').describe('"require": an unreachable PostgreSQL fails the suite'),
  PRAXIS_TEST_DATABASE: oneOf(['sqlite', 'postgres'], 'sqlite').describe('database of a CMS test project (set by the test config)'),
  CHROME_PATH: text().default('/usr/bin/chromium').describe('Chromium for the browser tests'),
  PRAXIS_TEST_SCREENSHOTS: flag('save').describe('"save": the design audit saves a screenshot of every page it checks'),
  PRAXIS_BENCH_LOCALES: flag('all').describe('"all": bench:lighthouse measures every locale'),
} satisfies Record<string, z.ZodType>;

export type VariableName = keyof typeof variables;
type Parsed = z.output<z.ZodObject<typeof variables>>;

/** The settings, by variable name, with every default computed. */
export type Config = Omit<Parsed, 'PRAXIS_SITE_URL' | 'PRAXIS_CMS_URL' | 'PRAXIS_SITES_DIR' | 'PRAXIS_PUBLIC_DIR' | 'PRAXIS_PDF_TEXT_CACHE' | 'PRAXIS_PUBLISH_WEBHOOK_URL' | 'PRAXIS_MAIL_REPLY_TO' | 'DATABASE_CLIENT'> & {
  PRAXIS_SITE_URL: string;
  PRAXIS_CMS_URL: string;
  PRAXIS_SITES_DIR: string;
  PRAXIS_PUBLIC_DIR: string;
  PRAXIS_PDF_TEXT_CACHE: string;
  PRAXIS_PUBLISH_WEBHOOK_URL: string;
  PRAXIS_MAIL_REPLY_TO: string;
  DATABASE_CLIENT: 'sqlite' | 'postgres';
  /** The SQLite file (unused on PostgreSQL). */
  DATABASE_FILENAME: string;
  /** Where e-mails are written as files when no SMTP server is set; undefined with one. */
  outboxDir: string | undefined;
  /** The origins a body may write a CMS file's address with: PRAXIS_CMS_URL, PRAXIS_CMS_PUBLIC_URL. */
  cmsOrigins: string[];
};

/** A value that does not fit its variable; the message is the one line a person reads. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

// Every process that handles media (the CMS, the site build, the site server) needs the store's
// public address; only the CMS writes to the bucket, so only it needs the rest (`needsSet()`).
const schema = z.object(variables).superRefine((env, context) => {
  if (env.PRAXIS_UPLOAD_PROVIDER === 's3' && env.PRAXIS_UPLOAD_PUBLIC_URL === undefined) {
    context.addIssue({ code: 'custom', path: ['PRAXIS_UPLOAD_PUBLIC_URL'], message: 'set, as PRAXIS_UPLOAD_PROVIDER=s3 needs it' });
  }
});

/**
 * The folder of the Praxis checkout: the nearest folder at or above `from` that holds the contract.
 * Processes run inside the checkout (Strapi from `cms/`, the rest from the top).
 */
export function projectRoot(from = process.cwd()): string {
  for (let folder = resolve(from); ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'content', 'contract', 'config.ts'))) return folder;
    if (dirname(folder) === folder) throw new ConfigError(`Praxis runs inside its checkout; ${from} is not in one`);
  }
}

/** What a variable's value must look like, from the innermost schema that says it. */
export function expectsOf(name: VariableName): string | undefined {
  let schema: z.core.$ZodType | undefined = variables[name];
  while (schema) {
    const what = z.globalRegistry.get(schema)?.['expects'];
    if (typeof what === 'string') return what;
    const def = schema._zod.def as { innerType?: z.core.$ZodType; in?: z.core.$ZodType };
    schema = def.innerType ?? def.in;
  }
  return undefined;
}

function describeIssue(issue: z.core.$ZodIssue, env: NodeJS.ProcessEnv): string {
  const name = String(issue.path[0]) as VariableName;
  const given = env[name];
  if (issue.code === 'custom') return `${name} must be ${issue.message}`;
  const what = expectsOf(name) ?? issue.message;
  return `${name} must be ${what}, not ${JSON.stringify(given)}`;
}

/**
 * Reads and checks the Praxis variables of `env`, with every default computed.
 * @throws ConfigError naming each variable that does not fit, on one line
 * @example readConfig({ PRAXIS_SITE_PORT: '8080' }).PRAXIS_SITE_URL // 'http://127.0.0.1:8080'
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env, root = projectRoot()): Config {
  const given = Object.fromEntries(Object.keys(variables).flatMap((name) => (env[name] ? [[name, env[name]]] : [])));
  const result = schema.safeParse(given);
  if (!result.success) throw new ConfigError(`Praxis configuration: ${result.error.issues.map((issue) => describeIssue(issue, env)).join('; ')}`);
  const parsed = result.data;
  const dataDir = resolve(root, parsed.PRAXIS_DATA_DIR);
  const cmsUrl = parsed.PRAXIS_CMS_URL ?? `http://${parsed.PRAXIS_CMS_HOST}:${parsed.PRAXIS_CMS_PORT}`;
  return {
    ...parsed,
    PRAXIS_SITE_URL: parsed.PRAXIS_SITE_URL ?? `http://${parsed.PRAXIS_SITE_HOST}:${parsed.PRAXIS_SITE_PORT}`,
    PRAXIS_CMS_URL: cmsUrl,
    PRAXIS_DATA_DIR: dataDir,
    PRAXIS_SITE_DIST: resolve(root, parsed.PRAXIS_SITE_DIST),
    PRAXIS_SITES_DIR: resolve(root, parsed.PRAXIS_SITES_DIR ?? join(dataDir, 'site')),
    PRAXIS_ASTRO_CACHE_DIR: resolve(root, parsed.PRAXIS_ASTRO_CACHE_DIR),
    PRAXIS_ASTRO_CPU_PROF: parsed.PRAXIS_ASTRO_CPU_PROF === undefined ? undefined : resolve(root, parsed.PRAXIS_ASTRO_CPU_PROF),
    PRAXIS_PUBLIC_DIR: resolve(root, parsed.PRAXIS_PUBLIC_DIR ?? join(dataDir, 'public')),
    PRAXIS_CONTENT_DIR: resolve(root, parsed.PRAXIS_CONTENT_DIR),
    PRAXIS_PDF_TEXT_CACHE: resolve(root, parsed.PRAXIS_PDF_TEXT_CACHE ?? join(dataDir, 'search-cache', 'pdf-text')),
    PRAXIS_PUBLISH_WEBHOOK_URL: parsed.PRAXIS_PUBLISH_WEBHOOK_URL ?? `http://127.0.0.1:${parsed.PRAXIS_PUBLISHER_PORT}/cms-events`,
    PRAXIS_MAIL_REPLY_TO: parsed.PRAXIS_MAIL_REPLY_TO ?? parsed.PRAXIS_MAIL_FROM,
    DATABASE_CLIENT: parsed.DATABASE_CLIENT ?? (parsed.DATABASE_URL ? 'postgres' : 'sqlite'),
    DATABASE_FILENAME: resolve(root, parsed.DATABASE_FILENAME ?? join(dataDir, 'praxis.db')),
    outboxDir: parsed.PRAXIS_SMTP_URL ? undefined : join(dataDir, 'outbox'),
    cmsOrigins: [...new Set([cmsUrl, ...(parsed.PRAXIS_CMS_PUBLIC_URL ? [parsed.PRAXIS_CMS_PUBLIC_URL] : [])])],
  };
}

/**
 * Stops the process with one line when one of `names` is unset: for a setting only one part
 * needs, e.g. the bucket's credentials, which only the CMS uses.
 */
export function needsSet<Name extends keyof Config>(settings: Config, names: readonly Name[], because: string): { [N in Name]-?: NonNullable<Config[N]> } {
  const missing = names.filter((name) => settings[name] === undefined);
  if (missing.length > 0) exitWith(new ConfigError(`Praxis configuration: ${missing.map((name) => `${name} must be set, as ${because}`).join('; ')}`));
  return Object.fromEntries(names.map((name) => [name, settings[name]])) as { [N in Name]-?: NonNullable<Config[N]> };
}

function exitWith(error: ConfigError): never {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

let last: { key: string; config: Config } | undefined;

/**
 * The settings of this process, read from `process.env` and checked; read again only when a Praxis
 * variable changed (the seed and the corpus generator set some before they start Strapi in-process).
 * A bad value ends the process with its one line (`configOrExit()`).
 */
export function config(env: NodeJS.ProcessEnv = process.env): Config {
  const key = JSON.stringify(Object.keys(variables).map((name) => env[name] ?? ''));
  if (last?.key !== key) last = { key, config: configOrExit(env) };
  return last.config;
}

/**
 * `readConfig()` for a process's start: a bad value ends the process with its one line, instead of
 * failing later where the value is used.
 */
export function configOrExit(env: NodeJS.ProcessEnv = process.env, root = projectRoot()): Config {
  try {
    return readConfig(env, root);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    exitWith(error);
  }
}
