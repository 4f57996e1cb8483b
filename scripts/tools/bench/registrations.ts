/**
 * Registration throughput: registrations per second, p50/p99 latency, refusals ("busy", 503) and
 * timeouts at 50 concurrent connections, on SQLite (one Strapi) and, when reachable, PostgreSQL
 * with two Strapi processes on one database (the connections split between them), each on a
 * throwaway CMS. Each of the 50 senders is one person's browser, with a connection of its own kept
 * open between its requests (`node:http`, one socket an agent). Node's `fetch` shares a pool of
 * connections among all the senders, and in it several requests sent at the same moment were
 * answered one after the other, about one queue's turn apart: a p99 of 2.5 s where each sender on
 * its own connection saw 0.25 s, on the same CMS, back to back on a quiet machine.
 *
 * Baseline, measured in the same run on the same database and servers: Strapi's stock create on
 * the same content type, through the admin's content manager with the benchmark's own
 * administrator (no lock, no queue, no seat count, no outbox row, no uniqueness check), so the cost
 * of never overbooking is a ratio. The CMS that ships has no route of its own for it. E-mail is
 * never on the request path: the outbox worker delivers to the file outbox, as on the embedded
 * default, giving way to the burst; after each line the benchmark waits until every e-mail of
 * the line is delivered and prints how long that took after the line's last answer.
 *
 *   npm run bench:registrations                      (2,000 requests per line)
 *   npm run bench:registrations -- 5000
 *   npm run bench:registrations -- --only postgres   (one database: sqlite or postgres)
 *   npm run bench:registrations -- --cpu-prof DIR    (the Strapi processes write V8 CPU profiles
 *                                                     into DIR; the stock create is then left out,
 *                                                     so the profiles hold registrations only)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, type IncomingHttpHeaders, request } from 'node:http';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { buildCms } from '../../local/cms.ts';
import { portalEnv } from '../../pipeline/env.ts';
import { createTestCms, type TestCms, type TestDatabase } from '../../local/throwaway/cms.ts';
import { adminUrl } from '../../local/throwaway/postgres.ts';
import { createWebinar, registrationBody } from '../../local/throwaway/webinars.ts';
import { printThroughputTable } from './measure.ts';

const CONNECTIONS = 50;
const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const ONLY = onlyAt >= 0 ? (args.splice(onlyAt, 2)[1] as TestDatabase | undefined) : undefined;
if (ONLY !== undefined && ONLY !== 'sqlite' && ONLY !== 'postgres') throw new Error(`--only takes sqlite or postgres, not ${ONLY}`);
const profileAt = args.indexOf('--cpu-prof');
const PROFILE_DIR = profileAt >= 0 ? args.splice(profileAt, 2)[1] : undefined;
if (profileAt >= 0 && !PROFILE_DIR) throw new Error('--cpu-prof takes a folder');
const REQUESTS = Number(args[0] ?? 2000);
/** A request unanswered after this long counts as timed out (and is abandoned). */
const TIMEOUT_MS = 10_000;

/** `pg`, the CMS's own PostgreSQL driver, for the backends' CPU time. */
const { Client } = createRequire(import.meta.url)('pg') as typeof import('pg');

/** CPU time (user and system, ms) a process has used, from /proc (Linux); 0 when it cannot be read. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, fields 14 and 15, in clock ticks of 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** The Strapi processes listening on `ports` (found by their environment; Linux). */
function strapiPids(ports: string[]): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('strapi')) continue;
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (ports.some((port) => environ.includes(`PRAXIS_CMS_PORT=${port}`))) pids.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return pids;
}

/**
 * Where a line's CPU time went: the Strapi processes, and PostgreSQL's backends for the CMS's
 * database (none on SQLite). Read from /proc, so Linux only (zeros elsewhere).
 */
