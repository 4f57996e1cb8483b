/**
 * A browser signed in to a test CMS's admin panel without its login page: the admin keeps its
 * session token in local storage (`jwtToken`), so a context whose storage holds a token from the
 * admin API's login opens every admin page signed in, from its first navigation. Pages of one
 * context share its cache, so the panel's bundle loads once for all of them.
 *
 *   const coordinator = await signedIn(browser, cms.url, await cms.adminToken());
 *   const page = await coordinator.newPage();
 *
 * The files that test the login page itself (`admin-journey.test.ts`) sign in there instead.
 */
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';

export function signedIn(browser: Browser, cmsUrl: string, token: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 1400, height: 900 },
    ...options,
    storageState: { cookies: [], origins: [{ origin: cmsUrl, localStorage: [{ name: 'jwtToken', value: JSON.stringify(token) }] }] },
  });
}
