import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { config } from '@praxis/contract/config';
import { escapeUTF8 } from 'entities';
import { enqueue, kickDelivery, type MailRecipe, type OutgoingMessage } from '../mail/outbox';
import { parseMailbox } from '@praxis/contract/registration';
import { COORDINATOR, PARTNER_EDITOR } from './roles';

/**
 * Inviting a partner editor from their organisation, by a coordinator: one step creates the admin
 * account with the Partner editor role, makes it an editor of the organisation, and e-mails the
 * invitation link (Strapi's registration token) through the outbox and Strapi's email plugin. The
 * link can be sent again (a fresh one, the earlier stops working) and expires
 * `PRAXIS_INVITATION_DAYS` (7) days after it was sent; when it was sent is an `invitation` row.
 */

const ORGANISATION = 'api::organisation.organisation';
const INVITATION = 'api::invitation.invitation';
const DAY_MS = 24 * 60 * 60 * 1000;

export const invitationLifetimeMs = () => config().PRAXIS_INVITATION_DAYS * DAY_MS;

interface AdminUser {
  id: number;
  email: string;
  firstname?: string | null;
  lastname?: string | null;
  isActive?: boolean;
  registrationToken?: string | null;
  createdAt?: string | Date;
  roles?: Array<{ code: string }>;
}

interface InvitationRow {
  id: number;
  userId: number;
  organisationDocumentId: string;
  sentAt: string | Date;
  sends: number | null;
}

/** An editor of the organisation as the coordinator's panel lists them. */
export interface EditorInvitation {
  userId: number;
  email: string;
  /** Has set a password and can sign in. */
  active: boolean;
  /** When the last invitation was sent (undefined: added as an existing account). */
  sentAt?: string;
  expiresAt?: string;
  expired: boolean;
}

function coordinates(user: AdminUser | undefined): boolean {
  return (user?.roles ?? []).some((role) => role.code === COORDINATOR || role.code === 'strapi-super-admin');
}

async function draftRows(strapi: Core.Strapi, documentId: string) {
  return (await strapi.db.query(ORGANISATION).findMany({
    where: { documentId, publishedAt: null },
    select: ['id', 'name'],
    populate: { editors: { select: ['id'] } },
  })) as Array<{ id: number; name: string; editors?: Array<{ id: number }> }>;
}

/** When the invitation of a user runs out: from the last sending, or, for an account made elsewhere (Settings → Users), from its creation. */
function expiry(user: AdminUser, invitation: InvitationRow | undefined | null): Date | undefined {
  const from = invitation?.sentAt ?? user.createdAt;
  return from ? new Date(new Date(from).getTime() + invitationLifetimeMs()) : undefined;
}

export async function editorsOf(strapi: Core.Strapi, documentId: string): Promise<EditorInvitation[]> {
  const rows = await draftRows(strapi, documentId);
  const ids = [...new Set(rows.flatMap((row) => (row.editors ?? []).map((editor) => editor.id)))];
  if (ids.length === 0) return [];
  const users = (await strapi.db
    .query('admin::user')
    .findMany({ where: { id: { $in: ids } }, select: ['id', 'email', 'isActive', 'createdAt'] })) as AdminUser[];
  const invitations = (await strapi.db.query(INVITATION).findMany({ where: { userId: { $in: ids } } })) as InvitationRow[];
  return users
    .map((user) => {
      const invitation = invitations.find((row) => row.userId === user.id);
      const active = user.isActive === true;
      const expiresAt = invitation ? expiry(user, invitation) : undefined;
      return {
        userId: user.id,
        email: user.email,
        active,
        ...(invitation ? { sentAt: new Date(invitation.sentAt).toISOString(), expiresAt: expiresAt!.toISOString() } : {}),
        expired: !active && !!expiresAt && expiresAt.getTime() < Date.now(),
      };
    })
    .sort((a, b) => a.email.localeCompare(b.email));
}

