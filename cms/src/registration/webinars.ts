import type { Core } from '@strapi/strapi';
import type { Language } from '@praxis/contract/registration';

export const WEBINAR = 'api::webinar.webinar';

/** What registration needs of a published webinar, in one language. */
export interface Webinar {
  documentId: string;
  key: string;
  title: string;
  start: Date;
  end: Date;
  timeZone: string;
  platform: string | null;
  joinLink: string | null;
  contactEmail: string | null;
  /** No capacity: no limit. */
  capacity: number | null;
  waitingList: boolean;
  registrationOpens: Date | null;
  registrationCloses: Date | null;
  retainRegistrationsUntil: Date | null;
  accreditationBody: string | null;
  accreditationCredits: number | null;
  /** Only when asked for (`withOrganisation`): otherwise null. */
  organisationRowId: number | null;
}

/**
 * Whether `key` can be a webinar's key at all (the key attribute's own pattern and length). Checked
 * before any database work, so an arbitrary path never reaches a query or a rate-limit bucket.
 */
export const isWebinarKey = (key: string) => key.length <= 80 && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(key);

const toDate = (value: unknown) => (value ? new Date(value as string) : null);

type FindOptions = { withOrganisation?: boolean };

/** The published rows of one webinar document (or of the key's), in one shape, in `language` when it has that version. */
async function publishedWebinar(
  strapi: Core.Strapi,
  where: Record<string, unknown>,
  language: Language,
  { withOrganisation = false }: FindOptions,
): Promise<Webinar | undefined> {
  // The organisation costs a second query: only the organisers' routes need it.
  const populate = withOrganisation ? { organisation: { select: ['id'] } } : undefined;
  const rows = (await strapi.db.query(WEBINAR).findMany({ where: { ...where, publishedAt: { $notNull: true } }, populate })) as Array<Record<string, any>>;
  const row = rows.find((candidate) => candidate.locale === language) ?? rows.find((candidate) => candidate.locale === 'it') ?? rows[0];
  if (!row) return undefined;
  return {
    documentId: row.documentId,
    key: row.key,
    title: row.title,
    start: new Date(row.start),
    end: new Date(row.end),
    timeZone: row.timeZone,
    platform: row.platform ?? null,
    joinLink: row.joinLink ?? null,
    contactEmail: row.contactEmail ?? null,
    capacity: row.capacity ?? null,
    waitingList: row.waitingList !== false,
    registrationOpens: toDate(row.registrationOpens),
    registrationCloses: toDate(row.registrationCloses),
    retainRegistrationsUntil: toDate(row.retainRegistrationsUntil),
    accreditationBody: row.accreditationBody ?? null,
    accreditationCredits: row.accreditationCredits === null || row.accreditationCredits === undefined ? null : Number(row.accreditationCredits),
    organisationRowId: row.organisation?.id ?? null,
  };
}

/**
 * The published webinar with this key, in `language` when it has that version, otherwise in
 * Italian or whichever version exists; undefined when it is not published. The key is how the
 * public addresses a webinar (its registration URL); it is unique across every locale
 * (`keys.ts`), but editable: registrations hold the document id, never the key.
 */
export function findWebinar(strapi: Core.Strapi, key: string, language: Language = 'it', options: FindOptions = {}): Promise<Webinar | undefined> {
  return publishedWebinar(strapi, { key }, language, options);
}

/** The published webinar of this document (what a registration belongs to), as `findWebinar`. */
export function findWebinarByDocument(
  strapi: Core.Strapi,
  documentId: string,
  language: Language = 'it',
  options: FindOptions = {},
): Promise<Webinar | undefined> {
  return publishedWebinar(strapi, { documentId }, language, options);
}

export type Availability = 'open' | 'not-yet-open' | 'closed';

/** Whether the webinar takes registrations now: its window, and never once it has started. */
export function availability(webinar: Pick<Webinar, 'registrationOpens' | 'registrationCloses' | 'start'>, now = new Date()): Availability {
  if (webinar.registrationOpens && now < webinar.registrationOpens) return 'not-yet-open';
  if ((webinar.registrationCloses && now > webinar.registrationCloses) || now >= webinar.start) return 'closed';
  return 'open';
}