async function cpuMeter(urls: string[], databaseName: string | undefined) {
  const strapi = strapiPids(urls.map((url) => new URL(url).port));
  const backends = async () => {
    if (!databaseName) return [];
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [databaseName]);
      return rows.map((row) => row.pid);
    } finally {
      await client.end();
    }
  };
  const sum = (pids: number[]) => pids.reduce((total, pid) => total + cpuMs(pid), 0);
  const before = new Map((await backends()).map((pid) => [pid, cpuMs(pid)]));
  const strapiBefore = sum(strapi);
  return async () => {
    const after = await backends();
    return {
      strapiMs: sum(strapi) - strapiBefore,
      postgresMs: after.reduce((total, pid) => total + cpuMs(pid) - (before.get(pid) ?? 0), 0),
    };
  };
}

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
  /** Answers other than 2xx and 503 "busy", and failed connections. */
  errors: number;
  /** 503 with Retry-After: refused in time, nothing written. */
  busy: number;
  timeouts: number;
  statuses: Record<string, number>;
  /** CPU time per request, ms: in the Strapi processes, and in PostgreSQL's backends. */
  strapiCpuMs: number;
  postgresCpuMs: number;
  /** Seconds from the line's last answer until its last e-mail left the outbox (registration lines). */
  mailSeconds?: number;
}

/** How long the benchmark waits for a line's e-mails before it reports them as still pending. */
const MAIL_WAIT_MS = 300_000;

/**
 * Seconds until the outbox holds nothing pending or being sent, looked at every 100 ms from the
 * benchmark's own connection; Infinity when that takes longer than MAIL_WAIT_MS.
 */
async function mailDrained(cms: TestCms): Promise<number> {
  const began = performance.now();
  const database = await cms.database();
  try {
    while (performance.now() - began < MAIL_WAIT_MS) {
      const [row] = (await database('outbox_messages').whereIn('state', ['pending', 'sending']).count({ left: '*' })) as Array<{ left: number | string }>;
      if (Number(row?.left ?? 0) === 0) return (performance.now() - began) / 1000;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return Number.POSITIVE_INFINITY;
  } finally {
    await database.destroy();
  }
}

/** A POST on `agent`'s connection; its answer read whole. Abandoned after TIMEOUT_MS (a `TimeoutError`). */
function post(url: string, headers: Record<string, string>, body: string, agent: Agent): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const sending = request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, agent, signal: AbortSignal.timeout(TIMEOUT_MS) },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
        response.on('error', reject);
      },
    );
    sending.on('error', (error) => reject(error.name === 'AbortError' ? Object.assign(new Error('timed out'), { name: 'TimeoutError' }) : error));
    sending.end(body);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

/**
 * Fires REQUESTS posts, each with its own address, from CONNECTIONS concurrent senders that each
 * send their next as soon as the last is answered, spread over `urls` in turn (one per server).
 */
async function load(urls: string[], headers: Record<string, string>, body: (index: number) => unknown, databaseName?: string): Promise<Figures> {
  const cpu = await cpuMeter(urls, databaseName);
  let next = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let busy = 0;
  let timeouts = 0;
  const began = performance.now();
  const sender = async (lane: number) => {
    const url = urls[lane % urls.length]!;
    // Each sender is one person's browser: a connection of its own, kept open between its requests.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      while (next < REQUESTS) {
        const index = next++;
        const sent = performance.now();
        try {
          const response = await post(url, { 'content-type': 'application/json', ...headers }, JSON.stringify(body(index)), agent);
          latencies.push(performance.now() - sent);
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          if (response.status === 503 && response.headers['retry-after']) busy += 1;
          else if (response.status >= 300) errors += 1;
        } catch (error) {
          if ((error as Error).name === 'TimeoutError') timeouts += 1;
          errors += 1;
        }
      }
    } finally {
      agent.destroy();
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, lane) => sender(lane)));
  const seconds = (performance.now() - began) / 1000;
  const used = await cpu();
  latencies.sort((a, b) => a - b);
  return {
    perSecond: REQUESTS / seconds,
    p50: Math.round(percentile(latencies, 50)),
    p99: Math.round(percentile(latencies, 99)),
    errors,
    busy,
    timeouts,
    statuses,
    strapiCpuMs: used.strapiMs / REQUESTS,
    postgresCpuMs: used.postgresMs / REQUESTS,
  };
}

