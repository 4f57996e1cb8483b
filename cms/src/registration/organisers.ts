import type { Core } from '@strapi/strapi';
import { stringify } from 'csv-stringify/sync';
import PDFDocument from 'pdfkit';
import { organisationsOfEditor } from '../editorial/organisations';
import { COORDINATOR } from '../editorial/roles';
import type { Language } from '@praxis/contract/registration';
import { LOCALE_TAGS, say } from './messages';
import { REGISTRATION } from './seats';
import { findWebinar, findWebinarByDocument, WEBINAR, type Webinar } from './webinars';

/**
 * What organisers do with registrations, beyond the admin's list (where they see them and tick
 * attendance): a CSV export per webinar and a certificate of participation per attendee.
 *
 * Organisers are the coordinators and the partner editors of the webinar's organisation; other
 * partner editors see nothing (RBAC condition below, and the same check on these two routes).
 */

interface AdminUser {
  id: number;
  email: string;
  roles?: Array<{ code: string }>;
}

/** Whether an admin user organises the webinar: super admin, coordinator, or editor of its organisation. */
export async function organises(strapi: Core.Strapi, user: AdminUser, webinar: Webinar): Promise<boolean> {
  const codes = (user.roles ?? []).map((role) => role.code);
  if (codes.includes('strapi-super-admin') || codes.includes(COORDINATOR)) return true;
  if (webinar.organisationRowId === null) return false;
  return (await organisationsOfEditor(strapi, user.id)).rowIds.includes(webinar.organisationRowId);
}

/** The RBAC condition on registrations: those of webinars whose organisation is the user's. */
export function organisesWebinarCondition(strapi: Core.Strapi) {
  return {
    displayName: 'Registrations of my organisation’s webinars',
    name: 'organises-webinar',
    async handler(user: AdminUser) {
      const own = await organisationsOfEditor(strapi, user.id);
      const webinars = (await strapi.db.query(WEBINAR).findMany({ where: { organisation: { id: { $in: own.rowIds } } }, select: ['documentId'] })) as Array<{
        documentId: string;
      }>;
      return { webinarDocumentId: { $in: [...new Set(webinars.map((webinar) => webinar.documentId))] } };
    },
  };
}

/** Spreadsheets run a cell that starts with = + - @ as a formula: such text gets a leading quote. */
const safeCell = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

export function registrationsCsv(rows: Array<Record<string, any>>): string {
  const columns = [
    'state',
    'name',
    'email',
    'organisation',
    'role',
    'region',
    'language',
    'accessibilityNeeds',
    'attended',
    'registeredAt',
    'consentAt',
    'consentVersion',
  ];
  const records = rows.map((row) => [
    row.state,
    row.name,
    row.email,
    row.organisationName,
    row.jobRole,
    row.region,
    row.language,
    row.accessibilityNeeds,
    row.attended ? 'yes' : 'no',
    row.createdAt ? new Date(row.createdAt).toISOString() : '',
    row.consentAt ? new Date(row.consentAt).toISOString() : '',
    row.consentVersion,
  ]);
  // A byte-order mark so that spreadsheet programs read the file as UTF-8 (ș, ą, ã…).
  return `\ufeff${stringify([columns, ...records], { cast: { string: safeCell }, quoted_string: true, record_delimiter: 'windows' })}`;
}

