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
 * An invited editor's first sign-in goes through the invitation's link (`acceptInvitation`).
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { expect } from 'vitest';
import { recipients, type Inbox } from './smtp.ts';

export function signedIn(browser: Browser, cmsUrl: string, token: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 1400, height: 900 },
    ...options,
    storageState: { cookies: [], origins: [{ origin: cmsUrl, localStorage: [{ name: 'jwtToken', value: JSON.stringify(token) }] }] },
  });
}

/**
 * Accepts the invitation that reached `inbox` for `email`, as the invited person does: opens its
 * link in `page`, gives a first name and a password in Strapi's own registration form, and waits
 * until the admin has signed them in.
 */
export async function acceptInvitation(
  page: Page,
  inbox: Inbox,
  email: string,
  { firstname, password }: { firstname: string; password: string },
): Promise<void> {
  const [invitation] = await inbox.waitFor((message) => recipients(message).includes(email));
  const link = /https?:\/\/\S+\/admin\/auth\/register\?registrationToken=\S+/.exec(invitation!.text ?? '')?.[0];
  expect(link, invitation!.text).toBeDefined();
  await page.goto(link!);
  // The form takes its first values from the invitation once the admin has fetched it, and
  // replaces whatever was typed before: the address shown says it has arrived.
  await page.waitForFunction((address) => document.querySelector<HTMLInputElement>('input[name="email"]')?.value === address, email, {
    timeout: 90_000,
  });
  await page.locator('input[name="firstname"]').fill(firstname);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('input[name="confirmPassword"]').fill(password);
  await page.getByRole('button', { name: "Let's start" }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/admin') && !url.pathname.includes('/auth/'), { timeout: 60_000 });
}
