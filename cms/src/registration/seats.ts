import type { Core } from '@strapi/strapi';
import { randomBytes } from 'node:crypto';
import { enqueue, kickDelivery, OUTBOX, removeOutboxFiles, type MailRecipe, type OutgoingMessage } from '../mail/outbox';
import { composeMail, type Addressee, type MailKind } from './emails';
import type { Language, RegistrationInput } from '@praxis/contract/registration';
import { siteUrl } from './site-shell';
import { maxWaitMs, registrationTurns, TurnTimeout } from './queue';
import { manageToken, newManageSecret } from './tokens';
import { availability, findWebinar, findWebinarByDocument, type Webinar } from './webinars';

/**
 * Seats: registering, cancelling, promoting from the waiting list and erasing, each in one
 * transaction that first takes the webinar's lock.
 *
 * The lock makes "count the confirmed rows, then insert" atomic across every CMS process:
 * on PostgreSQL a transaction-scoped advisory lock keyed by the webinar's document (held until
 * commit or rollback); on SQLite the single connection already runs one transaction at a time. A
 * registration request first waits for its turn in its process's queue (`queue.ts`), in arrival
 * order and for a bounded time, and on PostgreSQL waits for the lock no longer than what is left. The
 * unique index on (webinar_document_id, email_key) is the database's own guarantee of one row per
 * mailbox, whatever reaches it.
 *
 * A registration belongs to the webinar's document (`webinarDocumentId`), never to its key: the key
 * is the editable name in the public URL, so renaming it keeps the seats, the organisers' export
 * and the reminders of everyone already registered.
 */

export const REGISTRATION = 'api::registration.registration';

export type Outcome = 'confirmed' | 'waitlisted' | 'full' | 'not-yet-open' | 'closed' | 'not-found';

export interface RegisterResult {
  outcome: Outcome;
  /** The same address had already registered: nothing was stored or sent again. */
  alreadyRegistered: boolean;
  /** Seats still free, when the webinar has a capacity. */
  seatsLeft: number | null;
}

type Row = Record<string, any>;

const query = (strapi: Core.Strapi) => strapi.db.query(REGISTRATION);

const isPostgres = (strapi: Core.Strapi) => strapi.db.config.connection.client === 'postgres';

/**
 * Takes the webinar's lock. With `waitMs`, PostgreSQL gives up after that long (`lock_timeout`,
 * and `statement_timeout` for any later statement): the transaction rolls back whole and the
 * caller is told to try again.
 */
async function lockWebinar(strapi: Core.Strapi, trx: any, documentId: string, waitMs?: number): Promise<void> {
  if (!isPostgres(strapi)) return;
  if (waitMs !== undefined) {
    // SET takes no parameters: a whole number of milliseconds, written here, is all it gets.
    await trx.raw(`set local lock_timeout = ${Math.max(1, Math.ceil(waitMs))}`);
    await trx.raw(`set local statement_timeout = ${Math.ceil(maxWaitMs())}`);
  }
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`praxis:webinar:${documentId}`]);
}

