import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalEnv } from '../../scripts/lib/env.ts';
import { createTestCms, freePort, type TestCms } from '../support/cms.ts';
import { buildTestSite } from '../support/site.ts';
import { mkdtempSync } from 'node:fs';
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

  describe('with a published entry the site cannot accept', () => {
    let cms: TestCms;

    beforeAll(async () => {
      cms = await createTestCms({ database: 'sqlite' });
      await cms.start();
    });

    afterAll(async () => {
      await cms?.destroy();
    });

    it('fails with one line naming the document and the field', async () => {
      const token = await cms.adminToken();
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      // The CMS stores the audience as JSON, so only the site's schema can catch a value outside the vocabulary.
      const created = await fetch(`${cms.url}/content-manager/collection-types/api::resource.resource?locale=it`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ key: 'guida-con-un-errore', kind: 'guide', title: 'Guida con un errore', slug: 'guida-con-un-errore', summary: 'Una voce di prova non valida.', audience: ['everyone'], translationStatus: 'original' }),
      });
      expect(created.status).toBe(201);
      const { data } = (await created.json()) as { data: { documentId: string } };
      const published = await fetch(`${cms.url}/content-manager/collection-types/api::resource.resource/${data.documentId}/actions/publish?locale=it`, { method: 'POST', headers, body: '{}' });
      expect(published.status).toBe(200);

      const result = await buildTestSite(cms.url, cms.env);
      rmSync(result.dist, { recursive: true, force: true });
      expect(result.code).toBe(1);
      expect(result.output.trim().split('\n')).toEqual([
        expect.stringMatching(/^site build failed: bad entry from the CMS: resources\/it\/guida-con-un-errore: audience\.0: Invalid option: .+$/),
      ]);
    });
  });
});
