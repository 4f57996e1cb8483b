/**
 * Registration throughput: registrations per second and p50/p99 latency at 50 concurrent
 * connections, on SQLite and (when reachable) PostgreSQL, each on a throwaway CMS.
 *
 * Baseline, measured in the same run on the same database: Strapi's stock create on the same
 * content type, through the admin's content manager with the benchmark's own administrator (no
 * lock, no seat count, no outbox row, no uniqueness check), so the cost of never overbooking is a
 * ratio. The CMS that ships has no route of its own for it. E-mail is never on the request path:
 * the outbox worker delivers to the file outbox meanwhile, as on the embedded default.
 *
 *   npm run bench:registrations            (2,000 requests per run)
 *   npm run bench:registrations -- 5000
 */
import autocannon from 'autocannon';
import { buildCms } from '../../local/cms.ts';
import { portalEnv } from '../../pipeline/env.ts';
import { createTestCms, type TestDatabase } from '../../local/throwaway/cms.ts';
import { postgresReachable } from '../../local/throwaway/postgres.ts';
import { createWebinar, registrationBody } from '../../local/throwaway/webinars.ts';

const CONNECTIONS = 50;
const REQUESTS = Number(process.argv[2] ?? 2000);

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
}

/** Fires REQUESTS posts, each with its own address, over CONNECTIONS keep-alive connections. */
async function load(url: string, headers: Record<string, string>, body: (index: number) => unknown): Promise<Figures> {
  let sent = 0;
  const statuses: Record<string, number> = {};
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    amount: REQUESTS,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify(body(sent++)) }) }],
  });
  for (const [key, value] of Object.entries(result.statusCodeStats ?? {})) statuses[key] = (value as { count: number }).count;
  return {
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    timeouts: result.timeouts,
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
    await createWebinar(cms, 'bench', { capacity: null });
    await createWebinar(cms, 'bench-seats', { capacity: Math.floor(REQUESTS / 2), waitingList: true });
    const adminToken = await cms.adminToken();

    const run = `${database}-${Date.now()}`;
    const stock = await load(
      `${cms.url}/content-manager/collection-types/api::registration.registration`,
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
    const unlimited = await load(`${cms.url}/api/webinars/bench/registrations`, {}, (index) => registrationBody({ email: `open${index}-${run}@example.org` }));
    const seats = await load(`${cms.url}/api/webinars/bench-seats/registrations`, {}, (index) =>
      registrationBody({ email: `seat${index}-${run}@example.org` }),
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
  const databases: TestDatabase[] = ['sqlite'];
  const postgres = await postgresReachable();
  if (postgres.reachable) databases.push('postgres');
  else console.log(`PostgreSQL not reachable (${postgres.reason}): SQLite only.`);

  console.log(`\n${REQUESTS} requests per line, ${CONNECTIONS} concurrent connections, one Strapi process; e-mail delivered by the outbox worker meanwhile.\n`);
  console.log('database   endpoint                                       req/s    p50 ms   p99 ms   vs baseline   non-2xx/errors');
  for (const database of databases) {
    const rows = await measure(database);
    const baseline = rows[0]![1].perSecond;
    for (const [name, figures] of rows) {
      console.log(
        `${database.padEnd(10)} ${name.padEnd(46)} ${figures.perSecond.toFixed(0).padStart(6)} ${String(figures.p50).padStart(8)} ${String(figures.p99).padStart(8)} ${`${((figures.perSecond / baseline) * 100).toFixed(0)} %`.padStart(13)}   ${figures.errors} (${figures.timeouts} timed out after 10 s) ${JSON.stringify(figures.statuses)}`,
      );
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