/** PostgreSQL's "lock not available" and "canceled by statement timeout". */
const gaveUpWaiting = (error: unknown) =>
  ['55P03', '57014'].includes(String((error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code));

/**
 * The address of the registrant's manage page, on the site's origin: the site's server passes
 * `/api/` to the CMS, so the person never leaves the site (the CMS answers the same path itself).
 */
export function manageUrl(documentId: string, secret: string): string {
  return `${siteUrl()}/api/registrations/manage/${manageToken(documentId, secret)}`;
}

const addressee = (row: Row): Addressee => ({
  documentId: row.documentId,
  name: row.name,
  email: row.email,
  language: row.language as Language,
  timeZone: row.timeZone ?? null,
  state: row.state,
});

/** Puts a registration e-mail in the outbox (one INSERT, inside the caller's transaction). */
async function mail(strapi: Core.Strapi, kind: MailKind, documentId: string, dedupe: string): Promise<boolean> {
  return enqueue(strapi, dedupe, { template: 'registration', kind, subject: documentId });
}

/**
 * Renders a registration e-mail when the worker sends it: in the registrant's language, with the
 * webinar as it is then (a join link changed meanwhile is the one sent). Nothing for an erased
 * registration, and no reminder for one that is no longer confirmed.
 */
export async function renderRegistrationMail(strapi: Core.Strapi, recipe: MailRecipe): Promise<OutgoingMessage | undefined> {
  const row: Row | null = await query(strapi).findOne({ where: { documentId: recipe.subject } });
  if (!row || row.erasedAt || !row.email || !row.manageSecret) return undefined;
  if (recipe.kind === 'reminder' && row.state !== 'confirmed') return undefined;
  if (recipe.kind === 'manage-link' && row.state !== 'confirmed' && row.state !== 'waitlisted') return undefined;
  const webinar = await findWebinarByDocument(strapi, row.webinarDocumentId, row.language);
  if (!webinar) return undefined;
  return composeMail(recipe.kind as MailKind, webinar, addressee(row), manageUrl(row.documentId, row.manageSecret));
}

/** A document id in Strapi's shape (24 lower-case letters and digits), made here so one INSERT suffices. */
function newDocumentId(): string {
  const bytes = randomBytes(24);
  return Array.from(bytes, (byte) => 'abcdefghijklmnopqrstuvwxyz0123456789'[byte % 36]).join('');
}

async function confirmedCount(strapi: Core.Strapi, webinarDocumentId: string): Promise<number> {
  return query(strapi).count({ where: { webinarDocumentId, state: 'confirmed' } });
}

const seatsLeft = (webinar: Pick<Webinar, 'capacity'>, confirmed: number) => (webinar.capacity === null ? null : Math.max(0, webinar.capacity - confirmed));

/**
 * Gives free seats to the waiting list, first come first served, each with an e-mail.
 * Runs inside a transaction that holds the webinar's lock.
 */
async function promoteWaiting(strapi: Core.Strapi, webinar: Webinar, confirmed?: number): Promise<number> {
  if (webinar.capacity === null) return 0;
  let free = webinar.capacity - (confirmed ?? (await confirmedCount(strapi, webinar.documentId)));
  let promoted = 0;
  while (free > 0) {
    const next = await query(strapi).findOne({
      where: { webinarDocumentId: webinar.documentId, state: 'waitlisted' },
      orderBy: { id: 'asc' },
      select: ['id', 'documentId'],
    });
    if (!next) break;
    await query(strapi).update({ where: { id: next.id }, data: { state: 'confirmed', updatedAt: new Date() } });
    await mail(strapi, 'promoted', next.documentId, `promoted:${next.documentId}`);
    free -= 1;
    promoted += 1;
  }
  return promoted;
}

/** The registration's fields, as a row (without its ids and times). */
function registrationData(webinarDocumentId: string, state: 'confirmed' | 'waitlisted', input: RegistrationInput, now: Date, manageSecret: string) {
  return {
    webinarDocumentId,
    state,
    name: input.name,
    email: input.email,
    emailKey: input.emailKey,
    organisationName: input.organisation,
    jobRole: input.role,
    region: input.region,
    language: input.language,
    timeZone: input.timeZone,
    accessibilityNeeds: input.accessibilityNeeds,
    consentAt: now,
    consentVersion: input.consentVersion,
    attended: false,
    manageSecret,
    cancelledAt: null,
    updatedAt: now,
  };
}

/** What the seat-taking decides on (PostgreSQL), read under the lock. */
interface SeatState {
  webinar: Pick<Webinar, 'documentId' | 'capacity' | 'waitingList' | 'start' | 'registrationOpens' | 'registrationCloses'>;
  /** Confirmed registrations; counted only when the webinar has a capacity. */
  confirmed: number;
  /** Whether anyone is on the waiting list; asked only when the webinar has a capacity. */
  waiting: boolean;
  existing: { id: number; documentId: string; state: string } | null;
  /** The state the registration was inserted in, in the same trip; null when nothing was inserted. */
  inserted: 'confirmed' | 'waitlisted' | null;
}

/** How node-pg sends a parameter (a Date as the process's local time, as every write of Strapi's). */
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (value: unknown) => string };

/**
 * A value written into the text of statements sent together (PostgreSQL's simple protocol takes no
 * parameters): a string as E'…' with its quotes and backslashes escaped and `?` as \x3f (knex would
 * read a bare one as a parameter's place), a Date as pg sends it, cast to a timestamp.
 */
function literal(value: string | Date | null | undefined): string {
  if (value === null || value === undefined) return 'null';
  const text = value instanceof Date ? prepareValue(value) : value;
  const quoted = `E'${text.replace(/[\\'?]/g, (character) => (character === '?' ? '\\x3f' : `\\${character}`))}'`;
  return value instanceof Date ? `${quoted}::timestamp` : quoted;
}

