import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const load = createRequire(import.meta.url);

/** What this test uses of lunr (2.3), which has no types of its own. */
interface LunrBuilder {
  pipeline: { reset(): void };
  searchPipeline: { reset(): void };
  tokenizer: (terms: string[]) => string[];
  ref(name: string): void;
  field(name: string, attributes: { boost?: number | undefined }): void;
  add(document: Record<string, unknown>): void;
}
const lunr = load('lunr') as {
  (config: (this: LunrBuilder) => void): { toJSON(): unknown };
  version: string;
  Index: { load(serialised: unknown): { search(query: string): unknown[] } };
};

const packIndex = load('../../site/lib/field-pack-index.cjs') as {
  serialisedIndex(input: { version: string; fields: { name: string; boost?: number }[]; documents: TextTerms[][][] }): Buffer;
  Writer: new () => { thousandths(value: number): void; integer(value: number): void; result(): Buffer };
};
const serialisedIndex = (input: Parameters<typeof packIndex.serialisedIndex>[0]) => packIndex.serialisedIndex(input).toString();

interface TextTerms {
  terms: string[];
  counts: number[];
  length: number;
}

const FIELDS = [{ name: 'title', boost: 10 }, { name: 'summary', boost: 3 }, { name: 'body' }];

/** A text's terms as the worker keeps them: each distinct term in the order it first appears, with its count. */
function counted(terms: string[]): TextTerms {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return { terms: [...counts.keys()], counts: [...counts.values()], length: terms.length };
}

/** What the worker wrote before: lunr's builder over every term of every field, serialised. */
function lunrIndex(documents: string[][][]): string {
  const index = lunr(function () {
    this.pipeline.reset();
    this.searchPipeline.reset();
    this.tokenizer = (terms) => terms;
    this.ref('position');
    for (const { name, boost } of FIELDS) this.field(name, { boost });
    documents.forEach(([title, summary, body], position) => this.add({ position: String(position), title, summary, body }));
  });
  return JSON.stringify(index.toJSON());
}

/** A small random generator, the same every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('a field pack index written from term counts', () => {
  it('is byte for byte the index lunr builds from the same terms', () => {
    // Terms that sort and number awkwardly: digits (integer-like keys), an object's own names,
    // characters JSON escapes, letters beyond ASCII, a term repeated in a field and across texts.
    const vocabulary = ['2026', '10', '0', 'constructor', '__proto__', 'toString', 'quote"d', 'back\\slash', 'žmon', 'școl', 'tratt', 'vittim', 'a'];
    for (let i = 0; vocabulary.length < 400; i++) vocabulary.push(`w${i.toString(36)}`);
    const next = random(7);
    const pick = (count: number) => Array.from({ length: count }, () => vocabulary[Math.floor(next() ** 2 * vocabulary.length)]!);
    // Shared texts, as a PDF listed by many resources: one object of counts, numbered once.
    const shared = [pick(300), pick(120), []].map((words) => ({ words, counts: counted(words) }));
    const texts: TextTerms[][][] = [];
    const terms: string[][][] = [];
    for (let position = 0; position < 200; position++) {
      const title = pick(1 + Math.floor(next() * 8));
      // Some summaries empty, as a video's without one.
      const summary = next() < 0.1 ? [] : pick(Math.floor(next() * 30));
      const page = pick(Math.floor(next() * 200));
      const pdf = next() < 0.7 ? shared[Math.floor(next() * shared.length)] : undefined;
      texts.push([[counted(title)], [counted(summary)], pdf ? [counted(page), pdf.counts] : [counted(page)]]);
      terms.push([title, summary, pdf ? [...page, ...pdf.words] : page]);
    }
    const ours = serialisedIndex({ version: lunr.version, fields: FIELDS, documents: texts });
    expect(ours).toBe(lunrIndex(terms));
    // And lunr loads it and finds with it.
    const loaded = lunr.Index.load(JSON.parse(ours));
    expect(loaded.search('žmon').length).toBeGreaterThan(0);
  });

  it('writes numbers as JSON.stringify does', () => {
    const writer = new packIndex.Writer();
    const expected: string[] = [];
    for (let value = 0; value < 300_000; value += value < 20_000 ? 1 : 7) {
      writer.integer(value);
      writer.thousandths(value);
      expected.push(`${value}${value / 1000}`);
    }
    expect(writer.result().toString()).toBe(expected.join(''));
  });

  it('gives an empty catalogue and empty fields the index lunr gives them', () => {
    expect(serialisedIndex({ version: lunr.version, fields: FIELDS, documents: [] })).toBe(lunrIndex([]));
    const empty = counted([]);
    const documents = [
      [[empty], [empty], []],
      [[counted(['solo'])], [empty], [empty, counted(['solo', 'solo'])]],
    ];
    expect(serialisedIndex({ version: lunr.version, fields: FIELDS, documents })).toBe(
      lunrIndex([
        [[], [], []],
        [['solo'], [], ['solo', 'solo']],
      ]),
    );
  });
});
