import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../../scripts/pipeline/paths.ts';
import { startProcess, type RunningProcess } from '../../scripts/pipeline/processes.mjs';
import { entriesPath, freePort } from '../../scripts/local/throwaway/cms.ts';
import '../support/cms-admin-built.ts';

const RESOURCES = 'api::resource.resource';

describe('npm start, as a newcomer runs it', () => {
  let child: ChildProcess;
  let npmStart: RunningProcess;
  /** What `npm start` printed so far. */
  const output = () => npmStart.output();
  let dataDir: string;
  let sitesDir: string;
  let siteUrl: string;
  let cmsUrl: string;

  beforeAll(async () => {
    const [sitePort, cmsPort, publisherPort, previewPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    siteUrl = `http://127.0.0.1:${sitePort}`;
    cmsUrl = `http://127.0.0.1:${cmsPort}`;
    dataDir = mkdtempSync(join(tmpdir(), 'praxis-start-'));
    // Builds inside the project, as Astro bundles prerendered pages beside an output there (scripts/local/throwaway/site.ts).
    mkdirSync(join(root, '.cache', 'test-sites'), { recursive: true });
    sitesDir = mkdtempSync(join(root, '.cache', 'test-sites', 'start-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PRAXIS_DATA_DIR: dataDir,
      PRAXIS_SITES_DIR: sitesDir,
      PRAXIS_ASTRO_CACHE_DIR: join(sitesDir, 'astro-cache'),
      PRAXIS_SITE_PORT: String(sitePort),
      PRAXIS_CMS_PORT: String(cmsPort),
      PRAXIS_PUBLISHER_PORT: String(publisherPort),
      PRAXIS_PREVIEW_PORT: String(previewPort),
    };
    // The embedded default, whatever the test run's own environment says.
    for (const name of ['PRAXIS_SITE_URL', 'PRAXIS_CMS_URL', 'DATABASE_URL', 'DATABASE_CLIENT']) delete env[name];
    npmStart = await startProcess(process.execPath, [join(root, 'scripts', 'local', 'start.ts')], {
      cwd: root,
      env,
      ready: { line: /Press Ctrl-C to stop\./ },
      timeoutMs: 300_000,
    });
    child = npmStart.child;
  }, 320_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(sitesDir, { recursive: true, force: true });
  });

  it('serves the seeded site and prints where the site and the admin are, with the login', async () => {
    expect(output()).toContain(`Site:   ${siteUrl}/`);
    expect(output()).toContain(`Admin:  ${cmsUrl}/admin`);
    // Nothing that looks like a fault: Strapi's notice that firstPublishedAt is on is expected (cms/config/logger.ts).
    expect(output()).not.toContain('Experimental feature enabled');
    const secrets = parseEnv(readFileSync(join(dataDir, 'secrets.env'), 'utf8')) as Record<string, string>;
    expect(output()).toContain(`Log in: ${secrets.PRAXIS_ADMIN_EMAIL} / ${secrets.PRAXIS_ADMIN_PASSWORD}`);
    expect((await fetch(`${siteUrl}/it/`)).status).toBe(200);
    // The API and the files of the media library are reached on the site's own origin.
    expect((await fetch(`${siteUrl}/api/resources?locale=it&fields[0]=slug`)).status).toBe(200);
    const catalogue = await (await fetch(`${siteUrl}/it/resources/`)).text();
    const resource = /href="(\/it\/resources\/[a-z0-9-]+\/)"/.exec(catalogue)![1]!;
    const download = /href="(\/api\/counts\/download\?[^"]+)"/.exec(await (await fetch(`${siteUrl}${resource}`)).text())![1]!.replaceAll('&amp;', '&');
    const file = await fetch(`${siteUrl}${download}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename=/);
  });

  it('puts what is published in the admin on the served site, with nothing else to do', async () => {
    const secrets = parseEnv(readFileSync(join(dataDir, 'secrets.env'), 'utf8')) as Record<string, string>;
    const login = await fetch(`${cmsUrl}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: secrets.PRAXIS_ADMIN_EMAIL, password: secrets.PRAXIS_ADMIN_PASSWORD }),
    });
    const headers = { authorization: `Bearer ${((await login.json()) as { data: { token: string } }).data.token}`, 'content-type': 'application/json' };
    const found = (await (await fetch(`${cmsUrl}${entriesPath(RESOURCES)}?filters[key][$eq]=contratto-brochure&locale=pt`, { headers })).json()) as {
      results: Array<{ documentId: string; slug: string }>;
    };
    const entry = found.results[0]!;
    const title = 'Brochura ConTratTo, versão revista';
    const published = await fetch(`${cmsUrl}${entriesPath(RESOURCES)}/${entry.documentId}/actions/publish?locale=pt`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...entry, title }),
    });
    expect(published.status).toBe(200);
    await expect.poll(async () => (await fetch(`${siteUrl}/pt/resources/${entry.slug}/`)).text(), { timeout: 120_000, interval: 500 }).toContain(title);
    expect(output()).toMatch(/publisher: \S+ is live \(\d+ pages, 1 entries fetched/);
  }, 150_000);

  it('stops everything it started on Ctrl-C', async () => {
    child.kill('SIGINT');
    await expect.poll(() => child.exitCode, { timeout: 30_000 }).toBe(0);
    await expect(fetch(`${cmsUrl}/_health`)).rejects.toThrow();
    await expect(fetch(`${siteUrl}/it/`)).rejects.toThrow();
  }, 40_000);
});
