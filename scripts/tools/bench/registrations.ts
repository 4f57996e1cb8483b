/**
 * Registration throughput: registrations per second, p50/p99 latency, refusals ("busy", 503) and
 * timeouts at 50 concurrent connections, on SQLite (one Strapi) and, when reachable, PostgreSQL
 * with two Strapi processes on one database (the connections split between them), each on a
 * throwaway CMS.
 *
 * Baseline, measured in the same run on the same database and servers: Strapi's stock create on
 * the same content type, through the admin's content manager with the benchmark's own
 * administrator (no lock, no queue, no seat count, no outbox row, no uniqueness check), so the cost
 * of never overbooking is a ratio. The CMS that ships has no route of its own for it. E-mail is
 * never on the request path: the outbox worker delivers to the file outbox meanwhile, as on the
 * embedded default.
 *
 *   npm run bench:registrations            (2,000 requests per line)
 *   npm run bench:registrations -- 5000
 */
import { buildCms } from '../../local/cms.ts';
import { portalEnv } from '../../pipeline/env.ts';
import { createTestCms, type TestDatabase } from '../../local/throwaway/cms.ts';
import { createWebinar, registrationBody } from '../../local/throwaway/webinars.ts';
import { printThroughputTable } from './measure.ts';

const CONNECTIONS = 50;
const REQUESTS = Number(process.argv[2] ?? 2000);
/** A request unanswered after this long counts as timed out (and is abandoned). */
const TIMEOUT_MS = 10_000;

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
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

/**
 * Fires REQUESTS posts, each with its own address, from CONNECTIONS concurrent senders that each
 * send their next as soon as the last is answered, spread over `urls` in turn (one per server).
 */
async function load(urls: string[], headers: Record<string, string>, body: (index: number) => unknown): Promise<Figures> {
  let next = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let busy = 0;
  let timeouts = 0;
  const began = performance.now();
  const sender = async (lane: number) => {
    const url = urls[lane % urls.length]!;
    while (next < REQUESTS) {
      const index = next++;
      const sent = performance.now();
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body(index)),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        await response.arrayBuffer();
        latencies.push(performance.now() - sent);
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        if (response.status === 503 && response.headers.get('retry-after')) busy += 1;
        else if (response.status >= 300) errors += 1;
      } catch (error) {
        if ((error as Error).name === 'TimeoutError') timeouts += 1;
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, lane) => sender(lane)));
  const seconds = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: REQUESTS / seconds,
    p50: Math.round(percentile(latencies, 50)),
    p99: Math.round(percentile(latencies, 99)),
    errors,
    busy,
    timeouts,
    statuses,
  };
}

async function measure(database: TestDatabase): Promise<Array<[string, Figures]>> {
  const cms = await createTestCms({
    database,
    env: { PRAXIS_RATE_LIMIT_ADDRESS: '1000000/60', PRAXIS_RATE_LIMIT_WEBINAR: '1000000/60', PRAXIS_CMS_LOG_LEVEL: 'error' },
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
    const stock = await load(
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
    );
    const unlimited = await load(
      servers.map((server) => `${server}/api/webinars/bench/registrations`),
      {},
      (index) => registrationBody({ email: `open${index}-${run}@example.org` }),
    );
    const seats = await load(
      servers.map((server) => `${server}/api/webinars/bench-seats/registrations`),
      {},
      (index) => registrationBody({ email: `seat${index}-${run}@example.org` }),
    );
    return [
      ['Strapi stock create (baseline)', stock],
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
      `\n${REQUESTS} requests per line, ${CONNECTIONS} concurrent connections; SQLite on one Strapi process, PostgreSQL on two; e-mail delivered by the outbox worker meanwhile.\n`,
      'database   endpoint                                       req/s    p50 ms   p99 ms   vs baseline   busy (503)   errors   timeouts   statuses',
    ],
    measure,
    (database, name, figures, vsBaseline) =>
      `${database.padEnd(10)} ${name.padEnd(46)} ${figures.perSecond.toFixed(0).padStart(6)} ${String(figures.p50).padStart(8)} ${String(figures.p99).padStart(8)} ${vsBaseline.padStart(13)} ${String(figures.busy).padStart(12)} ${String(figures.errors).padStart(8)} ${String(figures.timeouts).padStart(10)}   ${JSON.stringify(figures.statuses)}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
