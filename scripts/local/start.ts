/**
 * `npm start`: the whole portal on the embedded default (SQLite, seeded content).
 *
 * Builds the CMS admin when its sources changed, seeds when the content changed, starts Strapi,
 * publishes the site and its search index when the site or the CMS content changed, serves the
 * site, and runs the publisher (scripts/pipeline/publisher.ts), so that what a partner publishes in the
 * admin is live within seconds. A second run reuses all that exists and is ready in seconds.
 * Ctrl-C stops every process it started.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readConfig } from '@praxis/contract/config';
import { buildCms, cmsBuildIsCurrent, startCms, type RunningCms } from './cms.ts';
import { portalEnv } from '../pipeline/env.ts';
import { fingerprint } from './fingerprint.ts';
import { contentDir, dataDir, root, sitesDir } from '../pipeline/paths.ts';
import { runToEnd } from '../pipeline/processes.mjs';
import { COLLECTIONS } from './seed-content.ts';
import { Publisher } from '../pipeline/publisher.ts';
import { startPreviewRenderer, type RunningPreviewRenderer } from '../pipeline/preview-renderer.ts';
import { startSiteServer } from '../pipeline/site-server.ts';
import { mediaOrigin } from '../../site/lib/cms-media.ts';
import { localeCodes } from '@praxis/contract/locales';

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const step = (message: string) => console.log(`\x1b[1m▸ ${message}\x1b[0m`);

/** Reads a stamp file; a stamp records what a built or imported thing was made from. */
function stamp(name: string, env: NodeJS.ProcessEnv): { current: string | undefined; write(value: string): void } {
  const file = join(dataDir(env), name);
  return { current: existsSync(file) ? readFileSync(file, 'utf8') : undefined, write: (value) => writeFileSync(file, value) };
}

/**
 * What the published content of the CMS is, cheaply: per collection and locale, the count and
 * the latest change. The site is rebuilt when any of it differs from the last build.
 */
async function cmsContentVersion(url: string): Promise<string> {
  const parts: string[] = [];
  for (const { rest } of COLLECTIONS) {
    for (const locale of localeCodes) {
      const response = await fetch(`${url}/api/${rest}?locale=${locale}&fields[0]=updatedAt&sort=updatedAt:desc&pagination[pageSize]=1`);
      const body = (await response.json()) as { data: Array<{ updatedAt: string }>; meta: { pagination: { total: number } } };
      parts.push(`${rest}/${locale}:${body.meta.pagination.total}:${body.data[0]?.updatedAt ?? ''}`);
    }
  }
  return parts.join(',');
}

async function main(): Promise<void> {
  const env = portalEnv();
  const settings = readConfig(env, root);
  const database = env.DATABASE_URL ?? env.DATABASE_FILENAME ?? join(dataDir(env), 'praxis.db');

  if (!cmsBuildIsCurrent()) {
    step('Building the CMS and its admin panel (first run: about a minute)');
    await buildCms(env);
  }

  const seedStamp = stamp('seed.stamp', env);
  const seedVersion = `${database}\n${fingerprint([contentDir])}`;
  if (seedStamp.current !== seedVersion) {
    step('Seeding the CMS with the content of content/');
    await runToEnd(process.execPath, [join(root, 'scripts', 'local', 'seed.ts')], { env: { ...env, PRAXIS_CMS_LOG_LEVEL: 'warn' } });
    seedStamp.write(seedVersion);
  }

  step('Starting the CMS');
  // Visitors reach the CMS's API through the site server, which adds their address to
  // X-Forwarded-For: the CMS reads it there, so its rate limit counts each visitor, not the server.
  const cms: RunningCms = await startCms({
    ...env,
    PRAXIS_CMS_LOG_LEVEL: env.PRAXIS_CMS_LOG_LEVEL ?? 'warn',
    PRAXIS_BEHIND_PROXY: env.PRAXIS_BEHIND_PROXY ?? 'true',
  });
  let renderer: RunningPreviewRenderer | undefined;
  // However Praxis ends (the CMS stopped, an error), the renderer does not outlive it.
  process.on('exit', () => renderer?.child.kill());
  const shutdown = async (code: number) => {
    await renderer?.stop();
    await cms.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  cms.child.on('exit', (code) => {
    console.error(`The CMS stopped (exit ${code}); stopping Praxis.`);
    process.exit(code ?? 1);
  });

  const port = settings.PRAXIS_SITE_PORT;
  const host = settings.PRAXIS_SITE_HOST;
  const siteUrl = `${settings.PRAXIS_SITE_URL}/`;
  const publisher = new Publisher({
    env: { ...env, PRAXIS_CMS_URL: cms.url, PRAXIS_SITE_URL: siteUrl },
    sitesDir: sitesDir(env),
    log: (line) => console.log(`  ${line}`),
  });
  const siteStamp = stamp('site.stamp', env);
  const sources = fingerprint([join(root, 'site'), join(root, 'content', 'contract'), join(root, 'astro.config.mjs'), join(root, 'package-lock.json')]);
  const siteVersion = [siteUrl, sources, await cmsContentVersion(cms.url)].join('\n');
  if (siteStamp.current !== siteVersion || publisher.liveRelease() === undefined) {
    step('Building the site and its search index');
    // Changed site code may read entries differently: fetch everything once, not only what changed.
    const sourcesChanged = siteStamp.current?.split('\n')[1] !== sources;
    const result = await publisher.publish(sourcesChanged ? 'start (site code changed)' : 'start (content changed)', { fullRefresh: sourcesChanged });
    if (!result.ok && result.liveRelease === undefined) throw new Error(`the site could not be built: ${result.reason}`);
    if (result.ok) siteStamp.write(siteVersion);
  }

  step('Serving the site, and publishing what partners publish');
  const publisherPort = settings.PRAXIS_PUBLISHER_PORT;
  await publisher.listen(publisherPort, '127.0.0.1');
  // "Preview" in the admin: drafts rendered with the site's pages, on the site's origin.
  renderer = await startPreviewRenderer({ ...env, PRAXIS_CMS_URL: cms.url, PRAXIS_SITE_URL: siteUrl }, { port: settings.PRAXIS_PREVIEW_PORT, quiet: true });
  // The server reads the `current` link at every request, so a swapped-in release is live at once.
  await startSiteServer({
    root: publisher.currentLink,
    cmsUrl: cms.url,
    mediaOrigin: mediaOrigin({ ...env, PRAXIS_CMS_URL: cms.url }),
    previewUrl: renderer.url,
    port,
    host,
  });

  const credentials = env.PRAXIS_ADMIN_EMAIL && env.PRAXIS_ADMIN_PASSWORD;
  console.log(`
\x1b[1mPraxis is ready\x1b[0m in ${elapsed()}.
  Site:   ${siteUrl}
  Admin:  ${cms.url}/admin   (what you publish there is live on the site seconds later)
  Log in: ${credentials ? `${env.PRAXIS_ADMIN_EMAIL} / ${env.PRAXIS_ADMIN_PASSWORD}` : 'with the account you created'}${env.PRAXIS_ADMIN_PASSWORD === undefined ? '' : `\n          (stored in ${join(dataDir(env), 'secrets.env')} unless you set them in .env)`}
Press Ctrl-C to stop.`);
}

main().catch((error: unknown) => {
  console.error(`\nPraxis could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