/**
 * Takes a seat in one round trip and one transaction (PostgreSQL): statements sent together in one
 * message run as one transaction, committed when the last ends, so the lock is held inside the
 * database only, never across a trip to this process and back (whose event loop, under a burst,
 * is busy with everyone else's requests). They are: the lock (with its timeouts); one statement
 * that reads the webinar's published version (Italian first, as `findWebinarByDocument`), its
 * confirmed count, whether anyone waits and the mailbox's row, and, when that decides it (the
 * registration is open, the mailbox new, nobody waiting for a freed seat, a seat or the waiting
 * list left), inserts the registration and its e-mail's outbox row. A statement's snapshot is
 * taken when it starts, so the one after the lock's sees every registration committed by whoever
 * held the lock before. When nothing was inserted, what was read says why (a repeat, a closed or
 * full webinar, as it was under the lock); an address that had cancelled, a freed seat for the
 * waiting list, or the same person's other request inserting first (under the shared lock) is
 * for the caller to settle, with the lock taken again.
 */
async function takeSeatInOneTrip(
  knex: any,
  {
    webinarDocumentId,
    shared,
    waitMs,
    data,
    documentId,
    outboxDocumentId,
    now,
  }: {
    webinarDocumentId: string;
    shared: boolean;
    waitMs: number | undefined;
    data: Omit<ReturnType<typeof registrationData>, 'state'>;
    documentId: string;
    outboxDocumentId: string;
    now: Date;
  },
): Promise<SeatState | undefined> {
  const webinar = literal(webinarDocumentId);
  const at = literal(now);
  const statements = [
    // For this transaction only (is_local): whole numbers of milliseconds.
    ...(waitMs === undefined
      ? []
      : [`select set_config('lock_timeout', '${Math.max(1, Math.ceil(waitMs))}', true), set_config('statement_timeout', '${Math.ceil(maxWaitMs())}', true)`]),
    `select ${shared ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock'}(hashtext(${literal(`praxis:webinar:${webinarDocumentId}`)}))`,
    `with seen as (
       select w.capacity, coalesce(w.waiting_list, true) as waiting_list, w.start, w.registration_opens, w.registration_closes,
         case when w.capacity is null then 0 else (select count(*) from registrations c where c.webinar_document_id = ${webinar} and c.state = 'confirmed') end as confirmed,
         case when w.capacity is null then false else exists (select 1 from registrations q where q.webinar_document_id = ${webinar} and q.state = 'waitlisted') end as waiting,
         e.id as existing_id, e.document_id as existing_document_id, e.state as existing_state
       from webinars w
       left join registrations e on e.webinar_document_id = ${webinar} and e.email_key = ${literal(data.emailKey)}
       where w.document_id = ${webinar} and w.published_at is not null
       order by (w.locale = 'it') desc, w.id
       limit 1
     ), registration as (
       insert into registrations (document_id, webinar_document_id, state, name, email, email_key, organisation_name, job_role, region,
         language, time_zone, accessibility_needs, consent_at, consent_version, attended, manage_secret, cancelled_at, created_at, updated_at, published_at)
       select ${literal(documentId)}, ${webinar}, case when seen.capacity is null or seen.confirmed < seen.capacity then 'confirmed' else 'waitlisted' end,
         ${literal(data.name)}, ${literal(data.email)}, ${literal(data.emailKey)}, ${literal(data.organisationName)}, ${literal(data.jobRole)},
         ${literal(data.region)}, ${literal(data.language)}, ${literal(data.timeZone)}, ${literal(data.accessibilityNeeds)}, ${at},
         ${literal(data.consentVersion)}, false, ${literal(data.manageSecret)}, null::timestamp, ${at}, ${at}, ${at}
       from seen
       where seen.existing_id is null
         and (seen.registration_opens is null or ${at} >= seen.registration_opens)
         and (seen.registration_closes is null or ${at} <= seen.registration_closes)
         and ${at} < seen.start
         and (seen.capacity is null or (${shared ? 'false' : 'true'}
           and (seen.confirmed >= seen.capacity or not seen.waiting)
           and (seen.confirmed < seen.capacity or seen.waiting_list)))
       on conflict (webinar_document_id, email_key) do nothing
       returning document_id, state
     ), mail as (
       insert into outbox_messages (document_id, dedupe_key, subject, state, message, attempts, lease_until, created_at, updated_at, published_at)
       select ${literal(outboxDocumentId)}, registration.state || ':' || registration.document_id || ':' || ${literal(data.manageSecret)},
         registration.document_id, 'pending', jsonb_build_object('template', 'registration', 'kind', registration.state, 'subject', registration.document_id),
         0, 0, ${at}, ${at}, ${at}
       from registration
       returning id
     )
     select seen.*, (select state from registration) as inserted_state from seen`,
  ];
  const results = await knex.raw(statements.join(';\n'));
  const row = ((Array.isArray(results) ? results.at(-1) : results) as { rows: Array<Record<string, any>> }).rows[0];
  if (!row) return undefined;
  return {
    webinar: {
      documentId: webinarDocumentId,
      capacity: row.capacity ?? null,
      waitingList: row.waiting_list !== false,
      start: new Date(row.start),
      registrationOpens: row.registration_opens ? new Date(row.registration_opens) : null,
      registrationCloses: row.registration_closes ? new Date(row.registration_closes) : null,
    },
    confirmed: Number(row.confirmed),
    waiting: Boolean(row.waiting),
    existing: row.existing_id === null ? null : { id: Number(row.existing_id), documentId: row.existing_document_id, state: row.existing_state },
    inserted: row.inserted_state ?? null,
  };
}

