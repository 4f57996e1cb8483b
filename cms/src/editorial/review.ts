import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { escapeUTF8 } from 'entities';
import { enqueue, kickDelivery, type MailRecipe, type OutgoingMessage } from '../mail/outbox';
import { entrySiteStatus, type EntrySiteStatus } from '../publishing/entry-status';
import { organisationsOfEditor } from './organisations';
import { COORDINATOR, isPartnerEditorOnly, PARTNER_TYPES } from './roles';

/**
 * Review, per language version of an entry: a partner editor marks their draft "ready for review",
 * the coordinators get an e-mail and see it in the review queue (admin home), and a coordinator
 * publishes it (the admin's Publish button) or sends it back with a comment that the partner
 * reads on the entry and by e-mail. Every step is a `review-step` row, kept as the entry's
 * history; the state of a language version is its last step.
 *
 * Strapi's own Review Workflows are an Enterprise feature (5.54 gates them on a licence), so
 * Praxis keeps this small model of its own.
 */

export const REVIEW_STEP = 'api::review-step.review-step';
const REVIEWED = new Set<string>(PARTNER_TYPES);
const COMMENT_MAX = 2000;

interface AdminUser {
  id: number;
  email: string;
  firstname?: string | null;
  lastname?: string | null;
  roles?: Array<{ code: string }>;
}

export type Step = 'ready' | 'sent-back' | 'published';

export interface ReviewStep {
  step: Step;
  comment?: string | null;
  actorEmail?: string | null;
  at: string;
}

/** What the entry's review panel shows, and what the person looking may do. */
export interface ReviewState {
  /** The last step, or undefined while no one has asked for review. */
  state?: Step;
  steps: ReviewStep[];
  canMarkReady: boolean;
  canSendBack: boolean;
  /** Its page on the site: address, and whether and when the last publish went live, or why not. */
  site: EntrySiteStatus;
}

/** One line of the coordinators' queue. */
export interface QueueItem {
  entryType: string;
  entryDocumentId: string;
  locale: string;
  title: string;
  /** Who marked it ready. */
  requestedBy?: string | null;
  /** Since when it waits (marked ready, or sent back). */
  since: string;
  /** For a partner: the coordinator's comment, and who wrote it. */
  comment?: string | null;
  sentBackBy?: string | null;
}

const isCoordinator = (user: AdminUser | undefined) => (user?.roles ?? []).some((role) => role.code === COORDINATOR || role.code === 'strapi-super-admin');

function refuse(message: string): never {
  // PolicyError: Strapi turns a ForbiddenError's message into a bare "Forbidden", and people must read why.
  throw new errors.PolicyError(message);
}

interface StepRow {
  id: number;
  entryType: string;
  entryDocumentId: string;
  locale: string;
  step: Step;
  comment?: string | null;
  actorId?: number | null;
  actorEmail?: string | null;
  createdAt: string | Date;
}

async function stepsOf(strapi: Core.Strapi, entryType: string, documentId: string, locale: string): Promise<StepRow[]> {
  return (await strapi.db
    .query(REVIEW_STEP)
    .findMany({ where: { entryType, entryDocumentId: documentId, locale }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })) as StepRow[];
}

/** The draft of the entry in that language, with its organisation; undefined when there is none. */
async function draftOf(strapi: Core.Strapi, entryType: string, documentId: string, locale: string) {
  return (await strapi.db.query(entryType as never).findOne({
    where: { documentId, locale, publishedAt: null },
    populate: { organisation: { select: ['documentId'] } },
  })) as { id: number; title?: string; key?: string; organisation?: { documentId: string } | null } | null;
}

/**
 * Whom a request is about, checked: a reviewed type, a language version that exists, and a person
 * who is a coordinator or a partner editor of the entry's organisation. Refusals say why.
 */
