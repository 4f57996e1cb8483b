import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entriesPath, testDatabase, type TestCms } from '../../scripts/local/throwaway/cms.ts';
import { examplePractice, rowCounts, startSeededCms } from '../support/cms.ts';
import { recipients, startSmtp, type Inbox } from '../support/smtp.ts';

const ORGANISATIONS = entriesPath('api::organisation.organisation');
/** Two organisations of the seed content. */
const OWN = 'umar';
const OTHER = 'mossos-esquadra';
const PARTNER_EMAIL = 'partner@umar.example';

describe(`inviting partner editors from an organisation on ${testDatabase}`, () => {
  let cms: TestCms;
  let inbox: Inbox;
  let coordinator: string;
  let partner: string;
  const ids: Record<string, string> = {};

  const invitations = (organisation: string, init: { method?: string; body?: unknown; token?: string } = {}) =>
    cms.admin(`/praxis/organisations/${organisation}/invitations`, init);
  /** What an invitation could change: accounts, invitations, e-mails waiting or sent, editor links. */
  const counts = () => rowCounts(cms, { users: 'admin_users', invitations: 'invitations', outbox: 'outbox_messages', editors: 'organisations_editors_lnk' });
  const linkIn = (text: string) => /https?:\/\/\S+\/admin\/auth\/register\?registrationToken=([A-Za-z0-9%]+)/.exec(text);

  beforeAll(async () => {
    inbox = await startSmtp();
    cms = await startSeededCms({ env: { PRAXIS_SMTP_URL: inbox.url, PRAXIS_SCHEDULER_SECONDS: '1' } });
    for (const key of [OWN, OTHER]) {
      ids[key] = (await cms.entries('api::organisation.organisation').find(key)).documentId;
    }
    coordinator = await cms.createAdminUser('coordinator@praxis.example', 'praxis-coordinator');
    partner = await cms.createAdminUser(PARTNER_EMAIL, 'praxis-partner-editor');
    await cms.setEditors(ids[OWN]!, [PARTNER_EMAIL], ['pt', 'it']);
  });

  afterAll(async () => {
    await cms?.destroy();
    await inbox?.close();
  });

  it('offers only Praxis’s roles: Strapi’s Author and Editor are gone', async () => {
    const roles = (await cms.admin('/admin/roles')).body.data as Array<{ code: string }>;
    expect(roles.map((role) => role.code).sort()).toEqual(['praxis-coordinator', 'praxis-partner-editor', 'strapi-super-admin']);
  });

  it('takes an organisation’s languages as a list of the four locales, and refuses anything else', async () => {
    const before = await cms.admin(`${ORGANISATIONS}/${ids[OWN]}?locale=it`);
    for (const locales of [['lt', 'xx'], ['LT'], 'lt', ['lt', 'lt'], [1]]) {
      const refused = await cms.admin(`${ORGANISATIONS}/${ids[OWN]}?locale=it`, { method: 'PUT', body: { locales } });
      expect(refused.status, JSON.stringify(locales)).toBe(400);
      expect(refused.body.error.message).toMatch(/^locales: choose the organisation's languages among it, pt, ro, lt, each once/);
    }
    const after = await cms.admin(`${ORGANISATIONS}/${ids[OWN]}?locale=it`);
    expect(after.body.data.locales).toEqual(before.body.data.locales);
    expect(after.body.data.locales).toEqual(['pt', 'it']);
  });

  it('invites a new partner editor: the account, the organisation’s editors and an e-mail with a link that sets a password', async () => {
    const created = await invitations(ids[OWN]!, { method: 'POST', body: { email: 'New.Editor@UMAR.example' }, token: coordinator });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data).toMatchObject({ email: 'new.editor@umar.example', active: false, expired: false });
    const sentAt = Date.parse(created.body.data.sentAt);
    expect(Date.parse(created.body.data.expiresAt) - sentAt).toBe(7 * 24 * 60 * 60 * 1000);

    const [mail] = await inbox.waitFor((message) => recipients(message).includes('new.editor@umar.example'));
    expect(mail!.subject).toMatch(/^Your invitation to Praxis: /);
    const link = linkIn(mail!.text ?? '');
    expect(link, mail!.text).not.toBeNull();
    expect(link![0].startsWith(`${cms.url}/admin/auth/register?`)).toBe(true);

    // The account holds the Partner editor role and edits for UMAR, and no other organisation.
    const listed = await invitations(ids[OWN]!, { token: coordinator });
    expect(listed.body.data.map((editor: { email: string }) => editor.email)).toEqual(['new.editor@umar.example', PARTNER_EMAIL]);
    expect((await invitations(ids[OTHER]!, { token: coordinator })).body.data).toEqual([]);
    const token = decodeURIComponent(link![1]!);
    const info = await fetch(`${cms.url}/admin/registration-info?registrationToken=${encodeURIComponent(token)}`);
    expect(info.status).toBe(200);
    const registered = await fetch(`${cms.url}/admin/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ registrationToken: token, userInfo: { firstname: 'Nova', lastname: 'Editora', password: 'Example-new-editor-1A' } }),
    });
    expect(registered.status, await registered.clone().text()).toBe(200);
    const session = ((await registered.json()) as { data: { token: string; user: { roles: Array<{ code: string }> } } }).data;
    expect(session.user.roles.map((role) => role.code)).toEqual(['praxis-partner-editor']);
    // As a partner of UMAR, they may write a Portuguese draft for it.
    const draft = await cms.admin(`${entriesPath('api::good-practice.good-practice')}?locale=pt`, {
      method: 'POST',
      token: session.token,
      body: examplePractice('Convite exemplo', ids[OWN]!, 'pt'),
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect((await invitations(ids[OWN]!, { token: coordinator })).body.data[0]).toMatchObject({
      email: 'new.editor@umar.example',
      active: true,
      expired: false,
    });
  });

  it('sends an invitation again with a fresh link, and the earlier link stops working', async () => {
    expect((await invitations(ids[OWN]!, { method: 'POST', body: { email: 'again@umar.example' }, token: coordinator })).status).toBe(201);
    const [first] = await inbox.waitFor((message) => recipients(message).includes('again@umar.example'));
    const resent = await invitations(ids[OWN]!, { method: 'POST', body: { email: 'again@umar.example' }, token: coordinator });
    expect(resent.status).toBe(200);
    const both = await inbox.waitFor((message) => recipients(message).includes('again@umar.example'), 2);
    const [oldToken, newToken] = [linkIn(first!.text ?? '')![1], linkIn(both[1]!.text ?? '')![1]];
    expect(newToken).not.toBe(oldToken);
    expect((await fetch(`${cms.url}/admin/registration-info?registrationToken=${oldToken}`)).status).toBe(400);
    expect((await fetch(`${cms.url}/admin/registration-info?registrationToken=${newToken}`)).status).toBe(200);
  });

  it('refuses an expired link with what to do, until the invitation is sent again', async () => {
    expect((await invitations(ids[OWN]!, { method: 'POST', body: { email: 'late@umar.example' }, token: coordinator })).status).toBe(201);
    const [mail] = await inbox.waitFor((message) => recipients(message).includes('late@umar.example'));
    const token = linkIn(mail!.text ?? '')![1];
    const db = await cms.database();
    try {
      const user = await db('admin_users').where({ email: 'late@umar.example' }).first();
      await db('invitations')
        .where({ user_id: user.id })
        .update({ sent_at: new Date(Date.now() - 8 * 24 * 60 * 60 * 1000) });
    } finally {
      await db.destroy();
    }
    const info = await fetch(`${cms.url}/admin/registration-info?registrationToken=${token}`);
    expect(info.status).toBe(403);
    expect(((await info.json()) as { error: { message: string } }).error.message).toMatch(
      /^This invitation expired on .+: ask your coordinator to send it again\.$/,
    );
    const register = await fetch(`${cms.url}/admin/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ registrationToken: token, userInfo: { firstname: 'Late', lastname: 'Editor', password: 'Example-late-editor-1A' } }),
    });
    expect(register.status).toBe(403);
    const listed = (await invitations(ids[OWN]!, { token: coordinator })).body.data.find((editor: { email: string }) => editor.email === 'late@umar.example');
    expect(listed).toMatchObject({ active: false, expired: true });
    expect((await invitations(ids[OWN]!, { method: 'POST', body: { email: 'late@umar.example' }, token: coordinator })).status).toBe(200);
    const [, again] = await inbox.waitFor((message) => recipients(message).includes('late@umar.example'), 2);
    expect((await fetch(`${cms.url}/admin/registration-info?registrationToken=${linkIn(again!.text ?? '')![1]}`)).status).toBe(200);
  });

  it('refuses bad invitations with a clear message and changes nothing', async () => {
    // Another organisation's pending invitee, for the "invited elsewhere" case.
    expect((await invitations(ids[OTHER]!, { method: 'POST', body: { email: 'pending@mossos.example' }, token: coordinator })).status).toBe(201);
    await inbox.waitFor((message) => recipients(message).includes('pending@mossos.example'));
    const before = await counts();
    const mails = inbox.messages.length;
    const cases: Array<[string, { method: string; body: unknown; token?: string }, number, RegExp]> = [
      [ids[OTHER]!, { method: 'POST', body: { email: 'someone@mossos.example' }, token: partner }, 403, /^Only a coordinator invites editors/],
      [ids[OWN]!, { method: 'POST', body: { email: 'someone@umar.example' }, token: partner }, 403, /^Only a coordinator invites editors/],
      [ids[OWN]!, { method: 'POST', body: { email: PARTNER_EMAIL }, token: coordinator }, 400, /already has an account: pick it in the organisation's editors/],
      [ids[OWN]!, { method: 'POST', body: { email: 'coordinator@praxis.example' }, token: coordinator }, 400, /already has an account/],
      [ids[OWN]!, { method: 'POST', body: { email: 'pending@mossos.example' }, token: coordinator }, 400, /has been invited by another organisation/],
      [ids[OWN]!, { method: 'POST', body: { email: 'Ana <ana@umar.example>' }, token: coordinator }, 400, /^Write one e-mail address/],
      [ids[OWN]!, { method: 'POST', body: { email: ['a@umar.example'] }, token: coordinator }, 400, /^Write one e-mail address/],
      [ids[OWN]!, { method: 'POST', body: {}, token: coordinator }, 400, /^Write one e-mail address/],
      ['no-such-organisation', { method: 'POST', body: { email: 'x@umar.example' }, token: coordinator }, 404, /^There is no such organisation/],
    ];
    for (const [organisation, init, status, message] of cases) {
      const answer = await invitations(organisation, init);
      expect(answer.status, JSON.stringify([init.body, answer.body])).toBe(status);
      expect(answer.body.error.message).toMatch(message);
    }
    // A partner sees no organisation's invitations.
    expect((await invitations(ids[OWN]!, { token: partner })).status).toBe(403);
    expect((await invitations(ids[OTHER]!, { token: partner })).status).toBe(403);
    expect(await counts()).toEqual(before);
    expect(inbox.messages.length).toBe(mails);
  });

  it('mends languages typed by hand before they were picked from a list, at the first start', async () => {
    await cms.stop();
    const db = await cms.database();
    try {
      const row = await db('organisations').where({ document_id: ids[OTHER] }).first();
      await db('organisations')
        .where({ document_id: ids[OTHER] })
        .update({ locales: JSON.stringify(['IT', ' lt', 'it', 'en']) });
      await db('organisations')
        .where({ id: row.id })
        .update({ locales: JSON.stringify('Lt') });
      // As a database from before the change: the migration has not run.
      await db('strapi_migrations').where('name', 'like', '%organisation-languages%').delete();
    } finally {
      await db.destroy();
    }
    await cms.start();
    const db2 = await cms.database();
    try {
      const rows = (await db2('organisations').where({ document_id: ids[OTHER] }).select('locales')) as Array<{ locales: unknown }>;
      const lists = rows.map((row) => (typeof row.locales === 'string' ? JSON.parse(row.locales) : row.locales));
      expect(lists).toContainEqual(['it', 'lt']);
      expect(lists).toContainEqual(['lt']);
      expect(lists.every((list) => Array.isArray(list) && list.every((code: string) => ['it', 'lt'].includes(code)))).toBe(true);
    } finally {
      await db2.destroy();
    }
  });

  it('keeps invitations out of the public API', async () => {
    expect((await fetch(`${cms.url}/api/invitations`)).status).toBe(404);
    expect((await fetch(`${cms.url}/api/content-versions/invitations?locale=it`)).status).toBe(404);
  });
});
