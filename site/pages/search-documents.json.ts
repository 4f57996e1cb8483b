/**
 * The list of downloads the search index reads inside (see `lib/search-documents.ts`). A build
 * artefact for the indexer, which deletes it once read: it is not part of the published site.
 */
import type { APIRoute } from 'astro';
import { allResources } from '../lib/resources.ts';
import { searchDocuments } from '../lib/search-documents.ts';

export const GET: APIRoute = async () => {
  const resources = await allResources();
  return new Response(JSON.stringify(searchDocuments(resources.map((entry) => entry.data))));
};
