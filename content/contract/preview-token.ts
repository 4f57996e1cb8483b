/**
 * The signed link of a preview: which draft (content type, document, locale, status) may be shown,
 * until when. The CMS signs it when an editor asks for a preview (`config/admin.ts`); the site's
 * preview renderer checks it before asking the CMS for the draft, and the CMS checks it again
 * before it answers (`middlewares/published-only.ts`). Both hold `PRAXIS_PREVIEW_SECRET`.
 *
 * A token is `<payload>.<signature>`, both base64url: the payload is JSON, the signature an
 * HMAC-SHA256 of the payload. No dependency: the renderer imports this file as it is.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a preview link lets its holder see. */
export interface PreviewGrant {
  /** The content type, e.g. "api::workshop-report.workshop-report". */
  uid: string;
  documentId: string;
  locale: string;
  status: 'draft' | 'published';
}

/** How long a link works: long enough to open and read it, short enough that a forwarded link dies. */
export const PREVIEW_LIFETIME_SECONDS = 10 * 60;

/** Why a token was refused: `preview.expired` (a good link, too old) or `preview.invalid` (anything else). */
export type PreviewRefusal = 'preview.expired' | 'preview.invalid';

interface Payload extends PreviewGrant {
  /** Expiry, seconds since the epoch. */
  exp: number;
}

const sign = (payload: string, secret: string) => createHmac('sha256', secret).update(payload).digest('base64url');

/** Signs a grant for `lifetime` seconds from `now` (milliseconds). */
export function signPreview(grant: PreviewGrant, secret: string, { now = Date.now(), lifetime = PREVIEW_LIFETIME_SECONDS } = {}): string {
  if (!secret) throw new Error('PRAXIS_PREVIEW_SECRET is not set');
  const payload: Payload = { uid: grant.uid, documentId: grant.documentId, locale: grant.locale, status: grant.status, exp: Math.floor(now / 1000) + lifetime };
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${encoded}.${sign(encoded, secret)}`;
}

/** The grant of a token signed with `secret` and not expired at `now`, or why not. */
export function verifyPreview(token: string | null | undefined, secret: string | undefined, now = Date.now()): { ok: true; grant: PreviewGrant & { expiresAt: Date } } | { ok: false; code: PreviewRefusal } {
  const invalid = { ok: false, code: 'preview.invalid' } as const;
  if (!secret || typeof token !== 'string' || token.length > 2000) return invalid;
  const [encoded, signature, ...rest] = token.split('.');
  if (!encoded || !signature || rest.length > 0) return invalid;
  const expected = Buffer.from(sign(encoded, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return invalid;
  let payload: Partial<Payload>;
  try {
    payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Partial<Payload>;
  } catch {
    return invalid;
  }
  const { uid, documentId, locale, status, exp } = payload;
  if (typeof uid !== 'string' || typeof documentId !== 'string' || typeof locale !== 'string' || (status !== 'draft' && status !== 'published') || typeof exp !== 'number') return invalid;
  if (exp * 1000 <= now) return { ok: false, code: 'preview.expired' };
  return { ok: true, grant: { uid, documentId, locale, status, expiresAt: new Date(exp * 1000) } };
}

/** Whether a grant covers a request for `documentId` in `locale` of the content type `uid`. */
export function grantCovers(grant: PreviewGrant, uid: string, documentId: string, locale: string): boolean {
  return grant.uid === uid && grant.documentId === documentId && grant.locale === locale;
}
