/**
 * What the build benchmarks measure, and how: a site build in a child process with the peak memory
 * of its whole process tree (Astro, and Pagefind's own binary), a folder's size, and the bytes a
 * browser downloads for search; and the throughput benchmarks' table, database by database.
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { postgresReachable } from '../../local/throwaway/postgres.ts';
import type { TestDatabase } from '../../local/throwaway/cms.ts';
import { siteDistDir } from '../../pipeline/paths.ts';
import type { SiteBuildReport } from '../../pipeline/site.ts';
import { buildSiteInProcess } from '../../pipeline/stages.ts';

/** Clock ticks a second of /proc's CPU times (`getconf CLK_TCK`, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * The resident memory of a process and all its descendants, and the CPU seconds they have used,
 * from /proc (Linux). A process's CPU time counts its children that have ended (`cutime`,
 * `cstime`), so Pagefind's processes of the languages already indexed stay counted.
 */
function treeUsage(pid: number): { bytes: number; cpuSeconds: number } {
  let bytes = 0;
  let ticks = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const current = stack.pop()!;
    try {
      bytes += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${current}/status`, 'utf8'))?.[1] ?? 0) * 1024;
      // The fields after the command's name, which may hold spaces: utime, stime, cutime, cstime are the 14th to 17th.
      const stat = readFileSync(`/proc/${current}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += fields.slice(11, 15).reduce((sum, field) => sum + Number(field), 0);
      for (const thread of readdirSync(`/proc/${current}/task`)) {
        const children = readFileSync(`/proc/${current}/task/${thread}/children`, 'utf8').trim();
        if (children) stack.push(...children.split(' ').map(Number));
      }
    } catch {
      // The process ended between two reads.
    }
  }
  return { bytes, cpuSeconds: ticks / TICKS_PER_SECOND };
}

export interface MeasuredBuild {
  report: SiteBuildReport;
  wallSeconds: number;
  peakBytes: number;
  /** The peak while Astro built the pages, and while the search index was built after it. */
  peakBytesIn: { astro: number; search: number };
  /**
   * Cores the build's processes kept busy on average (CPU seconds over wall seconds) while Astro
   * built the pages, and while the search index was built: 2 is both cores of the machine.
   */
  coresIn: { astro: number; search: number };
  /** The machine's load average (one minute) when the build started and when it ended: other work on the cores. */
  load: { before: number; after: number };
}

/** Runs a site build (`scripts/pipeline/build-site.ts`) with `env` and samples its process tree's memory every 100 ms. */
export async function measuredBuild(env: NodeJS.ProcessEnv): Promise<MeasuredBuild> {
  const started = performance.now();
  const loadBefore = loadavg()[0]!;
  // [seconds since the start, bytes, CPU seconds], so that the peak and the cores used can be placed
  // in Astro's part or the search index's.
  const samples: [number, number, number][] = [];
  let sampler: NodeJS.Timeout | undefined;
  const onStart = (child: ChildProcess) => {
    sampler = setInterval(() => {
      const { bytes, cpuSeconds } = treeUsage(child.pid!);
      samples.push([(performance.now() - started) / 1000, bytes, cpuSeconds]);
    }, 100);
  };
  try {
    const { report } = await buildSiteInProcess(env, { outDir: siteDistDir(env), check: false, fullRefresh: false }, { onStart })
      .then(async (built) => ({ ...built, ...(await built.ended) }))
      .catch((error: Error) => {
        throw new Error(`the site build failed: ${error.message}`);
      });
    const wallSeconds = (performance.now() - started) / 1000;
    // The search index is the build's last step: it ends as the process does.
    const searchStarted = wallSeconds - report.seconds.pagefind;
    const peakOf = (keep: (at: number) => boolean) => samples.reduce((peak, [at, bytes]) => (keep(at) ? Math.max(peak, bytes) : peak), 0);
    const coresOf = (keep: (at: number) => boolean) => {
      const within = samples.filter(([at]) => keep(at));
      if (within.length < 2) return 0;
      const [firstAt, , firstCpu] = within[0]!;
      const [lastAt, , lastCpu] = within.at(-1)!;
      return lastAt > firstAt ? (lastCpu - firstCpu) / (lastAt - firstAt) : 0;
    };
    const astroEnded = report.seconds.astro;
    return {
      report,
      wallSeconds,
      peakBytes: peakOf(() => true),
      peakBytesIn: { astro: peakOf((at) => at < searchStarted), search: peakOf((at) => at >= searchStarted) },
      coresIn: { astro: coresOf((at) => at < astroEnded), search: coresOf((at) => at >= searchStarted) },
      load: { before: loadBefore, after: loadavg()[0]! },
    };
  } finally {
    clearInterval(sampler);
  }
}

/** Bytes of every file below `dir`. */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

