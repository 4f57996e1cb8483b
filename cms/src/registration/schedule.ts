import type { Core } from '@strapi/strapi';
import { config } from '@praxis/contract/config';
import { deliverPending, kickDelivery, OUTBOX, sweepOutboxFiles } from '../mail/outbox';
import { pruneRateLimits } from './rate-limit';
import { enqueueRegistrationMail, erase, fillFreeSeats, REGISTRATION } from './seats';
import { findWebinarByDocument } from './webinars';

/**
 * The registration chores, run by Strapi's cron in every CMS process. Their state lives in the
 * database, so they survive restarts, and each is safe to run twice or in two processes at once:
 * a reminder has one outbox key per registration (unique index), erasure and expiry only touch
 * rows not yet done, and e-mail delivery claims rows with a lease.
 */

/** How long before the start the reminder goes out (PRAXIS_REMINDER_LEAD_MINUTES, default 24 h). */
const reminderLead = () => config().PRAXIS_REMINDER_LEAD_MINUTES * 60_000;
/** How long after the end personal data is kept when a webinar sets no date (default 180 days). */
const defaultRetention = () => config().PRAXIS_REGISTRATION_RETENTION_DAYS * 86_400_000;

/** The webinars (document ids) with at least one registration in one of the given states. */
async function webinarDocuments(strapi: Core.Strapi, states?: string[]): Promise<string[]> {
  const table = strapi.db.metadata.get(REGISTRATION).tableName;
  const select = strapi.db.connection(table).distinct('webinar_document_id').whereNull('erased_at');
  const rows = (await (states ? select.whereIn('state', states) : select)) as Array<{ webinar_document_id: string }>;
  return rows.map((row) => row.webinar_document_id);
}

/**
 * Reminders: to everyone confirmed for a webinar whose reminder time has come, once. People who
 * registered after that time have just had their confirmation and get no second message.
 */
export async function sendReminders(strapi: Core.Strapi, now = new Date()): Promise<number> {
  let queued = 0;
  for (const webinarDocumentId of await webinarDocuments(strapi, ['confirmed'])) {
    const webinar = await findWebinarByDocument(strapi, webinarDocumentId);
    if (!webinar || now >= webinar.start) continue;
    const remindAt = new Date(webinar.start.getTime() - reminderLead());
    if (now < remindAt) continue;
    const due = (await strapi.db
      .query(REGISTRATION)
      .findMany({ where: { webinarDocumentId, state: 'confirmed', erasedAt: null, createdAt: { $lt: remindAt } } })) as Array<Record<string, any>>;
    for (const row of due) {
      const before = await strapi.db.query(OUTBOX).count({ where: { dedupeKey: `reminder:${row.documentId}` } });
      if (before) continue;
      if (await enqueueRegistrationMail(strapi, 'reminder', row.documentId, `reminder:${row.documentId}`)) queued += 1;
    }
  }
  if (queued) void kickDelivery(strapi);
  return queued;
}

/** Places still waiting when the webinar starts will never come: those registrations expire. */
export async function expireWaiting(strapi: Core.Strapi, now = new Date()): Promise<number> {
  let expired = 0;
  for (const webinarDocumentId of await webinarDocuments(strapi, ['waitlisted'])) {
    const webinar = await findWebinarByDocument(strapi, webinarDocumentId);
    if (webinar && now < webinar.start) {
      await fillFreeSeats(strapi, webinarDocumentId); // a larger capacity set in the admin frees seats too
      continue;
    }
    const { count } = await strapi.db
      .query(REGISTRATION)
      .updateMany({ where: { webinarDocumentId, state: 'waitlisted' }, data: { state: 'expired', updatedAt: now } });
    expired += count;
  }
  return expired;
}

/**
 * Erases the personal data of every registration whose webinar's retention date has passed, with
 * its e-mails, and then sweeps the file outbox of any file whose e-mail row is gone.
 */
export async function applyRetention(strapi: Core.Strapi, now = new Date()): Promise<number> {
  let erased = 0;
  for (const webinarDocumentId of await webinarDocuments(strapi)) {
    const webinar = await findWebinarByDocument(strapi, webinarDocumentId);
    // A webinar deleted or unpublished keeps no one's data beyond the default period either.
    const until = webinar?.retainRegistrationsUntil ?? (webinar ? new Date(webinar.end.getTime() + defaultRetention()) : undefined);
    if (until && now < until) continue;
    if (!webinar) {
      const newest = await strapi.db.query(REGISTRATION).findOne({ where: { webinarDocumentId }, orderBy: { updatedAt: 'desc' } });
      if (newest && now.getTime() - new Date(newest.updatedAt).getTime() < defaultRetention()) continue;
    }
    const rows = (await strapi.db.query(REGISTRATION).findMany({ where: { webinarDocumentId, erasedAt: null }, select: ['id'] })) as Array<{ id: number }>;
    for (const { id } of rows) {
      await erase(strapi, id, { cancelFirst: false });
      erased += 1;
    }
  }
  await sweepOutboxFiles(strapi);
  return erased;
}

let busy = false;

/** One round of every chore; overlapping rounds in one process are skipped. */
export async function runChores(strapi: Core.Strapi): Promise<void> {
  if (busy) return;
  busy = true;
  try {
    await expireWaiting(strapi);
    await sendReminders(strapi);
    await applyRetention(strapi);
    await deliverPending(strapi);
    await pruneRateLimits(strapi);
  } catch (error) {
    strapi.log.error(`registration chores: ${(error as Error).stack ?? error}`);
  } finally {
    busy = false;
  }
}

/** Schedules the chores with Strapi's cron, every PRAXIS_SCHEDULER_SECONDS (default 60). */
export function scheduleChores(strapi: Core.Strapi): void {
  const seconds = config().PRAXIS_SCHEDULER_SECONDS;
  const rule = seconds >= 60 ? '0 * * * * *' : `*/${seconds} * * * * *`;
  strapi.cron.add({ praxisRegistrationChores: { task: () => runChores(strapi), options: { rule } } });
}
