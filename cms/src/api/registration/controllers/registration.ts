import { factories, type Core } from '@strapi/strapi';
import { config } from '@praxis/contract/config';
import { parseMailbox, parseRegistration, type FieldError, type Language, LANGUAGES } from '@praxis/contract/registration';
import {
  confirmCancelPage,
  confirmErasePage,
  donePage,
  invalidLinkPage,
  managePage,
  renderPage,
  type PageLinks,
  type PersonalPage,
} from '../../../registration/manage-page';
import { allowHit, type Limit, limitFromEnv, retryAfterSeconds } from '../../../registration/rate-limit';
import { registrationTurns, TurnTimeout } from '../../../registration/queue';
import { admitAndRegister, cancel, erase, REGISTRATION, resendManageLink, webinarAvailability } from '../../../registration/seats';
import { siteUrl } from '../../../registration/site-shell';
import { addressKey, claimedDocumentId, formToken, formTokenAge, manageTokenMatches } from '../../../registration/tokens';
import { findWebinarByDocument, isWebinarKey } from '../../../registration/webinars';

/**
 * The public registration API (documented in the README, "Webinar registration"):
 * - GET  /api/webinars/:key/availability            seats left, state, a form token
 * - POST /api/webinars/:key/registrations           JSON or a plain HTML form post
 * - POST /api/webinars/:key/manage-link             e-mails the manage link again (same answer for anyone)
 * - GET  /api/registrations/manage/:token           the registrant's own page
 * - GET  /api/registrations/manage/:token/cancel    asks for confirmation; changes nothing
 * - POST /api/registrations/manage/:token/cancel    frees the seat
 * - GET  /api/registrations/manage/:token/data      their data, as a JSON download
 * - GET  /api/registrations/manage/:token/erase     asks for confirmation; changes nothing
 * - POST /api/registrations/manage/:token/erase     erases their data for good
 *
 * A form post always answers with a redirect (303) to a result page of the static site in the
 * form's language; JSON callers get a status and `{ outcome, errors? }` with stable codes. A
 * registration that could not get its turn in time (`PRAXIS_REGISTRATION_MAX_WAIT_SECONDS`) is
 * answered 503 `busy` (`form.busy`) with `Retry-After`, and nothing stored or sent. The
 * manage pages are pages of the site too, rendered into its shell (`registration/site-shell.ts`).
 */

type Context = any;

/** Fewer seconds than this between showing the form and sending it: a robot (default 3). */
const minimumFillMs = () => config().PRAXIS_REGISTRATION_MIN_FILL_SECONDS * 1000;

/** A personal page: in the site's layout, never cached, indexed or named in a referrer. */
async function privatePage(ctx: Context, status: number, page: PersonalPage): Promise<void> {
  const html = await renderPage(page, siteUrl());
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.set('X-Robots-Tag', 'noindex');
  // The page is the site's: its styles and scripts (the quick exit's among them, inline) come from
  // the site's origin, which Strapi's default policy would block when the CMS's origin serves it.
  const site = siteUrl();
  ctx.set(
    'Content-Security-Policy',
    `default-src 'self' ${site}; script-src 'self' ${site} 'unsafe-inline'; style-src 'self' ${site} 'unsafe-inline'; img-src 'self' ${site} data:; connect-src 'self' ${site}; form-action 'self' ${site}; frame-ancestors 'none'; base-uri 'none'; object-src 'none'`,
  );
  ctx.body = html;
}

/**
 * Why a registration is refused as it was sent, before any database work: no webinar can have
 * such a key (answered like an unknown one, and no bucket is kept for it: a longer key than a
 * bucket holds made PostgreSQL fail the request), the honeypot, a forged or too quick form token,
 * or invalid fields. Undefined when nothing is wrong with it.
 */
