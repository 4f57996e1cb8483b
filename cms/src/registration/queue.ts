/**
 * The turn-taking in front of the seat-taking transaction: requests start in the order they
 * arrived, at most `concurrency` at a time, and a request whose turn has not come within its bound
 * is refused at once (`TurnTimeout`) without having touched the database. Nobody is left hanging
 * and nothing is half-written: the task either runs whole, in its transaction, or never starts.
 *
 * On SQLite this is the one writer's queue (concurrency 1): requests wait here, in order, instead
 * of piling up on the single connection. On PostgreSQL each CMS process keeps one too, smaller
 * than its connection pool, and the database's lock (with the time left as its `lock_timeout`)
 * orders the processes between them.
 */
import type { Core } from '@strapi/strapi';
import { config } from '@praxis/contract/config';
import { yieldDeliveryTo } from '../mail/outbox';

/** A request that waited past its bound; `retryAfterSeconds` is how long the queue needs to drain. */
export class TurnTimeout extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('registration.busy');
    this.name = 'TurnTimeout';
  }
}

interface Waiting {
  begin: () => void;
  timer: NodeJS.Timeout;
}

/** Longest Retry-After the queue ever asks for: beyond it the estimate says little. */
const MAX_RETRY_AFTER_SECONDS = 30;

export class FairQueue {
  private running = 0;
  private readonly waiting: Waiting[] = [];
  /** Moving average of how long a task takes, for Retry-After. */
  private serviceMs = 20;
  /** When a task last started or ended: how long the queue has been quiet. */
  private lastActiveAt = 0;

  constructor(
    private readonly concurrency: number,
    private readonly maxWaitMs: () => number,
  ) {}

  /** Requests waiting for their turn now. */
  get length(): number {
    return this.waiting.length;
  }

  /**
   * Resolves once no task has run or waited for `quietMs` (a burst has passed), or after `maxMs`
   * whatever happens: for work that should give way to requests but never wait for ever.
   */
  async whenQuiet(quietMs: number, maxMs: number): Promise<void> {
    const until = Date.now() + maxMs;
    for (;;) {
      const now = Date.now();
      const quietFor = this.running + this.waiting.length === 0 ? now - this.lastActiveAt : 0;
      if (quietFor >= quietMs || now >= until) return;
      // Looked at again when the quiet could have lasted long enough, not on every task.
      await new Promise((resolve) => setTimeout(resolve, Math.min(until - now, quietMs - quietFor)));
    }
  }

  /** Seconds after which a refused request may find the queue drained (1 at least). */
  retryAfterSeconds(): number {
    const drainMs = ((this.waiting.length + this.running) * this.serviceMs) / this.concurrency;
    return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(drainMs / 1000)));
  }

  /**
   * Runs `task` when its turn comes, given its deadline (for the database's own lock timeout).
   * `arrivedAt` is when the request reached the CMS: its bound counts from there.
   */
  run<T>(task: (deadline: number) => Promise<T>, arrivedAt = Date.now()): Promise<T> {
    const deadline = arrivedAt + this.maxWaitMs();
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.running += 1;
        const began = Date.now();
        this.lastActiveAt = began;
        task(deadline)
          .then(resolve, reject)
          .finally(() => {
            this.lastActiveAt = Date.now();
            this.serviceMs = this.serviceMs * 0.9 + (this.lastActiveAt - began) * 0.1;
            this.running -= 1;
            this.next();
          });
      };
      const left = deadline - Date.now();
      if (left <= 0) return reject(new TurnTimeout(this.retryAfterSeconds()));
      if (this.running < this.concurrency && this.waiting.length === 0) return start();
      const entry: Waiting = {
        begin: () => {
          clearTimeout(entry.timer);
          // Its timer may not have run yet on a busy event loop: a turn never starts past the bound.
          if (Date.now() >= deadline) reject(new TurnTimeout(this.retryAfterSeconds()));
          else start();
        },
        // Refused the moment its bound passes, not when its turn would have come.
        timer: setTimeout(() => {
          const index = this.waiting.indexOf(entry);
          if (index >= 0) this.waiting.splice(index, 1);
          reject(new TurnTimeout(this.retryAfterSeconds()));
        }, left),
      };
      this.waiting.push(entry);
    });
  }

  private next(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) this.waiting.shift()!.begin();
  }
}

/** The bound on a registration's wait, from `PRAXIS_REGISTRATION_MAX_WAIT_SECONDS`. */
export const maxWaitMs = () => config().PRAXIS_REGISTRATION_MAX_WAIT_SECONDS * 1000;

let turns: FairQueue | undefined;

/**
 * The registrations' queue in this process: SQLite has one writer, so one at a time; PostgreSQL
 * leaves a few of the pool's connections to everything else (availability, the admin, the chores).
 */
export function registrationTurns(strapi: Core.Strapi): FairQueue {
  turns ??= new FairQueue(strapi.db.config.connection.client === 'postgres' ? Math.max(1, config().DATABASE_POOL_MAX - 2) : 1, maxWaitMs);
  return turns;
}

/** How long the registrations' queue stays empty before a burst counts as over. */
const QUIET_MS = 250;

/**
 * E-mail gives way to registrations: during a burst the outbox worker holds its next batch until
 * this process's queue has been empty a moment (or its own bound has passed), so confirmations go
 * out just after the burst rather than taking the event loop and the connection from it.
 */
export function deliverAfterBursts(strapi: Core.Strapi): void {
  yieldDeliveryTo((maxMs) => registrationTurns(strapi).whenQuiet(QUIET_MS, maxMs));
}