export interface SearchBytes {
  /** Bytes of search code or index fetched before search was opened (should be 0). */
  beforeOpening: number;
  /** Everything fetched from opening search to the first results: the interface, Pagefind, the index chunks. */
  firstQuery: number;
  /** What a second, different query added. */
  furtherQuery: number;
  /** The first query's bytes by part (`SEARCH_PARTS`): what each costs, and which of them grow with the index. */
  firstQueryParts: Record<SearchPart, number>;
}

/**
 * The parts of a first query, by the files Pagefind and Praxis serve for it. The index metadata
 * (`pagefind-entry.json` and the `.pf_meta` file) lists every record of the language (a hash and a
 * word count each) and the date order of all of them, so it grows with the index; the interface,
 * Pagefind's script and its WebAssembly do not; index chunks and fragments depend on the query and
 * on how many results are shown.
 */
export const SEARCH_PARTS = [
  ['index metadata', /pagefind-entry\.json$|\.pf_meta$/],
  ['Pagefind Wasm', /\.pagefind$/],
  ['Pagefind script', /\/pagefind(-worker)?\.js$/],
  ['index chunks', /\.pf_index$/],
  ['filters', /\.pf_filter$/],
  ['result fragments', /\.pf_fragment$/],
  ['search interface', /./],
] as const;

export type SearchPart = (typeof SEARCH_PARTS)[number][0];

/** Adds up `transfers` by the part of search each file belongs to. */
function byPart(transfers: { url: string; bytes: number }[]): Record<SearchPart, number> {
  const parts = Object.fromEntries(SEARCH_PARTS.map(([part]) => [part, 0])) as Record<SearchPart, number>;
  for (const { url, bytes } of transfers) {
    const { pathname } = new URL(url);
    parts[SEARCH_PARTS.find(([, pattern]) => pattern.test(pathname))![0]] += bytes;
  }
  return parts;
}

/**
 * Opens a page, opens search with "/", types a query and waits for results, then a second query,
 * adding up the bytes that crossed the network (headers and bodies) at each step.
 */
export async function searchBytes(browser: Browser, siteUrl: string, locale: string, [first, second]: [string, string]): Promise<SearchBytes> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const transfers: Promise<{ url: string; bytes: number }>[] = [];
  context.on('requestfinished', (request) =>
    transfers.push(request.sizes().then((sizes) => ({ url: request.url(), bytes: sizes.responseBodySize + sizes.responseHeadersSize }))),
  );
  const settled = () => Promise.all(transfers.splice(0));
  const sum = (entries: { bytes: number }[]) => entries.reduce((total, entry) => total + entry.bytes, 0);
  try {
    await page.goto(`${siteUrl}/${locale}/`);
    await page.waitForLoadState('networkidle');
    const beforeOpening = sum((await settled()).filter((entry) => /pagefind|search-ui|strings\.json/.test(entry.url)));
    await page.keyboard.press('/');
    const dialog = page.locator('dialog[open]');
    await dialog.getByRole('searchbox').fill(first);
    await dialog.locator('praxis-search[aria-busy="false"] .search-result').first().waitFor({ timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    const firstTransfers = await settled();
    await dialog.getByRole('searchbox').fill(second);
    // Results of the second query: excerpts that mark its word (or a stemmed form of it).
    const stem = second.toLowerCase().slice(0, 6);
    await page.waitForFunction(
      (start) => [...document.querySelectorAll('dialog[open] .search-excerpt mark')].some((mark) => mark.textContent!.toLowerCase().startsWith(start)),
      stem,
      { timeout: 60_000 },
    );
    await page.waitForLoadState('networkidle');
    const furtherQuery = sum(await settled());
    return { beforeOpening, firstQuery: sum(firstTransfers), furtherQuery, firstQueryParts: byPart(firstTransfers) };
  } finally {
    await context.close();
  }
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/**
 * The throughput benchmarks' table (`bench:hits`, `bench:registrations`): `measure` runs on SQLite
 * and, when it is reachable, on PostgreSQL; each database's first row is its baseline, and `line`
 * writes every row with its throughput as a share of it. `heading` is printed once, before the rows.
 */
export async function printThroughputTable<Figures extends { perSecond: number }>(
  heading: string[],
  measure: (database: TestDatabase) => Promise<Array<[string, Figures]>>,
  line: (database: TestDatabase, name: string, figures: Figures, vsBaseline: string) => string,
  only?: TestDatabase,
): Promise<void> {
  const databases: TestDatabase[] = only === 'postgres' ? [] : ['sqlite'];
  if (only !== 'sqlite') {
    const postgres = await postgresReachable();
    if (postgres.reachable) databases.push('postgres');
    else console.log(`PostgreSQL not reachable (${postgres.reason}): ${only === 'postgres' ? 'nothing to measure' : 'SQLite only'}.`);
  }

  for (const text of heading) console.log(text);
  for (const database of databases) {
    const rows = await measure(database);
    const baseline = rows[0]![1].perSecond;
    for (const [name, figures] of rows) console.log(line(database, name, figures, `${((figures.perSecond / baseline) * 100).toFixed(0)} %`));
  }
}
