/**
 * The publisher: from "publish" in the CMS to the live site, with no one doing anything else.
 *
 * The CMS calls its webhook on every publish, unpublish and delete (cms/src/bootstrap/webhooks.ts).
 * The publisher waits for a short quiet period, so that a burst of edits becomes one build, then
 * builds the site and its search index into a staging folder (in a child process, so a crash or a
 * leak of the build never takes the publisher down), checks it (release-check.ts, which the build
 * runs while Pagefind indexes the pages), and swaps it in atomically: the release folder is renamed
 * into `releases/`, and the `current` link the server reads is replaced by a rename, which the file
 * system does in one step. A visitor gets the old site or the new one, never half of each.
 *
 * A failed build or check leaves the live release untouched and says why, in the log and in the
 * CMS admin (cms/src/publishing/status.ts). An entry the site cannot take does not fail the build:
 * the build leaves it out, keeps its last good pages, and the status names it (`rejected`). Events
 * that arrive during a build start one more build after it, never two at once, and never fail the
 * build that is running (the release check expects only what that build could have held).
 *
 * Layout of `sitesDir`:
 *   staging/            the build in progress (always the same path, so Astro keeps its content
 *                       store between builds and the loader fetches only what changed)
 *   releases/<id>/      the last few releases
 *   current -> releases/<id>
 *   trash/              folders on their way out: older releases, a failed build
 */
import { existsSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { basename, join } from 'node:path';
import { readConfig } from '@praxis/contract/config';
import { root } from './paths.ts';
import type { PublishStatus } from '@praxis/contract/publish-status';
import { sameSecret, WEBHOOK_SECRET_HEADER } from '@praxis/contract/webhook';
import type { ReleaseCheck } from './release-check.ts';
import type { SiteBuildReport } from './site.ts';
import { buildSiteInProcess } from './stages.ts';

export interface PublishResult {
  ok: boolean;
  trigger: string;
  /** The release served after this publish (the new one, or the one before it on failure). */
  liveRelease: string | undefined;
  /** Why the publish was refused, in one line. */
  reason?: string;
  build?: SiteBuildReport;
  check?: ReleaseCheck | undefined;
  seconds: number;
}

export interface PublisherOptions {
  /** The environment of the builds: PRAXIS_CMS_URL, PRAXIS_SITE_URL, PRAXIS_ASTRO_CACHE_DIR… */
  env: NodeJS.ProcessEnv;
  sitesDir: string;
  /** How long no event must arrive before a build starts (PRAXIS_PUBLISH_QUIET_MS, default 1.5 s). */
  quietMs?: number;
  /** Releases kept besides the live one, so a bad release can be put back by hand. */
  keepReleases?: number;
  log?: (line: string) => void;
}

async function readBody(request: IncomingMessage, limit = 1_000_000): Promise<string> {
  let body = '';
  for await (const chunk of request) {
    body += String(chunk);
    if (body.length > limit) throw new Error('body too large');
  }
  return body;
}

export class Publisher {
  readonly sitesDir: string;
  readonly currentLink: string;
  private readonly env: NodeJS.ProcessEnv;
  /**
   * How long no event must arrive before a build starts, read at each event: the publish-to-live
   * test lengthens it only where it sends several edits meant for one build.
   */
  quietMs: number;
  private readonly keepReleases: number;
  private readonly log: (line: string) => void;
  private timer: NodeJS.Timeout | undefined;
  /** Triggers received since the last build started. */
  private pending: string[] = [];
  private running: Promise<PublishResult> | undefined;
  private idleWaiters: Array<() => void> = [];
  private server: Server | undefined;
  private fullRefreshNext = false;
  /** Removals of folders moved to `trash/`, still under way, by folder. */
  private readonly removals = new Map<string, Promise<void>>();
  /** Every publish this process ran, newest last. */
  readonly history: PublishResult[] = [];
  /** When the last webhook event arrived (for publish-to-live measurements). */
  lastEventAt: number | undefined;

  constructor({ env, sitesDir, quietMs, keepReleases = 2, log = (line) => console.log(line) }: PublisherOptions) {
    this.env = env;
    this.sitesDir = sitesDir;
    this.currentLink = join(sitesDir, 'current');
    this.quietMs = quietMs ?? readConfig(env, root).PRAXIS_PUBLISH_QUIET_MS;
    this.keepReleases = keepReleases;
    this.log = log;
  }

  /** The release served now, or undefined before the first successful publish. */
  liveRelease(): string | undefined {
    return existsSync(this.currentLink) ? basename(readlinkSync(this.currentLink)) : undefined;
  }

  /** Takes a CMS event: (re)starts the quiet period, after which one build runs for all events so far. */
  notify(trigger: string): void {
    this.lastEventAt = performance.now();
    this.pending.push(trigger);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.drain(), this.quietMs);
  }

  /**
   * Builds, checks and swaps in a release now (after any build already running). `fullRefresh`
   * makes the content loader fetch every entry again instead of only what changed.
   */
  async publish(trigger: string, { fullRefresh = false } = {}): Promise<PublishResult> {
    if (fullRefresh) this.fullRefreshNext = true;
    this.pending.push(trigger);
    clearTimeout(this.timer);
    return (await this.drain())!;
  }

  /** Resolves when no build runs and no event waits for its quiet period to end. */
  idle(): Promise<void> {
    if (!this.running && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(): Promise<PublishResult | undefined> {
    while (this.running) await this.running.catch(() => undefined);
    const triggers = this.pending.splice(0);
    // Another drain already built for these events.
    if (triggers.length === 0) return this.history.at(-1);
    this.running = this.build([...new Set(triggers)].join(', '));
    try {
      return await this.running;
    } finally {
      this.running = undefined;
      // Events that came in during the build wait for their own quiet period (their timer runs).
      if (this.pending.length === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private async build(trigger: string): Promise<PublishResult> {
    const started = performance.now();
    const startedAt = new Date().toISOString();
    const staging = join(this.sitesDir, 'staging');
    const fullRefresh = this.fullRefreshNext;
    this.fullRefreshNext = false;
    // Awaited, so that this report can never overtake the one that ends the build.
    await this.report({ state: 'building', trigger, startedAt, liveRelease: this.liveRelease() });
    this.log(`publisher: building the site (${trigger})`);
    let result: PublishResult;
    /** The build's process, which goes on after its report: Astro's writes the content store for the next build. */
    let ended: Promise<{ storeSeconds: number }> | undefined;
    try {
      this.discard(staging);
      mkdirSync(join(this.sitesDir, 'releases'), { recursive: true });
      const built = await buildSiteInProcess(this.env, { outDir: staging, check: true, fullRefresh });
      ({ ended } = built);
      const build = built.report;
      // Made by the build while Pagefind indexed the pages (`site.ts`).
      const check = build.check!;
      if (check.problems.length > 0) {
        const more = check.problems.length > 1 ? ` (and ${check.problems.length - 1} more)` : '';
        throw Object.assign(new Error(`check failed: ${check.problems[0]}${more}`), { check });
      }
      const release = this.swapIn(staging);
      result = { ok: true, trigger, liveRelease: release, build, check, seconds: (performance.now() - started) / 1000 };
      this.log(`publisher: ${release} is live (${build.pages} pages, ${build.content.fetched} entries fetched, in ${result.seconds.toFixed(1)} s)`);
      // One partner's bad entry does not hold up everyone else's: it is left out, and named.
      for (const { entry, reason, kept } of build.content.rejected)
        this.log(`publisher: left out ${entry} (${kept ? 'its last good version stays live' : 'it has no page'}): ${reason}`);
    } catch (error) {
      const reason = (error as Error).message.split('\n')[0]!;
      result = {
        ok: false,
        trigger,
        liveRelease: this.liveRelease(),
        reason,
        check: (error as { check?: ReleaseCheck }).check,
        seconds: (performance.now() - started) / 1000,
      };
      this.log(`publisher: the build was not published, ${result.liveRelease ?? 'no release'} stays live: ${reason}`);
      this.discard(staging);
      // A full refresh that did not complete is owed to the next build.
      if (fullRefresh) this.fullRefreshNext = true;
    }
    this.history.push(result);
    await this.report({
      state: result.ok ? 'live' : 'failed',
      trigger,
      startedAt,
      finishedAt: new Date().toISOString(),
      seconds: result.seconds,
      ...(result.reason === undefined ? {} : { reason: result.reason }),
      ...(result.liveRelease === undefined ? {} : { liveRelease: result.liveRelease }),
      ...(result.build === undefined ? {} : { pages: result.build.pages }),
      ...(result.build?.content.rejected.length ? { rejected: result.build.content.rejected.map(({ entry, reason, kept }) => ({ entry, reason, kept })) } : {}),
    });
    // The next build starts from the store this one writes now, the release already live. Should
    // it fail, the next build starts from the store before and fetches what changed since then.
    await ended?.then(
      ({ storeSeconds }) => {
        if (storeSeconds && result.build) result.build.astroPhases['store written (after going live)'] = storeSeconds;
      },
      (error: Error) => this.log(`publisher: the content store was not written for the next build: ${error.message.split('\n')[0]}`),
    );
    return result;
  }

  /** Moves the checked build into `releases/` and points `current` at it in one rename. */
  private swapIn(staging: string): string {
    const id = `${new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\..*/, '')}-${process.hrtime.bigint() % 1000n}`;
    const release = join(this.sitesDir, 'releases', id);
    renameSync(staging, release);
    const link = join(this.sitesDir, `current.${process.pid}.tmp`);
    rmSync(link, { force: true });
    symlinkSync(join('releases', id), link);
    renameSync(link, this.currentLink);
    // Keep the newest few besides the live one; a server still sending an old file keeps its open handle.
    const releases = readdirSync(join(this.sitesDir, 'releases')).sort();
    for (const old of releases.slice(0, Math.max(0, releases.length - 1 - this.keepReleases))) this.discard(join(this.sitesDir, 'releases', old));
    return id;
  }

  /**
   * Moves a folder into `trash/` at once (a rename) and removes it in the background, with what an
   * earlier process left there. A release of a large catalogue is many files: removing them with
   * `rmSync` left the publisher deaf to webhooks and status requests for seconds; in the background
   * its event loop hardly pauses.
   */
  private discard(dir: string): void {
    const trash = join(this.sitesDir, 'trash');
    if (existsSync(dir)) {
      mkdirSync(trash, { recursive: true });
      renameSync(dir, join(trash, `${basename(dir)}-${Date.now()}-${process.hrtime.bigint() % 1_000_000n}`));
    }
    if (!existsSync(trash)) return;
    for (const folder of readdirSync(trash).map((name) => join(trash, name))) {
      if (this.removals.has(folder)) continue;
      const removal = rm(folder, { recursive: true, force: true })
        .catch((error: Error) => this.log(`publisher: could not remove ${folder} (${error.message})`))
        .finally(() => this.removals.delete(folder));
      this.removals.set(folder, removal);
    }
  }

  /** Tells the CMS how the publish went; a CMS that cannot hear it does not stop the publisher. */
  private async report(status: PublishStatus): Promise<void> {
    const cms = this.env.PRAXIS_CMS_URL;
    if (!cms) return;
    try {
      const response = await fetch(`${cms}/praxis/publish-status`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', [WEBHOOK_SECRET_HEADER]: this.env.PRAXIS_WEBHOOK_SECRET ?? '' },
        body: JSON.stringify(status),
        signal: AbortSignal.timeout(5_000),
      });
      if (!response.ok) this.log(`publisher: the CMS refused the publish status (${response.status})`);
    } catch (error) {
      this.log(`publisher: could not report the publish status to the CMS (${(error as Error).message})`);
    }
  }

  /**
   * Listens for the CMS's webhook (`POST /cms-events`) with the shared secret, and answers
   * `GET /status` with the last publish, for scripts and monitoring.
   */
  listen(port: number, host = '127.0.0.1'): Promise<Server> {
    const server = createServer((request, response) => {
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (request.method === 'GET' && request.url === '/status') {
        const last = this.history.at(-1);
        return answer(200, {
          liveRelease: this.liveRelease(),
          building: this.running !== undefined,
          last: last && {
            ok: last.ok,
            trigger: last.trigger,
            reason: last.reason,
            seconds: last.seconds,
            rejected: last.build?.content.rejected.map(({ entry, reason, kept }) => ({ entry, reason, kept })) ?? [],
          },
        });
      }
      if (request.method !== 'POST' || request.url !== '/cms-events') return answer(404, { error: 'not found' });
      if (!sameSecret(request.headers[WEBHOOK_SECRET_HEADER], this.env.PRAXIS_WEBHOOK_SECRET)) return answer(401, { error: 'wrong or missing webhook secret' });
      readBody(request).then(
        (body) => {
          let event: { event?: string; uid?: string; model?: string };
          try {
            event = JSON.parse(body) as typeof event;
          } catch {
            return answer(400, { error: 'the body is not JSON' });
          }
          this.notify([event.event ?? 'event', event.uid ?? event.model].filter(Boolean).join(' '));
          answer(202, { accepted: true });
        },
        () => answer(413, { error: 'body too large' }),
      );
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve(server));
    });
  }

  /** Stops listening and waits for a running build, and the removal of what it discarded, to finish. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.pending = [];
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await this.running?.catch(() => undefined);
    await Promise.all(this.removals.values());
  }
}
