import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { config } from '@praxis/contract/config';

/**
 * Signed tokens: the personal manage link (no account, no password) and the form's fill-time stamp.
 *
 * A manage token is `<registration documentId>.<HMAC(secret, documentId, per-registration secret)>`.
 * The per-registration secret is deleted when the data is erased, so a link stops working for good
 * after erasure, and no token can be made without the server's secret.
 */

function serverSecret(): string {
  const value = config().PRAXIS_REGISTRATION_SECRET;
  if (!value) throw new Error('PRAXIS_REGISTRATION_SECRET is not set');
  return value;
}

const macWith = (secret: string, ...parts: string[]) => createHmac('sha256', secret).update(parts.join('\u0000')).digest('base64url');
const mac = (...parts: string[]) => macWith(serverSecret(), ...parts);

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export const newManageSecret = () => randomBytes(18).toString('base64url');

export function manageToken(documentId: string, manageSecret: string): string {
  return `${documentId}.${mac('manage', documentId, manageSecret)}`;
}

/** The document id a token claims; the caller then checks it with `manageTokenMatches`. */
export function claimedDocumentId(token: string): string | undefined {
  const match = /^([a-z0-9]{10,40})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return match?.[1];
}

export function manageTokenMatches(token: string, documentId: string, manageSecret: string | null | undefined): boolean {
  return Boolean(manageSecret) && sameText(token, manageToken(documentId, manageSecret!));
}

/**
 * A stamp of when the form was shown; checked for a minimum fill time. The time and the secret can
 * be given, so that a test holds a token shown earlier without waiting for the time to pass.
 */
export function formToken(now = Date.now(), secret = serverSecret()): string {
  return `${now}.${macWith(secret, 'form', String(now))}`;
}

/** Milliseconds since a genuine form token was issued, or undefined when forged or malformed. */
export function formTokenAge(token: string, now = Date.now()): number | undefined {
  const [issued, signature] = token.split('.');
  if (!issued || !signature || !/^\d{10,16}$/.test(issued) || !sameText(signature, mac('form', issued))) return undefined;
  return now - Number(issued);
}

/** A one-way key for a client address: rate limits count addresses without storing them. */
export const addressKey = (address: string) => mac('address', address).slice(0, 22);
