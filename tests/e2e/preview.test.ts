import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPreview } from '@praxis/contract/preview-token';
import type { TestCms } from '../../scripts/local/throwaway/cms.ts';
import type { TestSite } from '../../scripts/local/throwaway/site.ts';
import { previewPortal, type PreviewPortal } from '../support/live-portal.ts';

const REPORTS = 'api::workshop-report.workshop-report';
const RESOURCES = 'api::resource.resource';

/** Drafts edited in the admin and not published: what each preview must show, by type and locale. */
const DRAFTS = [
  {
    uid: REPORTS,
    key: 'asit-report-barcelona',
    locale: 'lt',
    field: 'summary',
    text: 'Juodraštis: Barselonos seminaro išvados, dar nepaskelbtos.',
    notice: 'Peržiūra.',
    lang: 'lt-LT',
  },
  {
    uid: REPORTS,
    key: 'asit-report-barcelona',
    locale: 'pt',
    field: 'summary',
    text: 'Rascunho: conclusões do seminário de Barcelona, ainda não publicadas.',
    notice: 'Pré-visualização.',
    lang: 'pt-PT',
  },
  {
    uid: RESOURCES,
    key: 'contratto-brochure',
    locale: 'it',
    field: 'summary',
    text: 'Bozza: opuscolo riveduto, non ancora pubblicato.',
    notice: 'Anteprima.',
    lang: 'it-IT',
  },
  {
    uid: RESOURCES,
    key: 'contratto-brochure',
    locale: 'ro',
    field: 'summary',
    text: 'Ciornă: broșură revizuită, încă nepublicată.',
    notice: 'Previzualizare.',
    lang: 'ro-RO',
  },
] as const;

