import type { Core } from '@strapi/strapi';

/** How long a write waits for another process's write to finish before it fails. */
const BUSY_WAIT_MS = 20_000;

/**
 * SQLite, the embedded default, is often opened by more than one process at once: a second Strapi
 * on the same file, the seed or the scheduler of another process. In its default journal a reader
 * blocks a writer, and a write that waits more than five seconds fails (a 500 for the partner who
 * publishes, or the social worker who registers). Write-ahead logging lets readers and one writer
 * work side by side, and it is kept in the file, so every later process has it too; the longer
 * busy wait covers a burst of writes on a loaded machine. PostgreSQL needs neither.
 */
export async function shareSqliteBetweenProcesses(strapi: Core.Strapi): Promise<void> {
  if (strapi.db.dialect.client !== 'sqlite') return;
  await strapi.db.connection.raw('PRAGMA journal_mode = WAL');
  await strapi.db.connection.raw(`PRAGMA busy_timeout = ${BUSY_WAIT_MS}`);
}