/** A one-page A4 certificate of participation, in the registrant's language. */
export function certificatePdf(row: Record<string, any>, webinar: Webinar, organiser: string, now = new Date()): Promise<Buffer> {
  const language = row.language as Language;
  const date = (value: Date, timeZone = webinar.timeZone) => new Intl.DateTimeFormat(LOCALE_TAGS[language], { dateStyle: 'long', timeZone }).format(value);
  const document = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 64, info: { Title: say(language, 'certificate.title'), Author: organiser } });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => document.on('end', () => resolve(Buffer.concat(chunks))));
  // DejaVu has every letter of the four languages.
  document.registerFont('regular', require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
  document.registerFont('bold', require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'));
  const centred = { align: 'center' as const };
  document.font('bold').fontSize(30).text(say(language, 'certificate.title'), centred).moveDown(1.5);
  document
    .font('regular')
    .fontSize(15)
    .text(say(language, 'certificate.text', { name: row.name }), centred)
    .moveDown(0.5);
  document.font('bold').fontSize(20).text(`«${webinar.title}»`, centred).moveDown(0.5);
  document
    .font('regular')
    .fontSize(15)
    .text(say(language, 'certificate.date', { date: date(webinar.start) }), centred)
    .moveDown(1);
  if (webinar.accreditationCredits !== null && webinar.accreditationBody) {
    document
      .text(
        say(language, 'certificate.credits', {
          credits: new Intl.NumberFormat(LOCALE_TAGS[language]).format(webinar.accreditationCredits),
          body: webinar.accreditationBody,
        }),
        centred,
      )
      .moveDown(1);
  }
  document
    .fontSize(11)
    .fillColor('#444')
    .text(say(language, 'certificate.issued', { organiser, date: date(now, 'UTC') }), centred);
  document.end();
  return done;
}

type Context = any;

/** Admin API routes (admin login required), mounted under /praxis. */
export function organiserRoutes(strapi: Core.Strapi) {
  const forbidden = (ctx: Context) => {
    ctx.status = 403;
    ctx.body = { error: { status: 403, name: 'ForbiddenError', message: 'Only the organisers of this webinar see its registrations.' } };
  };

  /** The webinar, found by its key (the export's URL) or by the document a registration belongs to. */
  async function webinarFor(ctx: Context, by: { key: string } | { documentId: string }): Promise<Webinar | undefined> {
    const webinar =
      'key' in by
        ? await findWebinar(strapi, by.key, 'it', { withOrganisation: true })
        : await findWebinarByDocument(strapi, by.documentId, 'it', { withOrganisation: true });
    if (!webinar) {
      ctx.status = 404;
      ctx.body = { error: { status: 404, name: 'NotFoundError', message: `No published webinar "${'key' in by ? by.key : by.documentId}".` } };
      return undefined;
    }
    if (!(await organises(strapi, ctx.state.user, webinar))) return void forbidden(ctx);
    return webinar;
  }

  return {
    type: 'admin',
    prefix: '/praxis',
    routes: [
      {
        method: 'GET',
        path: '/webinars/:key/registrations.csv',
        config: { policies: ['admin::isAuthenticatedAdmin'] },
        async handler(ctx: Context) {
          const webinar = await webinarFor(ctx, { key: String(ctx.params.key) });
          if (!webinar) return;
          const rows = await strapi.db
            .query(REGISTRATION)
            .findMany({ where: { webinarDocumentId: webinar.documentId, erasedAt: null }, orderBy: { id: 'asc' } });
          ctx.set('Content-Disposition', `attachment; filename="${webinar.key}-registrations.csv"`);
          ctx.set('Cache-Control', 'no-store');
          ctx.type = 'text/csv; charset=utf-8';
          ctx.body = registrationsCsv(rows);
        },
      },
      {
        method: 'GET',
        path: '/registrations/:documentId/certificate.pdf',
        config: { policies: ['admin::isAuthenticatedAdmin'] },
        async handler(ctx: Context) {
          const row = await strapi.db.query(REGISTRATION).findOne({ where: { documentId: String(ctx.params.documentId) } });
          const webinar = row ? await webinarFor(ctx, { documentId: row.webinarDocumentId }) : undefined;
          if (!row || !webinar) {
            if (!row) ctx.status = 404;
            return;
          }
          if (!row.attended || !row.name) {
            ctx.status = 409;
            ctx.body = { error: { status: 409, name: 'ConflictError', message: 'A certificate is issued to attendees only: mark attendance first.' } };
            return;
          }
          const localized = (await findWebinarByDocument(strapi, row.webinarDocumentId, row.language)) ?? webinar;
          const organisation = webinar.organisationRowId
            ? await strapi.db.query('api::organisation.organisation').findOne({ where: { id: webinar.organisationRowId }, select: ['name'] })
            : null;
          ctx.set('Content-Disposition', `attachment; filename="certificate-${webinar.key}.pdf"`);
          ctx.set('Cache-Control', 'no-store');
          ctx.type = 'application/pdf';
          ctx.body = await certificatePdf(row, localized, organisation?.name ?? 'Praxis');
        },
      },
    ],
  };
}
