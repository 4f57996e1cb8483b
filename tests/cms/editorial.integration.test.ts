import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSummaryPdf } from '../../scripts/local/pdf.ts';
import { entriesPath, freePort, testDatabase, type TestCms } from '../../scripts/local/throwaway/cms.ts';
import { EDITORIAL, examplePractice, startEditorialCms } from '../support/cms.ts';

const PRACTICES = entriesPath('api::good-practice.good-practice');
const ORGANISATIONS = entriesPath('api::organisation.organisation');

/** The partner's organisation and another one, a good practice of the other, both in the seed content. */
const { own: OWN, other: OTHER, othersPractice: OTHERS_PRACTICE, partnerEmail: PARTNER_EMAIL } = EDITORIAL;
const PARTNER_PASSWORD = 'Example-partner-password-1A';

interface Delivery {
  headers: IncomingHttpHeaders;
  body: { event: string; model: string; entry: { documentId: string } };
}

function listenForWebhooks(port: number, deliveries: Delivery[]): Promise<Server> {
  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      deliveries.push({ headers: request.headers, body: JSON.parse(raw) });
      response.end('ok');
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

describe(`the editorial workflow on ${testDatabase}`, () => {
  let cms: TestCms;
  let partner: string;
  let otherPartner: string;
  let coordinator: string;
  let webhooks: Server;
  const deliveries: Delivery[] = [];
  const ids: Record<string, string> = {};

  /** A practice of the seed's organisation with the key `organisation`. */
  const practice = (title: string, organisation: string, locale: string) => examplePractice(title, ids[organisation]!, locale);

  beforeAll(async () => {
    const port = await freePort();
    webhooks = await listenForWebhooks(port, deliveries);
    // A coordinator names the partner as an editor of UMAR, which works in Portuguese and Italian.
    const cast = await startEditorialCms({ env: { PRAXIS_PUBLISH_WEBHOOK_URL: `http://127.0.0.1:${port}/cms-events` } }, { partnerPassword: PARTNER_PASSWORD });
    ({ cms, coordinator, partner, otherPartner } = cast);
    Object.assign(ids, cast.ids);
  });

  afterAll(async () => {
    await cms?.destroy();
    webhooks?.close();
  });

  it('lets a partner editor create a draft for their own organisation, in one of its languages', async () => {
    const created = await cms.admin(`${PRACTICES}?locale=pt`, { method: 'POST', token: partner, body: practice('Pratica propria', OWN, 'pt') });
    expect(created.status).toBe(201);
    expect(created.body.data.publishedAt).toBeNull();
    ids.own = created.body.data.documentId;
  });

  it('refuses a partner editor content for another organisation', async () => {
    const created = await cms.admin(`${PRACTICES}?locale=pt`, { method: 'POST', token: partner, body: practice('Pratica altrui', OTHER, 'pt') });
    expect(created.status).toBe(403);
    const found = await cms.admin(`${PRACTICES}?locale=pt&filters[key][$eq]=pratica-altrui`);
    expect(found.body.results).toEqual([]);
  });

  it('refuses a partner editor a language their organisation does not work in', async () => {
    const created = await cms.admin(`${PRACTICES}?locale=lt`, { method: 'POST', token: partner, body: practice('Pratica lituana', OWN, 'lt') });
    expect(created.status).toBe(403);
    expect(created.body.error.message).toMatch(/does not work in the locale "lt": you can write in pt, it/);
  });

  it('refuses a partner editor every write to another organisation’s content', async () => {
    const before = await cms.admin(`${PRACTICES}/${ids[OTHERS_PRACTICE]}?locale=it`);
    const attempts = [
      cms.admin(`${PRACTICES}/${ids[OTHERS_PRACTICE]}?locale=it`, { method: 'PUT', token: partner, body: { title: 'Cambiato da un altro partner' } }),
      cms.admin(`${PRACTICES}/${ids[OTHERS_PRACTICE]}?locale=pt`, { method: 'PUT', token: partner, body: { title: 'Mudado por outro parceiro' } }),
      cms.admin(`${PRACTICES}/${ids[OTHERS_PRACTICE]}?locale=it`, { method: 'DELETE', token: partner }),
      cms.admin(`${PRACTICES}/${ids[OTHERS_PRACTICE]}/actions/unpublish?locale=it`, { method: 'POST', token: partner, body: {} }),
      cms.admin(`${PRACTICES}/${ids[OTHERS_PRACTICE]}/actions/discard?locale=it`, { method: 'POST', token: partner, body: {} }),
      cms.admin(`${PRACTICES}/actions/bulkDelete?locale=it`, { method: 'POST', token: partner, body: { documentIds: [ids[OTHERS_PRACTICE]] } }),
      cms.admin(`${PRACTICES}/actions/bulkUnpublish?locale=it`, { method: 'POST', token: partner, body: { documentIds: [ids[OTHERS_PRACTICE]] } }),
      cms.admin(`${PRACTICES}/clone/${ids[OTHERS_PRACTICE]}?locale=it`, {
        method: 'POST',
        token: partner,
        body: { title: 'Copia altrui', slug: 'copia-altrui' },
      }),
    ];
    for (const attempt of await Promise.all(attempts)) expect(attempt.status).toBe(403);
    const after = await cms.admin(`${PRACTICES}/${ids[OTHERS_PRACTICE]}?locale=it`);
    expect(after.body.data.title).toBe(before.body.data.title);
    const published = await fetch(`${cms.url}/api/good-practices/${ids[OTHERS_PRACTICE]}?locale=it`);
    expect(published.status).toBe(200);
  });

  it('refuses a partner editor a translation of their own content into a language their organisation does not work in', async () => {
    const translated = await cms.admin(`${PRACTICES}/${ids.own}?locale=ro`, {
      method: 'PUT',
      token: partner,
      body: { ...practice('Practica proprie', OWN, 'ro'), key: undefined },
    });
    expect(translated.status).toBe(403);
    expect(translated.body.error.message).toMatch(/does not work in the locale "ro"/);
  });

  it('refuses a partner editor moving their own content to another organisation', async () => {
    const moved = await cms.admin(`${PRACTICES}/${ids.own}?locale=pt`, {
      method: 'PUT',
      token: partner,
      body: { organisation: { connect: [{ documentId: ids[OTHER], locale: 'pt' }], disconnect: [{ documentId: ids[OWN], locale: 'pt' }] } },
    });
    expect(moved.status).toBe(403);
    expect(moved.body.error.message).toBe('Choose your own organisation: partner editors write only for the organisation they belong to.');
  });

  it('never lets a partner editor publish, even their own draft', async () => {
    const published = await cms.admin(`${PRACTICES}/${ids.own}/actions/publish?locale=pt`, { method: 'POST', token: partner, body: {} });
    // Refused by the role (no publish permission) before the guard, which refuses it too.
    expect(published.status).toBe(403);
    const list = await fetch(`${cms.url}/api/good-practices?locale=pt&pagination[pageSize]=100`);
    expect(((await list.json()) as { data: Array<{ documentId: string }> }).data.map((item) => item.documentId)).not.toContain(ids.own);
  });

  it('lets a coordinator publish it, which reaches the public API and the publisher’s webhook', async () => {
    const published = await cms.admin(`${PRACTICES}/${ids.own}/actions/publish?locale=pt`, { method: 'POST', token: coordinator, body: {} });
    expect(published.status).toBe(200);
    const list = await fetch(`${cms.url}/api/good-practices?locale=pt&pagination[pageSize]=100`);
    expect(((await list.json()) as { data: Array<{ documentId: string }> }).data.map((item) => item.documentId)).toContain(ids.own);

    await expect
      .poll(() => deliveries.find((delivery) => delivery.body.event === 'entry.publish' && delivery.body.entry.documentId === ids.own), { timeout: 10_000 })
      .toBeDefined();
    const delivery = deliveries.find((candidate) => candidate.body.entry.documentId === ids.own)!;
    expect(delivery.body.model).toBe('good-practice');
    expect(delivery.headers['x-praxis-webhook-secret']).toBe(cms.env.PRAXIS_WEBHOOK_SECRET);
  });

  it('shows each version’s translation status in the admin lists', async () => {
    const configuration = await cms.admin(`/content-manager/content-types/api::good-practice.good-practice/configuration`);
    expect(configuration.body.data.contentType.layouts.list).toContain('translationStatus');
  });

  it('publishes a spot video only once it can play', async () => {
    const created = await cms.admin(`${entriesPath('api::spot-video.spot-video')}?locale=it`, {
      method: 'POST',
      token: coordinator,
      body: { key: 'spot-senza-video', title: 'Spot senza video', slug: 'spot-senza-video', translationStatus: 'original' },
    });
    expect(created.status).toBe(201);
    const documentId = created.body.data.documentId as string;
    const refused = await cms.admin(`${entriesPath('api::spot-video.spot-video')}/${documentId}/actions/publish?locale=it`, {
      method: 'POST',
      token: coordinator,
      body: {},
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('A spot video needs a Mux playback ID or an uploaded video file before it can be published.');
    await cms.admin(`${entriesPath('api::spot-video.spot-video')}/${documentId}?locale=it`, {
      method: 'PUT',
      token: coordinator,
      body: { muxPlaybackId: 'EXAMPLEplaybackId01' },
    });
    const published = await cms.admin(`${entriesPath('api::spot-video.spot-video')}/${documentId}/actions/publish?locale=it`, {
      method: 'POST',
      token: coordinator,
      body: {},
    });
    expect(published.status).toBe(200);
  });
  describe('a partner of one organisation against everything of another', () => {
    const otherFiles: Record<string, number> = {};
    let ownFile: number;
    let otherRowId: number;
    let ownRowId: number;

    async function uploadAs(token: string, name: string, type: string, bytes: Buffer, path = '/upload'): Promise<{ status: number; body: any }> {
      const form = new FormData();
      form.append('files', new Blob([new Uint8Array(bytes)], { type }), name);
      const response = await fetch(`${cms.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      return { status: response.status, body: await response.json() };
    }

    /** A file's row as a coordinator sees it, and its bytes as the CMS serves them. */
    async function fileState(id: number): Promise<{ row: Record<string, unknown>; bytes: string }> {
      const found = await cms.admin(`/upload/files/${id}`);
      expect(found.status).toBe(200);
      const { name, caption, alternativeText, hash, url, size, mime, folderPath } = found.body;
      const bytes = Buffer.from(await (await fetch(`${cms.url}${url}`)).arrayBuffer()).toString('base64');
      return { row: { name, caption, alternativeText, hash, url, size, mime, folderPath }, bytes };
    }

    beforeAll(async () => {
      const { bytes } = await renderSummaryPdf({ title: 'Esempio', paragraphs: ['Un file di esempio.'], lang: 'it-IT', footer: 'Praxis' });
      for (const name of ['altrui-uno.pdf', 'altrui-due.pdf']) {
        const uploaded = await uploadAs(otherPartner, name, 'application/pdf', bytes);
        expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
        otherFiles[name] = uploaded.body[0].id;
      }
      const own = await uploadAs(partner, 'proprio.pdf', 'application/pdf', bytes);
      expect(own.status, JSON.stringify(own.body)).toBe(201);
      ownFile = own.body[0].id;
      const rows = await cms.admin(`${ORGANISATIONS}?locale=it&pageSize=100`);
      const byKey = (key: string) => (rows.body.results as Array<{ id: number; key: string }>).find((row) => row.key === key)!.id;
      otherRowId = byKey(OTHER);
      ownRowId = byKey(OWN);
    });

    it('lists and opens only their organisation’s files in the media library', async () => {
      const listed = await cms.admin('/upload/files?pageSize=100', { token: partner });
      expect(listed.status).toBe(200);
      expect((listed.body.results as Array<{ id: number }>).map((file) => file.id)).toEqual([ownFile]);
      expect((await cms.admin(`/upload/files/${otherFiles['altrui-uno.pdf']}`, { token: partner })).status).toBe(403);
      const theirs = await cms.admin('/upload/files?pageSize=100', { token: otherPartner });
      expect((theirs.body.results as Array<{ id: number }>).map((file) => file.id).sort()).toEqual(Object.values(otherFiles).sort());
    });

    it('changes, replaces, moves and deletes none of another organisation’s files, by any route', async () => {
      const target = otherFiles['altrui-uno.pdf']!;
      const before = await Promise.all(Object.values(otherFiles).map(fileState));
      const html = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');
      const { bytes: pdf } = await renderSummaryPdf({ title: 'Sostituto', paragraphs: ['Un altro file.'], lang: 'it-IT', footer: 'Praxis' });
      const attempts: Array<[string, Promise<{ status: number }>]> = [
        ['PUT /upload/files/:id', cms.admin(`/upload/files/${target}`, { method: 'PUT', token: partner, body: { name: 'cambiato.pdf', caption: 'cambiato' } })],
        ['POST /upload?id= (info)', cms.admin(`/upload?id=${target}`, { method: 'POST', token: partner, body: { fileInfo: { name: 'cambiato.pdf' } } })],
        ['POST /upload?id= (file)', uploadAs(partner, 'sostituto.pdf', 'application/pdf', pdf, `/upload?id=${target}`)],
        ['POST /upload/files/:id/replace', uploadAs(partner, 'sostituto.pdf', 'application/pdf', pdf, `/upload/files/${target}/replace`)],
        ['POST /upload/files/:id/replace (HTML as PNG)', uploadAs(partner, 'immagine.png', 'image/png', html, `/upload/files/${target}/replace`)],
        ['DELETE /upload/files/:id', cms.admin(`/upload/files/${target}`, { method: 'DELETE', token: partner })],
        [
          'POST /upload/actions/bulk-update',
          cms.admin('/upload/actions/bulk-update', {
            method: 'POST',
            token: partner,
            body: {
              updates: [
                { id: ownFile, fileInfo: { caption: 'mio' } },
                { id: target, fileInfo: { caption: 'cambiato' } },
              ],
            },
          }),
        ],
        [
          'POST /upload/actions/bulk-delete',
          cms.admin('/upload/actions/bulk-delete', { method: 'POST', token: partner, body: { fileIds: Object.values(otherFiles), folderIds: [] } }),
        ],
        [
          'POST /upload/actions/bulk-move',
          cms.admin('/upload/actions/bulk-move', { method: 'POST', token: partner, body: { fileIds: [target], folderIds: [], destinationFolderId: null } }),
        ],
        ['POST /upload/folders', cms.admin('/upload/folders', { method: 'POST', token: partner, body: { name: 'Cartella', parent: null } })],
        ['POST /upload/ai-metadata-jobs', cms.admin('/upload/ai-metadata-jobs', { method: 'POST', token: partner, body: {} })],
        [
          'POST /upload/actions/upload-from-urls',
          cms.admin('/upload/actions/upload-from-urls', { method: 'POST', token: partner, body: { urls: [`${cms.url}/admin`] } }),
        ],
      ];
      for (const [route, attempt] of attempts) expect([route, (await attempt).status]).toEqual([route, 403]);
      expect(await Promise.all(Object.values(otherFiles).map(fileState))).toEqual(before);
      // The bulk update was refused whole: not even the partner's own file changed.
      expect((await cms.admin(`/upload/files/${ownFile}`)).body.caption).not.toBe('mio');
    });

    it('still lets a partner change their own file, and checks a replacement as it checks an upload', async () => {
      const renamed = await cms.admin(`/upload/files/${ownFile}`, { method: 'PUT', token: partner, body: { caption: 'Didascalia di esempio' } });
      expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
      const before = await fileState(ownFile);
      const html = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');
      const replaced = await uploadAs(partner, 'immagine.png', 'image/png', html, `/upload/files/${ownFile}/replace`);
      expect(replaced.status).toBe(400);
      expect(replaced.body.error.message).toBe('immagine.png is not a valid image/png file: its content is of another type.');
      expect(await fileState(ownFile)).toEqual(before);
    });

    it('refuses moving content to another organisation however the relation is written', async () => {
      const forms = {
        'connect by row id': { connect: [{ id: otherRowId }] },
        'set by row id': { set: [{ id: otherRowId }] },
        'a bare row id': otherRowId,
        'a row id as text': String(otherRowId),
        'a list of row ids': [otherRowId],
        'connect at a position': { connect: [{ documentId: ids[OTHER], locale: 'pt', position: { end: true } }] },
        'set by document id': { set: [{ documentId: ids[OTHER], locale: 'pt' }] },
        'own and other at once': { connect: [{ documentId: ids[OWN], locale: 'pt' }, { id: otherRowId }] },
        'disconnect own, connect nothing': { disconnect: [{ documentId: ids[OWN], locale: 'pt' }] },
        null: null,
      };
      const path = `${PRACTICES}/${ids.own}?locale=pt`;
      const before = await cms.admin(path);
      for (const [form, organisation] of Object.entries(forms)) {
        const moved = await cms.admin(path, { method: 'PUT', token: partner, body: { organisation } });
        expect([form, moved.status]).toEqual([form, 403]);
        const created = await cms.admin(`${PRACTICES}?locale=pt`, {
          method: 'POST',
          token: partner,
          body: { ...practice(`Pratica ${form}`, OWN, 'pt'), organisation },
        });
        expect([form, created.status]).toEqual([form, 403]);
      }
      const after = await cms.admin(path);
      expect(after.body.data.organisation).toEqual(before.body.data.organisation);
      const strays = await cms.admin(`${PRACTICES}?locale=pt&pageSize=100&filters[title][$startsWith]=Pratica%20`);
      expect((strays.body.results as Array<{ title: string }>).map((row) => row.title)).toEqual(['Pratica propria']);
    });

    it('links a one-organisation item to one organisation, whoever writes it', async () => {
      const twice = { connect: [{ documentId: ids[OWN], locale: 'pt' }, { id: otherRowId }] };
      const created = await cms.admin(`${PRACTICES}?locale=pt`, {
        method: 'POST',
        token: coordinator,
        body: { ...practice('Pratica doppia', OWN, 'pt'), organisation: twice },
      });
      expect(created.status).toBe(403);
      expect(created.body.error.message).toBe('"organisation" holds one entry: name only one.');
      // The same organisation named twice, by document and by row, is one organisation.
      const same = { connect: [{ documentId: ids[OWN], locale: 'it' }, { id: ownRowId }] };
      const once = await cms.admin(`${PRACTICES}?locale=it`, {
        method: 'POST',
        token: coordinator,
        body: { ...practice('Pratica singola', OWN, 'it'), organisation: same },
      });
      expect(once.status, JSON.stringify(once.body)).toBe(201);
    });

    it('shows partners no organisation’s editors and no webinar’s join link', async () => {
      const organisation = await cms.admin(`${ORGANISATIONS}/${ids[OTHER]}?locale=it`, { token: partner });
      expect(organisation.status).toBe(200);
      expect(organisation.body.data).not.toHaveProperty('editors');
      const webinars = await cms.admin(`${entriesPath('api::webinar.webinar')}?locale=it&pageSize=100`, { token: partner });
      expect(webinars.status).toBe(200);
      expect(webinars.body.results.length).toBeGreaterThan(0);
      expect(JSON.stringify(webinars.body)).not.toMatch(/joinLink|meet\.example\.org/);
      // Nor can they ask the admin's lists by it: the answer is refused or the same whatever the guess.
      const guess = async (text: string) => {
        const listed = await cms.admin(`${entriesPath('api::webinar.webinar')}?locale=it&pageSize=100&filters[joinLink][$contains]=${text}`, {
          token: partner,
        });
        return listed.status === 200 ? listed.body.results.length : listed.status;
      };
      expect(await guess('meet.example.org')).toBe(await guess('not-a-join-link'));
      // The coordinator sees both, and picks editors among the admin accounts.
      expect((await cms.admin(`${ORGANISATIONS}/${ids[OTHER]}?locale=it`, { token: coordinator })).body.data).toHaveProperty('editors');
      const picker = await cms.admin(`/content-manager/relations/api::organisation.organisation/editors?locale=it&pageSize=50`, { token: coordinator });
      expect(picker.status, JSON.stringify(picker.body)).toBe(200);
      expect(picker.body.results.length).toBeGreaterThanOrEqual(3);
    });

    it('needs the current password to change one’s own e-mail address, and membership does not follow the address', async () => {
      const refused = await cms.admin('/admin/users/me', { method: 'PUT', token: partner, body: { email: 'nuovo@umar.example' } });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe('To change your e-mail address, give your current password.');
      const wrong = await cms.admin('/admin/users/me', {
        method: 'PUT',
        token: partner,
        body: { email: 'nuovo@umar.example', currentPassword: 'Not-the-password-1A' },
      });
      expect(wrong.status).toBe(403);
      expect((await cms.admin('/admin/users/me', { token: partner })).body.data.email).toBe(PARTNER_EMAIL);

      const changed = await cms.admin('/admin/users/me', {
        method: 'PUT',
        token: partner,
        body: { email: 'nuovo@umar.example', currentPassword: PARTNER_PASSWORD },
      });
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
      // Still UMAR's editor under the new address, and still nobody else's.
      const edited = await cms.admin(`${PRACTICES}/${ids.own}?locale=pt`, {
        method: 'PUT',
        token: partner,
        body: { summary: 'Uma prática de exemplo, revista.' },
      });
      expect(edited.status).toBe(200);
      const others = await cms.admin(`${PRACTICES}/${ids[OTHERS_PRACTICE]}?locale=it`, { method: 'PUT', token: partner, body: { title: 'Cambiato' } });
      expect(others.status).toBe(403);
    });
  });
});
