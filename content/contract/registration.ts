/**
 * What a registration form may send, checked field by field on the server.
 *
 * Every problem has a stable code (`<field>.<problem>`) that the site's dictionaries translate; the
 * codes are the public contract of the registration API (see docs in the README), never free text.
 */

import addresses from 'email-addresses';
import { domainToASCII } from 'node:url';

/**
 * Names that reach an object's prototype when a parser builds nested objects from keys: refused in
 * every body (`middlewares/request-body.ts`). Here, because this module is also read by the site and
 * the scripts, which load it without the CMS's compiler and so import nothing relative from it.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

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
  /** The mailbox key (`parseMailbox`): "one registration per mailbox" compares these. */
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

/**
 * One mailbox, parsed (RFC 5322 with RFC 6532's Unicode, by `email-addresses`) rather than matched
 * by a pattern, and refused unless it is a bare address: no display name (`Ana <a@b.it>`), no angle
 * brackets, no group (`to:a@b.it;`), no comment, no list. Quoted local parts and domain literals
 * (`"a b"@x.it`, `a@[192.0.2.1]`) are refused too: no one registers with them, and they are how an
 * address smuggles another one past a check. The domain needs a dot and must be a valid host name.
 *
 * The address is read in Unicode's compatibility form (NFKC), so fullwidth letters and signs
 * (`ａｎａ＠ｅｘａｍｐｌｅ.ｏｒｇ`) are the ASCII address they render as.
 *
 * @returns the address as it will be written to, and its mailbox key; undefined when refused
 * @example parseMailbox('Ana.Exemplo@Example.org') // { address: 'Ana.Exemplo@Example.org', key: 'ana.exemplo@example.org' }
 */
export function parseMailbox(typed: string): { address: string; key: string } | undefined {
  const address = typed.normalize('NFKC').trim();
  // Spaces, controls, invisible format characters (a right-to-left override, a zero-width joiner),
  // unpaired surrogates, unassigned code points and the replacement character of a broken encoding
  // belong in no address anyone reads.
  if (address.length > LIMITS.email || /[\p{C}\p{Z}\uFFFD]/u.test(address)) return undefined;
  const parsed = addresses.parseOneAddress({ input: address, rfc6532: true, rejectTLD: true });
  if (parsed?.type !== 'mailbox' || parsed.name !== null || parsed.parts.comments.length > 0) return undefined;
  // The parser accepts `<a@b.it>` and folding white space around the parts: only the bare address is.
  if (parsed.address !== address) return undefined;
  const { local, domain } = parsed;
  if (local.startsWith('"') || domain.startsWith('[') || local.length > 64) return undefined;
  // A host name, as the mail server will look it up: its ASCII (IDNA) form, which also refuses
  // empty labels and characters no host name has.
  const host = domainToASCII(domain);
  if (!host?.includes('.') || host.length > 253 || host.split('.').some((label) => label.length > 63 || label.startsWith('-') || label.endsWith('-'))) return undefined;
  return { address, key: mailboxKey(local, host) };
}

/**
 * The key that "one registration per mailbox" compares: NFKC, then the domain in lower-case ASCII,
 * and — Praxis's policy, as nearly every mail provider treats it — the local part case-folded too
 * (`Ana@X.it` and `ana@x.it` are one mailbox, one seat). Folding goes through upper case so that
 * letters with a two-letter upper case fold alike (`ß` and `SS`).
 */
function mailboxKey(local: string, asciiHost: string): string {
  const folded = local.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
  return `${folded}@${asciiHost.toLowerCase()}`;
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
  for (const field of Object.keys(source)) {
    // A JSON body's `constructor` (its `__proto__` never gets this far): named as the form parser names it.
    if (FORBIDDEN_KEYS.has(field)) errors.push({ field: 'body', code: 'body.forbidden-key' });
    else if (!known.has(field)) errors.push({ field, code: 'body.unknown-field' });
  }

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
      // A role or a time zone is picked, never typed: one too long is simply not one of them.
      errors.push({ field, code: field === 'role' || field === 'timeZone' ? `${field}.invalid` : `${field}.too-long` });
      return null;
    }
    // Control characters have no place in a name or a note; they are how header injection starts.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value) || (field !== 'accessibilityNeeds' && /[\r\n]/.test(value))) {
      errors.push({ field, code: `${field}.invalid` });
      return null;
    }
    return value;
  };

  const name = text('name', true);
  const typedEmail = text('email', true);
  const mailbox = typedEmail ? parseMailbox(typedEmail) : undefined;
  if (typedEmail && !mailbox) errors.push({ field: 'email', code: 'email.invalid' });
  const email = mailbox?.address ?? null;
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

  if (errors.length > 0 || !name || !email || !mailbox || !region || !isLanguage(language)) return { locale, honeypot, formToken, errors };
  return {
    locale,
    honeypot,
    formToken,
    errors,
    input: {
      name,
      email,
      emailKey: mailbox.key,
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
