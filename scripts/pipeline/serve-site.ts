/**
 * The site server on its own, beside `npm run site:publisher` where the CMS runs elsewhere
 * (`npm start` runs it in-process): serves `<PRAXIS_SITES_DIR>/current`, passes `/api/` to the
 * CMS and `/media/` to the media library, so a visitor never leaves the site's origin
 * (scripts/pipeline/site-server.ts). Run the CMS with PRAXIS_BEHIND_PROXY=true behind it.
 *
 * Usage: npm run site:serve   (PRAXIS_SITE_PORT, PRAXIS_SITE_HOST, PRAXIS_CMS_URL, PRAXIS_SITES_DIR;
 * PRAXIS_UPLOAD_PROVIDER and PRAXIS_UPLOAD_PUBLIC_URL with the S3 store)
 */
import { join } from 'node:path';
import { readConfig } from '@praxis/contract/config';
import { mediaOrigin } from '../../site/lib/cms-media.ts';
import { cmsUrl, portalEnv } from './env.ts';
import { root, sitesDir } from './paths.ts';
import { startSiteServer } from './site-server.ts';

const env = portalEnv();
const settings = readConfig(env, root);
const cms = cmsUrl(env);
const server = await startSiteServer({
  root: join(sitesDir(env), 'current'),
  cmsUrl: cms,
  mediaOrigin: mediaOrigin({ ...env, PRAXIS_CMS_URL: cms }),
  port: settings.PRAXIS_SITE_PORT,
  host: settings.PRAXIS_SITE_HOST,
});
console.log(`Site served at ${server.url} from ${join(sitesDir(env), 'current')}; /api/ to ${cms}, /media/ to ${mediaOrigin({ ...env, PRAXIS_CMS_URL: cms })}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void server.close().then(() => process.exit(0)));
