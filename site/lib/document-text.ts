/**
 * The text of a downloadable PDF, page by page, for the search index. Extraction runs pdf.js (the
 * `unpdf` build: pure JavaScript, no native parts); its result is cached under the data folder by
 * the file's URL and size, so a rebuild reads only the files uploaded since. Strapi names every
 * upload with a hash of its own, so a replaced file has a new URL. The search index and the offline
 * field packs share it and its cache (`pdfTextCacheDir` of `scripts/pipeline/paths.ts`), so a file is
 * read once, by whichever needs it first.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { cmsGet } from './cms-get.ts';

/** The text of each page of a PDF, lines joined into running text. */
export async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocumentProxy(bytes);
  try {
    const { text } = await extractText(pdf, { mergePages: false });
    return text.map(runningText);
  } finally {
    // Frees the document's memory: a build reads thousands of files in one process.
    await pdf.loadingTask.destroy();
  }
}

/** Joins the lines of a page: a line ending in a hyphen continues the word ("anti-\ntrafic"). */
export function runningText(page: string): string {
  return page
    .replace(/-\n(?=\p{L})/gu, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface DocumentSource {
  /** Where to download the file from. */
  url: string;
  /** Its size as the CMS reports it, part of the cache key. */
  size: number;
}

/**
 * The pages of a PDF, from the cache in `cacheDir` or by downloading and reading it (`bytes`, where
 * the caller holds them already). Throws with a short reason when the file cannot be downloaded or read.
 */
export async function documentPages(
  source: DocumentSource,
  cacheDir: string,
  bytes: () => Promise<Uint8Array> = () => download(source.url),
): Promise<{ pages: string[]; cached: boolean }> {
  const key = createHash('sha256').update(`${source.url}\0${source.size}`).digest('hex');
  const cacheFile = join(cacheDir, `${key}.json`);
  try {
    return { pages: JSON.parse(readFileSync(cacheFile, 'utf8')) as string[], cached: true };
  } catch {
    // Not cached yet (or unreadable): read the file.
  }
  const pages = await pdfPages(await bytes());
  mkdirSync(cacheDir, { recursive: true });
  // Written aside, then renamed: a build stopped halfway never leaves half a cache entry.
  writeFileSync(`${cacheFile}.tmp`, JSON.stringify(pages));
  renameSync(`${cacheFile}.tmp`, cacheFile);
  return { pages, cached: false };
}

async function download(url: string): Promise<Uint8Array> {
  const response = await cmsGet(url);
  if (!response.ok) throw new Error(`download answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
