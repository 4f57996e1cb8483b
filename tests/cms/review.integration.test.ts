import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entriesPath, testDatabase, type TestCms } from '../../scripts/local/throwaway/cms.ts';
import { EDITORIAL, examplePractice, rowCounts, startEditorialCms } from '../support/cms.ts';
import { recipients, startSmtp, type Inbox } from '../support/smtp.ts';

const PRACTICE = 'api::good-practice.good-practice';
const PRACTICES = entriesPath(PRACTICE);
const { own: OWN, othersPractice: OTHERS_PRACTICE, partnerEmail: PARTNER_EMAIL, coordinatorEmail: COORDINATOR_EMAIL } = EDITORIAL;

describe(`reviewing a partner's draft on ${testDatabase}`, () => {
  let cms: TestCms;
  let inbox: Inbox;
  let coordinator: string;
  let partner: string;
  let otherPartner: string;
  const ids: Record<string, string> = {};

  const review = (documentId: string, step?: 'ready' | 'send-back', init: { body?: unknown; token?: string; locale?: string } = {}) =>
    step
      ? cms.admin(`/praxis/reviews/${PRACTICE}/${documentId}/${step}`, { method: 'POST', body: init.body, ...(init.token ? { token: init.token } : {}) })
      : cms.admin(`/praxis/reviews/${PRACTICE}/${documentId}?locale=${init.locale ?? 'pt'}`, init.token ? { token: init.token } : {});
  /** What a review request could change: its steps, e-mails, the entries. */
  const counts = () =>
    rowCounts(cms, {
      steps: 'review_steps',
      outbox: 'outbox_messages',
      practices: 'good_practices',
      published: (db) => db('good_practices').whereNotNull('published_at'),
    });

  beforeAll(async () => {
    inbox = await startSmtp();
    const cast = await startEditorialCms({ env: { PRAXIS_SMTP_URL: inbox.url, PRAXIS_SCHEDULER_SECONDS: '1' } });
    ({ cms, coordinator, partner, otherPartner } = cast);
    Object.assign(ids, cast.ids);
    const created = await cms.admin(`${PRACTICES}?locale=pt`, {
      method: 'POST',
      token: partner,
      body: examplePractice('Revisão exemplo', ids[OWN]!, 'pt'),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    ids.own = created.body.data.documentId;
    // A Lithuanian version of it, which UMAR does not work in, written by a coordinator.
    const lithuanian = await cms.admin(`${PRACTICES}/${ids.own}?locale=lt`, {
      method: 'PUT',
      token: coordinator,
      body: examplePractice('Peržiūros pavyzdys', ids[OWN]!, 'lt', { key: undefined, translationStatus: 'translated' }),
    });
    expect(lithuanian.status, JSON.stringify(lithuanian.body)).toBe(200);
  });

  afterAll(async () => {
    await cms?.destroy();
    await inbox?.close();
  });

  it('tells every coordinator when a partner marks a language version ready, and lists it in the queue', async () => {
    const before = await review(ids.own!, undefined, { token: partner });
    expect(before.body.data).toMatchObject({ steps: [], canMarkReady: true, canSendBack: false });
    const marked = await review(ids.own!, 'ready', { body: { locale: 'pt' }, token: partner });
    expect(marked.status, JSON.stringify(marked.body)).toBe(201);
    expect(marked.body.data).toMatchObject({ state: 'ready', canMarkReady: false });

    const [mail] = await inbox.waitFor((message) => recipients(message).includes(COORDINATOR_EMAIL) && /^Ready for review/.test(message.subject ?? ''));
    expect(mail!.subject).toBe('Ready for review (pt): Revisão exemplo');
    expect(mail!.text).toContain(`${PARTNER_EMAIL} marked “Revisão exemplo” (pt) ready for review.`);
    expect(mail!.text).toContain(`/admin/content-manager/collection-types/${PRACTICE}/${ids.own}?plugins[i18n][locale]=pt`);

    const queue = await cms.admin('/praxis/reviews', { token: coordinator });
    expect(queue.body.data).toEqual([
      {
        entryType: PRACTICE,
        entryDocumentId: ids.own,
        locale: 'pt',
        title: 'Revisão exemplo',
        requestedBy: PARTNER_EMAIL,
        since: marked.body.data.steps[0].at,
      },
    ]);
    expect((await review(ids.own!, undefined, { token: coordinator })).body.data).toMatchObject({ canSendBack: true, canMarkReady: false });
  });

  it('sends it back with a comment the partner reads on the entry and by e-mail', async () => {
    const without = await review(ids.own!, 'send-back', { body: { locale: 'pt', comment: '  ' }, token: coordinator });
    expect(without.status).toBe(400);
    expect(without.body.error.message).toBe('Say what should change: the comment is what the partner reads.');
    const sent = await review(ids.own!, 'send-back', { body: { locale: 'pt', comment: 'Acrescente a fonte dos números, por favor.' }, token: coordinator });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);

    const [mail] = await inbox.waitFor((message) => recipients(message).includes(PARTNER_EMAIL));
    expect(mail!.subject).toBe('Sent back (pt): Revisão exemplo');
    expect(mail!.text).toContain('Acrescente a fonte dos números, por favor.');
    const seen = (await review(ids.own!, undefined, { token: partner })).body.data;
    expect(seen).toMatchObject({ state: 'sent-back', canMarkReady: true, canSendBack: false });
    expect(seen.steps.at(-1)).toMatchObject({ step: 'sent-back', comment: 'Acrescente a fonte dos números, por favor.', actorEmail: COORDINATOR_EMAIL });
    expect((await cms.admin('/praxis/reviews', { token: coordinator })).body.data).toEqual([]);
    // On the partner's home page: what was sent back to them, with the comment; not to anyone else.
    expect((await cms.admin('/praxis/reviews', { token: partner })).body.data).toEqual([
      {
        entryType: PRACTICE,
        entryDocumentId: ids.own,
        locale: 'pt',
        title: 'Revisão exemplo',
        requestedBy: PARTNER_EMAIL,
        since: seen.steps.at(-1).at,
        comment: 'Acrescente a fonte dos números, por favor.',
        sentBackBy: COORDINATOR_EMAIL,
      },
    ]);
    expect((await cms.admin('/praxis/reviews', { token: otherPartner })).body.data).toEqual([]);
  });

  it('keeps the history through the fix and the publish, which ends the review', async () => {
    expect(
      (await cms.admin(`${PRACTICES}/${ids.own}?locale=pt`, { method: 'PUT', token: partner, body: { summary: 'Um exemplo, com a fonte.' } })).status,
    ).toBe(200);
    expect((await review(ids.own!, 'ready', { body: { locale: 'pt' }, token: partner })).status).toBe(201);
    const published = await cms.admin(`${PRACTICES}/${ids.own}/actions/publish?locale=pt`, { method: 'POST', token: coordinator, body: {} });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const history = (await review(ids.own!, undefined, { token: partner })).body.data;
    expect(history.steps.map((step: { step: string; actorEmail: string }) => [step.step, step.actorEmail])).toEqual([
      ['ready', PARTNER_EMAIL],
      ['sent-back', COORDINATOR_EMAIL],
      ['ready', PARTNER_EMAIL],
      ['published', COORDINATOR_EMAIL],
    ]);
    expect(history.state).toBe('published');
    expect((await cms.admin('/praxis/reviews', { token: coordinator })).body.data).toEqual([]);
  });

  it('shows on the entry its public address, when its page went live, or why it did not', async () => {
    const site = async () => (await review(ids.own!, undefined, { token: partner })).body.data.site;
    const waiting = await site();
    expect(waiting).toMatchObject({ state: 'waiting' });
    expect(waiting.address).toMatch(/^https?:\/\/[^/]+\/pt\/good-practices\/revisao-exemplo\/$/);
    const report = (status: Record<string, unknown>) =>
      fetch(`${cms.url}/praxis/publish-status`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-praxis-webhook-secret': cms.env.PRAXIS_WEBHOOK_SECRET! },
        body: JSON.stringify(status),
      });
    // A build that started before the publish did not carry it.
    expect(
      (
        await report({
          state: 'live',
          trigger: 'start',
          startedAt: new Date(Date.parse(waiting.publishedAt) - 60_000).toISOString(),
          finishedAt: new Date().toISOString(),
        })
      ).status,
    ).toBe(204);
    expect(await site()).toMatchObject({ state: 'waiting' });
    const startedAt = new Date().toISOString();
    expect((await report({ state: 'building', trigger: 'entry.publish api::good-practice.good-practice', startedAt })).status).toBe(204);
    expect(await site()).toMatchObject({ state: 'building' });
    // The site left it out: the entry says why.
    expect(
      (
        await report({
          state: 'live',
          trigger: 'entry.publish',
          startedAt,
          finishedAt: new Date().toISOString(),
          rejected: [{ entry: 'goodPractices/pt/revisao-exemplo', reason: 'summary: too short', kept: false }],
        })
      ).status,
    ).toBe(204);
    expect(await site()).toMatchObject({ state: 'failed', reason: 'summary: too short', kept: false });
    // The next build takes it: live, from when that build finished, through later builds.
    const finishedAt = new Date(Date.now() + 1000).toISOString();
    expect((await report({ state: 'live', trigger: 'entry.publish', startedAt: new Date().toISOString(), finishedAt })).status).toBe(204);
    expect(await site()).toEqual({ state: 'live', address: waiting.address, publishedAt: waiting.publishedAt, liveAt: finishedAt });
    expect((await report({ state: 'failed', trigger: 'entry.publish', startedAt: new Date().toISOString(), reason: 'broken link /pt/nowhere/' })).status).toBe(
      204,
    );
    expect(await site()).toMatchObject({ state: 'live', liveAt: finishedAt });
  });

  it('refuses a partner everything about another organisation’s entries and languages it does not have, and changes nothing', async () => {
    const before = await counts();
    const mails = inbox.messages.length;
    const cases: Array<[Promise<{ status: number; body: any }>, number, RegExp]> = [
      [review(ids[OTHERS_PRACTICE]!, undefined, { token: partner, locale: 'it' }), 403, /belongs to another organisation/],
      [review(ids[OTHERS_PRACTICE]!, 'ready', { body: { locale: 'it' }, token: partner }), 403, /belongs to another organisation/],
      [review(ids[OTHERS_PRACTICE]!, 'send-back', { body: { locale: 'it', comment: 'Não.' }, token: partner }), 403, /belongs to another organisation/],
      [review(ids.own!, 'ready', { body: { locale: 'pt' }, token: otherPartner }), 403, /belongs to another organisation/],
      [review(ids.own!, 'send-back', { body: { locale: 'pt', comment: 'No.' }, token: otherPartner }), 403, /belongs to another organisation/],
      // A comment on one's own entry is a coordinator's step.
      [review(ids.own!, 'send-back', { body: { locale: 'pt', comment: 'Eu mesmo.' }, token: partner }), 403, /^Only a coordinator sends an entry back/],
      [review(ids.own!, 'ready', { body: { locale: 'lt' }, token: partner }), 403, /^Your organisation does not work in "lt"/],
      [review(ids.own!, 'ready', { body: { locale: 'ro' }, token: partner }), 404, /^There is no draft of this entry in "ro"/],
      [review(ids.own!, 'ready', { body: {}, token: partner }), 400, /^Name the language version/],
      [review(ids.own!, 'ready', { body: { locale: 'pt' }, token: coordinator }), 403, /marking ready is the partner’s step/],
      [review(ids.own!, 'send-back', { body: { locale: 'pt', comment: 'x'.repeat(2001) }, token: coordinator }), 400, /under 2000 characters/],
      [
        review(ids.own!, 'send-back', { body: { locale: 'pt', comment: 'Nada espera.' }, token: coordinator }),
        400,
        /Only a language version waiting for review/,
      ],
      [
        cms.admin(`/praxis/reviews/api::organisation.organisation/${ids[OWN]}/ready`, { method: 'POST', body: { locale: 'it' }, token: partner }),
        404,
        /Only reports, resources, videos and good practices/,
      ],
    ];
    for (const [request, status, message] of cases) {
      const answer = await request;
      expect(answer.status, JSON.stringify(answer.body)).toBe(status);
      expect(answer.body.error.message).toMatch(message);
    }
    // A partner cannot publish past review either.
    expect((await cms.admin(`${PRACTICES}/${ids.own}/actions/publish?locale=pt`, { method: 'POST', token: partner, body: {} })).status).toBe(403);
    expect(await counts()).toEqual(before);
    expect(inbox.messages.length).toBe(mails);
  });

  it('keeps review steps out of the public API', async () => {
    expect((await fetch(`${cms.url}/api/review-steps`)).status).toBe(404);
    expect((await fetch(`${cms.url}/api/content-versions/review-steps?locale=it`)).status).toBe(404);
    const published = await fetch(`${cms.url}/api/good-practices?locale=pt&filters[documentId][$eq]=${ids.own}&populate=*`);
    expect(JSON.stringify(await published.json())).not.toMatch(/sent-back|Acrescente/);
  });
});
