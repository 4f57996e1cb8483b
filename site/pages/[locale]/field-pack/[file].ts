/** The field pack's ZIP of each locale, written by the build next to the page that offers it. */
import type { APIContext } from 'astro';
import { localeCodes } from '../../../i18n/locales.ts';
import { fieldPack } from '../../../lib/field-pack.ts';

export function getStaticPaths() {
  // The packs build in a worker thread from now on, while other pages render; their pages await them.
  for (const locale of localeCodes) fieldPack(locale, new URL(import.meta.env.SITE)).catch(() => {});
  return localeCodes.map((locale) => ({ params: { locale, file: `praxis-field-pack-${locale}.zip` } }));
}

export async function GET({ params, site }: APIContext) {
  const pack = await fieldPack(params.locale!, site!);
  return new Response(pack.zip as Uint8Array<ArrayBuffer>, { headers: { 'content-type': 'application/zip' } });
}