/**
 * Invites `email` to edit for the organisation, or sends a pending invitation again. Refused,
 * with nothing changed: an address that is not one mailbox, an address another account holds
 * (an account that exists is picked in the organisation's editors instead), an inviter who does
 * not coordinate, an organisation that does not exist.
 */
export async function invite(
  strapi: Core.Strapi,
  inviter: AdminUser | undefined,
  documentId: string,
  typed: unknown,
): Promise<{ resent: boolean; editor: EditorInvitation }> {
  if (!coordinates(inviter)) throw new errors.PolicyError('Only a coordinator invites editors to an organisation.');
  const rows = await draftRows(strapi, documentId);
  if (rows.length === 0) throw new errors.NotFoundError('There is no such organisation.');
  const mailbox = typeof typed === 'string' ? parseMailbox(typed) : undefined;
  if (!mailbox) throw new errors.ValidationError('Write one e-mail address, such as name@organisation.org.');
  const email = mailbox.address.toLowerCase();

  const existing = (await strapi.db.query('admin::user').findOne({ where: { email }, populate: { roles: { select: ['code'] } } })) as AdminUser | null;
  const editorIds = new Set(rows.flatMap((row) => (row.editors ?? []).map((editor) => editor.id)));
  if (existing && (existing.isActive || !editorIds.has(existing.id))) {
    throw new errors.ApplicationError(
      existing.isActive
        ? `${email} already has an account: pick it in the organisation's editors instead of inviting it.`
        : `${email} has been invited by another organisation: ask its coordinator, or use another address.`,
    );
  }

  const now = new Date();
  const userId = await strapi.db.transaction(async () => {
    let id: number;
    if (existing) {
      id = existing.id;
      // A fresh link: the one sent before stops working.
      await strapi.db.query('admin::user').update({ where: { id }, data: { registrationToken: strapi.service('admin::token').createToken() } });
      const row = (await strapi.db.query(INVITATION).findOne({ where: { userId: id } })) as InvitationRow | null;
      const sent = { organisationDocumentId: documentId, sentAt: now, sentBy: inviter!.id };
      if (row) await strapi.db.query(INVITATION).update({ where: { id: row.id }, data: { ...sent, sends: (row.sends ?? 1) + 1 } });
      else await strapi.db.query(INVITATION).create({ data: { userId: id, ...sent, sends: 1 } });
    } else {
      const role = (await strapi.db.query('admin::role').findOne({ where: { code: PARTNER_EDITOR }, select: ['id'] })) as { id: number };
      const created = (await strapi.service('admin::user').create({ email, firstname: email.split('@')[0], isActive: false, roles: [role.id] })) as AdminUser;
      id = created.id;
      // Every draft row of the organisation (one per language): the editors are not localized.
      for (const row of rows) await strapi.db.query(ORGANISATION).update({ where: { id: row.id }, data: { editors: { connect: [{ id }] } } });
      await strapi.db.query(INVITATION).create({ data: { userId: id, organisationDocumentId: documentId, sentAt: now, sentBy: inviter!.id, sends: 1 } });
    }
    const sends = ((await strapi.db.query(INVITATION).findOne({ where: { userId: id } })) as InvitationRow).sends ?? 1;
    await enqueue(strapi, `invitation:${id}:${sends}`, { template: 'invitation', kind: 'invite', subject: String(id) });
    return id;
  });
  void kickDelivery(strapi);
  const editor = (await editorsOf(strapi, documentId)).find((candidate) => candidate.userId === userId)!;
  return { resent: !!existing, editor };
}

