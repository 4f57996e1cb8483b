/**
 * The publisher on its own, where the CMS runs elsewhere (`npm start` runs it in-process): builds
 * the site once, then listens for the CMS's webhook on `PRAXIS_PUBLISHER_PORT` (default 4322) and
 * publishes what partners publish (scripts/pipeline/publisher.ts). `npm run site:serve` (or a server
 * or CDN that routes `/api/` and `/media/` as it does) serves `<PRAXIS_SITES_DIR>/current`; the
 * swap is a rename of that link.
 *
 * Usage: npm run site:publisher   (PRAXIS_CMS_URL, PRAXIS_SITE_URL, PRAXIS_WEBHOOK_SECRET)
 */
import { cmsUrl, portalEnv, siteUrl } from './env.ts';
import { sitesDir } from './paths.ts';
import { Publisher } from './publisher.ts';

const env = portalEnv();
const publisher = new Publisher({ env: { ...env, PRAXIS_CMS_URL: cmsUrl(env), PRAXIS_SITE_URL: siteUrl(env) }, sitesDir: sitesDir(env) });
const first = await publisher.publish('publisher start');
if (!first.ok && first.liveRelease === undefined) {
  console.error(`The publisher has no site to serve: ${first.reason}`);
  process.exit(1);
}
const port = Number(env.PRAXIS_PUBLISHER_PORT ?? 4322);
await publisher.listen(port, env.PRAXIS_PUBLISHER_HOST ?? '127.0.0.1');
console.log(`Publisher listening on ${env.PRAXIS_PUBLISHER_HOST ?? '127.0.0.1'}:${port}/cms-events; serve ${publisher.currentLink}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void publisher.close().then(() => process.exit(0)));