/** PostgreSQL's answer when a shared lock's holder finds a capacity: counting needs the lock alone. */
class CountingNeeded extends Error {}

/**
 * Registers a person for the webinar that has `key` now, or answers what happened the first time
 * they did. The key only finds the document (`found`, when the caller has read it already);
 * everything under the lock goes by the document.
 * With a `deadline` (the end of the request's bound on waiting), PostgreSQL waits for the lock
 * no longer than that, and `TurnTimeout` says to try again.
 *
 * Every other registration of the webinar waits while the lock is held, so on PostgreSQL it is
 * held inside the database only: the lock, the read and the inserts are sent together and
 * committed together (`takeSeatInOneTrip`), and what needs no lock (the key's webinar, the
 * secret, the row's values) is done before. A webinar without a capacity takes the lock shared:
 * nothing is counted, and the unique index keeps one row per mailbox. SQLite runs one transaction
 * at a time anyway and takes the general path through Strapi's queries.
 */
export async function register(
  strapi: Core.Strapi,
  key: string,
  input: RegistrationInput,
  now = new Date(),
  deadline?: number,
  found?: Pick<Webinar, 'documentId' | 'capacity'> | null,
): Promise<RegisterResult> {
  // The key's webinar, unless the caller read it already (with the rate limits, `admitRegistration`).
  const named = found === undefined ? await findWebinar(strapi, key) : found;
  if (!named) return { outcome: 'not-found', alreadyRegistered: false, seatsLeft: null };
  const webinarDocumentId = named.documentId;
  const waitMs = () => (deadline === undefined ? undefined : deadline - Date.now());
  // Made before the lock: nothing here depends on what the lock protects.
  const manageSecret = newManageSecret();
  const documentId = newDocumentId();
  let sent = false;
  let result: RegisterResult;
  try {
    if (!isPostgres(strapi)) result = await takeSeat();
    else {
      try {
        result = await takeSeatPostgres(named.capacity === null);
      } catch (error) {
        // The capacity was set between reading the key and taking the lock: count, alone.
        if (!(error instanceof CountingNeeded)) throw error;
        result = await takeSeatPostgres(false);
      }
    }
  } catch (error) {
    // Rolled back whole: no seat taken, no e-mail queued.
    if (gaveUpWaiting(error)) throw new TurnTimeout(registrationTurns(strapi).retryAfterSeconds());
    throw error;
  }
  // E-mail is never on the request path: the worker picks the committed rows up. Nor does it
  // take the event loop from a burst: it waits for the registrations' queue to fall quiet
  // (`deliverAfterBursts` in queue.ts), so starting it here costs nothing while one runs.
  if (sent) void kickDelivery(strapi);
  return result;

  async function takeSeatPostgres(shared: boolean): Promise<RegisterResult> {
    // The row's values, made before the lock; its state is decided under it.
    const { state: _decidedUnderTheLock, ...data } = registrationData(webinarDocumentId, 'confirmed', input, now, manageSecret);
    // Read again under the lock: an organiser may have changed the capacity or the dates meanwhile.
    const seen = await takeSeatInOneTrip(strapi.db.connection, {
      webinarDocumentId,
      shared,
      waitMs: waitMs(),
      data,
      documentId,
      outboxDocumentId: newDocumentId(),
      now,
    });
    if (!seen) return { outcome: 'not-found', alreadyRegistered: false, seatsLeft: null };
    const { webinar, existing, inserted } = seen;
    if (inserted) {
      sent = true;
      return { outcome: inserted, alreadyRegistered: false, seatsLeft: seatsLeft(webinar, seen.confirmed + (inserted === 'confirmed' ? 1 : 0)) };
    }
    if (shared && webinar.capacity !== null) throw new CountingNeeded();
    if (existing && (existing.state === 'confirmed' || existing.state === 'waitlisted')) {
      return { outcome: existing.state, alreadyRegistered: true, seatsLeft: seatsLeft(webinar, seen.confirmed) };
    }
    const open = availability(webinar, now);
    if (open !== 'open') return { outcome: open, alreadyRegistered: false, seatsLeft: null };
    if (webinar.capacity !== null && seen.confirmed >= webinar.capacity && !webinar.waitingList)
      return { outcome: 'full', alreadyRegistered: false, seatsLeft: 0 };
    // An address that had cancelled registers again on its own row, a seat freed for the waiting
    // list goes to it first, and a row inserted first by the same person's other request is
    // answered as a repeat: all rare, all settled on the general path, which takes the lock again.
    return takeSeat();
  }

  function takeSeat() {
    return strapi.db.transaction(async ({ trx }): Promise<RegisterResult> => {
      await lockWebinar(strapi, trx, webinarDocumentId, waitMs());
      // Read again under the lock: an organiser may have changed the capacity or the dates meanwhile.
      const webinar = await findWebinarByDocument(strapi, webinarDocumentId);
      if (!webinar) return { outcome: 'not-found', alreadyRegistered: false, seatsLeft: null };

      const existing: Row | null = await query(strapi).findOne({
        where: { webinarDocumentId, emailKey: input.emailKey },
        select: ['id', 'documentId', 'state'],
      });
      if (existing && (existing.state === 'confirmed' || existing.state === 'waitlisted')) {
        return {
          outcome: existing.state,
          alreadyRegistered: true,
          seatsLeft: webinar.capacity === null ? null : seatsLeft(webinar, await confirmedCount(strapi, webinarDocumentId)),
        };
      }
      const open = availability(webinar, now);
      if (open !== 'open') return { outcome: open, alreadyRegistered: false, seatsLeft: null };
      return decideAndWrite(webinar, existing);
    });
  }

  /** Counts, promotes the waiting list, and writes the row and its e-mail through Strapi's queries; under the lock. */
  async function decideAndWrite(webinar: Webinar | undefined, existing: Row | null): Promise<RegisterResult> {
    if (!webinar) return { outcome: 'not-found', alreadyRegistered: false, seatsLeft: null };
    // Without a capacity there is nothing to count. With one, someone on the waiting list gets a
    // freed seat before a newcomer can take it.
    let confirmed = 0;
    if (webinar.capacity !== null) {
      confirmed = await confirmedCount(strapi, webinarDocumentId);
      const promoted = confirmed < webinar.capacity ? await promoteWaiting(strapi, webinar, confirmed) : 0;
      if (promoted) sent = true;
      confirmed += promoted;
    }
    const state = webinar.capacity === null || confirmed < webinar.capacity ? 'confirmed' : webinar.waitingList ? 'waitlisted' : undefined;
    if (!state) return { outcome: 'full', alreadyRegistered: false, seatsLeft: 0 };

    const data = registrationData(webinarDocumentId, state, input, now, manageSecret);
    // An address that cancelled earlier registers again on its own row: one row per address, always.
    let rowDocumentId: string;
    if (existing) {
      await query(strapi).update({ where: { id: existing.id }, data });
      rowDocumentId = existing.documentId;
    } else {
      rowDocumentId = documentId;
      await query(strapi).createMany({ data: [{ ...data, documentId, createdAt: now, publishedAt: now }] });
    }
    await mail(strapi, state, rowDocumentId, `${state}:${rowDocumentId}:${manageSecret}`);
    sent = true;
    return { outcome: state, alreadyRegistered: false, seatsLeft: seatsLeft(webinar, confirmed + (state === 'confirmed' ? 1 : 0)) };
  }
}