function refusedAsSent(key: string, parsed: ReturnType<typeof parseRegistration>): [number, string, { errors?: FieldError[] }?] | undefined {
  if (!isWebinarKey(key)) return [404, 'closed'];
  if (parsed.honeypot) return [400, 'rejected', { errors: [{ field: 'form', code: 'form.rejected' }] }];
  if (parsed.formToken) {
    const age = formTokenAge(parsed.formToken);
    if (age === undefined) return [400, 'rejected', { errors: [{ field: 'form', code: 'form.rejected' }] }];
    if (age < minimumFillMs()) return [400, 'rejected', { errors: [{ field: 'form', code: 'form.too-fast' }] }];
  }
  if (!parsed.input) return [422, 'invalid', { errors: parsed.errors }];
  return undefined;
}

const STATUS: Record<string, number> = { confirmed: 201, waitlisted: 201, full: 409, closed: 409, 'not-yet-open': 409, 'not-found': 404 };

export default factories.createCoreController('api::registration.registration', ({ strapi }: { strapi: Core.Strapi }) => {
  async function registrationForToken(token: string): Promise<Record<string, any> | undefined> {
    const documentId = claimedDocumentId(token);
    if (!documentId) return undefined;
    const row = await strapi.db.query(REGISTRATION).findOne({ where: { documentId } });
    return row && manageTokenMatches(token, documentId, row.manageSecret) ? row : undefined;
  }

  const isLanguage = (value: unknown): value is Language => (LANGUAGES as readonly string[]).includes(value as string);
  /** The language a visitor chose (`?lang=`), else the one their browser asks for, else Italian. */
  const visitorLanguage = (ctx: Context): Language =>
    isLanguage(ctx.query?.lang) ? ctx.query.lang : ((ctx.acceptsLanguages([...LANGUAGES]) || 'it') as Language);
  /** A registrant's pages speak their language, unless they chose another (`?lang=`). */
  const pageLanguage = (ctx: Context, row: Record<string, any>): Language =>
    isLanguage(ctx.query?.lang) ? ctx.query.lang : isLanguage(row.language) ? row.language : 'it';
  const linksFor = (ctx: Context): PageLinks => ({
    manage: `/api/registrations/manage/${encodeURIComponent(String(ctx.params.token))}`,
    query: isLanguage(ctx.query?.lang) ? `?lang=${ctx.query.lang}` : '',
  });
  const invalid = (ctx: Context) => privatePage(ctx, 404, invalidLinkPage(visitorLanguage(ctx)));

  /** The form's result page on the site (no JavaScript): `outcome/`, or the problem page at the error's anchor. */
  const resultPage = (locale: Language, outcome: string, errors?: FieldError[]) => {
    const first = errors?.[0]?.code;
    // The static site has one result page per outcome; problems are anchors on one page.
    return `${siteUrl()}/${locale}/registration/${first ? `problem/#${first.replace(/\./g, '-')}` : `${outcome}/`}`;
  };

  return {
    async availability(ctx: Context) {
      const key = String(ctx.params.key);
      const result = isWebinarKey(key) ? await webinarAvailability(strapi, key) : undefined;
      ctx.set('Cache-Control', 'no-store');
      if (!result) {
        ctx.status = 404;
        ctx.body = { outcome: 'not-found' };
        return;
      }
      ctx.body = { ...result, formToken: formToken() };
    },

    async register(ctx: Context) {
      // The bound on waiting for a turn counts from the request's arrival (`middlewares/arrival.ts`).
      const arrivedAt = typeof ctx.state.arrivedAt === 'number' ? ctx.state.arrivedAt : Date.now();
      const key = String(ctx.params.key);
      const isForm = !ctx.request.is('application/json');
      const parsed = parseRegistration(ctx.request.body);
      const locale = parsed.locale;

      const answer = (status: number, outcome: string, extra: { errors?: FieldError[]; alreadyRegistered?: boolean; seatsLeft?: number | null } = {}) => {
        if (isForm) {
          ctx.status = 303;
          // A repeat has its own page, which says what the script says: no second seat, no second e-mail.
          ctx.redirect(resultPage(locale, extra.alreadyRegistered ? `already-${outcome}` : outcome, extra.errors));
          return;
        }
        ctx.status = status;
        ctx.body = { outcome, ...extra };
      };

      // How long the request waited for its turn, for monitoring (and the tests): never past the bound.
      const waited = () => ctx.set('Server-Timing', `turn;dur=${Date.now() - arrivedAt}`);
      let turnBegan = false;
      const handle = async (deadline: number) => {
        turnBegan = true;
        waited();
        // Refused clients are told when the window that refused them ends.
        const address = { bucket: `address:${addressKey(ctx.request.ip ?? '')}`, limit: limitFromEnv('PRAXIS_RATE_LIMIT_ADDRESS') };
        const rateLimited = (limit: Limit) => {
          ctx.set('Retry-After', String(retryAfterSeconds(limit)));
          return answer(429, 'rejected', { errors: [{ field: 'form', code: 'form.rate-limited' }] });
        };
        // What is refused without the database is refused after the client's count, which comes first.
        const refusal = refusedAsSent(key, parsed);
        if (refusal) {
          if (!(await allowHit(strapi, address.bucket, address.limit))) return rateLimited(address.limit);
          return answer(...refusal);
        }
        const input = parsed.input!;
        // The client's count, the webinar's, the key's webinar and the seat: one round trip on PostgreSQL.
        const webinar = { bucket: `webinar:${key}`, limit: limitFromEnv('PRAXIS_RATE_LIMIT_WEBINAR') };
        const result = await admitAndRegister(strapi, key, input, { address, webinar }, deadline);
        if ('refusedBy' in result) return rateLimited((result.refusedBy === 'address' ? address : webinar).limit);
        const status = result.alreadyRegistered ? 200 : (STATUS[result.outcome] ?? 409);
        return answer(status, result.outcome === 'not-found' ? 'closed' : result.outcome, {
          alreadyRegistered: result.alreadyRegistered,
          seatsLeft: result.seatsLeft,
        });
      };

      // Everything that touches the database waits for its turn, in arrival order: under a burst
      // the pool is never swamped, and whoever cannot be served within the bound is told so at
      // once, having stored and sent nothing.
      try {
        await registrationTurns(strapi).run(handle, arrivedAt);
      } catch (error) {
        if (!(error instanceof TurnTimeout)) throw error;
        // Refused by the queue: its wait ended now. Refused by the database's lock timeout, its turn
        // began in time (already measured), and the lock's wait was bounded by what was left.
        if (!turnBegan) waited();
        // Nothing was stored or sent; the same request may simply come again.
        ctx.set('Retry-After', String(error.retryAfterSeconds));
        ctx.set('Cache-Control', 'no-store');
        answer(503, 'busy', { errors: [{ field: 'form', code: 'form.busy' }] });
      }
    },

    async manage(ctx: Context) {
      const row = await registrationForToken(String(ctx.params.token));
      if (!row) return invalid(ctx);
      const language = pageLanguage(ctx, row);
      const webinar = await findWebinarByDocument(strapi, row.webinarDocumentId, language);
      await privatePage(ctx, 200, managePage(row, webinar, language, linksFor(ctx)));
    },

    /** GET: the confirmation page. Nothing changes until its button posts. */
    async confirmCancel(ctx: Context) {
      const row = await registrationForToken(String(ctx.params.token));
      if (!row) return invalid(ctx);
      const language = pageLanguage(ctx, row);
      const webinar = await findWebinarByDocument(strapi, row.webinarDocumentId, language);
      await privatePage(ctx, 200, confirmCancelPage(row, webinar, language, linksFor(ctx)));
    },

    async cancel(ctx: Context) {
      const row = await registrationForToken(String(ctx.params.token));
      if (!row) return invalid(ctx);
      // A repeated post (Back and send again) changes nothing and says so.
      const changed = await cancel(strapi, row.id);
      await privatePage(ctx, 200, donePage(pageLanguage(ctx, row), changed ? 'done.cancelled' : 'done.unchanged', linksFor(ctx)));
    },

    async data(ctx: Context) {
      const row = await registrationForToken(String(ctx.params.token));
      if (!row) return invalid(ctx);
      const webinar = await findWebinarByDocument(strapi, row.webinarDocumentId, row.language);
      ctx.set('Cache-Control', 'no-store');
      ctx.set('Content-Disposition', 'attachment; filename="praxis-registration.json"');
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(
        {
          webinar: { key: webinar?.key ?? null, title: webinar?.title ?? null, start: webinar?.start ?? null, end: webinar?.end ?? null },
          registration: {
            state: row.state,
            name: row.name,
            email: row.email,
            organisation: row.organisationName,
            role: row.jobRole,
            region: row.region,
            language: row.language,
            timeZone: row.timeZone,
            accessibilityNeeds: row.accessibilityNeeds,
            attended: row.attended,
            consent: { at: row.consentAt, version: row.consentVersion },
            registeredAt: row.createdAt,
            cancelledAt: row.cancelledAt,
          },
          retention: webinar?.retainRegistrationsUntil ?? null,
        },
        null,
        2,
      );
    },

    /** GET: the confirmation page. Nothing changes until its button posts. */
    async confirmErase(ctx: Context) {
      const row = await registrationForToken(String(ctx.params.token));
      if (!row) return invalid(ctx);
      await privatePage(ctx, 200, confirmErasePage(pageLanguage(ctx, row), linksFor(ctx)));
    },

    async erase(ctx: Context) {
      // After erasure the token matches nothing: a repeated post gets the invalid-link page.
      const row = await registrationForToken(String(ctx.params.token));
      if (!row) return invalid(ctx);
      const language = pageLanguage(ctx, row);
      if (ctx.request.body?.confirm !== 'yes' && ctx.request.body?.confirm !== true) {
        return privatePage(ctx, 400, confirmErasePage(language, linksFor(ctx)));
      }
      await erase(strapi, row.id);
      await privatePage(ctx, 200, donePage(language, 'done.erased'));
    },

    /**
     * "Lost your link?": e-mails the manage link again when the address holds a live registration
     * for this webinar. Everyone gets the same answer, sent before the registration is even looked
     * up, so neither the answer nor its timing tells whether an address is registered. Limits per
     * client and per address are counted in the database (every CMS process shares them).
     */
    async manageLink(ctx: Context) {
      const key = String(ctx.params.key);
      const isForm = !ctx.request.is('application/json');
      const body = (ctx.request.body && typeof ctx.request.body === 'object' ? ctx.request.body : {}) as Record<string, unknown>;
      const locale: Language = isLanguage(body.locale) ? body.locale : 'it';
      const answer = (status: number, outcome: string, errors?: FieldError[]) => {
        if (isForm) {
          ctx.status = 303;
          ctx.redirect(resultPage(locale, outcome, errors));
          return;
        }
        ctx.status = status;
        ctx.body = errors ? { outcome, errors } : { outcome };
      };
      const refuse = (limit: { hits: number; windowMs: number }) => {
        ctx.set('Retry-After', String(retryAfterSeconds(limit)));
        return answer(429, 'rejected', [{ field: 'form', code: 'form.rate-limited' }]);
      };

      const clientLimit = limitFromEnv('PRAXIS_RATE_LIMIT_MANAGE_LINK_CLIENT');
      if (!(await allowHit(strapi, `manage-link:client:${addressKey(ctx.request.ip ?? '')}`, clientLimit))) return refuse(clientLimit);
      const typed = typeof body.email === 'string' ? body.email.trim() : '';
      if (!typed) return answer(422, 'invalid', [{ field: 'email', code: 'email.required' }]);
      const mailbox = typed.length <= 254 ? parseMailbox(typed) : undefined;
      if (!mailbox) return answer(422, 'invalid', [{ field: 'email', code: 'email.invalid' }]);
      // Counted by a one-way key of the mailbox: the table never holds the address.
      const mailboxLimit = limitFromEnv('PRAXIS_RATE_LIMIT_MANAGE_LINK_ADDRESS');
      if (!(await allowHit(strapi, `manage-link:mailbox:${addressKey(mailbox.key)}`, mailboxLimit))) return refuse(mailboxLimit);

      answer(202, 'link-sent');
      ctx.set('Cache-Control', 'no-store');
      // A key that names no webinar, like an address that holds no registration, gets the same
      // answer. The registration is looked up only once the answer has left.
      if (!isWebinarKey(key)) return;
      ctx.res.once('finish', () => {
        resendManageLink(strapi, key, mailbox.key).catch((error: Error) => strapi.log.error(`manage link for ${key}: ${error.message}`));
      });
    },
  };
});
