/**
 * The downloads search reads inside: one entry per PDF file of a resource, saying which language's
 * index its text goes to and which page a result leads to. The site build writes the list to
 * `search-documents/{locale}.json` (`pages/search-documents/[locale].json.ts`); the search index reads the files,
 * indexes their text as records of their own and deletes the list (`scripts/pipeline/search-index.ts`).
 */
import { defaultLocale, getLocale, localeCodes } from '@praxis/contract/locales';
import type { Resource } from '../schemas/content.ts';
import { searchFacts, type SearchFacts } from './search-facts.ts';
import { ownDate } from './timing.ts';
import { fileAnchor, resourceUrl } from '@praxis/contract/urls';

export interface SearchDocument {
  /** Where a result leads: the resource page, at the file's entry in its downloads. */
  url: string;
  /** Locale of the index the text goes to: the file's language. */
  locale: string;
  /** BCP 47 tag of that locale, e.g. "ro-RO" (Pagefind names its indexes after `<html lang>`). */
  lang: string;
  /** Title of the page the result leads to. */
  title: string;
  /** The file: its CMS URL (relative to the CMS, or absolute), language and name. */
  file: { url: string; language: string; name: string; size: number };
  /** Facets, sort key and card metadata: those of the page. */
  facts: SearchFacts;
}

type ResourceVersion = Pick<
  Resource,
  'documentId' | 'locale' | 'slug' | 'title' | 'kind' | 'themes' | 'audience' | 'project' | 'files' | 'publishedAt' | 'date' | 'datePrecision'
>;

/**
 * Every PDF of every resource, once. A file in a portal language goes to that language's index and
 * leads to the resource's page in that language, or in the default language when the resource has
 * no page there (a Romanian PDF attached to an Italian kit is found by searching in Romanian). A
 * file in another language (e.g. English) goes to the index of every language the resource has a
 * page in.
 */
export function searchDocuments(resources: readonly ResourceVersion[]): SearchDocument[] {
  const byDocument = Map.groupBy(resources, (resource) => resource.documentId);
  const documents: SearchDocument[] = [];
  for (const versions of byDocument.values()) {
    const translations = localeCodes.filter((code) => versions.some((version) => version.locale === code));
    const pageIn = (code: string) =>
      versions.find((version) => version.locale === code) ?? versions.find((version) => version.locale === defaultLocale) ?? versions[0]!;
    const files = [...new Map(versions.flatMap((version) => version.files).map((file) => [file.media.url, file])).values()];
    for (const file of files) {
      if (file.format !== 'pdf') continue;
      const targets = localeCodes.includes(file.language) ? [file.language] : translations;
      for (const code of targets) {
        const page = pageIn(code);
        const facts = searchFacts({
          kind: page.kind,
          themes: page.themes,
          audience: page.audience,
          projects: [page.project],
          translations,
          languages: files.map((other) => other.language),
          date: page.publishedAt,
          dated: ownDate(page),
        });
        // Tells the result card that the words were found inside a file, and in which language.
        facts.filters.document = [file.language];
        documents.push({
          url: `${resourceUrl(page.locale, page.slug)}#${fileAnchor(file.media.url)}`,
          locale: code,
          lang: getLocale(code).lang,
          title: page.title,
          file: { url: file.media.url, language: file.language, name: file.media.name, size: file.media.size },
          facts,
        });
      }
    }
  }
  return documents;
}
