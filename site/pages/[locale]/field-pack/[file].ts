/** The field pack's ZIP of each locale, written by the build next to the page that offers it. */
import type { APIContext } from 'astro';
import { localeCodes } from '@praxis/contract/locales';
import { fieldPack } from '../../../lib/field-pack.ts';
import { fieldPackKey, lastFieldPack } from '../../../lib/page-keys.ts';

export async function getStaticPaths() {
  const site = new URL(import.meta.env.SITE);
  return Promise.all(
    localeCodes.map(async (locale) => {
      const cacheKey = await fieldPackKey(locale, site);
      // Packs that changed build in a worker thread from now on, while other pages render; their
      // pages await them. Astro copies the pages of the others from the last build.
      if (!lastFieldPack.builtWith(locale, cacheKey)) fieldPack(locale, site).catch(() => {});
      return { params: { locale, file: `praxis-field-pack-${locale}.zip` }, cacheKey };
    }),
  );
}

export async function GET({ params, site }: APIContext) {
  const pack = await fieldPack(params.locale!, site!);
  return new Response(pack.zip as Uint8Array<ArrayBuffer>, { headers: { 'content-type': 'application/zip' } });
}
