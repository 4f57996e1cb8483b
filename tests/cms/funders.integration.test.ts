import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDir } from '../../scripts/pipeline/paths.ts';
import { loadSeed } from '../../scripts/local/seed-content.ts';
import { CMS_COLLECTIONS } from '../../site/lib/cms-collections.ts';
import { testDatabase, type TestCms } from '../../scripts/local/throwaway/cms.ts';
import { startSeededCms } from '../support/cms.ts';

const PROJECTS = '/content-manager/collection-types/api::project.project';
const seed = loadSeed(contentDir);
const seededFunders = (key: string, locale: string) =>
  seed.find((item) => item.spec.folder === 'projects' && item.key === key)!.translations[locale]!.funders as Array<Record<string, string | null>>;

interface ServedFunder {
  name: string | null;
  programme: string | null;
  statement: string | null;
  disclaimer: string | null;
  emblem: { url: string; mime: string; width: number; height: number } | null;
}

describe(`a project's funders on ${testDatabase}`, () => {
  let cms: TestCms;

  beforeAll(async () => {
    cms = await startSeededCms();
  });

  afterAll(async () => {
    await cms?.destroy();
  });

  /** A project as the site reads it: the site's own populate query (`site/lib/cms-collections.ts`). */
  async function served(key: string, locale: string): Promise<{ documentId: string; funders: ServedFunder[] }> {
    const response = await fetch(`${cms.url}/api/projects?locale=${locale}&filters[key][$eq]=${key}&${CMS_COLLECTIONS.projects.populate}`);
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: Array<{ documentId: string; funders: ServedFunder[] }> };
    expect(data).toHaveLength(1);
    return data[0]!;
  }

  it('serves each language its own acknowledgement, with the EU emblem the seed drew, as an image of its size', async () => {
    for (const locale of ['it', 'lt']) {
      const [funder] = (await served('ecat', locale)).funders;
      const [expected] = seededFunders('ecat', locale);
      expect(funder).toMatchObject({ name: expected!.name, programme: expected!.programme, statement: expected!.statement, disclaimer: expected!.disclaimer });
      expect(funder!.emblem).toMatchObject({ mime: 'image/png', width: 810, height: 540 });
      // The emblem is the flag's geometry: blue field, gold stars on the circle, none at its centre.
      const file = Buffer.from(await (await fetch(`${cms.url}${funder!.emblem!.url}`)).arrayBuffer());
      const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const pixel = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
      expect(pixel(405, 270)).toEqual([0x00, 0x33, 0x99]);
      expect(pixel(405, 90)).toEqual([0xff, 0xcc, 0x00]);
    }
    expect((await served('ecat', 'it')).funders[0]!.statement).toBe("Cofinanziato dall'Unione europea");
    expect((await served('ecat', 'lt')).funders[0]!.statement).toBe('Bendrai finansuoja Europos Sąjunga');
  });

  it('keeps a funder with no emblem the sources could give, and a programme whose funder they do not name', async () => {
    const [astra] = (await served('astra', 'it')).funders;
    expect(astra).toMatchObject({
      name: 'Dipartimento per le Pari Opportunità della Presidenza del Consiglio dei Ministri',
      emblem: null,
      statement: null,
      disclaimer: null,
    });
    const [contratto] = (await served('contratto', 'it')).funders;
    expect(contratto).toMatchObject({ name: null, emblem: null });
    expect(contratto!.programme).toMatch(/^Bando congiunto/);
  });

  it('takes a funder a coordinator adds in the admin, with an uploaded emblem, in one language only', async () => {
    const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#205080' } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'stemma-di-esempio.png');
    const uploaded = await fetch(`${cms.url}/upload`, { method: 'POST', headers: { authorization: `Bearer ${await cms.adminToken()}` }, body: form });
    expect(uploaded.status).toBe(201);
    const [emblem] = (await uploaded.json()) as Array<{ id: number }>;

    const { documentId, funders: before } = await served('connect', 'pt');
    const italianBefore = (await served('connect', 'it')).funders;
    const example = {
      name: 'Financiador de exemplo',
      programme: 'Programa de exemplo',
      statement: 'Cofinanciado pelo financiador de exemplo',
      disclaimer: 'Texto de exemplo dos testes.',
      emblem: emblem!.id,
    };
    const draft = (await cms.admin(`${PROJECTS}/${documentId}?locale=pt`)).body.data as { funders: Array<Record<string, unknown>> };
    const funders = [...draft.funders.map(({ id: _id, ...funder }) => ({ ...funder, emblem: (funder.emblem as { id: number } | null)?.id ?? null })), example];
    const saved = await cms.admin(`${PROJECTS}/${documentId}?locale=pt`, { method: 'PUT', body: { funders } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const published = await cms.admin(`${PROJECTS}/${documentId}/actions/publish?locale=pt`, { method: 'POST', body: {} });
    expect(published.status, JSON.stringify(published.body)).toBe(200);

    const after = (await served('connect', 'pt')).funders;
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ ...example, emblem: { mime: 'image/png', width: 300, height: 200 } });
    expect((await served('connect', 'it')).funders).toEqual(italianBefore);
  });

  it('serves covers and logos with their size, and refuses to reach a private field through a funder, an emblem, a cover or a logo', async () => {
    const answer = (path: string) =>
      fetch(`${cms.url}/api/${path}`).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as { error?: { details?: { code?: string } } },
      }));
    for (const query of [
      'projects?locale=it&populate[funders][populate][emblem][populate][createdBy]=true',
      'projects?locale=it&populate[funders][populate][emblem][populate][related]=true',
      'projects?locale=it&filters[funders][emblem][createdBy][id][$notNull]=true',
      'projects?locale=it&populate[funders][populate][emblem][fields][0]=folderPath',
      'organisations?locale=it&populate[logo][populate][updatedBy]=true',
      'resources?locale=it&sort=cover.createdBy.email:asc',
    ]) {
      const { status, body } = await answer(query);
      expect({ query, status, code: body.error?.details?.code }).toEqual({ query, status: 400, code: 'query.private' });
    }
    // Everything populated that may be: nothing private in it.
    const everything = JSON.stringify((await answer('projects?locale=it&populate[funders][populate]=*')).body);
    expect(everything).toContain('"emblem"');
    for (const secret of ['createdBy', 'updatedBy', 'folderPath', '"related"', '"folder"']) expect(everything, secret).not.toContain(secret);
  });

  it('makes the funder and programme a project held in its old text fields funders of it, in each language, draft and published, at the next start', {
    timeout: 180_000,
  }, async () => {
    const { documentId } = await served('asit', 'it');
    const OLD = {
      it: { funder: 'Finanziatore di esempio dei test', programme: 'Programma di esempio dei test' },
      lt: { funder: 'Testų pavyzdinis finansuotojas', programme: null },
    };
    // Back to the model before funders: two text fields per language, and no funders.
    await cms.stop();
    let db = await cms.database();
    try {
      const rows = (await db('projects').where({ document_id: documentId }).select('id', 'locale')) as Array<{ id: number; locale: string }>;
      expect(rows.length).toBeGreaterThanOrEqual(8);
      await db.schema.alterTable('projects', (table) => {
        table.string('funder', 300);
        table.string('programme', 300);
      });
      for (const [locale, fields] of Object.entries(OLD)) await db('projects').where({ document_id: documentId, locale }).update(fields);
      await db('projects_cmps')
        .whereIn(
          'entity_id',
          rows.map((row) => row.id),
        )
        .where({ field: 'funders' })
        .delete();
      await db('strapi_migrations').where('name', 'like', '%project-funders%').delete();
    } finally {
      await db.destroy();
    }

    await cms.start();
    for (const [locale, { funder, programme }] of Object.entries(OLD)) {
      const expected = [{ name: funder, programme, statement: null, disclaimer: null, emblem: null }];
      expect((await served('asit', locale)).funders, locale).toMatchObject(expected);
      expect((await served('asit', locale)).funders, locale).toHaveLength(1);
      // The draft too, which the admin edits.
      const draft = (await cms.admin(`${PROJECTS}/${documentId}?locale=${locale}`)).body.data as { funders: ServedFunder[] };
      expect(draft.funders, locale).toMatchObject(expected);
      expect(draft.funders, locale).toHaveLength(1);
    }
    // A language without the old fields has no funder made up for it.
    expect((await served('asit', 'pt')).funders).toEqual([]);
    db = await cms.database();
    try {
      expect(await db.schema.hasTable('praxis_legacy_project_funders')).toBe(false);
    } finally {
      await db.destroy();
    }
  });
});
