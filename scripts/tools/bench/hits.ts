/**
 * Reach counting throughput: hits per second and p50/p99 latency at 50 concurrent senders, on
 * SQLite and (when reachable) PostgreSQL, each on a throwaway CMS.
 *
 * Baseline, measured in the same run on the same CMS: Strapi's health route (`/_health`), which
 * touches no database, so the cost of a counted hit (a rate-limit upsert and a counter upsert) is
 * a ratio. Each line sends a browser's user agent (a robot's hit is answered without a write);
 * after each line the counters are read back and must hold exactly what was sent.
 *
 *   npm run bench:hits            (5,000 requests per line)
 *   npm run bench:hits -- 20000
 */
import autocannon from 'autocannon';
import { countedDownloadUrl, viewBeaconUrl } from '@praxis/contract/counting';
import { buildCms } from '../../local/cms.ts';
import { portalEnv } from '../../pipeline/env.ts';
import { createTestCms, type TestCms, type TestDatabase } from '../../local/throwaway/cms.ts';
import { printThroughputTable } from './measure.ts';

const CONNECTIONS = 50;
const REQUESTS = Number(process.argv[2] ?? 5000);
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  statuses: Record<string, number>;
  counted?: number | undefined;
}

async function load(url: string, method: 'GET' | 'POST'): Promise<Figures> {
  const started = performance.now();
  const result = await autocannon({ url, connections: CONNECTIONS, amount: REQUESTS, method, headers: { 'user-agent': BROWSER } });
  const seconds = (performance.now() - started) / 1000;
  const statuses: Record<string, number> = {};
  for (const [key, value] of Object.entries(result.statusCodeStats ?? {})) statuses[key] = (value as { count: number }).count;
  // A counted download answers 303: a success here, as the browser follows it to the file.
  const failed = Object.entries(statuses)
    .filter(([status]) => !/^(?:2\d\d|303)$/.test(status))
    .reduce((sum, [, count]) => sum + count, 0);
  // Over the whole line, timed here: autocannon's per-second figures move in whole seconds on a run this short.
  return { perSecond: result.requests.total / seconds, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + failed, statuses };
}

/** What the counters hold for `item`, all languages and kinds together. */
async function counted(cms: TestCms, item: string): Promise<number> {
  const db = await cms.database();
  try {
    const [row] = (await db('hit_counts').where({ item }).sum({ n: 'hits' })) as Array<{ n: number | string | null }>;
    return Number(row?.n ?? 0);
  } finally {
    await db.destroy();
  }
}

async function measure(database: TestDatabase): Promise<Array<[string, Figures]>> {
  const cms = await createTestCms({ database, env: { PRAXIS_RATE_LIMIT_HITS: '100000000/60', PRAXIS_CMS_LOG_LEVEL: 'error' } });
  try {
    await cms.start();
    const health = await load(`${cms.url}/_health`, 'GET');
    const view = await load(`${cms.url}${viewBeaconUrl('resource:bench-view', 'it')}`, 'POST');
    view.counted = await counted(cms, 'resource:bench-view');
    const download = await load(`${cms.url}${countedDownloadUrl('resource:bench-download', 'ro', '/media/kit_ro.pdf?download=kit-ro.pdf')}`, 'GET');
    download.counted = await counted(cms, 'resource:bench-download');
    return [
      ['Strapi /_health (baseline)', health],
      ['page view (beacon, 204)', view],
      ['counted download (303)', download],
    ];
  } finally {
    await cms.destroy();
  }
}

async function main(): Promise<void> {
  await buildCms(portalEnv(), { quiet: true });
  await printThroughputTable(
    [
      `\n${REQUESTS} requests per line, ${CONNECTIONS} concurrent senders, one Strapi process.\n`,
      'database   endpoint                          hits/s   p50 ms   p99 ms   vs baseline   counted   failed',
    ],
    measure,
    (database, name, figures, vsBaseline) =>
      `${database.padEnd(10)} ${name.padEnd(32)} ${figures.perSecond.toFixed(0).padStart(7)} ${String(figures.p50).padStart(8)} ${String(figures.p99).padStart(8)} ${vsBaseline.padStart(13)}   ${String(figures.counted ?? '-').padStart(7)}   ${figures.errors} ${JSON.stringify(figures.statuses)}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