async function measure(database: TestDatabase): Promise<Array<[string, Figures]>> {
  const cms = await createTestCms({
    database,
    env: {
      PRAXIS_RATE_LIMIT_ADDRESS: '1000000/60',
      PRAXIS_RATE_LIMIT_WEBINAR: '1000000/60',
      PRAXIS_CMS_LOG_LEVEL: 'error',
      // Written when each process exits (the CMS is stopped at the end of the run).
      ...(PROFILE_DIR ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=${resolve(PROFILE_DIR)}`.trim() } : {}),
    },
  });
  try {
    await cms.start();
    // SQLite is one file with one writer: one process. PostgreSQL is how Praxis scales out: two.
    const servers = [cms.url];
    if (database === 'postgres') servers.push((await cms.startReplica()).url);
    await createWebinar(cms, 'bench', { capacity: null });
    await createWebinar(cms, 'bench-seats', { capacity: Math.floor(REQUESTS / 2), waitingList: true });
    const adminToken = await cms.adminToken();

    const run = `${database}-${Date.now()}`;
    // The baseline is measured last: the stock create is slower, and the requests of its line that
    // time out are abandoned by the client, not by Strapi, which goes on writing them after the
    // line: measured first, its left-over work would fall on the registration lines' time.
    const unlimited = await load(
      servers.map((server) => `${server}/api/webinars/bench/registrations`),
      {},
      (index) => registrationBody({ email: `open${index}-${run}@example.org` }),
      cms.databaseName,
    );
    unlimited.mailSeconds = await mailDrained(cms);
    const seats = await load(
      servers.map((server) => `${server}/api/webinars/bench-seats/registrations`),
      {},
      (index) => registrationBody({ email: `seat${index}-${run}@example.org` }),
      cms.databaseName,
    );
    seats.mailSeconds = await mailDrained(cms);
    const stock = PROFILE_DIR
      ? undefined
      : await load(
          servers.map((server) => `${server}/content-manager/collection-types/api::registration.registration`),
          { authorization: `Bearer ${adminToken}` },
          (index) => ({
            webinarDocumentId: 'bench-stock',
            state: 'confirmed',
            name: `Example ${index}`,
            email: `stock${index}-${run}@example.org`,
            emailKey: `stock${index}-${run}@example.org`,
            language: 'it',
            region: 'Example',
          }),
          cms.databaseName,
        );
    return [
      ...(stock ? [['Strapi stock create (baseline)', stock] as [string, Figures]] : []),
      ['registration, no capacity', unlimited],
      [`registration, ${Math.floor(REQUESTS / 2)} seats + waiting list`, seats],
    ];
  } finally {
    await cms.destroy();
  }
}

async function main(): Promise<void> {
  await buildCms(portalEnv(), { quiet: true });
  await printThroughputTable(
    [
      `\n${REQUESTS} requests per line, ${CONNECTIONS} concurrent connections; SQLite on one Strapi process, PostgreSQL on two; e-mail delivered by the outbox worker, which gives way to the burst ("mail done": seconds after the line until its last e-mail left).\n`,
      'database   endpoint                                       req/s    p50 ms   p99 ms   vs baseline   busy (503)   errors   timeouts   CPU ms/req Strapi  PostgreSQL   mail done s   statuses',
    ],
    measure,
    (database, name, figures, vsBaseline) =>
      `${database.padEnd(10)} ${name.padEnd(46)} ${figures.perSecond.toFixed(0).padStart(6)} ${String(figures.p50).padStart(8)} ${String(figures.p99).padStart(8)} ${vsBaseline.padStart(13)} ${String(figures.busy).padStart(12)} ${String(figures.errors).padStart(8)} ${String(figures.timeouts).padStart(10)} ${figures.strapiCpuMs.toFixed(1).padStart(17)} ${figures.postgresCpuMs.toFixed(1).padStart(11)} ${(figures.mailSeconds === undefined ? '' : figures.mailSeconds.toFixed(1)).padStart(13)}   ${JSON.stringify(figures.statuses)}`,
    ONLY,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
