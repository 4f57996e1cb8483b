import { describe, expect, it } from 'vitest';
import { grantCovers, PREVIEW_LIFETIME_SECONDS, signPreview, verifyPreview } from '@praxis/contract/preview-token';

const SECRET = 'example-preview-secret';
const REPORT = { uid: 'api::workshop-report.workshop-report', documentId: 'doc-a', locale: 'lt', status: 'draft' } as const;

describe('the signed link of a preview', () => {
  it('grants the document, locale and status it was signed for, until it expires', () => {
    const now = Date.UTC(2025, 0, 10, 9, 0, 0);
    const verified = verifyPreview(signPreview(REPORT, SECRET, { now }), SECRET, now + 60_000);
    expect(verified).toEqual({ ok: true, grant: { ...REPORT, expiresAt: new Date(now + PREVIEW_LIFETIME_SECONDS * 1000) } });
  });

  it('refuses a link past its lifetime as expired', () => {
    const now = Date.UTC(2025, 0, 10, 9, 0, 0);
    expect(verifyPreview(signPreview(REPORT, SECRET, { now }), SECRET, now + PREVIEW_LIFETIME_SECONDS * 1000)).toEqual({ ok: false, code: 'preview.expired' });
  });

  it('refuses a forged link: another secret, a payload changed to another document, a truncated signature, no token', () => {
    const token = signPreview(REPORT, SECRET);
    expect(verifyPreview(signPreview(REPORT, 'another-secret'), SECRET)).toEqual({ ok: false, code: 'preview.invalid' });
    const [, signature] = token.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ ...REPORT, documentId: 'doc-b', exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
    expect(verifyPreview(`${otherPayload}.${signature}`, SECRET)).toEqual({ ok: false, code: 'preview.invalid' });
    expect(verifyPreview(token.slice(0, -2), SECRET)).toEqual({ ok: false, code: 'preview.invalid' });
    expect(verifyPreview(null, SECRET)).toEqual({ ok: false, code: 'preview.invalid' });
    expect(verifyPreview(token, undefined)).toEqual({ ok: false, code: 'preview.invalid' });
  });

  it('covers only its own document, locale and content type', () => {
    expect(grantCovers(REPORT, REPORT.uid, 'doc-a', 'lt')).toBe(true);
    expect(grantCovers(REPORT, REPORT.uid, 'doc-b', 'lt')).toBe(false);
    expect(grantCovers(REPORT, REPORT.uid, 'doc-a', 'it')).toBe(false);
    expect(grantCovers(REPORT, 'api::resource.resource', 'doc-a', 'lt')).toBe(false);
  });
});
