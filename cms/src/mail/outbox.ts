import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { config } from '@praxis/contract/config';

/**
 * The outbox: every e-mail is first a row, written in the same transaction as the change that
 * causes it (a registration, a cancellation, a promotion), so a crash can neither lose a
 * confirmation nor send one for a registration that was rolled back. A worker delivers the rows
 * through Strapi's email plugin (nodemailer provider): to the SMTP server named by
 * `PRAXIS_SMTP_URL`, or, on the embedded default, as `.eml` files in `<data>/outbox/`.
 *
 * Delivery claims a row with a lease before sending, so several CMS processes never send the same
 * row at once; a process that dies mid-send leaves a lease that expires and the row is retried.
 *
 * A file in the file outbox holds personal data (name, address, manage and join links), so it lives
 * exactly as long as its row: erasing a person deletes their rows and then their files
 * (`removeOutboxFiles`), a file written while its row was being erased is removed by the worker that
 * wrote it, and the retention chore sweeps away any file whose row is gone (`sweepOutboxFiles`).
 */

export const OUTBOX = 'api::outbox-message.outbox-message';

const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 8;

export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Reply-To: the webinar's contact address, when it has one. */
  replyTo?: string;
  attachments?: Array<{ filename: string; content: string; contentType: string }>;
}

/**
 * What an outbox row asks for: a template and its subject (e.g. the registration e-mail of kind
 * "confirmed" for registration X). The message is rendered when it is sent, from the data as it
 * is then, so the row is small to write inside a busy transaction, and an erased registration
 * leaves nothing behind to render.
 */
export interface MailRecipe {
  template: string;
  kind: string;
  subject: string;
}

/** Renders a recipe into a message; undefined when there is nothing to send any more. */
export type Renderer = (strapi: Core.Strapi, recipe: MailRecipe) => Promise<OutgoingMessage | undefined>;

const renderers = new Map<string, Renderer>();

export function registerRenderer(template: string, renderer: Renderer): void {
  renderers.set(template, renderer);
}

/**
 * Adds a message to the outbox, inside the caller's transaction when there is one (a single
 * INSERT). The caller calls `kickDelivery` once that transaction has committed; the scheduled
 * round is the safety net.
 * @param dedupeKey one message per key, ever (e.g. `reminder:<registration>`), by unique index
 * @returns false when, outside a transaction, a message with that key already exists
 */
export async function enqueue(strapi: Core.Strapi, dedupeKey: string, recipe: MailRecipe): Promise<boolean> {
  const now = new Date();
  try {
    await strapi.db.query(OUTBOX).createMany({
      data: [
        { dedupeKey, subject: recipe.subject, state: 'pending', message: recipe, attempts: 0, leaseUntil: 0, createdAt: now, updatedAt: now, publishedAt: now },
      ],
    });
  } catch (error) {
    // Inside a transaction the error must propagate (PostgreSQL has aborted it); callers that
    // enqueue outside one (reminders, from every process) treat it as "already there".
    if (strapi.db.inTransaction() || !isUniqueViolation(error)) throw error;
    return false;
  }
  return true;
}

export function isUniqueViolation(error: unknown): boolean {
  const text = `${(error as { code?: string }).code ?? ''} ${(error as Error).message ?? ''}`;
  return /23505|SQLITE_CONSTRAINT_UNIQUE|UNIQUE constraint failed|duplicate key/i.test(text);
}

let running: Promise<void> | undefined;
let again = false;

/** Starts a delivery round unless one runs; a request during a round schedules one more. */
export function kickDelivery(strapi: Core.Strapi): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  const round = (async () => {
    do {
      again = false;
      await deliverPending(strapi);
    } while (again);
  })()
    .catch((error) => {
      strapi.log.error(`mail delivery: ${(error as Error).message}`);
    })
    .finally(() => {
      running = undefined;
    });
  running = round;
  return round;
}

/** The folder of the file outbox, when no SMTP server is configured. */
export function fileOutboxDir(): string | undefined {
  return config().outboxDir;
}

/** The file of an outbox row in the file outbox: its row id first, so the folder lists in sending order. */
const outboxFileName = (id: number, documentId: string) => `${String(id).padStart(8, '0')}-${documentId}.eml`;
const OUTBOX_FILE = /^(\d{8})-[a-z0-9]+\.eml$/;

/** Removes the files of these outbox rows (deleted, or about to be) from the file outbox. */
export function removeOutboxFiles(rows: Array<{ id: number; documentId: string }>): void {
  const folder = fileOutboxDir();
  if (!folder) return;
  for (const row of rows) rmSync(path.join(folder, outboxFileName(row.id, row.documentId)), { force: true });
}

/**
 * Removes every file of the file outbox whose row no longer exists (its person was erased), so that
 * nothing a crash or a race left behind outlives the retention date. Run with the retention chore.
 * @returns how many files were removed
 */
export async function sweepOutboxFiles(strapi: Core.Strapi): Promise<number> {
  const folder = fileOutboxDir();
  if (!folder) return 0;
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => OUTBOX_FILE.test(name));
  } catch {
    return 0; // no folder: nothing was ever delivered
  }
  const table = strapi.db.metadata.get(OUTBOX).tableName;
  let removed = 0;
  for (let start = 0; start < names.length; start += 500) {
    const batch = names.slice(start, start + 500);
    const ids = batch.map((name) => Number(OUTBOX_FILE.exec(name)![1]));
    const kept = new Set(((await strapi.db.connection(table).select('id').whereIn('id', ids)) as Array<{ id: number }>).map((row) => Number(row.id)));
    for (const [index, name] of batch.entries()) {
      if (kept.has(ids[index]!)) continue;
      rmSync(path.join(folder, name), { force: true });
      removed += 1;
    }
  }
  return removed;
}

