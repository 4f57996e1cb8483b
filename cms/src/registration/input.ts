/**
 * What a registration form may send, checked field by field on the server.
 *
 * Every problem has a stable code (`<field>.<problem>`) that the site's dictionaries translate; the
 * codes are the public contract of the registration API (see docs in the README), never free text.
 */

export const LANGUAGES = ['it', 'pt', 'ro', 'lt'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The professions a registrant chooses from; organisers count and export them. */
export const ROLES = ['social-worker', 'educator', 'law-enforcement', 'health', 'legal', 'public-administration', 'civil-society', 'other'] as const;

/**
 * The version of the privacy notice a registrant agrees to. Bump it when the text of the privacy
 * page's registration section changes: older forms are then refused with `consentVersion.outdated`.
 */
export const CONSENT_VERSION = '2026-11';

/** Fields a form may send besides the person's own data. */
const CONTROL_FIELDS = ['locale', 'website', 'formToken', 'consentVersion'] as const;

const LIMITS = { name: 120, email: 254, organisation: 160, role: 40, region: 120, timeZone: 64, accessibilityNeeds: 1000 } as const;

export interface RegistrationInput {
  name: string;
  email: string;
  /** Lower-cased, trimmed, inner spaces removed: "one registration per address" compares these. */
  emailKey: string;
  organisation: string | null;
  role: string | null;
  region: string;
  language: Language;
  timeZone: string | null;
  accessibilityNeeds: string | null;
  consentVersion: string;
}

export interface FieldError {
  field: string;
  code: string;
}

export interface ParsedForm {
  /** The page's language: where the person is sent back to, and the language of errors. */
  locale: Language;
  /** Set when the hidden honeypot field was filled in: a robot. */
  honeypot: boolean;
  formToken: string | null;
  input?: RegistrationInput;
  errors: FieldError[];
}

// Deliberately plain: one @, no spaces, a dot in the domain. Delivery is the real test.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(email: string): string {
  return email.normalize('NFC').replace(/\s+/g, '').toLowerCase();
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const isLanguage = (value: unknown): value is Language => typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

/** Reads a JSON object or a parsed form body; never throws, collects every problem. */
export function parseRegistration(body: unknown): ParsedForm {
  const errors: FieldError[] = [];
  const source = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  if (!source) return { locale: 'it', honeypot: false, formToken: null, errors: [{ field: 'body', code: 'body.malformed' }] };

  const locale = isLanguage(source.locale) ? source.locale : 'it';
  const known = new Set<string>([...Object.keys(LIMITS), 'consent', ...CONTROL_FIELDS, 'language']);
  for (const field of Object.keys(source)) if (!known.has(field)) errors.push({ field, code: 'body.unknown-field' });

  const text = (field: keyof typeof LIMITS, required: boolean): string | null => {
    const raw = source[field];
    if (raw !== undefined && raw !== null && typeof raw !== 'string') {
      errors.push({ field, code: `${field}.invalid` });
      return null;
    }
    const value = (raw ?? '').normalize('NFC').trim();
    if (!value) {
      if (required) errors.push({ field, code: `${field}.required` });
      return null;
    }
    if (value.length > LIMITS[field]) {
      errors.push({ field, code: `${field}.too-long` });
      return null;
    }
    // Control characters have no place in a name or a note; they are how header injection starts.
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value) || (field !== 'accessibilityNeeds' && /[\r\n]/.test(value))) {
      errors.push({ field, code: `${field}.invalid` });
      return null;
    }
    return value;
  };

  const name = text('name', true);
  const email = text('email', true);
  if (email && !EMAIL.test(email)) errors.push({ field: 'email', code: 'email.invalid' });
  const organisation = text('organisation', false);
  const role = text('role', false);
  if (role && !(ROLES as readonly string[]).includes(role)) errors.push({ field: 'role', code: 'role.invalid' });
  const region = text('region', true);
  const timeZone = text('timeZone', false);
  if (timeZone && !isTimeZone(timeZone)) errors.push({ field: 'timeZone', code: 'timeZone.invalid' });
  const accessibilityNeeds = text('accessibilityNeeds', false);

  const language = source.language === undefined || source.language === '' ? locale : source.language;
  if (!isLanguage(language)) errors.push({ field: 'language', code: 'language.invalid' });

  // A checkbox posts "on" (or the value it carries); JSON clients send true.
  const consent = source.consent === true || source.consent === 'on' || source.consent === 'yes' || source.consent === 'true';
  if (!consent) errors.push({ field: 'consent', code: 'consent.required' });
  const consentVersion = typeof source.consentVersion === 'string' ? source.consentVersion : '';
  if (consent && consentVersion !== CONSENT_VERSION) errors.push({ field: 'consent', code: 'consent.outdated' });

  const honeypot = typeof source.website === 'string' ? source.website.trim() !== '' : source.website !== undefined;
  const formToken = typeof source.formToken === 'string' && source.formToken ? source.formToken : null;

  if (errors.length > 0 || !name || !email || !region || !isLanguage(language)) return { locale, honeypot, formToken, errors };
  return {
    locale,
    honeypot,
    formToken,
    errors,
    input: {
      name,
      email,
      emailKey: normalizeEmail(email),
      organisation,
      role,
      region,
      language,
      timeZone,
      accessibilityNeeds,
      consentVersion,
    },
  };
}
