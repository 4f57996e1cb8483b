/** Example webinars created through the admin API, as an organiser would. */
import { CONSENT_VERSION } from '@praxis/contract/registration';
import type { TestCms } from './cms.ts';

export interface ExampleWebinar {
  key: string;
  documentId: string;
}

/**
 * Creates and publishes an example webinar (Italian, plus the given translations). Every value is
 * an example: the join link is under the reserved .example domain.
 */
export async function createWebinar(
  cms: TestCms,
  key: string,
  fields: Record<string, unknown> = {},
  translations: Record<string, { title: string }> = {},
): Promise<ExampleWebinar> {
  // On a whole minute, as organisers set them.
  const start = new Date(Math.ceil((Date.now() + 7 * 86_400_000) / 60_000) * 60_000);
  const body = {
    key,
    title: `Webinar di esempio ${key}`,
    slug: `webinar-di-esempio-${key}`,
    summary: 'Un webinar di esempio creato dai test.',
    start: start.toISOString(),
    end: new Date(start.getTime() + 2 * 3_600_000).toISOString(),
    timeZone: 'Europe/Rome',
    languages: ['it'],
    audience: ['social-workers'],
    platform: 'Example Meet',
    joinLink: `https://meet.example.org/${key}`,
    capacity: null,
    waitingList: true,
    translationStatus: 'original',
    ...fields,
  };
  const webinars = cms.entries('api::webinar.webinar');
  const created = await webinars.create(body);
  if (created.status !== 201) throw new Error(`creating webinar ${key}: ${created.status} ${JSON.stringify(created.body)}`);
  const documentId = created.body.data.documentId as string;
  for (const [locale, translation] of Object.entries(translations)) {
    const localized = await webinars.update(
      documentId,
      { ...body, title: translation.title, slug: `${locale}-${body.slug}`, translationStatus: 'translated' },
      { locale },
    );
    if (localized.status !== 200) throw new Error(`translating webinar ${key} into ${locale}: ${localized.status} ${JSON.stringify(localized.body)}`);
  }
  for (const locale of ['it', ...Object.keys(translations)]) {
    const published = await webinars.publish(documentId, {}, { locale });
    if (published.status !== 200) throw new Error(`publishing webinar ${key} (${locale}): ${published.status} ${JSON.stringify(published.body)}`);
  }
  return { key, documentId };
}

/** Changes a webinar's fields (every language shares them) and publishes it again. */
export async function updateWebinar(cms: TestCms, webinar: ExampleWebinar, fields: Record<string, unknown>): Promise<void> {
  const webinars = cms.entries('api::webinar.webinar');
  const updated = await webinars.update(webinar.documentId, fields);
  if (updated.status !== 200) throw new Error(`updating webinar ${webinar.key}: ${updated.status} ${JSON.stringify(updated.body)}`);
  const published = await webinars.publish(webinar.documentId);
  if (published.status !== 200) throw new Error(`publishing webinar ${webinar.key}: ${published.status}`);
}

/** A valid registration body; override what a test is about. */
export function registrationBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Persona di Esempio',
    email: 'persona@example.org',
    organisation: 'Organizzazione di esempio',
    role: 'social-worker',
    region: 'Toscana',
    language: 'it',
    locale: 'it',
    consent: true,
    consentVersion: CONSENT_VERSION,
    ...overrides,
  };
}
