import type { Core } from '@strapi/strapi';
import { randomBytes } from 'node:crypto';
import { enqueue, kickDelivery, OUTBOX, removeOutboxFiles, type MailRecipe, type OutgoingMessage } from '../mail/outbox';
import { composeMail, type Addressee, type MailKind } from './emails';
import type { Language, RegistrationInput } from '@praxis/contract/registration';
import { siteUrl } from './site-shell';
import { maxWaitMs, registrationTurns, TurnTimeout } from './queue';
import { manageToken, newManageSecret } from './tokens';
import { availability, findWebinar, findWebinarByDocument, type Webinar } from './webinars';
import { admissionStatement, admitRegistration, type AdmissionRow, type Count, readAdmission } from './rate-limit';
import { literal } from './sql-text';

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

/** Where the seat is taken (PostgreSQL): a webinar known before the trip, or the one the admission found. */
type SeatTarget = { documentId: string; shared: boolean } | { admission: { address: Count; webinar: Count; key: string; now: number } };

/** Session settings that carry the admission's answer to the seat's statements, in the same message. */
const SEAT_SETTING = 'praxis.seat';
const SEAT_LOCK_SETTING = 'praxis.seat_lock';

/**
 * Sends statements together, in one message, on a connection of the pool, and answers one result a
 * statement. An error inside an explicit `begin` … `commit` would leave the connection in an aborted
 * transaction for its next user: it is rolled back before the connection goes back to the pool.
 */
async function sendTogether(strapi: Core.Strapi, statements: string[]): Promise<Array<{ rows: Array<Record<string, any>> }>> {
  const client = (strapi.db.connection as any).client;
  const connection = await client.acquireConnection();
  try {
    const results = await connection.query(statements.join(';\n'));
    return Array.isArray(results) ? results : [results];
  } catch (error) {
    // The error arrives before the server has said the message is over: a statement sent after it
    // is answered once it is, and then the transaction's state is known. Idle ('I'): a failed
    // implicit transaction, which PostgreSQL has rolled back itself.
    await connection.query('select 1').catch(() => undefined);
    if (connection.getTransactionStatus() !== 'I') await connection.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.releaseConnection(connection);
  }
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
 *
 * A registration's first trip carries its admission too (`admissionStatement`: the rate-limit
 * counts and the key's webinar), ahead of the rest and in a transaction of its own (`begin` …
 * `commit`), so the counts' hot rows (the webinar's bucket, the address's behind one proxy or
 * office) are released at once, as when the admission was a trip of its own, and never held while
 * the seat waits for the webinar's lock. Its answer reaches the seat's statements through two
 * session settings it sets (`praxis.seat`: the webinar's document when the counts admit it,
 * else empty; `praxis.seat_lock`: shared when the webinar has no capacity): a refused or unknown
 * webinar takes no lock and inserts nothing. The settings are set anew by every such trip before
 * they are read, and an error in the admission skips every statement after it.
 */