async function entryFor(strapi: Core.Strapi, user: AdminUser | undefined, entryType: string, documentId: string, locale: unknown) {
  if (!user) refuse('Sign in first.');
  if (!REVIEWED.has(entryType)) throw new errors.NotFoundError('Only reports, resources, videos and good practices are reviewed.');
  if (typeof locale !== 'string' || !locale) throw new errors.ValidationError('Name the language version (locale).');
  const draft = await draftOf(strapi, entryType, documentId, locale);
  if (!draft) throw new errors.NotFoundError(`There is no draft of this entry in "${locale}".`);
  let partner = false;
  if (!isCoordinator(user)) {
    if (!isPartnerEditorOnly(user)) refuse('Only partner editors and coordinators take part in review.');
    const own = await organisationsOfEditor(strapi, user.id);
    if (!draft.organisation || !own.documentIds.has(draft.organisation.documentId))
      refuse('This content belongs to another organisation: you can only review your own.');
    if (!own.locales.has(locale))
      refuse(`Your organisation does not work in "${locale}": you can ask for review in ${[...own.locales].join(', ') || 'no language'}.`);
    partner = true;
  }
  return { draft, partner };
}

export async function reviewState(
  strapi: Core.Strapi,
  user: AdminUser | undefined,
  entryType: string,
  documentId: string,
  locale: unknown,
): Promise<ReviewState> {
  const { partner } = await entryFor(strapi, user, entryType, documentId, locale);
  const steps = await stepsOf(strapi, entryType, documentId, locale as string);
  const state = steps.at(-1)?.step;
  return {
    ...(state ? { state } : {}),
    steps: steps.map((row) => ({
      step: row.step,
      comment: row.comment ?? null,
      actorEmail: row.actorEmail ?? null,
      at: new Date(row.createdAt).toISOString(),
    })),
    canMarkReady: partner && state !== 'ready',
    canSendBack: !partner && state === 'ready',
    site: await entrySiteStatus(strapi, entryType, documentId, locale as string),
  };
}

async function record(strapi: Core.Strapi, data: Omit<StepRow, 'id' | 'createdAt'>): Promise<number> {
  const created = (await strapi.db.query(REVIEW_STEP).create({ data })) as { id: number };
  return created.id;
}

/** A partner editor asks for review of their draft in one language; every coordinator is told by e-mail. */
export async function markReady(strapi: Core.Strapi, user: AdminUser | undefined, entryType: string, documentId: string, locale: unknown): Promise<void> {
  const { partner } = await entryFor(strapi, user, entryType, documentId, locale);
  if (!partner) refuse('A coordinator publishes or sends back: marking ready is the partner’s step.');
  const last = (await stepsOf(strapi, entryType, documentId, locale as string)).at(-1);
  if (last?.step === 'ready') throw new errors.ApplicationError('This language version is already waiting for review.');
  const coordinators = (await strapi.db.query('admin::user').findMany({ where: { isActive: true, roles: { code: COORDINATOR } }, select: ['id'] })) as Array<{
    id: number;
  }>;
  await strapi.db.transaction(async () => {
    const id = await record(strapi, {
      entryType,
      entryDocumentId: documentId,
      locale: locale as string,
      step: 'ready',
      actorId: user!.id,
      actorEmail: user!.email,
    });
    for (const coordinator of coordinators)
      await enqueue(strapi, `review:${id}:${coordinator.id}`, { template: 'review', kind: 'ready', subject: `${id}:${coordinator.id}` });
  });
  void kickDelivery(strapi);
}