/** How many due messages a process claims at once (one statement), then sends one after another. */
const BATCH = 10;

/**
 * What delivery gives way to: a promise that resolves when this process's more urgent work (a burst
 * of registrations) has paused, or after `maxMs` at most. Rendering and writing an e-mail takes the
 * event loop and a database connection from the requests of the burst; sent a moment later, after
 * it, the e-mails of the people served cost them nothing.
 */
export type Pause = (maxMs: number) => Promise<void>;

let giveWayTo: Pause | undefined;

export function yieldDeliveryTo(pause: Pause): void {
  giveWayTo = pause;
}

/** The longest delivery waits for a pause before sending its next batch anyway: a long burst never holds e-mail back for ever. */
const MAX_HOLD_MS = 10_000;

/** A claimed row as the database returns it (PostgreSQL's bigints and counts may come as strings). */
interface ClaimedRow {
  id: number | string;
  document_id: string;
  message: unknown;
  attempts: number | string;
}

/**
 * Claims up to BATCH due messages for this process, in one statement that leases them and reads
 * them back. On PostgreSQL rows another process is claiming meanwhile are skipped, not waited for
 * (`for update skip locked`); SQLite has one writer at a time anyway.
 */
async function claimDue(strapi: Core.Strapi, now: number): Promise<Array<{ id: number; documentId: string; message: unknown; attempts: number }>> {
  const knex = strapi.db.connection;
  const table = strapi.db.metadata.get(OUTBOX).tableName;
  const skipLocked = strapi.db.config.connection.client === 'postgres' ? 'for update skip locked' : '';
  const result = (await knex.raw(
    `update ?? set state = 'sending', lease_until = ?, attempts = attempts + 1
     where id in (select id from ?? where state in ('pending', 'sending') and lease_until < ? order by id limit ? ${skipLocked})
     returning id, document_id, message, attempts`,
    [table, now + LEASE_MS, table, now, BATCH],
  )) as ClaimedRow[] | { rows: ClaimedRow[] };
  const rows = Array.isArray(result) ? result : result.rows;
  return rows
    .map((row) => ({ id: Number(row.id), documentId: row.document_id, message: row.message, attempts: Number(row.attempts) }))
    .sort((a, b) => a.id - b.id);
}

/** Delivers every message that is due, each claimed by this process alone. */
export async function deliverPending(strapi: Core.Strapi): Promise<number> {
  const knex = strapi.db.connection;
  const table = strapi.db.metadata.get(OUTBOX).tableName;
  let delivered = 0;
  for (;;) {
    await giveWayTo?.(MAX_HOLD_MS);
    const claimed = await claimDue(strapi, Date.now());
    if (claimed.length === 0) return delivered;

    for (const row of claimed) {
      const { id } = row;
      const recipe = (typeof row.message === 'string' ? JSON.parse(row.message) : row.message) as MailRecipe;
      try {
        const renderer = renderers.get(recipe.template);
        if (!renderer) throw new Error(`no renderer for mail template "${recipe.template}"`);
        const message = await renderer(strapi, recipe);
        if (!message) {
          await knex(table).where('id', id).update({ state: 'failed', last_error: 'nothing to send any more' });
          continue;
        }
        await send(strapi, row.id, row.documentId, message);
        const marked = await knex(table).where('id', id).update({ state: 'sent', sent_at: Date.now(), last_error: null });
        // The row was deleted while it was being sent: its person was erased meanwhile, after the
        // erasure looked for files to remove. The file just written goes too.
        if (marked === 0) removeOutboxFiles([{ id: row.id, documentId: row.documentId }]);
        delivered += 1;
      } catch (error) {
        const attempts = Number(row.attempts ?? 1);
        const failed = attempts >= MAX_ATTEMPTS;
        // Back off 30 s, 1 min, 2 min… so a down SMTP server is not hammered.
        await knex(table)
          .where('id', id)
          .update({
            state: failed ? 'failed' : 'pending',
            lease_until: Date.now() + 30_000 * 2 ** Math.min(attempts - 1, 6),
            last_error: String((error as Error).message).slice(0, 1000),
          });
        strapi.log.warn(`mail ${id} to the outbox failed (attempt ${attempts}${failed ? ', giving up' : ''}): ${(error as Error).message}`);
      }
    }
  }
}

async function send(strapi: Core.Strapi, id: number, documentId: string, message: OutgoingMessage): Promise<void> {
  const info = (await strapi
    .plugin('email')
    .service('email')
    .send({
      to: message.to,
      replyTo: message.replyTo,
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachments: message.attachments,
      // The same Message-ID on a retry lets the receiving side drop a duplicate.
      messageId: `<${documentId}@outbox.praxis>`,
    })) as { message?: Buffer | string };

  const folder = fileOutboxDir();
  if (folder) {
    if (!info?.message) throw new Error('the file outbox needs the stream transport (PRAXIS_SMTP_URL unset)');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, outboxFileName(id, documentId)), info.message);
  }
}