/** Renders an invitation from the account as it is when sent: nothing once the person has signed up. */
export async function renderInvitationMail(strapi: Core.Strapi, recipe: MailRecipe): Promise<OutgoingMessage | undefined> {
  const user = (await strapi.db.query('admin::user').findOne({ where: { id: Number(recipe.subject) } })) as AdminUser | null;
  if (!user || user.isActive || !user.registrationToken) return undefined;
  const invitation = (await strapi.db.query(INVITATION).findOne({ where: { userId: user.id } })) as InvitationRow | null;
  const organisation = invitation ? ((await draftRows(strapi, invitation.organisationDocumentId))[0]?.name ?? '') : '';
  const link = `${String(strapi.config.get('admin.absoluteUrl')).replace(/\/$/, '')}/auth/register?registrationToken=${encodeURIComponent(user.registrationToken)}`;
  const until = expiry(user, invitation)!.toUTCString();
  const text = [
    `You are invited to publish for ${organisation || 'your organisation'} on Praxis, the good-practice exchange against human trafficking.`,
    '',
    `Set your password here (the link works until ${until}):`,
    link,
    '',
    'You will write and translate your organisation’s reports, resources, videos and good practices; a coordinator reviews them before they go live.',
  ].join('\n');
  const html = text
    .split('\n\n')
    .map(
      (paragraph) =>
        `<p>${paragraph
          .split('\n')
          .map((line) => (line === link ? `<a href="${escapeUTF8(link)}">${escapeUTF8(link)}</a>` : escapeUTF8(line)))
          .join('<br>')}</p>`,
    )
    .join('\n');
  return { to: user.email, subject: `Your invitation to Praxis${organisation ? `: ${organisation}` : ''}`, text, html };
}

/**
 * The check on Strapi's `GET /admin/registration-info` and `POST /admin/register`
 * (`policies/invitation-expiry.ts`): an expired link is refused with what to do.
 */
export async function checkInvitationExpiry(strapi: Core.Strapi, token: unknown): Promise<boolean> {
  if (typeof token !== 'string' || !token) return true;
  const user = (await strapi.db.query('admin::user').findOne({ where: { registrationToken: token } })) as AdminUser | null;
  if (!user) return true; // Strapi answers an unknown token itself.
  const invitation = (await strapi.db.query(INVITATION).findOne({ where: { userId: user.id } })) as InvitationRow | null;
  const until = expiry(user, invitation);
  if (until && until.getTime() < Date.now()) {
    throw new errors.PolicyError(`This invitation expired on ${until.toUTCString()}: ask your coordinator to send it again.`);
  }
  return true;
}

/** Puts the expiry check on Strapi's two registration routes. */
export function expireInvitations(strapi: Core.Strapi): void {
  const router = (strapi.admin.routes as Record<string, { routes?: Array<{ method: string; path: string; config?: { policies?: unknown[] } }> }>).admin;
  for (const [method, path] of [
    ['GET', '/registration-info'],
    ['POST', '/register'],
  ]) {
    const route = router?.routes?.find((candidate) => candidate.method === method && candidate.path === path);
    if (!route) throw new Error(`the admin route ${method} ${path} is missing: invitations could not expire`);
    route.config = { ...route.config, policies: [...(route.config?.policies ?? []), 'global::invitation-expiry'] };
  }
}

type Context = {
  params: { documentId: string };
  request: { body?: { email?: unknown } };
  state: { user?: AdminUser };
  status: number;
  body: unknown;
  set(name: string, value: string): void;
};

/** `GET|POST /praxis/organisations/:documentId/invitations`, for coordinators. */
export function invitationRoutes(strapi: Core.Strapi) {
  return {
    type: 'admin',
    prefix: '/praxis',
    routes: [
      {
        method: 'GET',
        path: '/organisations/:documentId/invitations',
        config: { policies: ['admin::isAuthenticatedAdmin'] },
        async handler(ctx: Context) {
          if (!coordinates(ctx.state.user)) throw new errors.PolicyError('Only a coordinator sees the invitations of an organisation.');
          ctx.set('Cache-Control', 'no-store');
          ctx.body = { data: await editorsOf(strapi, ctx.params.documentId) };
        },
      },
      {
        method: 'POST',
        path: '/organisations/:documentId/invitations',
        config: { policies: ['admin::isAuthenticatedAdmin'] },
        async handler(ctx: Context) {
          const { resent, editor } = await invite(strapi, ctx.state.user, ctx.params.documentId, ctx.request.body?.email);
          ctx.status = resent ? 200 : 201;
          ctx.body = { data: editor };
        },
      },
    ],
  };
}
