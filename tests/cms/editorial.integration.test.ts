import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCms, freePort, testDatabase, type TestCms } from '../support/cms.ts';

const PRACTICES = '/content-manager/collection-types/api::good-practice.good-practice';
const ORGANISATIONS = '/content-manager/collection-types/api::organisation.organisation';

/** The partner's organisation and another one, both in the seed content. */
const OWN = 'umar';
const OTHER = 'mossos-esquadra';
/** A good practice of the other organisation, in the seed content. */
const OTHERS_PRACTICE = 'asit-catalonia-protocols';
const PARTNER_EMAIL = 'partner@umar.example';

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
  let coordinator: string;
  let webhooks: Server;
  const deliveries: Delivery[] = [];
  const ids: Record<string, string> = {};

  const practice = (title: string, organisation: string, locale: string) => ({
    key: title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    title,
    slug: title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    summary: 'Una pratica di esempio scritta dai test.',
    theme: 'prevention',
    translationStatus: 'original',
    organisation: { connect: [{ documentId: ids[organisation], locale }] },
  });

  beforeAll(async () => {
    const port = await freePort();
    webhooks = await listenForWebhooks(port, deliveries);
    cms = await createTestCms({ env: { PRAXIS_PUBLISH_WEBHOOK_URL: `http://127.0.0.1:${port}/cms-events` } });
    const seeded = await cms.seed();
    expect(seeded.code, seeded.output).toBe(0);
    await cms.start();

    for (const [uid, key] of [
      ['api::organisation.organisation', OWN],
      ['api::organisation.organisation', OTHER],
      ['api::good-practice.good-practice', OTHERS_PRACTICE],
    ] as const) {
      const found = await cms.admin(`/content-manager/collection-types/${uid}?filters[key][$eq]=${key}&locale=it`);
      ids[key] = found.body.results[0].documentId;
    }
    // A coordinator names the partner as an editor of UMAR, which works in Portuguese and Italian.
    const updated = await cms.admin(`${ORGANISATIONS}/${ids[OWN]}?locale=it`, { method: 'PUT', body: { editorEmails: [PARTNER_EMAIL], locales: ['pt', 'it'] } });
    expect(updated.status).toBe(200);
    partner = await cms.createAdminUser(PARTNER_EMAIL, 'praxis-partner-editor');
    coordinator = await cms.createAdminUser('coordinator@praxis.example', 'praxis-coordinator');
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
    ];
    for (const attempt of await Promise.all(attempts)) expect(attempt.status).toBe(403);
    const after = await cms.admin(`${PRACTICES}/${ids[OTHERS_PRACTICE]}?locale=it`);
    expect(after.body.data.title).toBe(before.body.data.title);
    const published = await fetch(`${cms.url}/api/good-practices/${ids[OTHERS_PRACTICE]}?locale=it`);
    expect(published.status).toBe(200);
  });

  it('refuses a partner editor a translation of their own content into a language their organisation does not work in', async () => {
    const translated = await cms.admin(`${PRACTICES}/${ids.own}?locale=ro`, { method: 'PUT', token: partner, body: { ...practice('Practica proprie', OWN, 'ro'), key: undefined } });
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

    await expect.poll(() => deliveries.find((delivery) => delivery.body.event === 'entry.publish' && delivery.body.entry.documentId === ids.own), { timeout: 10_000 }).toBeDefined();
    const delivery = deliveries.find((candidate) => candidate.body.entry.documentId === ids.own)!;
    expect(delivery.body.model).toBe('good-practice');
    expect(delivery.headers['x-praxis-webhook-secret']).toBe(cms.env.PRAXIS_WEBHOOK_SECRET);
  });

  it('shows each version’s translation status in the admin lists', async () => {
    const configuration = await cms.admin(`/content-manager/content-types/api::good-practice.good-practice/configuration`);
    expect(configuration.body.data.contentType.layouts.list).toContain('translationStatus');
  });

  it('publishes a spot video only once it can play', async () => {
    const created = await cms.admin('/content-manager/collection-types/api::spot-video.spot-video?locale=it', {
      method: 'POST',
      token: coordinator,
      body: { key: 'spot-senza-video', title: 'Spot senza video', slug: 'spot-senza-video', translationStatus: 'original' },
    });
    expect(created.status).toBe(201);
    const documentId = created.body.data.documentId as string;
    const refused = await cms.admin(`/content-manager/collection-types/api::spot-video.spot-video/${documentId}/actions/publish?locale=it`, { method: 'POST', token: coordinator, body: {} });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('A spot video needs a Mux playback ID or an uploaded video file before it can be published.');
    await cms.admin(`/content-manager/collection-types/api::spot-video.spot-video/${documentId}?locale=it`, { method: 'PUT', token: coordinator, body: { muxPlaybackId: 'EXAMPLEplaybackId01' } });
    const published = await cms.admin(`/content-manager/collection-types/api::spot-video.spot-video/${documentId}/actions/publish?locale=it`, { method: 'POST', token: coordinator, body: {} });
    expect(published.status).toBe(200);
  });
});
