/**
 * The catalogue of a locale for the combined filter of the catalogue page (`catalogueIndex`),
 * fetched by the page when JavaScript runs. Without JavaScript, each facet value has its own page.
 */
import type { APIContext } from 'astro';
import { getLocale, localeCodes } from '@praxis/contract/locales';
import { catalogueIndex, catalogueOf } from '../../../lib/catalogue.ts';
import { catalogueIndexKey } from '../../../lib/page-keys.ts';

export async function getStaticPaths() {
  return Promise.all(localeCodes.map(async (locale) => ({ params: { locale }, cacheKey: await catalogueIndexKey(await catalogueOf(locale)) })));
}

export async function GET({ params }: APIContext) {
  const index = await catalogueIndex(params.locale!, (code) => getLocale(code).lang);
  return new Response(JSON.stringify(index), { headers: { 'content-type': 'application/json' } });
}
