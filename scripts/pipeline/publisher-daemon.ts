/**
 * The publisher on its own, where the CMS runs elsewhere (`npm start` runs it in-process): builds
 * the site once, then listens for the CMS's webhook on `PRAXIS_PUBLISHER_PORT` (default 4322) and
 * publishes what partners publish (scripts/pipeline/publisher.ts). `npm run site:serve` (or a server
 * or CDN that routes `/api/` and `/media/` as it does) serves `<PRAXIS_SITES_DIR>/current`; the
 * swap is a rename of that link.
 *
 * Usage: npm run site:publisher   (PRAXIS_CMS_URL, PRAXIS_SITE_URL, PRAXIS_WEBHOOK_SECRET)
 */
import { readConfig } from '@praxis/contract/config';
import { cmsUrl, portalEnv, siteUrl } from './env.ts';
import { root, sitesDir } from './paths.ts';
import { Publisher } from './publisher.ts';

const env = portalEnv();
const settings = readConfig(env, root);
const publisher = new Publisher({ env: { ...env, PRAXIS_CMS_URL: cmsUrl(env), PRAXIS_SITE_URL: siteUrl(env) }, sitesDir: sitesDir(env) });
const first = await publisher.publish('publisher start');
if (!first.ok && first.liveRelease === undefined) {
  console.error(`The publisher has no site to serve: ${first.reason}`);
  process.exit(1);
}
const port = settings.PRAXIS_PUBLISHER_PORT;
await publisher.listen(port, settings.PRAXIS_PUBLISHER_HOST);
console.log(`Publisher listening on ${settings.PRAXIS_PUBLISHER_HOST}:${port}/cms-events; serve ${publisher.currentLink}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void publisher.close().then(() => process.exit(0)));
