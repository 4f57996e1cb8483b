import { describe, expect, it } from 'vitest';
import type { PagefindData, PagefindResult } from '../../site/components/search/pagefind.ts';
import { orderResults } from '../../site/components/search/result-order.ts';

/** Results as Pagefind's merged search returns them, counting the data each one downloads. */
function results(entries: [id: string, date: string, content?: string][]) {
  const loaded: string[] = [];
  const list: PagefindResult[] = entries.map(([id, date, content = '']) => ({
    id,
    data: async () => {
      loaded.push(id);
      return { url: `/${id}/`, excerpt: '', content, meta: { title: id, date }, filters: {} } satisfies PagefindData;
    },
  }));
  return { list, loaded };
}

const ids = (items: PagefindData[]) => items.map((item) => item.meta.title);

// A merged, date-sorted search as Pagefind scores it: each index in date order, the indexes
// interleaved by rank (the Romanian index at half weight), not by date.
const merged = () =>
  results([
    ['lt-lt_a', '2026-11-30T10:00:00.000Z'],
    ['lt-lt_b', '2026-11-01T10:00:00.000Z'],
    ['ro-ro_c', '2026-12-01T09:00:00.000Z'],
    ['lt-lt_d', '2026-10-01T10:00:00.000Z'],
    ['ro-ro_e', '2026-11-15T10:00:00.000Z'],
    ['ro-ro_f', '2025-01-01T10:00:00.000Z'],
  ]);

describe('the order search results are shown in', () => {
  it('merges the indexes of a search in all languages by date, newest first, a batch at a time', async () => {
    const { list, loaded } = merged();
    const order = orderResults(list, { sort: 'newest', query: '', lang: 'lt' });
    expect(ids(await order.next(3))).toEqual(['ro-ro_c', 'lt-lt_a', 'ro-ro_e']);
    // Three shown: no more than one further result per index had its data downloaded, and those the picked index will likely give next.
    expect(loaded.length).toBeLessThanOrEqual(5);
    expect(order.more).toBe(true);
    expect(ids(await order.next(10))).toEqual(['lt-lt_b', 'lt-lt_d', 'ro-ro_f']);
    expect(order.more).toBe(false);
    expect(new Set(loaded).size).toBe(loaded.length);
  });

  it('merges them oldest first when asked', async () => {
    const reversed = merged().list.reverse();
    const order = orderResults(reversed, { sort: 'oldest', query: '', lang: 'lt' });
    expect(ids(await order.next(10))).toEqual(['ro-ro_f', 'lt-lt_d', 'lt-lt_b', 'ro-ro_e', 'lt-lt_a', 'ro-ro_c']);
  });

  it('gives each result once when a second batch is asked for before the first has arrived', async () => {
    const order = orderResults(merged().list, { sort: 'newest', query: '', lang: 'lt' });
    const [first, second] = await Promise.all([order.next(2), order.next(2)]);
    expect([...ids(first), ...ids(second)]).toEqual(['ro-ro_c', 'lt-lt_a', 'ro-ro_e', 'lt-lt_b']);
  });

  it.each(['relevance', 'newest'] as const)('gives again, by %s, a batch whose data failed to download', async (sort) => {
    const { list } = merged();
    let offline = true;
    const flaky = list.map((result) => ({
      ...result,
      data: () => (offline && result.id !== 'ro-ro_c' && result.id !== 'lt-lt_a' ? Promise.reject(new Error('offline')) : result.data()),
    }));
    const order = orderResults(flaky, { sort, query: '', lang: 'lt' });
    await expect(order.next(3)).rejects.toThrow('offline');
    offline = false;
    const first = ids(await order.next(3));
    expect(first).toEqual(ids(await orderResults(list, { sort, query: '', lang: 'lt' }).next(3)));
    expect(first).toHaveLength(3);
  });

  it('keeps Pagefind’s order of one index sorted by date', async () => {
    const { list } = results([
      ['ro-ro_a', '2026-01-01T00:00:00.000Z'],
      ['ro-ro_b', '2026-06-01T00:00:00.000Z'],
    ]);
    expect(ids(await orderResults(list, { sort: 'newest', query: 'biblioteca', lang: 'ro' }).next(10))).toEqual(['ro-ro_a', 'ro-ro_b']);
  });

  it('puts the exact spelling first by relevance, and not when sorting by date', async () => {
    const { list } = results([
      ['ro-ro_a', '2026-06-01T00:00:00.000Z', 'o biblioteca'],
      ['ro-ro_b', '2026-01-01T00:00:00.000Z', 'o bibliotecă'],
    ]);
    expect(ids(await orderResults(list, { sort: 'relevance', query: 'bibliotecă', lang: 'ro' }).next(10))).toEqual(['ro-ro_b', 'ro-ro_a']);
    expect(ids(await orderResults(list, { sort: 'newest', query: 'bibliotecă', lang: 'ro' }).next(10))).toEqual(['ro-ro_a', 'ro-ro_b']);
  });
});
