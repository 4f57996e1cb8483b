/**
 * What a browser journey needs, in one call: a CMS seeded from `content/` on SQLite (or empty), the site built
 * from it and served by the site server on its own origin (the API and the media library behind
 * it, as `npm start` serves them), and Chromium.
 */
import type { Browser } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium } from '../../scripts/local/throwaway/browser.ts';
import { createTestCms, freePort, type TestCms } from '../../scripts/local/throwaway/cms.ts';
import { buildTestSite, serveSite, type TestSite } from '../../scripts/local/throwaway/site.ts';

export interface TestPortal {
  cms: TestCms;
  site: TestSite;
  browser: Browser;
  /** Closes the browser, stops the site and the CMS, and removes what they wrote. */
  stop(): Promise<void>;
}

export interface PortalOptions {
  /** More of the CMS's environment (the site's URL is set already). */
  env?: NodeJS.ProcessEnv;
  /** `false`: the CMS starts empty, without the seed, and the site shows only what `prepare` adds. */
  seed?: boolean;
  /** Work on the seeded database before the CMS starts (a script that loads Strapi itself). */
  beforeStart?: (cms: TestCms) => Promise<void>;
  /** Entries a test adds to the seeded CMS before the site is built from it. */
  prepare?: (cms: TestCms) => Promise<void>;
  /**
   * A portal of the file's own even without other options: the file writes to the CMS or reads what
   * other files' visits would change. Without any option, the harness gives the run's shared portal.
   */
  own?: boolean;
  /**
   * The run's shared portal with the test content (`test-content.ts`) added before its build, for a
   * file that reads those entries and writes nothing.
   */
  content?: 'test';
  /** A Chromium already running (the harness's, `harness.ts`), which `stop()` leaves open. */
  browser?: Browser;
}

/**
 * Starts a portal for a test file. A browser test takes it from the harness (`portalTest` in
 * `harness.ts`), which also stops it.
 */
export async function startSeededPortal({ env = {}, seed = true, beforeStart, prepare, browser }: PortalOptions = {}): Promise<TestPortal> {
  // The site's origin first: the CMS links it (manage links, redirects of forms without JavaScript).
  const port = await freePort();
  const siteUrl = `http://127.0.0.1:${port}`;
  const cms = await createTestCms({ database: 'sqlite', env: { PRAXIS_SITE_URL: siteUrl, ...env } });
  const parts: Partial<TestPortal> = { cms };
  const stop = async () => {
    if (!browser) await parts.browser?.close();
    await parts.site?.stop();
    await cms.destroy();
  };
  try {
    if (seed) {
      const seeded = await cms.seed();
      expect(seeded.code, seeded.output).toBe(0);
    }
    await beforeStart?.(cms);
    await cms.start();
    await prepare?.(cms);
    const built = await buildTestSite(cms.url, cms.env, `${siteUrl}/`);
    expect(built.code, built.output).toBe(0);
    parts.site = await serveSite(built.dist, { port, cmsUrl: cms.url });
    parts.browser = browser ?? (await launchChromium());
  } catch (error) {
    await stop();
    throw error;
  }
  return { cms, site: parts.site, browser: parts.browser, stop };
}
