// Its own CMS and builds, not the harness's portal: the site build itself is under test (with no CMS, then with a broken entry).
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalEnv } from '../../scripts/pipeline/env.ts';
import { freePort, type TestCms } from '../../scripts/local/throwaway/cms.ts';
import { buildTestSite } from '../../scripts/local/throwaway/site.ts';
import { startSeededCms } from '../support/cms.ts';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('building the site when the CMS cannot give it good content', () => {
  it('fails with one line naming the CMS when it is unreachable', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'praxis-nocms-'));
    const result = await buildTestSite(`http://127.0.0.1:${port}`, portalEnv({ ...process.env, PRAXIS_DATA_DIR: dataDir }));
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(result.dist, { recursive: true, force: true });
    expect(result.code).toBe(1);
    expect(result.output.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^site build failed: CMS unreachable at http://127\\.0\\.0\\.1:${port} \\(.+\\) while reading [a-z-]+ in "it"$`)),
    ]);
  });

  describe('with published entries the site cannot accept', () => {
    let cms: TestCms;

    beforeAll(async () => {
      cms = await startSeededCms({ database: 'sqlite' });
    });

    afterAll(async () => {
      await cms?.destroy();
    });

    /** Creates and publishes an Italian resource in the admin; returns its documentId. */
    async function publishResource(fields: Record<string, unknown>): Promise<string> {
      return cms
        .entries('api::resource.resource')
        .createAndPublish({ kind: 'guide', summary: 'Una voce di prova.', audience: ['educators'], translationStatus: 'original', ...fields });
    }

    it('builds and checks everything else, and names each entry it left out and why', async () => {
      // The CMS stores the audience as JSON, so only the site's schema can catch a value outside the vocabulary.
      await publishResource({ key: 'guida-con-un-errore', title: 'Guida con un errore', slug: 'guida-con-un-errore', audience: ['everyone'] });
      // A relative link, written into the table past the CMS's save check (which refuses it).
      const relative = await publishResource({
        key: 'guida-con-un-allegato',
        title: 'Guida con un allegato',
        slug: 'guida-con-un-allegato',
        body: 'Il testo.',
      });
      const { default: knex } = await import('knex');
      const db = knex({ client: 'better-sqlite3', connection: { filename: join(cms.env.PRAXIS_DATA_DIR!, 'praxis.db') }, useNullAsDefault: true });
      try {
        expect(await db('resources').where({ document_id: relative }).update({ body: 'Vedi [l’allegato](annex.pdf).' })).toBe(2);
      } finally {
        await db.destroy();
      }
      await publishResource({ key: 'guida-buona', title: 'Guida buona', slug: 'guida-buona' });

      const result = await buildTestSite(cms.url, cms.env, undefined, { check: true });
      try {
        expect(result.code, result.output).toBe(0);
        const left = result.output.split('\n').filter((line) => line.startsWith('Left out '));
        expect(left.sort()).toEqual([
          expect.stringMatching(/^Left out resources\/it\/guida-con-un-allegato \(it has no page\): body: the link "annex\.pdf" is relative/),
          expect.stringMatching(/^Left out resources\/it\/guida-con-un-errore \(it has no page\): audience\.0: Invalid option: .+$/),
        ]);
        expect(existsSync(join(result.dist, 'it', 'resources', 'guida-buona', 'index.html'))).toBe(true);
        expect(existsSync(join(result.dist, 'it', 'resources', 'guida-con-un-errore'))).toBe(false);
        expect(existsSync(join(result.dist, 'it', 'resources', 'guida-con-un-allegato'))).toBe(false);
        // The release check expects no page of an entry the build left out.
        const report = result.report!;
        expect(report.check!.problems).toEqual([]);
        expect(report.content.rejected.map((entry) => [entry.entry, entry.kept]).sort()).toEqual([
          ['resources/it/guida-con-un-allegato', false],
          ['resources/it/guida-con-un-errore', false],
        ]);
      } finally {
        rmSync(result.dist, { recursive: true, force: true });
      }
    });
  });
});
