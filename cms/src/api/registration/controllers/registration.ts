import { factories, type Core } from '@strapi/strapi';
import { parseRegistration, type FieldError, type Language, LANGUAGES } from '../../../registration/input';
import { donePage, invalidLinkPage, managePage } from '../../../registration/manage-page';
import { allowHit, limitFromEnv, retryAfterSeconds } from '../../../registration/rate-limit';
import { cancel, erase, register, REGISTRATION, webinarAvailability } from '../../../registration/seats';
import { addressKey, claimedDocumentId, formToken, formTokenAge, manageTokenMatches } from '../../../registration/tokens';
import { findWebinarByDocument, isWebinarKey } from '../../../registration/webinars';

/**
 * The public registration API (documented in the README, "Webinar registration"):
 * - GET  /api/webinars/:key/availability            seats left, state, a form token
 * - POST /api/webinars/:key/registrations           JSON or a plain HTML form post
 * - GET  /api/registrations/manage/:token           the registrant's own page
 * - POST /api/registrations/manage/:token/cancel    frees the seat
 * - GET  /api/registrations/manage/:token/data      their data, as a JSON download
 * - POST /api/registrations/manage/:token/erase     erases their data for good
 *
 * A form post always answers with a redirect (303) to a result page of the static site in the
 * form's language; JSON callers get a status and `{ outcome, errors? }` with stable codes.
 */

type Context = any;

const siteUrl = () =>
  (process.env.PRAXIS_SITE_URL || `http://${process.env.PRAXIS_SITE_HOST ?? '127.0.0.1'}:${process.env.PRAXIS_SITE_PORT ?? '4321'}`).replace(/\/$/, '');

/** Fewer seconds than this between showing the form and sending it: a robot (default 3). */
const minimumFillMs = () => Number(process.env.PRAXIS_REGISTRATION_MIN_FILL_SECONDS ?? 3) * 1000;

function privatePage(ctx: Context, status: number, html: string): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.set('X-Robots-Tag', 'noindex');
  ctx.body = html;
}

const STATUS: Record<string, number> = { confirmed: 201, waitlisted: 201, full: 409, closed: 409, 'not-yet-open': 409, 'not-found': 404 };

// The core actions exist only for the benchmark's baseline route (`routes/stock-create.ts`).
export default factories.createCoreController('api::registration.registration', ({ strapi }: { strapi: Core.Strapi }) => {
  async function registrationForToken(token: string): Promise<Record<string, any> | undefined> {
    const documentId = claimedDocumentId(token);
    if (!documentId) return undefined;
    const row = await strapi.db.query(REGISTRATION).findOne({ where: { documentId } });
    return row && manageTokenMatches(token, documentId, row.manageSecret) ? row : undefined;
  }

  const languageOf = (ctx: Context): Language => (LANGUAGES as readonly string[]).includes(ctx.query?.lang) ? ctx.query.lang : 'it';

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
      const key = String(ctx.params.key);
      const isForm = !ctx.request.is('application/json');
      const parsed = parseRegistration(ctx.request.body);
      const locale = parsed.locale;

      const answer = (status: number, outcome: string, extra: { errors?: FieldError[]; alreadyRegistered?: boolean; seatsLeft?: number | null } = {}) => {
        if (isForm) {
          ctx.status = 303;
          const first = extra.errors?.[0]?.code;
          // The static site has one result page per outcome; problems are anchors on one page.
          const path = first ? `problem/#${first.replace(/\./g, '-')}` : `${outcome}/`;
          ctx.redirect(`${siteUrl()}/${locale}/registration/${path}`);
          return;
        }
        ctx.status = status;
        ctx.body = { outcome, ...extra };
      };

      // Refused clients are told when the window that refused them ends.
      const addressLimit = limitFromEnv('PRAXIS_RATE_LIMIT_ADDRESS', '20/600');
      if (!(await allowHit(strapi, `address:${addressKey(ctx.request.ip ?? '')}`, addressLimit))) {
        ctx.set('Retry-After', String(retryAfterSeconds(addressLimit)));
        return answer(429, 'rejected', { errors: [{ field: 'form', code: 'form.rate-limited' }] });
      }
      // No webinar has such a key: answered like an unknown one, and no bucket is kept for it
      // (a longer key than a bucket holds made PostgreSQL fail the request).
      if (!isWebinarKey(key)) return answer(404, 'closed');
      if (parsed.honeypot) return answer(400, 'rejected', { errors: [{ field: 'form', code: 'form.rejected' }] });
      if (parsed.formToken) {
        const age = formTokenAge(parsed.formToken);
        if (age === undefined) return answer(400, 'rejected', { errors: [{ field: 'form', code: 'form.rejected' }] });
        if (age < minimumFillMs()) return answer(400, 'rejected', { errors: [{ field: 'form', code: 'form.too-fast' }] });
      }
      if (!parsed.input) return answer(422, 'invalid', { errors: parsed.errors });
      const webinarLimit = limitFromEnv('PRAXIS_RATE_LIMIT_WEBINAR', '600/60');
      if (!(await allowHit(strapi, `webinar:${key}`, webinarLimit))) {
        ctx.set('Retry-After', String(retryAfterSeconds(webinarLimit)));
        return answer(429, 'rejected', { errors: [{ field: 'form', code: 'form.rate-limited' }] });
      }

      const result = await register(strapi, key, parsed.input);
      const status = result.alreadyRegistered ? 200 : (STATUS[result.outcome] ?? 409);
      return answer(status, result.outcome === 'not-found' ? 'closed' : result.outcome, { alreadyRegistered: result.alreadyRegistered, seatsLeft: result.seatsLeft });
    },

    async manage(ctx: Context) {
      const row = await registrationForToken(String(ctx.params.token));
      if (!row) return privatePage(ctx, 404, invalidLinkPage(languageOf(ctx), siteUrl()));
      const webinar = await findWebinarByDocument(strapi, row.webinarDocumentId, row.language);
      privatePage(ctx, 200, managePage(row, webinar, ctx.path, `${siteUrl()}/${row.language}/`));
    },

    async cancel(ctx: Context) {
      const token = String(ctx.params.token);
      const row = await registrationForToken(token);
      if (!row) return privatePage(ctx, 404, invalidLinkPage(languageOf(ctx), siteUrl()));
      const changed = await cancel(strapi, row.id);
      privatePage(ctx, 200, donePage(row.language, changed ? 'done.cancelled' : 'done.unchanged', `${siteUrl()}/${row.language}/`, ctx.path.replace(/\/cancel$/, '')));
    },

    async data(ctx: Context) {
      const row = await registrationForToken(String(ctx.params.token));
      if (!row) return privatePage(ctx, 404, invalidLinkPage(languageOf(ctx), siteUrl()));
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

    async erase(ctx: Context) {
      const row = await registrationForToken(String(ctx.params.token));
      if (!row) return privatePage(ctx, 404, invalidLinkPage(languageOf(ctx), siteUrl()));
      if (ctx.request.body?.confirm !== 'yes' && ctx.request.body?.confirm !== true) {
        return privatePage(ctx, 400, donePage(row.language, 'erase.explain', `${siteUrl()}/${row.language}/`, ctx.path.replace(/\/erase$/, '')));
      }
      await erase(strapi, row.id);
      privatePage(ctx, 200, donePage(row.language, 'done.erased', `${siteUrl()}/${row.language}/`));
    },
  };
});