/**
 * E-mails the manage link again to the mailbox `emailKey` when it holds a live registration
 * (confirmed or waiting) for the webinar that has `key`; does nothing otherwise. Its caller has
 * already answered the same thing either way, so nobody learns from the answer who is registered.
 * @returns whether an e-mail was queued (for the log and the tests, never for the visitor)
 */
export async function resendManageLink(strapi: Core.Strapi, key: string, emailKey: string): Promise<boolean> {
  const webinar = await findWebinar(strapi, key);
  const row: Row | null = webinar
    ? await query(strapi).findOne({ where: { webinarDocumentId: webinar.documentId, emailKey }, select: ['documentId', 'state'] })
    : null;
  if (!row || (row.state !== 'confirmed' && row.state !== 'waitlisted')) return false;
  // Every request its own e-mail: the rate limits, not the outbox, bound how many.
  await mail(strapi, 'manage-link', row.documentId, `manage-link:${row.documentId}:${randomBytes(9).toString('base64url')}`);
  void kickDelivery(strapi);
  return true;
}

/** Seats and state of a webinar's registration, for the form's live counter. */
export async function webinarAvailability(strapi: Core.Strapi, key: string, now = new Date()) {
  const webinar = await findWebinar(strapi, key);
  if (!webinar) return undefined;
  const confirmed = await confirmedCount(strapi, webinar.documentId);
  return { key, state: availability(webinar, now), capacity: webinar.capacity, seatsLeft: seatsLeft(webinar, confirmed), waitingList: webinar.waitingList };
}

