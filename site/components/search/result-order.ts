/**
 * The order results are shown in, a batch at a time.
 *
 * By relevance, Pagefind's order, with the exact spellings first within each batch (`exact-first.ts`).
 *
 * By date, Pagefind orders each index by its sort key, but a search of several indexes (all
 * languages) merges them by score, and a sorted result's score is its rank within its own index,
 * times the index's weight: a Romanian page published today could come after a Lithuanian one of
 * last year. So a date-sorted search of several indexes is merged here by each result's `date` (the
 * instant it sorts by, `lib/search-facts.ts`), reading the data of each index's next result only
 * when it is needed: a batch downloads at most one result per index more than it shows.
 */
import { exactFirst } from './exact-first.ts';
import type { PagefindData, PagefindResult } from './pagefind.ts';

export type Sort = 'relevance' | 'newest' | 'oldest';

export interface ResultOrder {
  /** The next `count` results, with their data. */
  next(count: number): Promise<PagefindData[]>;
  /** Whether results remain to be shown. */
  readonly more: boolean;
}

/**
 * The index a result comes from: Pagefind's result ids are the page hashes of its index, which
 * start with the index's language ("ro-ro_1a2b3c4"). A language's recent changes are an index of
 * their own (`pagefind.ts`), told apart by the caller's `indexOf`.
 */
const languageOf = (result: PagefindResult) => result.id.slice(0, Math.max(0, result.id.indexOf('_')));

export function orderResults(
  results: readonly PagefindResult[],
  { sort, query, lang, indexOf = languageOf }: { sort: Sort; query: string; lang: string; indexOf?: (result: PagefindResult) => string },
): ResultOrder {
  if (sort === 'relevance') return inTurn(results, (items) => exactFirst(items, query, lang));
  const indexes = [...Map.groupBy(results, indexOf).values()];
  if (indexes.length < 2) return inTurn(results, (items) => items);
  return byDate(indexes, sort === 'newest' ? 1 : -1);
}

/**
 * Takes one batch at a time (two at once would both take the same results), and counts a batch as
 * shown only once its data has arrived: after a failure, asking again gives the same batch.
 */
function oneAtATime(take: (count: number) => Promise<PagefindData[]>): ResultOrder['next'] {
  let taking: Promise<unknown> = Promise.resolve();
  return (count) => {
    const batch = taking.catch(() => undefined).then(() => take(count));
    taking = batch;
    return batch;
  };
}

/** Results in Pagefind's order, each batch passed through `arrange`. */
function inTurn(results: readonly PagefindResult[], arrange: (items: PagefindData[]) => PagefindData[]): ResultOrder {
  let shown = 0;
  return {
    next: oneAtATime(async (count) => {
      const batch = results.slice(shown, shown + count);
      const items = await Promise.all(batch.map((result) => result.data()));
      shown += batch.length;
      return arrange(items);
    }),
    get more() {
      return shown < results.length;
    },
  };
}

/**
 * Several indexes, each already in date order, merged by date (`direction` 1: newest first). On the
 * same instant the index listed first (the visitor's language, whose results Pagefind scores
 * highest) goes first.
 */
function byDate(indexes: PagefindResult[][], direction: 1 | -1): ResultOrder {
  const data = new Map<PagefindResult, Promise<PagefindData>>();
  const load = (result: PagefindResult) => {
    let loaded = data.get(result);
    if (!loaded) {
      const loading = result.data();
      loaded = loading;
      data.set(result, loading);
      // A failed download is forgotten, to be tried again; its failure is reported when the result's turn comes.
      loading.catch(() => data.get(result) === loading && data.delete(result));
    }
    return loaded;
  };
  const cursors = indexes.map(() => 0);
  // ISO 8601 dates (to their precision) and instants in UTC: their text sorts as their time does.
  // A page without a date of its own sorts by the day it was added (`lib/search-facts.ts`).
  const dateOf = (item: PagefindData) => item.meta.date ?? item.meta.added ?? '';
  const later = (a: PagefindData, b: PagefindData) => dateOf(a) > dateOf(b);
  const take = async (count: number) => {
    const batch: PagefindData[] = [];
    const start = [...cursors];
    try {
      await fill(batch, count);
    } catch (error) {
      // Nothing of a failed batch counts as shown.
      start.forEach((cursor, index) => (cursors[index] = cursor));
      throw error;
    }
    return batch;
  };
  const fill = async (batch: PagefindData[], count: number) => {
    while (batch.length < count) {
      const open = indexes.flatMap((results, index) => (cursors[index]! < results.length ? [index] : []));
      if (open.length === 0) break;
      const heads = await Promise.all(open.map((index) => load(indexes[index]![cursors[index]!]!)));
      let pick = 0;
      for (let candidate = 1; candidate < heads.length; candidate++) {
        const [candidateItem, pickItem] = [heads[candidate]!, heads[pick]!];
        if (direction === 1 ? later(candidateItem, pickItem) : later(pickItem, candidateItem)) pick = candidate;
      }
      const index = open[pick]!;
      batch.push(heads[pick]!);
      cursors[index]!++;
      // The picked index is the likeliest to give the next results too: ask for them at once.
      for (const result of indexes[index]!.slice(cursors[index], cursors[index]! + count - batch.length)) load(result);
    }
  };
  return {
    next: oneAtATime(take),
    get more() {
      return indexes.some((results, index) => cursors[index]! < results.length);
    },
  };
}
