/**
 * The list of downloads the search index reads inside (see `lib/search-documents.ts`), one file per
 * locale: the downloads whose text goes to that locale's index. A build artefact for the indexer,
 * which deletes the folder once read: it is not part of the published site. One file per locale
 * lets each locale's indexer parse its own list alone (`scripts/pipeline/search-index.ts`).
 */
import type { APIRoute } from 'astro';
import { localeCodes } from '@praxis/contract/locales';
import { allResources } from '../../lib/resources.ts';
import { searchDocuments, type SearchDocument } from '../../lib/search-documents.ts';

export function getStaticPaths() {
  return localeCodes.map((locale) => ({ params: { locale } }));
}

/** Every locale's list is cut from one pass over the catalogue, made once per build. */
let everyDocument: Promise<SearchDocument[]> | undefined;

export const GET: APIRoute = async ({ params }) => {
  everyDocument ??= allResources().then((resources) => searchDocuments(resources.map((entry) => entry.data)));
  const documents = (await everyDocument).filter((document) => document.locale === params.locale);
  return new Response(JSON.stringify(documents));
};