/** A coordinator sends a language version back with what to change; the partner who asked is told by e-mail. */
export async function sendBack(
  strapi: Core.Strapi,
  user: AdminUser | undefined,
  entryType: string,
  documentId: string,
  locale: unknown,
  comment: unknown,
): Promise<void> {
  const { partner } = await entryFor(strapi, user, entryType, documentId, locale);
  if (partner) refuse('Only a coordinator sends an entry back.');
  const text = typeof comment === 'string' ? comment.trim() : '';
  if (!text) throw new errors.ValidationError('Say what should change: the comment is what the partner reads.');
  if (text.length > COMMENT_MAX) throw new errors.ValidationError(`Keep the comment under ${COMMENT_MAX} characters.`);
  const steps = await stepsOf(strapi, entryType, documentId, locale as string);
  const last = steps.at(-1);
  if (last?.step !== 'ready') throw new errors.ApplicationError('Only a language version waiting for review can be sent back.');
  await strapi.db.transaction(async () => {
    const id = await record(strapi, {
      entryType,
      entryDocumentId: documentId,
      locale: locale as string,
      step: 'sent-back',
      comment: text,
      actorId: user!.id,
      actorEmail: user!.email,
    });
    if (last.actorId) await enqueue(strapi, `review:${id}:${last.actorId}`, { template: 'review', kind: 'sent-back', subject: `${id}:${last.actorId}` });
  });
  void kickDelivery(strapi);
}

/**
 * The review queue, oldest first. For a coordinator: each language version whose last step is
 * "ready" (what waits for them). For a partner editor: their organisation's language versions
 * whose last step is "sent back", with the comment (what waits for them).
 */
export async function reviewQueue(strapi: Core.Strapi, user: AdminUser | undefined): Promise<QueueItem[]> {
  let organisations: Set<string> | undefined;
  if (!isCoordinator(user)) {
    if (!user || !isPartnerEditorOnly(user)) refuse('Only partner editors and coordinators take part in review.');
    organisations = (await organisationsOfEditor(strapi, user.id)).documentIds;
  }
  const waitingFor: Step = organisations ? 'sent-back' : 'ready';
  const rows = (await strapi.db.query(REVIEW_STEP).findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })) as StepRow[];
  const last = new Map<string, StepRow>();
  const askedBy = new Map<string, string | null | undefined>();
  for (const row of rows) {
    const key = `${row.entryType}|${row.entryDocumentId}|${row.locale}`;
    last.set(key, row);
    if (row.step === 'ready') askedBy.set(key, row.actorEmail);
  }
  const items: QueueItem[] = [];
  for (const [key, row] of last) {
    if (row.step !== waitingFor) continue;
    const draft = await draftOf(strapi, row.entryType, row.entryDocumentId, row.locale);
    if (!draft) continue; // deleted since
    if (organisations && (!draft.organisation || !organisations.has(draft.organisation.documentId))) continue;
    items.push({
      entryType: row.entryType,
      entryDocumentId: row.entryDocumentId,
      locale: row.locale,
      title: draft.title ?? draft.key ?? row.entryDocumentId,
      requestedBy: askedBy.get(key) ?? null,
      since: new Date(row.createdAt).toISOString(),
      ...(row.step === 'sent-back' ? { comment: row.comment ?? null, sentBackBy: row.actorEmail ?? null } : {}),
    });
  }
  return items;
}

/**
 * A publish of a reviewed type is the review's last step, however it is published (the admin's
 * button, a bulk publish, a script): recorded by a Document Service middleware, per language.
 */
export function recordPublishing(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (context.action !== 'publish' || !REVIEWED.has(context.uid)) return next();
    const result = await next();
    const params = context.params as { documentId?: string; locale?: string | string[] };
    const user = strapi.requestContext.get()?.state?.user as AdminUser | undefined;
    const locales =
      (result as { entries?: Array<{ locale?: string }> })?.entries?.map((entry) => entry.locale).filter((locale): locale is string => !!locale) ??
      (typeof params.locale === 'string' ? [params.locale] : []);
    for (const locale of new Set(locales)) {
      if (params.documentId)
        await record(strapi, {
          entryType: context.uid,
          entryDocumentId: params.documentId,
          locale,
          step: 'published',
          actorId: user?.id ?? null,
          actorEmail: user?.email ?? null,
        });
    }
    return result;
  });
}

const adminLink = (strapi: Core.Strapi, row: StepRow) =>
  `${String(strapi.config.get('admin.absoluteUrl')).replace(/\/$/, '')}/content-manager/collection-types/${row.entryType}/${row.entryDocumentId}?plugins[i18n][locale]=${row.locale}`;