/** Cancels a registration; a freed seat goes to the first person waiting. */
export async function cancel(strapi: Core.Strapi, registrationId: number, { notify = true } = {}): Promise<boolean> {
  const changed = await strapi.db.transaction(async ({ trx }) => {
    const before: Row | null = await query(strapi).findOne({ where: { id: registrationId } });
    if (!before) return false;
    await lockWebinar(strapi, trx, before.webinarDocumentId);
    // Read again under the lock: another process may have changed it meanwhile.
    const row: Row | null = await query(strapi).findOne({ where: { id: registrationId } });
    if (!row || (row.state !== 'confirmed' && row.state !== 'waitlisted')) return false;
    await query(strapi).update({ where: { id: row.id }, data: { state: 'cancelled', cancelledAt: new Date(), updatedAt: new Date() } });
    const webinar = await findWebinarByDocument(strapi, row.webinarDocumentId);
    if (webinar) {
      if (notify && row.email) await mail(strapi, 'cancelled', row.documentId, `cancelled:${row.documentId}:${row.manageSecret}`);
      if (row.state === 'confirmed' && availability(webinar) !== 'closed') await promoteWaiting(strapi, webinar);
    }
    return true;
  });
  if (changed) void kickDelivery(strapi);
  return changed;
}

/** The personal fields, all of which erasure clears. */
const PERSONAL = ['name', 'email', 'emailKey', 'organisationName', 'jobRole', 'region', 'timeZone', 'accessibilityNeeds', 'manageSecret'] as const;

/**
 * Erases a registrant's personal data: the row stays, anonymous, so the webinar's counts hold;
 * its e-mails (sent or not) go too. When the registrant asks, a live registration is cancelled
 * first, freeing the seat; the retention date erases without changing what happened.
 */
export async function erase(strapi: Core.Strapi, registrationId: number, { cancelFirst = true } = {}): Promise<void> {
  if (cancelFirst) await cancel(strapi, registrationId, { notify: false });
  const messages = await strapi.db.transaction(async () => {
    await query(strapi).update({
      where: { id: registrationId },
      data: { ...Object.fromEntries(PERSONAL.map((field) => [field, null])), erasedAt: new Date(), updatedAt: new Date() },
    });
    const row: Row | null = await query(strapi).findOne({ where: { id: registrationId }, select: ['documentId'] });
    if (!row) return [];
    const rows = (await strapi.db.query(OUTBOX).findMany({ where: { subject: row.documentId }, select: ['id', 'documentId'] })) as Array<{
      id: number;
      documentId: string;
    }>;
    await strapi.db.query(OUTBOX).deleteMany({ where: { subject: row.documentId } });
    return rows;
  });
  // The copies in the file outbox go once the rows are gone for good (after the commit).
  removeOutboxFiles(messages);
}

/** Gives seats freed by a larger capacity to the waiting list (run by the scheduler). */
export async function fillFreeSeats(strapi: Core.Strapi, webinarDocumentId: string): Promise<number> {
  const promoted = await strapi.db.transaction(async ({ trx }) => {
    await lockWebinar(strapi, trx, webinarDocumentId);
    const webinar = await findWebinarByDocument(strapi, webinarDocumentId);
    if (!webinar || availability(webinar) === 'closed') return 0;
    return promoteWaiting(strapi, webinar);
  });
  if (promoted) void kickDelivery(strapi);
  return promoted;
}

export { mail as enqueueRegistrationMail };
