/**
 * How the CMS and the publisher recognise each other: the CMS sends the shared secret
 * (`PRAXIS_WEBHOOK_SECRET`) in this header with every webhook, and the publisher sends it back when
 * it reports the publish status.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_SECRET_HEADER = 'x-praxis-webhook-secret';

/** Whether a request's header carries the shared secret. No secret configured: no caller can prove it, all are refused. */
export function sameSecret(given: unknown, expected: string | undefined): boolean {
  if (typeof given !== 'string' || !expected) return false;
  // Compare digests, so that neither the length nor the content leaks through timing.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
