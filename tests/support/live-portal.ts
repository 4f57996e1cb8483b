/**
 * The portal as `npm start` runs it, for the files that follow an edit from the CMS to the live
 * site: a CMS seeded from `content/` on SQLite whose webhook calls the publisher, the publisher's
 * first release, and the site server serving its `current` link, with the preview renderer behind
 * `/<locale>/preview/` when asked. Beside it, `previewPortal` for a file that previews drafts and
 * needs no release.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { freePort, type TestCms } from '../../scripts/local/throwaway/cms.ts';
import { serveSite, type TestSite } from '../../scripts/local/throwaway/site.ts';
import { root } from '../../scripts/pipeline/paths.ts';
import { startPreviewRenderer, type RunningPreviewRenderer } from '../../scripts/pipeline/preview-renderer.ts';
import { Publisher } from '../../scripts/pipeline/publisher.ts';
import { startSeededCms } from './cms.ts';
import { startGateProxy, type GateProxy } from './gate-proxy.ts';

export interface LivePortal {
  cms: TestCms;
  publisher: Publisher;
  /** The publisher's environment: a test may change it between builds. */
  publisherEnv: NodeJS.ProcessEnv;
  /** Where the webhook reaches the publisher. */
  publisherUrl: string;
  /** The publisher's releases, `current` link and Astro cache. */
  sitesDir: string;
  site: TestSite;
  /** With `gate`: the proxy the publisher reads the CMS through. */
  proxy: GateProxy | undefined;
  /** With `preview`: the renderer behind the site's preview path. */
  renderer: RunningPreviewRenderer | undefined;
  /** Stops everything and removes what it wrote. */
  stop(): Promise<void>;
}

export interface LivePortalOptions {
  /** More of the CMS's environment (the site's and the webhook's URLs are set already). */
  env?: NodeJS.ProcessEnv;
  /** How long the publisher waits for the CMS to fall quiet before it builds. */
  quietMs: number;
  /** Work on the started CMS before the first release (accounts, uploads). */
  prepare?: (cms: TestCms) => Promise<void>;
  /** The publisher reads the CMS through a `GateProxy`, so a test can hold a build at an exact point. */
  gate?: boolean;
  /** The preview renderer runs behind the site, as `npm start` runs it. */
  preview?: boolean;
}

export async function startLivePortal({ env = {}, quietMs, prepare, gate = false, preview = false }: LivePortalOptions): Promise<LivePortal> {
  const [sitePort, publisherPort] = [await freePort(), await freePort()];
  const siteUrl = `http://127.0.0.1:${sitePort}`;
  const publisherUrl = `http://127.0.0.1:${publisherPort}`;
  const cms = await startSeededCms({ database: 'sqlite', env: { PRAXIS_SITE_URL: siteUrl, PRAXIS_PUBLISH_WEBHOOK_URL: `${publisherUrl}/cms-events`, ...env } });
  // Inside the project, as Astro bundles prerendered pages beside an output there (scripts/local/throwaway/site.ts).
  mkdirSync(join(root, '.cache', 'test-sites'), { recursive: true });
  const sitesDir = mkdtempSync(join(root, '.cache', 'test-sites', 'live-'));
  const astroCache = join(sitesDir, 'astro-cache');
  const parts: Partial<LivePortal> = {};
  const stop = async () => {
    await parts.site?.stop();
    await parts.renderer?.stop();
    await parts.publisher?.close();
    await parts.proxy?.close();
    await cms.destroy();
    rmSync(sitesDir, { recursive: true, force: true });
  };
  try {
    await prepare?.(cms);
    if (gate) parts.proxy = await startGateProxy(cms.url);
    const publisherEnv = { ...cms.env, PRAXIS_CMS_URL: parts.proxy?.url ?? cms.url, PRAXIS_SITE_URL: `${siteUrl}/`, PRAXIS_ASTRO_CACHE_DIR: astroCache };
    const publisher = new Publisher({ env: publisherEnv, sitesDir, quietMs, log: () => {} });
    parts.publisher = publisher;
    await publisher.listen(publisherPort);
    const first = await publisher.publish('test: first build');
    expect(first.ok, first.reason).toBe(true);
    if (preview) parts.renderer = await startPreviewRenderer({ ...cms.env, PRAXIS_ASTRO_CACHE_DIR: astroCache }, { port: await freePort(), quiet: true });
    const site = await serveSite(publisher.currentLink, { port: sitePort, cmsUrl: cms.url, previewUrl: parts.renderer?.url });
    parts.site = site;
    return { cms, publisher, publisherEnv, publisherUrl, sitesDir, site, proxy: parts.proxy, renderer: parts.renderer, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface PreviewPortal {
  cms: TestCms;
  site: TestSite;
  renderer: RunningPreviewRenderer;
  stop(): Promise<void>;
}

/**
 * A CMS seeded from `content/` on SQLite, and the site server with the preview renderer behind it
 * and no release: previews need none. `prepare` works on the started CMS before the renderer starts.
 */
export async function previewPortal({ prepare }: { prepare?: (cms: TestCms) => Promise<void> } = {}): Promise<PreviewPortal> {
  const sitePort = await freePort();
  const cms = await startSeededCms({ database: 'sqlite', env: { PRAXIS_SITE_URL: `http://127.0.0.1:${sitePort}` } });
  const parts: Partial<PreviewPortal> = {};
  const stop = async () => {
    await parts.site?.stop();
    await parts.renderer?.stop();
    await cms.destroy();
  };
  try {
    await prepare?.(cms);
    parts.renderer = await startPreviewRenderer(cms.env, { port: await freePort(), quiet: true });
    parts.site = await serveSite(mkdtempSync(join(tmpdir(), 'praxis-preview-site-')), { port: sitePort, cmsUrl: cms.url, previewUrl: parts.renderer.url });
    return { cms, site: parts.site, renderer: parts.renderer, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