async function takeSeatInOneTrip(
  strapi: Core.Strapi,
  {
    target,
    waitMs,
    data,
    documentId,
    outboxDocumentId,
    now,
  }: {
    target: SeatTarget;
    waitMs: number | undefined;
    data: Omit<ReturnType<typeof registrationData>, 'state' | 'webinarDocumentId'>;
    documentId: string;
    outboxDocumentId: string;
    now: Date;
  },
): Promise<{ admission: AdmissionRow | undefined; seen: SeatState | undefined }> {
  const admitted = 'admission' in target ? target.admission : undefined;
  // The webinar's document, and whether the lock is held alone, as SQL: written in, or read from
  // what the admission set.
  const webinar = admitted ? `current_setting('${SEAT_SETTING}', true)` : literal((target as { documentId: string }).documentId);
  const exclusive = admitted ? `current_setting('${SEAT_LOCK_SETTING}', true) = 'exclusive'` : (target as { shared: boolean }).shared ? 'false' : 'true';
  const lockKey = `hashtext(${literal('praxis:webinar:')} || ${webinar})`;
  const at = literal(now);
  const statements = [
    ...(admitted
      ? [
          'begin',
          // The counts' rows are hot (every registration of the webinar writes its bucket's), and
          // a commit that waits for the log's flush to disk holds them through it (1–2.5 ms here,
          // more when other work writes): committed without waiting, they are released at once.
          // The seat's own commit, later on the same connection, waits for the flush of the log
          // up to it, so a registration stored has its counts on disk with it; a crash of the
          // database could lose only the last fraction of a second of the counts of attempts
          // that stored nothing (refused, repeated, full).
          'set local synchronous_commit = off',
          admissionStatement(
            strapi,
            admitted.address,
            admitted.webinar,
            admitted.key,
            admitted.now,
            // For the session (not is_local): they outlive the admission's commit, for the statements after it.
            `set_config('${SEAT_SETTING}', case when admission.address_hits <= ${literal(admitted.address.limit.hits)}
               and admission.webinar_hits <= ${literal(admitted.webinar.limit.hits)} and admission.document_id is not null
               then admission.document_id else '' end, false) as seat,
             set_config('${SEAT_LOCK_SETTING}', case when admission.capacity is null then 'shared' else 'exclusive' end, false) as seat_lock`,
          ),
          'commit',
        ]
      : []),
    // For this transaction only (is_local): whole numbers of milliseconds.
    ...(waitMs === undefined
      ? []
      : [`select set_config('lock_timeout', '${Math.max(1, Math.ceil(waitMs))}', true), set_config('statement_timeout', '${Math.ceil(maxWaitMs())}', true)`]),
    // Only the branch taken is run: one lock, shared or alone; none for a refused or unknown webinar.
    `select case when ${exclusive} then pg_advisory_xact_lock(${lockKey})::text else pg_advisory_xact_lock_shared(${lockKey})::text end
     where ${webinar} <> ''`,
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
         and (seen.capacity is null or (${exclusive}
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
  const results = await sendTogether(strapi, statements);
  const admission = admitted ? (results[2]?.rows[0] as AdmissionRow | undefined) : undefined;
  const row = results.at(-1)?.rows[0];
  if (!row) return { admission, seen: undefined };
  return {
    admission,
    seen: {
      webinar: {
        documentId: admitted ? (admission?.document_id ?? '') : (target as { documentId: string }).documentId,
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
    },
  };
}

/** PostgreSQL's answer when a shared lock's holder finds a capacity: counting needs the lock alone. */
class CountingNeeded extends Error {}

/** A registration the rate limits refused: which one, and nothing stored or sent. */
export interface Refused {
  refusedBy: 'address' | 'webinar';
}

const NOT_FOUND: RegisterResult = { outcome: 'not-found', alreadyRegistered: false, seatsLeft: null };

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
  if (!named) return NOT_FOUND;
  return (await registerAt(strapi, key, input, now, deadline, named)) as RegisterResult;
}

/**
 * A registration's admission (the client's and the webinar's rate limits, `admitRegistration`)
 * and, when it is admitted, its seat (`register`). On PostgreSQL both go to the database in one
 * message (`takeSeatInOneTrip`): one round trip where they took two. SQLite counts, then registers.
 */
export async function admitAndRegister(
  strapi: Core.Strapi,
  key: string,
  input: RegistrationInput,
  counts: { address: Count; webinar: Count },
  deadline?: number,
): Promise<RegisterResult | Refused> {
  if (!isPostgres(strapi)) {
    const admission = await admitRegistration(strapi, counts.address, counts.webinar, key);
    if (admission.refusedBy) return { refusedBy: admission.refusedBy };
    return register(strapi, key, input, new Date(), deadline, admission.webinar);
  }
  return registerAt(strapi, key, input, new Date(), deadline, counts);
}

/** `register` and `admitAndRegister`: a webinar already found, or the counts that find it with the seat (PostgreSQL). */
async function registerAt(
  strapi: Core.Strapi,
  key: string,
  input: RegistrationInput,
  now: Date,
  deadline: number | undefined,
  named: Pick<Webinar, 'documentId' | 'capacity'> | { address: Count; webinar: Count },
): Promise<RegisterResult | Refused> {
  const counts = 'address' in named ? named : undefined;
  // Known before the first trip, or learnt from its admission.
  let webinarDocumentId = 'documentId' in named ? named.documentId : '';
  const waitMs = () => (deadline === undefined ? undefined : deadline - Date.now());
  // Made before the lock: nothing here depends on what the lock protects.
  const manageSecret = newManageSecret();
  const documentId = newDocumentId();
  let sent = false;
  let result: RegisterResult | Refused;
  try {
    if (!isPostgres(strapi)) result = await takeSeat();
    else {
      try {
        result = await takeSeatPostgres(
          counts
            ? { admission: { ...counts, key, now: Date.now() } }
            : { documentId: webinarDocumentId, shared: (named as Pick<Webinar, 'capacity'>).capacity === null },
        );
      } catch (error) {
        // The capacity was set between reading the key and taking the lock: count, alone.
        if (!(error instanceof CountingNeeded)) throw error;
        result = await takeSeatPostgres({ documentId: webinarDocumentId, shared: false });
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

  async function takeSeatPostgres(target: SeatTarget): Promise<RegisterResult | Refused> {
    // The row's values, made before the lock; its state is decided under it.
    const {
      state: _decidedUnderTheLock,
      webinarDocumentId: _byTheTarget,
      ...data
    } = registrationData(webinarDocumentId, 'confirmed', input, now, manageSecret);
    // Read again under the lock: an organiser may have changed the capacity or the dates meanwhile.
    const { admission, seen } = await takeSeatInOneTrip(strapi, {
      target,
      waitMs: waitMs(),
      data,
      documentId,
      outboxDocumentId: newDocumentId(),
      now,
    });
    let shared = 'shared' in target && target.shared;
    if ('admission' in target) {
      const admitted = readAdmission(admission, target.admission.address, target.admission.webinar);
      if (admitted.refusedBy) return { refusedBy: admitted.refusedBy };
      if (!admitted.webinar) return NOT_FOUND;
      webinarDocumentId = admitted.webinar.documentId;
      shared = admitted.webinar.capacity === null;
    }
    if (!seen) return NOT_FOUND;
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