describe('a draft previewed on the site’s origin with the site’s own pages', () => {
  let portal: PreviewPortal;
  let cms: TestCms;
  let site: TestSite;
  const documents = new Map<string, string>();

  beforeAll(async () => {
    portal = await previewPortal({
      prepare: async (started) => {
        for (const draft of DRAFTS) {
          const entries = started.entries(draft.uid);
          const { documentId } = await entries.find(draft.key, { locale: draft.locale });
          documents.set(draft.key, documentId);
          // Saved in the admin, not published: the draft differs from what the site serves.
          const saved = await entries.update(documentId, { [draft.field]: draft.text }, { locale: draft.locale });
          expect(saved.status, JSON.stringify(saved.body)).toBe(200);
        }
      },
    });
    ({ cms, site } = portal);
  });

  afterAll(() => portal?.stop());

  /** The address the admin's "Preview" opens for a draft, as the admin asks the CMS for it. */
  async function previewAddress(uid: string, documentId: string, locale: string): Promise<string> {
    const answer = await cms.admin(`/content-manager/preview/url/${uid}?documentId=${documentId}&locale=${locale}&status=draft`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body.data.url as string;
  }

  for (const draft of DRAFTS) {
    it(`shows the unpublished ${draft.uid === REPORTS ? 'workshop report' : 'resource'} in ${draft.locale}, in the site’s layout, marked as a preview`, async () => {
      const address = await previewAddress(draft.uid, documents.get(draft.key)!, draft.locale);
      expect(new URL(address).origin).toBe(site.url);
      expect(new URL(address).pathname).toBe(`/${draft.locale}/preview/`);
      const response = await fetch(address);
      const html = await response.text();
      expect(response.status, html.slice(0, 500)).toBe(200);
      expect(html).toContain(draft.text);
      // The site's layout in the draft's language: its header, its navigation, the page's own language.
      expect(html).toMatch(new RegExp(`<html[^>]*lang="${draft.lang}"`));
      expect(html).toContain('class="site-header"');
      expect(html).toContain('data-preview-notice');
      expect(html).toContain(draft.notice);
      expect(html).toContain('<meta name="robots" content="noindex, nofollow" />');
      expect(response.headers.get('x-robots-tag')).toBe('noindex, nofollow');
      expect(response.headers.get('cache-control')).toBe('no-store');
      // Nothing points at the CMS or at the dev server's own scripts.
      expect(html).not.toContain(cms.url);
      expect(html).not.toMatch(/src="\/@|src="\/site\//);
      // The public API still serves the published text only.
      const published = await fetch(
        `${cms.url}/api/${draft.uid === REPORTS ? 'workshop-reports' : 'resources'}/${documents.get(draft.key)}?locale=${draft.locale}`,
      );
      expect(JSON.stringify(await published.json())).not.toContain(draft.text);
    }, 60_000);
  }

  it('answers a link past its lifetime with an error page in the draft’s language', async () => {
    const token = signPreview(
      { uid: REPORTS, documentId: documents.get('asit-report-barcelona')!, locale: 'lt', status: 'draft' },
      cms.env.PRAXIS_PREVIEW_SECRET!,
      { now: Date.now() - 3_600_000 },
    );
    const response = await fetch(`${site.url}/lt/preview/?token=${token}`);
    const html = await response.text();
    expect(response.status).toBe(410);
    expect(html).toContain('Peržiūros nuoroda nebegalioja');
    expect(html).not.toContain(DRAFTS[0].text);
  }, 60_000);

  it('answers a forged link, or a good one moved under another language, with an error page in the language of its address', async () => {
    const forged = signPreview({ uid: REPORTS, documentId: documents.get('asit-report-barcelona')!, locale: 'lt', status: 'draft' }, 'not-the-portal-secret');
    const response = await fetch(`${site.url}/lt/preview/?token=${forged}`);
    const html = await response.text();
    expect(response.status).toBe(403);
    expect(html).toContain('Peržiūra negalima');
    expect(html).not.toContain(DRAFTS[0].text);
    const good = signPreview(
      { uid: REPORTS, documentId: documents.get('asit-report-barcelona')!, locale: 'lt', status: 'draft' },
      cms.env.PRAXIS_PREVIEW_SECRET!,
    );
    const moved = await fetch(`${site.url}/ro/preview/?token=${good}`);
    const movedHtml = await moved.text();
    expect(moved.status).toBe(403);
    expect(movedHtml).toContain('Previzualizare indisponibilă');
    expect(movedHtml).not.toContain(DRAFTS[0].text);
  }, 60_000);

  it('never lets a link for one document read another’s draft from the CMS', async () => {
    const token = signPreview(
      { uid: RESOURCES, documentId: documents.get('contratto-brochure')!, locale: 'it', status: 'draft' },
      cms.env.PRAXIS_PREVIEW_SECRET!,
    );
    // The link's own document, in its language: the draft.
    const own = await fetch(`${cms.url}/api/resources/${documents.get('contratto-brochure')}?locale=it`, { headers: { 'x-praxis-preview': token } });
    expect(JSON.stringify(await own.json())).toContain(DRAFTS[2].text);
    // Another language of it, or another document: what is published, never the draft.
    const otherLocale = await fetch(`${cms.url}/api/resources/${documents.get('contratto-brochure')}?locale=ro`, { headers: { 'x-praxis-preview': token } });
    expect(JSON.stringify(await otherLocale.json())).not.toContain(DRAFTS[3].text);
    const otherDocument = await fetch(`${cms.url}/api/workshop-reports/${documents.get('asit-report-barcelona')}?locale=lt`, {
      headers: { 'x-praxis-preview': token },
    });
    expect(JSON.stringify(await otherDocument.json())).not.toContain(DRAFTS[0].text);
    // And the listing of a collection never, whatever the token.
    const listing = await fetch(`${cms.url}/api/resources?locale=it&status=draft`, { headers: { 'x-praxis-preview': token } });
    expect(JSON.stringify(await listing.json())).not.toContain(DRAFTS[2].text);
  }, 60_000);
});