/** Renders a review e-mail from the step as it is when sent. */
export async function renderReviewMail(strapi: Core.Strapi, recipe: MailRecipe): Promise<OutgoingMessage | undefined> {
  const [stepId, userId] = recipe.subject.split(':').map(Number);
  const row = (await strapi.db.query(REVIEW_STEP).findOne({ where: { id: stepId } })) as StepRow | null;
  const to = (await strapi.db.query('admin::user').findOne({ where: { id: userId }, select: ['email'] })) as { email: string } | null;
  if (!row || !to) return undefined;
  const draft = await draftOf(strapi, row.entryType, row.entryDocumentId, row.locale);
  const title = draft?.title ?? draft?.key ?? row.entryDocumentId;
  const link = adminLink(strapi, row);
  const lines =
    row.step === 'ready'
      ? {
          subject: `Ready for review (${row.locale}): ${title}`,
          text: [
            `${row.actorEmail ?? 'A partner editor'} marked “${title}” (${row.locale}) ready for review.`,
            '',
            'Publish it, or send it back with a comment:',
            link,
          ],
        }
      : {
          subject: `Sent back (${row.locale}): ${title}`,
          text: [
            `${row.actorEmail ?? 'A coordinator'} sent “${title}” (${row.locale}) back with this comment:`,
            '',
            row.comment ?? '',
            '',
            'Change the draft and mark it ready again:',
            link,
          ],
        };
  const html = lines.text
    .map((line) => (line === link ? `<p><a href="${escapeUTF8(link)}">${escapeUTF8(link)}</a></p>` : line ? `<p>${escapeUTF8(line)}</p>` : ''))
    .join('\n');
  return { to: to.email, subject: lines.subject, text: lines.text.join('\n'), html };
}

type Context = {
  params: { uid: string; documentId: string };
  query: { locale?: unknown };
  request: { body?: { locale?: unknown; comment?: unknown } };
  state: { user?: AdminUser };
  status: number;
  body: unknown;
  set(name: string, value: string): void;
};

/** `/praxis/reviews/…`: the entry's review (read, mark ready, send back) and the coordinators' queue. */
export function reviewRoutes(strapi: Core.Strapi) {
  const authenticated = { policies: ['admin::isAuthenticatedAdmin'] };
  return {
    type: 'admin',
    prefix: '/praxis',
    routes: [
      {
        method: 'GET',
        path: '/reviews',
        config: authenticated,
        async handler(ctx: Context) {
          ctx.set('Cache-Control', 'no-store');
          ctx.body = { data: await reviewQueue(strapi, ctx.state.user) };
        },
      },
      {
        method: 'GET',
        path: '/reviews/:uid/:documentId',
        config: authenticated,
        async handler(ctx: Context) {
          ctx.set('Cache-Control', 'no-store');
          ctx.body = { data: await reviewState(strapi, ctx.state.user, ctx.params.uid, ctx.params.documentId, ctx.query.locale) };
        },
      },
      {
        method: 'POST',
        path: '/reviews/:uid/:documentId/ready',
        config: authenticated,
        async handler(ctx: Context) {
          await markReady(strapi, ctx.state.user, ctx.params.uid, ctx.params.documentId, ctx.request.body?.locale);
          ctx.status = 201;
          ctx.body = { data: await reviewState(strapi, ctx.state.user, ctx.params.uid, ctx.params.documentId, ctx.request.body?.locale) };
        },
      },
      {
        method: 'POST',
        path: '/reviews/:uid/:documentId/send-back',
        config: authenticated,
        async handler(ctx: Context) {
          await sendBack(strapi, ctx.state.user, ctx.params.uid, ctx.params.documentId, ctx.request.body?.locale, ctx.request.body?.comment);
          ctx.status = 201;
          ctx.body = { data: await reviewState(strapi, ctx.state.user, ctx.params.uid, ctx.params.documentId, ctx.request.body?.locale) };
        },
      },
    ],
  };
}
